"""Event consumption: each message applied once, bad ones dead-lettered, flaky ones retried."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData
from sqlalchemy.exc import IntegrityError

from shared.consumidor import Reintentar, espera_con_jitter, procesar_mensaje
from shared.db import tablas_infraestructura
from shared.errores import Conflicto, ErrorDeDominio, ErrorTransitorio
from shared.eventos import Evento

TABLAS = tablas_infraestructura(MetaData())


class Base:
    """What a service's database holds once transactions commit."""

    def __init__(self):
        self.procesados: dict[str, str] = {}
        self.efectos: list[dict] = []
        self.fallidos: list[dict] = []


class SesionFalsa:
    def __init__(self, base: Base):
        self.base = base
        self.pendientes: list[dict] = []

    def execute(self, sentencia, parametros):
        # The consumer only ever inserts dead letters through the session.
        assert sentencia.table is TABLAS["mensajes_fallidos"]
        self.pendientes.append(dict(parametros))

    def commit(self):
        self.base.fallidos.extend(self.pendientes)
        self.pendientes = []


class UowFalsa:
    """Same surface as shared.unit_of_work.UnidadDeTrabajo, over a Base; rollback on exit."""

    tablas = TABLAS

    def __init__(self, base: Base):
        self.base = base
        self.session = SesionFalsa(base)
        self._marcados: dict[str, str] = {}
        self.efectos: list[dict] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._marcados, self.efectos, self.session.pendientes = {}, [], []

    def ya_procesado(self, mensaje_id: str) -> bool:
        return mensaje_id in self.base.procesados

    def marcar_procesado(self, mensaje_id: str, tipo: str) -> None:
        self._marcados[mensaje_id] = tipo

    def commit(self) -> None:
        self.base.procesados.update(self._marcados)
        self.base.efectos.extend(self.efectos)
        self._marcados, self.efectos = {}, []
        self.session.commit()


@pytest.fixture
def base() -> Base:
    return Base()


@pytest.fixture
def fabrica(base):
    return lambda: UowFalsa(base)


def _sobre(**cambios) -> dict:
    payload = {"numero_solicitud": 12, "motivo_falla": "registro incompleto"}
    evento = Evento("EmisionFallida", payload)
    return {**evento.sobre("emision"), **cambios}


class Manejador:
    """Records each call; its effect lands in the unit of work, committed by the consumer."""

    def __init__(self, error: Exception | None = None):
        self.llamadas: list[dict] = []
        self.error = error

    def __call__(self, evento, uow):
        payload = evento.payload
        self.llamadas.append(payload)
        uow.efectos.append({"solicitud": payload["numero_solicitud"], "estado": "ERROR"})
        if self.error is not None:
            raise self.error


def test_un_mensaje_se_aplica_una_vez_y_la_reentrega_es_duplicado(base, fabrica):
    manejador = Manejador()
    sobre = _sobre()
    assert procesar_mensaje(sobre, {"EmisionFallida": manejador}, fabrica) == "procesado"
    assert procesar_mensaje(sobre, {"EmisionFallida": manejador}, fabrica) == "duplicado"
    assert len(manejador.llamadas) == 1
    assert manejador.llamadas[0] == {"numero_solicitud": 12, "motivo_falla": "registro incompleto"}
    assert base.efectos == [{"solicitud": 12, "estado": "ERROR"}]
    assert base.procesados == {sobre["id"]: "EmisionFallida"}
    assert base.fallidos == []


def test_dos_mensajes_distintos_se_aplican_ambos(base, fabrica):
    manejador = Manejador()
    for _ in range(2):
        assert procesar_mensaje(_sobre(), {"EmisionFallida": manejador}, fabrica) == "procesado"
    assert len(manejador.llamadas) == 2
    assert len(base.procesados) == 2


def test_sobre_invalido_va_a_fallidos_permanentes_sin_llamar_al_manejador(base, fabrica):
    manejador = Manejador()
    sobre = _sobre(payload={"numero_solicitud": "doce"})
    assert procesar_mensaje(sobre, {"EmisionFallida": manejador}, fabrica) == "descartado"
    assert manejador.llamadas == []
    assert base.procesados == {}
    [fallido] = base.fallidos
    assert fallido["permanente"] == 1
    assert fallido["mensaje_id"] == sobre["id"]
    assert fallido["type"] == "EmisionFallida"
    assert fallido["sobre"] == sobre  # kept whole, so operations can replay it
    assert fallido["error"].startswith("mensaje inválido")
    assert "motivo_falla" in fallido["error"]
    assert fallido["intentos"] == 1


def test_mensaje_que_no_es_json_objeto_se_guarda_crudo(base, fabrica):
    assert procesar_mensaje("basura", {}, fabrica) == "descartado"
    [fallido] = base.fallidos
    assert fallido["sobre"] == {"crudo": "'basura'"}
    assert fallido["mensaje_id"] is None and fallido["type"] is None
    assert fallido["permanente"] == 1


def test_sin_manejador_para_el_tipo_se_descarta(base, fabrica):
    otro = Manejador()
    assert procesar_mensaje(_sobre(), {"CertificadoEmitido": otro}, fabrica) == "descartado"
    assert otro.llamadas == []
    [fallido] = base.fallidos
    assert fallido["permanente"] == 1
    assert fallido["error"] == "sin manejador para EmisionFallida"


@pytest.mark.parametrize(
    "error", [ErrorDeDominio("La solicitud N.° 00000012 no existe."), Conflicto("ya emitida")]
)
def test_error_de_dominio_se_descarta_sin_reintentar(base, fabrica, error):
    manejador = Manejador(error)
    resultado = procesar_mensaje(_sobre(), {"EmisionFallida": manejador}, fabrica, intento=0)
    assert resultado == "descartado"
    assert len(manejador.llamadas) == 1
    assert base.efectos == []  # the failed handler's changes were rolled back
    assert base.procesados == {}
    [fallido] = base.fallidos
    assert fallido["permanente"] == 1
    assert fallido["error"] == error.mensaje


@pytest.mark.parametrize(
    "error", [ConnectionError("SMTP caído"), ErrorTransitorio("el registro aún no llega")]
)
def test_error_pasajero_se_reintenta_con_espera_acotada(base, fabrica, error):
    manejador = Manejador(error)
    for intento in range(8):
        resultado = procesar_mensaje(
            _sobre(), {"EmisionFallida": manejador}, fabrica, intento=intento, max_reintentos=8
        )
        assert isinstance(resultado, Reintentar)
        assert 0 <= resultado.espera <= 2**intento
        assert resultado.motivo == f"{type(error).__name__}: {error}"
    assert base.fallidos == [] and base.procesados == {} and base.efectos == []


def test_reintentos_agotados_van_a_fallidos_no_permanentes(base, fabrica):
    manejador = Manejador(ConnectionError("SMTP caído"))
    sobre = _sobre()
    resultado = procesar_mensaje(
        sobre, {"EmisionFallida": manejador}, fabrica, intento=8, max_reintentos=8
    )
    assert resultado == "descartado"
    [fallido] = base.fallidos
    assert fallido["permanente"] == 0  # may be replayed once the dependency is back
    assert fallido["error"] == "reintentos agotados: ConnectionError: SMTP caído"
    assert fallido["intentos"] == 9
    assert fallido["mensaje_id"] == sobre["id"]


def test_carrera_entre_dos_entregas_la_perdedora_es_duplicado(base, fabrica):
    sobre = _sobre()

    def gana_otra_entrega(_evento, uow):
        base.procesados[sobre["id"]] = "EmisionFallida"  # the other worker committed first
        raise IntegrityError("INSERT mensajes_procesados", {}, Exception("duplicate key"))

    assert procesar_mensaje(sobre, {"EmisionFallida": gana_otra_entrega}, fabrica) == "duplicado"
    assert base.fallidos == []


def test_error_de_integridad_sin_carrera_se_reintenta(base, fabrica):
    def viola_restriccion(_evento, uow):
        raise IntegrityError("INSERT certificados", {}, Exception("unique violation"))

    resultado = procesar_mensaje(_sobre(), {"EmisionFallida": viola_restriccion}, fabrica)
    assert isinstance(resultado, Reintentar)
    assert resultado.motivo.startswith("IntegrityError")


def test_espera_con_jitter_crece_y_respeta_el_tope():
    for intento in range(30):
        esperas = [espera_con_jitter(intento, base=1.0, tope=300.0) for _ in range(200)]
        assert all(0 <= e <= min(300.0, 2**intento) for e in esperas)
    altas = [espera_con_jitter(25, tope=10.0) for _ in range(500)]
    assert max(altas) <= 10.0
    assert max(altas) > 5.0  # capped at the top, not collapsed to zero
    assert max(espera_con_jitter(3, base=0.5) for _ in range(500)) <= 4.0


def test_reentrega_con_id_en_mayusculas_sigue_siendo_duplicado(base, fabrica):
    manejador = Manejador()
    sobre = _sobre()
    assert procesar_mensaje(sobre, {"EmisionFallida": manejador}, fabrica) == "procesado"
    reentrega = {**sobre, "id": sobre["id"].upper()}
    assert procesar_mensaje(reentrega, {"EmisionFallida": manejador}, fabrica) == "duplicado"
    assert len(manejador.llamadas) == 1


def test_el_motivo_de_un_reintento_no_copia_los_valores_de_la_fila(base, fabrica):
    class ErrorDelDriver(Exception):
        pass

    def viola_restriccion(_evento, uow):
        orig = ErrorDelDriver(
            'duplicate key value violates unique constraint "registros_pkey"\n'
            "DETAIL:  Key (tipo_documento, numero_documento)=(DNI, 72527431) already exists."
        )
        raise IntegrityError("INSERT INTO registros …", {"numero_documento": "72527431"}, orig)

    resultado = procesar_mensaje(_sobre(), {"EmisionFallida": viola_restriccion}, fabrica)
    assert resultado.motivo == (
        'IntegrityError: duplicate key value violates unique constraint "registros_pkey"'
    )
