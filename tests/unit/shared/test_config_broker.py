"""The broker's transport options: a dead worker's messages on Redis come back in time."""

from shared.config import Config


def test_en_redis_lo_no_confirmado_vuelve_tras_la_visibilidad_y_un_barrido_corto():
    config = Config.desde_entorno(
        "emision", {"BROKER_URL": "redis://127.0.0.1:6379/0", "BROKER_VISIBILITY_TIMEOUT": "8"}
    )
    opciones = config.broker_transport_options
    assert opciones["visibility_timeout"] == 8
    # kombu ≥ 5.7 sweeps every interval × throttle seconds (100 s by default): here ≤ 1 s.
    assert opciones["unacked_restore_interval"] * opciones["unacked_restore_throttle"] <= 1


def test_en_produccion_el_barrido_es_una_decima_de_la_visibilidad():
    opciones = Config.desde_entorno(
        "emision", {"BROKER_URL": "redis://redis:6379/0"}
    ).broker_transport_options
    assert opciones["visibility_timeout"] == 300
    assert opciones["unacked_restore_interval"] * opciones["unacked_restore_throttle"] == 30


def test_rabbitmq_confirma_cada_publicacion():
    opciones = Config.desde_entorno(
        "emision", {"BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//"}
    ).broker_transport_options
    assert opciones == {"confirm_publish": True}
