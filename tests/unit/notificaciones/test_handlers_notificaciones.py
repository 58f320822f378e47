"""Handlers over an in-memory unit of work and a fake SMTP: who gets what, and when it stops."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from services.notificaciones.adapters.correo import RechazoPermanente
from services.notificaciones.adapters.plantillas import Redactor
from services.notificaciones.adapters.repositorio import FiltroFallidos
from services.notificaciones.domain.modelo import (
    ENVIADO,
    FALLIDO,
    REENVIANDO,
    RETRASADO,
    PoliticaReintentos,
)
from services.notificaciones.service_layer import comandos, handlers
from services.notificaciones.service_layer.dependencias import Dependencias
from shared.auth import Usuario
from shared.consumidor import EventoRecibido
from shared.errores import Conflicto, ErrorTransitorio, SinPermiso
from shared.mensajes import Mensaje
from shared.unit_of_work import a_evento

DIRECTOR = Usuario("dir-1", "DIRECTOR_IE", codigo_modular="0584714", anexo="0")
OTRO_DIRECTOR = Usuario("dir-2", "DIRECTOR_IE", codigo_modular="1234567", anexo="0")
OPERACIONES = Usuario("ops-1", "OPERACIONES")


class SesionFalsa:
    def __init__(self, uow):
        self.uow = uow

    def delete(self, correo):
        self.uow.correos.filas.pop(correo.id)


class RepoCorreos:
    def __init__(self):
        self.filas: dict[int, object] = {}
        self._ids = itertools.count(1)

    def agregar(self, correo):
        correo.id = next(self._ids)
        self.filas[correo.id] = correo

    def de_evento(self, evento_id, plantilla, tipo):
        for c in self.filas.values():
            if (c.evento_id, c.plantilla, c.tipo_destinatario) == (evento_id, plantilla, tipo):
                return c
        return None

    def obtener(self, correo_id):
        return self.filas.get(correo_id)

    bloquear = obtener

    def para_reenviar(self, _filtro, limite):
        return [c for c in self.filas.values() if c.estado == FALLIDO][:limite]

    def de_solicitud(self, numero_solicitud):
        return [c for c in self.filas.values() if c.numero_solicitud == numero_solicitud]


class RepoSolicitudes:
    def __init__(self):
        self.filas: dict[int, object] = {}

    def obtener(self, numero_solicitud, bloquear=False):
        return self.filas.get(numero_solicitud)

    def agregar(self, copia):
        self.filas[copia.numero_solicitud] = copia


class RepoInstituciones:
    def __init__(self):
        self.filas: dict[tuple[str, str], object] = {}

    def obtener(self, codigo_modular, anexo, bloquear=False):
        return self.filas.get((codigo_modular, anexo))

    def agregar(self, ie):
        self.filas[(ie.codigo_modular, ie.anexo)] = ie


class UowFalsa:
    """Commits are immediate here: what the handlers leave is what a database would hold."""

    def __init__(self):
        self.correos, self.solicitudes = RepoCorreos(), RepoSolicitudes()
        self.instituciones = RepoInstituciones()
        self.session = SesionFalsa(self)
        self.eventos: list = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def publicar(self, evento, id=None):
        # As the real unit of work: a typed event becomes its outbox entry.
        self.eventos.append(a_evento(evento, id) if isinstance(evento, Mensaje) else evento)

    def commit(self):
        pass


class SmtpFalso:
    """Accepts everything except the addresses told to fail; counts connections."""

    def __init__(self):
        self.enviados: list = []
        self.transitorios: set[str] = set()
        self.permanentes: set[str] = set()
        self.sesiones = 0

    @contextlib.contextmanager
    def sesion(self):
        self.sesiones += 1
        yield self

    def enviar(self, mensaje):
        [para] = mensaje.destinatarios
        if para in self.transitorios:
            raise ErrorTransitorio("SMTP no disponible: ConnectionRefusedError")
        if para in self.permanentes:
            raise RechazoPermanente("destinatario rechazado: 550")
        self.enviados.append(mensaje)


@pytest.fixture
def uow():
    return UowFalsa()


@pytest.fixture
def smtp():
    return SmtpFalso()


@pytest.fixture
def cola():
    return []


@pytest.fixture
def dep(smtp, cola):
    return Dependencias(
        enviador=smtp,
        redactor=Redactor("https://mc.example.pe"),
        descargar_pdf=lambda codigo: b"%PDF-1.7 " + codigo.encode(),
        adjuntar_pdf=True,
        politica=PoliticaReintentos(plazo=3600),
        encolar=cola.append,
    )


def certificado(**cambios) -> dict:
    datos = {
        "codigo_virtual": "7K3M9QXD2HVBN4TA",
        "numero_solicitud": 12,
        "tipo_documento": "DNI",
        "numero_documento": "71234567",
        "nombres": "JOSÉ MARÍA",
        "apellidos": "ÑAHUI QUISPE",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nombre_institucion": "I.E. JOSÉ CARLOS MARIÁTEGUI",
        "nivel": "SECUNDARIA",
        "url_verificacion": "https://mc.example.pe/v/7K3M-9QXD-2HVB-N4TA",
        "correo": "jose@example.pe",
        "correo_apoderado": "madre@example.pe",
    }
    datos.update(cambios)
    return datos


def _sobre():
    return {"id": str(uuid.uuid4())}


def _evento(payload: dict, sobre: dict) -> EventoRecibido:
    """The event as the consumer hands it to a handler (only its id matters here)."""
    return EventoRecibido(sobre["id"], "X", 1, datetime.now(UTC), sobre["id"], "pruebas", payload)


def test_el_certificado_va_al_estudiante_y_al_apoderado_en_una_conexion(uow, smtp, dep):
    handlers.al_emitir_certificado(_evento(certificado(), _sobre()), uow, dep)
    assert [m.destinatarios for m in smtp.enviados] == [("jose@example.pe",), ("madre@example.pe",)]
    assert smtp.sesiones == 1
    assert all(m.adjuntos[0].contenido == b"%PDF-1.7 7K3M9QXD2HVBN4TA" for m in smtp.enviados)
    assert [e.type for e in uow.eventos] == ["CorreoEnviado", "CorreoEnviado"]


def test_si_solo_falla_el_apoderado_la_reentrega_no_repite_al_estudiante(uow, smtp, dep):
    sobre = _sobre()
    smtp.transitorios.add("madre@example.pe")
    handlers.al_emitir_certificado(_evento(certificado(), sobre), uow, dep)  # the event is done
    estudiante, apoderado = uow.correos.filas.values()
    assert (estudiante.estado, apoderado.estado) == (ENVIADO, RETRASADO)
    assert apoderado.proximo_intento_en is not None  # the sweeper queues it when due

    smtp.transitorios.clear()
    handlers.al_emitir_certificado(_evento(certificado(), sobre), uow, dep)
    assert [m.destinatarios[0] for m in smtp.enviados] == ["jose@example.pe", "madre@example.pe"]
    assert apoderado.estado == ENVIADO and apoderado.intentos == 2


def test_sin_pdf_adjunto_si_asi_se_configura(uow, smtp, dep):
    handlers.al_emitir_certificado(
        _evento(certificado(correo_apoderado=None), _sobre()), uow, replace(dep, adjuntar_pdf=False)
    )
    [mensaje] = smtp.enviados
    assert mensaje.adjuntos == ()


def _fallido(uow, smtp, dep):
    smtp.permanentes.add("jose@example.pe")
    handlers.al_emitir_certificado(_evento(certificado(correo_apoderado=None), _sobre()), uow, dep)
    smtp.permanentes.clear()
    [correo] = uow.correos.filas.values()
    assert correo.estado == FALLIDO
    assert uow.eventos[-1].type == "CorreoFallido"
    return correo


def test_un_reenvio_de_operaciones_se_encola_una_sola_vez(uow, smtp, dep, cola):
    correo = _fallido(uow, smtp, dep)
    cmd = comandos.ReenviarFallido(correo.id, "otro@example.pe")
    respuesta = handlers.reenviar_fallido(cmd, uow, OPERACIONES, dep)
    assert respuesta["estado"] == REENVIANDO and cola == [[correo.id]]
    with pytest.raises(Conflicto):
        handlers.reenviar_fallido(cmd, uow, OPERACIONES, dep)
    assert cola == [[correo.id]]


def test_un_director_solo_reenvia_correos_de_su_ie(uow, smtp, dep, cola):
    handlers.al_emitir_certificado(_evento(certificado(correo_apoderado=None), _sobre()), uow, dep)
    with pytest.raises(SinPermiso):
        handlers.reenviar_correo(comandos.ReenviarCorreo(12), uow, OTRO_DIRECTOR, dep)
    r = handlers.reenviar_correo(comandos.ReenviarCorreo(12, "alt@example.pe"), uow, DIRECTOR, dep)
    assert r["plantilla"] == "certificado_emitido" and r["destinatario"] == "a***@example.pe"
    with pytest.raises(Conflicto):  # the same resend is still queued
        handlers.reenviar_correo(comandos.ReenviarCorreo(12, "alt@example.pe"), uow, DIRECTOR, dep)
    assert cola == [[r["correo_id"]]]


def test_si_el_broker_no_recibe_la_tarea_nada_queda_encolado(uow, smtp, dep):
    def caido(_ids):
        raise ConnectionRefusedError("broker caído")

    sin_broker = replace(dep, encolar=caido)
    correo = _fallido(uow, smtp, dep)
    with pytest.raises(handlers.ServicioNoDisponible):
        handlers.reenviar_fallido(
            comandos.ReenviarFallido(correo.id, "otro@example.pe"), uow, OPERACIONES, sin_broker
        )
    assert (correo.estado, correo.destinatario) == (FALLIDO, "jose@example.pe")
    with pytest.raises(handlers.ServicioNoDisponible):
        handlers.reenviar_correo(comandos.ReenviarCorreo(12), uow, DIRECTOR, sin_broker)
    assert list(uow.correos.filas) == [correo.id]  # the resend row was undone


def test_si_el_broker_cae_a_mitad_de_un_reenvio_masivo_lo_no_encolado_sigue_fallido(
    uow, smtp, dep, monkeypatch
):
    monkeypatch.setattr(handlers, "TAMANO_LOTE", 2)
    smtp.permanentes.add("jose@example.pe")
    for _ in range(5):
        handlers.al_emitir_certificado(
            _evento(certificado(correo_apoderado=None), _sobre()), uow, dep
        )
    encolados = []

    def encolar(ids):
        if encolados:
            raise ConnectionRefusedError("broker caído")
        encolados.append(ids)

    with pytest.raises(handlers.ServicioNoDisponible) as error:
        handlers.reenviar_fallidos(
            comandos.ReenviarFallidos(FiltroFallidos()),
            uow,
            OPERACIONES,
            replace(dep, encolar=encolar),
        )
    assert "Se encolaron 2; el resto sigue fallido." in error.value.mensaje
    estados = {c.id: c.estado for c in uow.correos.filas.values()}
    assert [estados[i] for i in encolados[0]] == [REENVIANDO, REENVIANDO]
    assert sorted(e for i, e in estados.items() if i not in encolados[0]) == [FALLIDO] * 3
