"""Parallel pytest workers (xdist) never share a Redis database: queues and counters live there."""

from tests.conftest import redis_de_este_proceso

URL = "redis://127.0.0.1:6379/11"


def test_sin_xdist_o_en_el_primer_trabajador_se_usa_la_url_dada():
    assert redis_de_este_proceso(URL, None) == URL
    assert redis_de_este_proceso(URL, "gw0") == URL


def test_cada_trabajador_tiene_su_propia_base_lejos_de_las_del_e2e():
    bases = {redis_de_este_proceso(URL, f"gw{k}") for k in range(4)}
    assert bases == {f"redis://127.0.0.1:6379/{n}" for n in (11, 10, 9, 8)}
