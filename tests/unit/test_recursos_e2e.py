"""The e2e modules run side by side (xdist): each must take its own ports and Redis databases."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import redis_de_este_proceso
from tests.e2e import recursos

E2E = Path(__file__).parents[1] / "e2e"


def test_cada_modulo_e2e_tiene_su_propio_numero_de_puertos():
    numeros = {}
    for modulo in sorted(E2E.glob("test_*.py")):
        for n in re.findall(r"recursos\.base\((\d+)\)", modulo.read_text()):
            assert n not in numeros, f"{modulo.name} y {numeros[n]} usan el número {n}"
            numeros[n] = modulo.name
    assert len(numeros) >= 11


def test_los_puertos_de_un_modulo_no_pisan_los_del_siguiente():
    a, b = recursos.base(3), recursos.base(4)
    usados_a = {a, *range(a + 1, a + 7), *range(recursos.metricas(a), recursos.metricas(a) + 7)}
    usados_b = {b, *range(b + 1, b + 7), *range(recursos.metricas(b), recursos.metricas(b) + 7)}
    assert not usados_a & usados_b
    assert recursos.metricas(recursos.base(24)) + 6 < recursos.PUERTO_BASE + 500


def test_cada_trabajador_xdist_tiene_sus_bases_de_redis():
    dadas = ["redis://h:1/11", "redis://h:1/12", "redis://h:1/13"]
    vistas = set()
    for k in range(4):  # --maxprocesses=4
        gw = f"gw{k}"
        bases = {
            redis_de_este_proceso(dadas[0], gw),
            recursos.redis_del_trabajador(dadas[1], gw),
            recursos.redis_del_trabajador(dadas[2], gw),
        }
        assert len(bases) == 3
        assert not bases & vistas, gw
        assert not bases & {"redis://h:1/0", "redis://h:1/1"}  # development databases
        vistas |= bases
    assert recursos.redis_del_trabajador(dadas[1], None) == dadas[1]


def test_cada_modulo_e2e_tiene_su_duracion_para_ordenar_la_corrida():
    """``make test`` starts the heaviest e2e modules first (tests/e2e/conftest.py): a module
    missing from the table would go first, a name left there after a rename orders nothing."""
    from tests.e2e.conftest import DURACION_E2E

    assert set(DURACION_E2E) == {m.name for m in E2E.glob("test_*.py")}
