"""Issue 10, defect 2: emision prints only a record that reaches what the request declares."""

from __future__ import annotations

from services.emision.service_layer.handlers import emitir
from shared.eventos import ESQUEMAS
from tests.unit.emision.test_handlers_emision import (  # noqa: F401 (fixtures)
    _con_registro,
    _orden,
    dep,
    uow,
)


def _orden_declarando(ultimo_grado: str, ultimo_anio: int, ruta: str = "IE") -> dict:
    datos = {**_orden(12), "ultimo_grado": ultimo_grado, "ultimo_anio": ultimo_anio, "ruta": ruta}
    assert ESQUEMAS[("EmisionSolicitada", 2)]().validate(datos) == {}
    return datos


def test_una_orden_por_quinto_con_notas_hasta_segundo_no_se_imprime(uow, dep):  # noqa: F811
    _con_registro(uow)  # PRIMERO 2017, SEGUNDO 2018, complete in itself
    emitir(_orden_declarando("QUINTO", 2021), uow, dep)
    assert uow.emision.certificados == []
    assert dep.renderizador.documentos == []
    [evento] = uow.eventos
    assert evento.type == "EmisionFallida"
    assert evento.payload["motivo_falla"] == (
        "El registro de notas no alcanza lo que declara la solicitud: "
        "Faltan las notas de TERCERO, CUARTO y QUINTO. "
        "El último año registrado es 2018; la solicitud declara 2021."
    )


def test_una_orden_que_el_registro_alcanza_se_imprime(uow, dep):  # noqa: F811
    _con_registro(uow)
    emitir(_orden_declarando("SEGUNDO", 2018), uow, dep)
    [certificado] = uow.emision.certificados
    assert certificado.numero_solicitud == 12
    assert [e.type for e in uow.eventos] == ["CertificadoEmitido"]


def test_la_consolidada_sin_la_parte_oaciged_no_se_imprime(uow, dep):  # noqa: F811
    _con_registro(uow)
    emitir(_orden_declarando("SEGUNDO", 2018, ruta="CONSOLIDADA"), uow, dep)
    [evento] = uow.eventos
    assert evento.type == "EmisionFallida"
    falta = "Faltan las notas de los años hasta 1985 (parte de la OACIGED)."
    assert falta in evento.payload["motivo_falla"]
