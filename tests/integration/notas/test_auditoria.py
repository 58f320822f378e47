"""The audit trail: who changed which grade or situación final, when, from what to what."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from tests.integration import datos
from tests.integration.notas.conftest import error


def test_cada_cambio_queda_registrado_y_no_se_puede_borrar(registro):
    ie = registro.ie()
    est = registro.estudiante(ie)
    cuerpo = {
        "anio_lectivo": 1998,
        "situacion_final": "APROBADO",
        "calificaciones": [
            {"area": "BIOLOGÍA", "calificacion": "17"},
            {"area": "FÍSICA", "calificacion": "18"},
        ],
    }
    registro.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo)
    cuerpo["situacion_final"] = "REQUIERE RECUPERACIÓN"
    cuerpo["calificaciones"] = [{"area": "BIOLOGÍA", "calificacion": "08"}]  # FÍSICA removed
    r = registro.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo)
    assert r.status_code == 200, r.get_json()

    cambios = registro.ver(ie, est, "/auditoria")["cambios"]
    resumen = [(c["campo"], c["area"], c["antes"], c["despues"], c["version"]) for c in cambios]
    assert resumen == [
        ("situacion_final", None, None, "APROBADO", 1),
        ("anio_lectivo", None, None, "1998", 1),
        ("codigo_modular", None, None, ie["codigo_modular"], 1),
        ("anexo", None, None, "0", 1),
        ("calificacion", "BIOLOGÍA", None, "17", 1),
        ("calificacion", "FÍSICA", None, "18", 1),
        ("situacion_final", None, "APROBADO", "REQUIERE RECUPERACIÓN", 2),
        ("calificacion", "BIOLOGÍA", "17", "08", 2),
        ("calificacion", "FÍSICA", "18", None, 2),
    ]
    ultimo = cambios[-1]
    assert ultimo["usuario"] == f"dir-{ie['codigo_modular']}"
    assert ultimo["rol"] == "DIRECTOR_IE" and ultimo["origen"] == "REGISTRO"
    assert (ultimo["nivel"], ultimo["grado"]) == ("SECUNDARIA", "PRIMERO")
    assert datetime.fromisoformat(ultimo["registrado_en"]).tzinfo is not None

    otra = registro.ie()
    r = registro.cliente.get(registro.url(est, "/auditoria"), headers=datos.director(otra))
    assert error(r, 403)["mensaje"] == (
        "El estudiante no tiene grados registrados en una institución a su cargo."
    )

    engine = registro.sistema.apps["notas"].extensions["mc"].engine
    for sentencia in ("UPDATE auditoria SET despues = '20'", "DELETE FROM auditoria"):
        with pytest.raises(sa.exc.DBAPIError, match="solo se agregan filas"), engine.begin() as c:
            c.execute(sa.text(sentencia))
    assert len(registro.ver(ie, est, "/auditoria")["cambios"]) == len(cambios)


def test_dos_guardados_simultaneos_el_segundo_recibe_un_conflicto(registro_pg):
    """Optimistic locking on the student's version: no silent overwrite of another's save."""
    from services.notas.domain.modelo import Calificacion, GradoCursado
    from services.notas.service_layer.handlers import confirmar
    from shared.errores import Conflicto

    ie = registro_pg.ie()
    est = registro_pg.estudiante(ie)
    cuerpo = {"anio_lectivo": 2010, "calificaciones": [{"area": "ARTE", "calificacion": "12"}]}
    registro_pg.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo)
    uow = registro_pg.sistema.apps["notas"].extensions["mc"].uow_factory()
    with uow:
        leido = uow.estudiantes.obtener("DNI", est["numero_documento"])  # version 1 on screen
        cuerpo["calificaciones"][0]["calificacion"] = "15"
        assert registro_pg.grado(ie, est, "SECUNDARIA", "PRIMERO", cuerpo).status_code == 200
        leido.registrar_grado(
            GradoCursado(
                "SECUNDARIA", "EBR", "PRIMERO", 2010, ie["codigo_modular"], "0", None,
                [Calificacion("ARTE", "AREA", "09")],
            )
        )  # fmt: skip
        with pytest.raises(Conflicto, match="Otra persona modificó este registro"):
            confirmar(uow)
    [primero] = registro_pg.ver(ie, est)["niveles"]["SECUNDARIA"]["registro"]["grados"]
    assert primero["calificaciones"][0]["calificacion"] == "15"
