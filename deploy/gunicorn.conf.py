"""Gunicorn settings shared by the five web services (``gunicorn -c deploy/gunicorn.conf.py``).

Everything is tunable through environment variables, so the same file serves a laptop, the
compose file and production:

    PORT                 port to listen on (default 8000)
    HOST                 interface (default 0.0.0.0; use 127.0.0.1 outside containers)
    WEB_CONCURRENCY      worker processes (default 2 * cores + 1, at most 8)
    WEB_THREADS          threads per worker (default 2)
    MAX_REQUESTS         requests before a worker is recycled (default 2000; a service doing
                         a thousand requests a second wants far more, or it restarts constantly)
    LOG_LEVEL            gunicorn error-log level (default info)
    FORWARDED_ALLOW_IPS  addresses whose X-Forwarded-* headers are trusted (default 127.0.0.1;
                         "*" only where the service is reachable solely through the gateway)
    MC_SERVICIO          if set and no app is given on the command line, serve
                         services.<MC_SERVICIO>.entrypoints.flask_app:create_app()
    PROMETHEUS_MULTIPROC_DIR  an empty folder for the metrics of every worker (multiprocess)
"""

import os


def _nucleos() -> int:
    try:
        return len(os.sched_getaffinity(0))  # respects CPU pinning (containers, taskset)
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


bind = f"{os.environ.get('HOST', '0.0.0.0')}:{int(os.environ.get('PORT', '8000'))}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * _nucleos() + 1, 8))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 2)
timeout = 30
graceful_timeout = 30
keepalive = 5  # a little above nothing: the gateway reuses connections briefly

# Each worker builds its own app, engine and broker connection after the fork: database
# connections and Celery producers must never be shared between processes.
preload_app = False

# Recycle workers now and then so a slow leak cannot grow forever.
max_requests = int(os.environ.get("MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10

# The heartbeat file lives in memory: an overlay or slow disk can stall workers into timeouts.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# The app writes its own access line (JSON, the URL rule instead of the path: shared/bitacora.py);
# gunicorn's, with the raw path, only when asked for (GUNICORN_ACCESSLOG=-).
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" rid=%({x-request-id}i)s'

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Gunicorn's own lines (start, workers, signals) in the services' JSON format (shared/bitacora.py).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": []},  # the app adds its own (crear_app_servicio)
    "formatters": {"mc": {"()": "shared.bitacora.formateador_del_entorno"}},
    "filters": {
        "ids": {"()": "shared.correlacion.FiltroCorrelacion"},
        "servicio": {
            "()": "shared.bitacora.FiltroServicio",
            "servicio": os.environ.get("MC_SERVICIO") or "gunicorn",
        },
    },
    "handlers": {
        "mc": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "mc",
            "filters": ["ids", "servicio"],
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["mc"], "level": loglevel.upper(), "propagate": False},
        # Raw paths carry document numbers: only when asked for (GUNICORN_ACCESSLOG).
        "gunicorn.access": {
            "handlers": ["mc"] if accesslog else [],
            "level": "INFO",
            "propagate": False,
        },
    },
}

# Gunicorn >= 25.1 opens a control socket at ~/.gunicorn/gunicorn.ctl by default: five services
# on one machine would fight over that one path, and we do not use gunicornc. Older versions
# ignore the unknown setting.
control_socket_disable = True


# Metrics (PROMETHEUS_MULTIPROC_DIR, shared/metricas.py): a worker that exits leaves its counters
# to the group's total but not its live gauges.
def child_exit(_server, worker):
    from shared.metricas import proceso_terminado

    proceso_terminado(worker.pid)


_servicio = os.environ.get("MC_SERVICIO")
if _servicio:
    wsgi_app = f"services.{_servicio}.entrypoints.flask_app:create_app()"
    proc_name = f"mc-{_servicio}"
