"""Issuing a certificate: one CE per request, its PDF kept, the right event published."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.emision.domain.documento import documento_a_dict
from services.emision.domain.modelo import Certificado, RegistroLocal
from services.emision.service_layer.dependencias import Dependencias
from services.emision.service_layer.handlers import MANEJADORES, al_actualizar_registro, emitir
from services.notas.domain.modelo import Calificacion, Estudiante, GradoCursado
from shared.consumidor import EventoRecibido, atar
from shared.errores import ErrorTransitorio
from shared.eventos import ESQUEMAS, SUSCRIPCIONES, Evento, validar_sobre
from shared.identificadores import LONGITUD_CODIGO_VIRTUAL, agrupar, normalizar
from shared.mensajes import Mensaje
from shared.sello import Sello, huella_contenido
from shared.unit_of_work import a_evento

PDF = b"%PDF-1.7\n% certificado de prueba\n%%EOF\n"
URL_BASE = "https://micertificado.example.pe"


class RepositorioFalso:
    def __init__(self):
        self.registros: dict[tuple[str, str, str], RegistroLocal] = {}
        self.certificados: list[Certificado] = []

    def registro(self, tipo: str, numero: str, nivel: str, bloquear=False) -> RegistroLocal | None:
        return self.registros.get((tipo, numero, nivel))

    def vigentes_de(self, tipo: str, numero: str, nivel: str) -> list[Certificado]:
        return [
            c
            for c in self.certificados
            if c.estado == "VIGENTE"
            and (c.tipo_documento, c.numero_documento, c.nivel) == (tipo, numero, nivel)
        ]

    def certificado_de_solicitud(self, numero_solicitud: int) -> Certificado | None:
        return next((c for c in self.certificados if c.numero_solicitud == numero_solicitud), None)

    def lista_en_uso(self) -> tuple[int, int]:
        return 1, sum(c.lista_estado == 1 for c in self.certificados)

    def posicion_precargada(self, lista: int) -> int | None:
        return None  # no batch preload here: each position is drawn and checked alone

    def posicion_ocupada(self, lista: int, indice: int) -> bool:
        return any((c.lista_estado, c.indice_estado) == (lista, indice) for c in self.certificados)

    def agregar(self, objeto) -> None:
        if isinstance(objeto, RegistroLocal):
            clave = (objeto.tipo_documento, objeto.numero_documento, objeto.nivel)
            self.registros[clave] = objeto
        else:
            self.certificados.append(objeto)


class UowFalsa:
    def __init__(self):
        self.emision = RepositorioFalso()
        self.eventos: list[Evento] = []
        self.republicados: list[str] = []

    def publicar(self, evento: Evento | Mensaje, id: str | None = None) -> None:
        self.eventos.append(a_evento(evento, id) if isinstance(evento, Mensaje) else evento)

    def republicar(self, evento_id: str) -> bool:
        self.republicados.append(evento_id)
        return any(e.id == evento_id for e in self.eventos)


class RenderizadorFalso:
    def __init__(self):
        self.documentos = []

    def renderizar(self, doc) -> bytes:
        self.documentos.append(doc)
        return PDF


class AlmacenEnMemoria:
    def __init__(self):
        self.pdfs: dict[str, bytes] = {}

    def guardar(self, codigo_virtual: str, contenido: bytes) -> None:
        self.pdfs[codigo_virtual] = contenido

    def leer(self, codigo_virtual: str) -> bytes | None:
        return self.pdfs.get(codigo_virtual)


class FirmanteFalso:
    """Signs with a fixed kid and a recognisable signature (crypto is tested in test_firma)."""

    def firmar(self, sello):
        return replace(sello, kid="k-prueba").firmado(b"\x01" * 64)


@pytest.fixture
def uow() -> UowFalsa:
    return UowFalsa()


@pytest.fixture
def dep() -> Dependencias:
    return Dependencias(RenderizadorFalso(), AlmacenEnMemoria(), URL_BASE, FirmanteFalso())


def _registro_notas(completo: bool = True) -> dict:
    """The RegistroNotasActualizado payload notas publishes, built with notas' own model."""
    est = Estudiante("DNI", "71234567", "JOSÉ MARÍA", "ÑAHUI", "QUISPE", date(2005, 4, 1))
    for grado, anio in [("PRIMERO", 2017), ("SEGUNDO", 2018)]:
        notas = [
            Calificacion("MATEMÁTICA", "AREA", "14", 1),
            Calificacion("EDUCACIÓN RELIGIOSA", "AREA", "EXO", 2),
        ]
        situacion = "APROBADO" if completo or grado == "PRIMERO" else None
        est.registrar_grado(
            GradoCursado("SECUNDARIA", "EBR", grado, anio, "0584714", "0", situacion, notas)
        )
    return {
        "estudiante": est.datos_personales(),
        "nivel": "SECUNDARIA",
        "modalidad": "EBR",
        "version_registro": est.version,
        "completitud": est.completitud("SECUNDARIA"),
        "registro": est.registro("SECUNDARIA"),
    }


def _orden(numero_solicitud: int = 12, version_registro: int | None = 2) -> dict:
    """The EmisionSolicitada payload solicitudes publishes."""
    datos = {
        "numero_solicitud": numero_solicitud,
        "tipo_documento": "DNI",
        "numero_documento": "71234567",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nivel": "SECUNDARIA",
        "nombre_institucion": "I.E. JOSÉ CARLOS MARIÁTEGUI",
        "correo": "ana.quispe@gmail.com",
        "version_registro": version_registro,
        "solicitado_por": "director-0584714",
    }
    assert ESQUEMAS[("EmisionSolicitada", 2)]().validate(datos) == {}
    return datos


def _evento(payload: dict, tipo: str = "EmisionSolicitada") -> EventoRecibido:
    """The event as the consumer hands it to a handler (validated, with its typed event)."""
    return EventoRecibido.de_sobre(validar_sobre(Evento(tipo, payload).sobre("pruebas")))


def _con_registro(uow: UowFalsa, completo: bool = True) -> dict:
    datos = _registro_notas(completo)
    assert ESQUEMAS[("RegistroNotasActualizado", 2)]().validate(datos) == {}
    al_actualizar_registro(_evento(datos, "RegistroNotasActualizado"), uow, None)
    return datos


def test_registro_completo_emite_un_certificado(uow, dep):
    _con_registro(uow)
    antes = datetime.now(UTC).replace(microsecond=0)  # the seal keeps whole seconds
    emitir(_orden(12), uow, dep)

    [certificado] = uow.emision.certificados
    assert certificado.numero_solicitud == 12
    assert certificado.version_registro == 2
    assert certificado.estado == "VIGENTE"
    assert certificado.sha256 == hashlib.sha256(PDF).hexdigest()
    assert normalizar(certificado.codigo_virtual, LONGITUD_CODIGO_VIRTUAL) == (
        certificado.codigo_virtual
    )
    assert dep.almacen.leer(certificado.codigo_virtual) == PDF

    [evento] = uow.eventos
    assert evento.type == "CertificadoEmitido"
    payload = evento.payload
    assert ESQUEMAS[("CertificadoEmitido", 2)]().validate(payload) == {}
    assert validar_sobre(evento.sobre("emision"))["payload"]["numero_solicitud"] == 12
    assert payload["codigo_virtual"] == certificado.codigo_virtual
    assert payload["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert payload["url_verificacion"] == f"{URL_BASE}/v/{agrupar(certificado.codigo_virtual)}"
    assert payload["url_verificacion"].endswith(agrupar(certificado.codigo_virtual))
    assert payload["nombres"] == "JOSÉ MARÍA"
    assert payload["apellidos"] == "ÑAHUI QUISPE"
    assert payload["grados"] == ["PRIMERO", "SEGUNDO"]
    assert payload["correo"] == "ana.quispe@gmail.com"
    assert antes <= datetime.fromisoformat(payload["emitido_en"]) <= datetime.now(UTC)


def test_el_pdf_se_dibuja_con_lo_que_dice_el_registro(uow, dep):
    _con_registro(uow)
    emitir(_orden(12), uow, dep)
    [doc] = dep.renderizador.documentos
    [certificado] = uow.emision.certificados
    assert doc.codigo_virtual == agrupar(certificado.codigo_virtual)  # printed in groups
    assert doc.numero_solicitud == 12
    assert doc.nivel == "SECUNDARIA" and doc.modalidad == "EBR"
    assert doc.estudiante.numero_documento == "71234567"
    assert doc.nombre_institucion == "I.E. JOSÉ CARLOS MARIÁTEGUI"
    assert [(g.grado, g.anio_lectivo) for g in doc.grados] == [("PRIMERO", 2017), ("SEGUNDO", 2018)]
    assert [c.calificacion for c in doc.grados[0].calificaciones] == ["14", "EXO"]
    assert doc.emitido_en.tzinfo is not None


def test_segunda_orden_para_la_misma_solicitud_no_emite_nada(uow, dep):
    _con_registro(uow)
    emitir(_orden(12), uow, dep)
    emitir(_orden(12), uow, dep)
    assert len(uow.emision.certificados) == 1
    assert len(uow.eventos) == 1
    assert len(dep.renderizador.documentos) == 1
    assert len(dep.almacen.pdfs) == 1


def test_una_orden_repetida_vuelve_a_publicar_el_mismo_certificado_emitido(uow, dep):
    """Reconciliation: the answer to an issued request's order goes out again, same id."""
    _con_registro(uow)
    emitir(_orden(12), uow, dep)
    emitir({**_orden(12), "solicitado_por": "reconciliacion"}, uow, dep)
    [emitido] = uow.eventos
    assert uow.republicados == [emitido.id]
    assert len(uow.emision.certificados) == 1


def test_dos_solicitudes_tienen_codigos_distintos(uow, dep):
    _con_registro(uow)
    emitir(_orden(12), uow, dep)
    emitir(_orden(13), uow, dep)
    primero, segundo = uow.emision.certificados
    assert primero.codigo_virtual != segundo.codigo_virtual
    emitidos = [e for e in uow.eventos if e.type == "CertificadoEmitido"]
    assert [e.payload["numero_solicitud"] for e in emitidos] == [12, 13]


def test_un_nuevo_certificado_sustituye_al_anterior_con_marca_de_agua(uow, dep):
    _con_registro(uow)
    emitir(_orden(12), uow, dep)
    emitir(_orden(13), uow, dep)
    primero, segundo = uow.emision.certificados
    assert (primero.estado, primero.sustituido_por) == ("SUSTITUIDO", segundo.codigo_virtual)
    assert segundo.estado == "VIGENTE"
    rerenderizado = dep.renderizador.documentos[-1]
    assert rerenderizado.sustituido and rerenderizado.codigo_virtual == agrupar(
        primero.codigo_virtual
    )
    [aviso] = [e for e in uow.eventos if e.type == "CertificadoSustituido"]
    assert aviso.payload["codigo_virtual"] == primero.codigo_virtual
    assert aviso.payload["sustituido_por"] == segundo.codigo_virtual
    validar_sobre(aviso.sobre("emision"))


def test_el_qr_lleva_el_sello_firmado(uow, dep):
    _con_registro(uow)
    emitir(_orden(12), uow, dep)
    [doc] = dep.renderizador.documentos
    url, _, sello = doc.contenido_qr.partition("?s=")
    assert url == doc.url_verificacion
    leido = Sello.desempaquetar(sello)
    cert = uow.emision.certificados[0]
    assert leido.codigo_virtual == cert.codigo_virtual and leido.kid == "k-prueba"
    assert leido.huella.hex() == cert.huella == huella_contenido(documento_a_dict(doc)).hex()


def test_fuera_de_parametros_no_se_emite(uow, dep):
    _con_registro(uow)
    registro = next(iter(uow.emision.registros.values()))
    registro.registro = {**registro.registro, "parametros": {"min_areas": 2, "max_areas": 10}}
    emitir(_orden(12), uow, dep)
    assert uow.emision.certificados == []
    [fallo] = uow.eventos
    assert fallo.type == "EmisionFallida"
    assert fallo.payload["motivo_falla"] == (
        "El grado PRIMERO (2017) tiene 1 área curricular; el mínimo de la institución es 2."
    )


def test_registro_incompleto_publica_emision_fallida_con_el_motivo(uow, dep):
    datos = _con_registro(uow, completo=False)
    assert datos["completitud"] == "INFORMACIÓN INCOMPLETA"
    emitir(_orden(12), uow, dep)
    [evento] = uow.eventos
    assert evento.type == "EmisionFallida"
    assert ESQUEMAS[("EmisionFallida", 3)]().validate(evento.payload) == {}
    assert evento.payload["numero_solicitud"] == 12
    assert "INFORMACIÓN INCOMPLETA" in evento.payload["motivo_falla"]
    assert uow.emision.certificados == []
    assert dep.almacen.pdfs == {}
    assert dep.renderizador.documentos == []


def test_sin_registro_se_reintenta_mas_tarde(uow, dep):
    with pytest.raises(ErrorTransitorio):
        emitir(_orden(12, version_registro=None), uow, dep)
    assert uow.eventos == [] and uow.emision.certificados == []


def test_registro_mas_antiguo_que_el_visto_por_solicitudes_se_reintenta(uow, dep):
    _con_registro(uow)  # version 2
    with pytest.raises(ErrorTransitorio):
        emitir(_orden(12, version_registro=3), uow, dep)
    assert uow.eventos == [] and uow.emision.certificados == [] and dep.almacen.pdfs == {}


def test_sin_version_esperada_emite_con_la_que_hay(uow, dep):
    _con_registro(uow)
    emitir(_orden(12, version_registro=None), uow, dep)
    [certificado] = uow.emision.certificados
    assert certificado.version_registro == 2


def test_el_registro_guarda_solo_versiones_mas_nuevas(uow):
    nuevo = _registro_notas(completo=True)  # version 2, complete
    viejo = {**_registro_notas(completo=False), "version_registro": 1}
    al_actualizar_registro(_evento(nuevo, "RegistroNotasActualizado"), uow, None)
    al_actualizar_registro(_evento(viejo, "RegistroNotasActualizado"), uow, None)  # arrives late
    registro = uow.emision.registro("DNI", "71234567", "SECUNDARIA")
    assert registro.version == 2
    assert registro.completitud == "INFORMACIÓN COMPLETA"

    mas_nuevo = {**_registro_notas(completo=False), "version_registro": 3}
    al_actualizar_registro(_evento(mas_nuevo, "RegistroNotasActualizado"), uow, None)
    registro = uow.emision.registro("DNI", "71234567", "SECUNDARIA")
    assert registro.version == 3
    assert registro.completitud == "INFORMACIÓN INCOMPLETA"
    assert len(uow.emision.registros) == 1


def test_emision_recibe_los_eventos_que_maneja():
    for tipo in MANEJADORES:
        assert "emision" in SUSCRIPCIONES[tipo.tipo], tipo


def test_el_manejador_de_ordenes_usa_las_dependencias(uow, dep):
    _con_registro(uow)
    atar(MANEJADORES, dep)["EmisionSolicitada"](_evento(_orden(12)), uow)
    assert [e.type for e in uow.eventos] == ["CertificadoEmitido"]
