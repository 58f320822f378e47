"""Event contracts: a consumer accepts what a producer sends and refuses what is malformed."""

from __future__ import annotations

import copy
import hashlib
import uuid
from datetime import UTC, datetime

import pytest
from marshmallow import ValidationError

from shared.eventos import (
    ESQUEMAS,
    SUSCRIPCIONES,
    VERSIONES,
    Evento,
    suscriptores,
    validar_sobre,
)

SHA = hashlib.sha256(b"%PDF-1.7 certificado").hexdigest()

# One realistic payload per event type, as its producer writes it (current version).
PAYLOADS: dict[str, dict] = {
    "InstitucionRegistrada": {
        "codigo_modular": "0584714",
        "anexo": "0",
        "nombre": "I.E. JOSÉ CARLOS MARIÁTEGUI",
        "estado": "ACTIVA",
        "codigo_ugel": "150103",
        "nombre_ugel": "UGEL 03 BREÑA",
        "modalidad": "EBR",
        "niveles": ["PRIMARIA", "SECUNDARIA"],
    },
    "RegistroNotasActualizado": {
        "estudiante": {
            "tipo_documento": "DNI",
            "numero_documento": "71234567",
            "nombres": "JOSÉ MARÍA",
            "primer_apellido": "ÑAHUI",
            "segundo_apellido": "QUISPE",
        },
        "nivel": "SECUNDARIA",
        "modalidad": "EBR",
        "version_registro": 3,
        "completitud": "INFORMACIÓN COMPLETA",
        "registro": {
            "nivel": "SECUNDARIA",
            "modalidad": "EBR",
            "version_registro": 3,
            "grados": [],
        },
        "pendientes": [],
    },
    "SolicitudRegistrada": {
        "numero_solicitud": 12,
        "codigo_seguimiento": "8MHXGZ6K9TWJDHNG",
        "tipo_documento": "CE",
        "numero_documento": "001112311",
        "nombres": "ARTURO JOHEL",
        "apellidos": "RAMIREZ",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nombre_institucion": "AUGUSTO B. LEGUIA",
        "nivel": "SECUNDARIA",
        "correo": "ana.quispe@gmail.com",
        "ruta": "IE",
    },
    "SolicitudRechazada": {
        "numero_solicitud": 13,
        "codigo_seguimiento": "8MHXGZ6K9TWJDHNG",
        "tipo_documento": "DNI",
        "numero_documento": "71234567",
        "nombres": "JOSÉ MARÍA",
        "apellidos": "ÑAHUI QUISPE",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nombre_institucion": "AUGUSTO B. LEGUIA",
        "correo": "ana.quispe@gmail.com",
        "motivo_rechazo": "El estudiante no figura en las actas de la institución.",
        "rechazado_por": "director-0584714",
    },
    "EmisionSolicitada": {
        "numero_solicitud": 12,
        "tipo_documento": "DNI",
        "numero_documento": "71234567",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nivel": "SECUNDARIA",
        "nombre_institucion": "I.E. JOSÉ CARLOS MARIÁTEGUI",
        "correo": "ana.quispe@gmail.com",
        "version_registro": None,
        "solicitado_por": "director-0584714",
        "codigo_virtual_anterior": "7K3M9QXD2HVBN4TA",
        "ultimo_grado": "QUINTO",
        "ultimo_anio": 2020,
        "ruta": "IE",
        "codigo_ugel": None,  # a v1 in flight does not carry it (the v1 tests read it as v2)
    },
    "CertificadoEmitido": {
        "codigo_virtual": "7K3M9QXD2HVBN4TA",
        "numero_solicitud": 12,
        "tipo_documento": "DNI",
        "numero_documento": "71234567",
        "nombres": "JOSÉ MARÍA",
        "apellidos": "ÑAHUI QUISPE",
        "codigo_modular": "0584714",
        "anexo": "0",
        "nombre_institucion": "I.E. JOSÉ CARLOS MARIÁTEGUI",
        "modalidad": "EBR",
        "nivel": "SECUNDARIA",
        "grados": ["PRIMERO", "SEGUNDO"],
        "emitido_en": "2024-03-05T15:30:00+00:00",
        "sha256": SHA,
        "url_verificacion": "https://micertificado.example.pe/v/7K3M-9QXD-2HVB-N4TA",
        "correo": "ana.quispe@gmail.com",
        "huella": hashlib.sha256(b"contenido impreso").hexdigest(),
        "lista_estado": 1,
        "indice_estado": 94567,
    },
    "EmisionFallida": {
        "numero_solicitud": 12,
        "motivo_falla": "El registro de notas está en estado INFORMACIÓN INCOMPLETA.",
    },
    "CertificadoSustituido": {
        "codigo_virtual": "7K3M9QXD2HVBN4TA",
        "sustituido_por": "8MHXGZ6K9TWJDHNG",
        "sha256": hashlib.sha256(b"con marca de agua").hexdigest(),
        "sustituido_en": "2024-03-06T10:00:00+00:00",
        "numero_solicitud": 12,
    },
    "CertificadoAnulado": {
        "codigo_virtual": "7K3M9QXD2HVBN4TA",
        "motivo_anulacion": "Emitido con el grado equivocado; se emitirá uno nuevo.",
        "anulado_por": "director-0584714",
        "anulado_en": "2024-03-06T10:00:00+00:00",
        "numero_solicitud": 12,
    },
    "CorreoEnviado": {"correo_id": 5, "plantilla": "certificado_emitido", "referencia": "12"},
    "CorreoFallido": {
        "correo_id": 5,
        "plantilla": "certificado_emitido",
        "referencia": "12",
        "motivo_falla": "550 buzón inexistente",
    },
    "EnlaceDeClaveEmitido": {
        "usuario": "41234567",
        "nombre": "PALACIOS PONCE, LOURDES HAYDEE",
        "correo": "lourdes.palacios@example.pe",
        "rol": "Director Secundaria",
        "proposito": "PRIMERA_CLAVE",
        "url": "http://127.0.0.1:8000/panel/clave/abc",
        "expira_en": "2024-03-06T10:00:00+00:00",
    },
    "ClaveDeSelloRotada": {"kid": "20240306-a1b2c3", "valido_desde": "2024-03-06T10:00:00+00:00"},
}


def sobre(tipo: str, **cambios) -> dict:
    base = {
        "id": str(uuid.uuid4()),
        "type": tipo,
        "version": VERSIONES[tipo],
        "occurred_at": "2024-03-05T15:30:00+00:00",
        "correlation_id": "abc",
        "source": "pruebas",
        "payload": copy.deepcopy(PAYLOADS[tipo]),
    }
    base.update(cambios)
    return base


def test_hay_un_ejemplo_por_cada_tipo_de_evento():
    assert set(PAYLOADS) == {tipo for tipo, _ in ESQUEMAS}


@pytest.mark.parametrize("tipo", sorted(PAYLOADS))
def test_un_sobre_bien_formado_se_acepta(tipo):
    original = sobre(tipo)
    mensaje = validar_sobre(original)
    assert mensaje["id"] == original["id"]
    assert mensaje["type"] == tipo
    assert mensaje["version"] == VERSIONES[tipo]
    assert mensaje["source"] == "pruebas"
    assert set(mensaje["payload"]) == set(PAYLOADS[tipo])


def test_campos_nuevos_de_un_productor_no_rompen_al_consumidor():
    original = sobre("EmisionFallida")
    original["payload"]["campo_futuro"] = "x"
    original["campo_de_sobre_futuro"] = 1
    mensaje = validar_sobre(original)
    assert "campo_futuro" not in mensaje["payload"]
    assert mensaje["payload"]["numero_solicitud"] == 12


def test_una_orden_de_emision_sin_certificado_anterior_se_acepta():
    # Producers from before the field existed, and requests not generated from a certificate.
    original = sobre("EmisionSolicitada")
    del original["payload"]["codigo_virtual_anterior"]
    assert validar_sobre(original)["payload"]["codigo_virtual_anterior"] is None


@pytest.mark.parametrize("mensaje", [None, "texto", b"{}", ["id"], 42])
def test_lo_que_no_es_un_objeto_se_rechaza(mensaje):
    with pytest.raises(ValidationError, match="no es un objeto JSON"):
        validar_sobre(mensaje)


@pytest.mark.parametrize(
    "campo", ["id", "type", "version", "occurred_at", "correlation_id", "source", "payload"]
)
def test_sobre_sin_campo_obligatorio_se_rechaza(campo):
    malo = sobre("EmisionFallida")
    del malo[campo]
    with pytest.raises(ValidationError) as exc:
        validar_sobre(malo)
    assert campo in exc.value.messages


@pytest.mark.parametrize(
    "cambios",
    [
        {"id": "no-es-uuid"},
        {"occurred_at": "2024-03-05T15:30:00"},  # no timezone
        {"occurred_at": "ayer"},
        {"version": "1"},  # a string is not a version
        {"version": 0},
        {"payload": "texto"},
        {"type": ""},
    ],
)
def test_sobre_con_campo_mal_formado_se_rechaza(cambios):
    with pytest.raises(ValidationError):
        validar_sobre(sobre("EmisionFallida", **cambios))


def test_tipo_desconocido_se_rechaza():
    with pytest.raises(ValidationError, match="Evento desconocido: CertificadoExtraviado v3"):
        validar_sobre(sobre("EmisionFallida", type="CertificadoExtraviado"))


def test_version_desconocida_se_rechaza():
    with pytest.raises(ValidationError, match="Evento desconocido: CertificadoEmitido v3"):
        validar_sobre(sobre("CertificadoEmitido", version=3))


def _obligatorios(tipo: str) -> list[str]:
    return [n for n, f in ESQUEMAS[(tipo, VERSIONES[tipo])]().fields.items() if f.required]


@pytest.mark.parametrize(
    ("tipo", "campo"), [(t, c) for t in sorted(PAYLOADS) for c in _obligatorios(t)]
)
def test_payload_sin_campo_obligatorio_se_rechaza(tipo, campo):
    malo = sobre(tipo)
    del malo["payload"][campo]
    with pytest.raises(ValidationError) as exc:
        validar_sobre(malo)
    assert campo in exc.value.messages


@pytest.mark.parametrize(
    "sha",
    [SHA.upper(), SHA[:-1], SHA + "0", "z" * 64, hashlib.md5(b"x").hexdigest(), ""],
)
def test_sha256_mal_formado_se_rechaza(sha):
    malo = sobre("CertificadoEmitido")
    malo["payload"]["sha256"] = sha
    with pytest.raises(ValidationError) as exc:
        validar_sobre(malo)
    assert "sha256" in exc.value.messages


@pytest.mark.parametrize(
    ("tipo", "campo", "valor"),
    [
        ("CertificadoEmitido", "correo", "no-es-correo"),
        ("CertificadoEmitido", "url_verificacion", "no es url"),
        ("CertificadoEmitido", "emitido_en", "2024-03-05T15:30:00"),
        ("CertificadoEmitido", "numero_solicitud", "12"),
        ("InstitucionRegistrada", "codigo_modular", "584714"),
        ("InstitucionRegistrada", "anexo", "10"),
        ("InstitucionRegistrada", "estado", "CLAUSURADA"),
        ("RegistroNotasActualizado", "completitud", "COMPLETA"),
        ("EmisionSolicitada", "numero_solicitud", 12.5),
    ],
)
def test_payload_con_valor_mal_formado_se_rechaza(tipo, campo, valor):
    malo = sobre(tipo)
    malo["payload"][campo] = valor
    with pytest.raises(ValidationError) as exc:
        validar_sobre(malo)
    assert campo in exc.value.messages


def test_cada_evento_tiene_suscripciones_y_viceversa():
    tipos = {tipo for tipo, _ in ESQUEMAS}
    assert tipos == set(SUSCRIPCIONES)


def test_quien_recibe_que():
    assert suscriptores("CertificadoEmitido") == ("notificaciones", "verificacion", "solicitudes")
    assert "emision" in suscriptores("EmisionSolicitada")
    assert "emision" in suscriptores("RegistroNotasActualizado")
    assert "solicitudes" in suscriptores("EmisionFallida")
    assert suscriptores("EventoQueNoExiste") == ()


@pytest.mark.parametrize("tipo", sorted(PAYLOADS))
def test_el_sobre_de_un_evento_se_valida(tipo):
    evento = Evento(tipo, copy.deepcopy(PAYLOADS[tipo]))
    mensaje = validar_sobre(evento.sobre("emision"))
    assert mensaje["id"] == evento.id
    assert mensaje["source"] == "emision"
    assert mensaje["correlation_id"] == evento.id  # a first event starts its own chain


def test_el_sobre_conserva_la_correlacion_y_la_hora():
    hora = datetime(2024, 3, 5, 15, 30, tzinfo=UTC)
    evento = Evento(
        "EmisionFallida", PAYLOADS["EmisionFallida"], correlation_id="orden-1", occurred_at=hora
    )
    enviado = evento.sobre("emision")
    assert enviado["correlation_id"] == "orden-1"
    assert enviado["occurred_at"] == "2024-03-05T15:30:00+00:00"
    assert validar_sobre(enviado)["occurred_at"] == hora


def test_cada_evento_tiene_su_propio_id():
    a = Evento("EmisionFallida", PAYLOADS["EmisionFallida"])
    b = Evento("EmisionFallida", PAYLOADS["EmisionFallida"])
    assert a.id != b.id
