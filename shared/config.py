"""Configuration, read from environment variables in this one place.

Embedded mode (the default) needs no server: SQLite files, a filesystem broker and the
project's own SMTP server, all under ``MC_VAR_DIR``. Real mode is the same code with
``DATABASE_URL`` (PostgreSQL), ``BROKER_URL`` (Redis) and ``MAIL_SERVER`` set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

SERVICIOS = ("solicitudes", "notas", "emision", "notificaciones", "verificacion", "cuentas")


def puertos(base: int = 8000) -> dict[str, int]:
    """Local ports: solicitudes base+1 … verificacion base+5, cuentas base+6 (8001–8006)."""
    return {servicio: base + i + 1 for i, servicio in enumerate(SERVICIOS)}


PUERTOS = puertos()
# The internal key services share for their calls to each other and for the email's download
# links (HMAC). It mints no staff token: those are EdDSA, signed by cuentas alone.
CLAVE_SERVICIOS_DESARROLLO = "clave-interna-solo-para-desarrollo-local-cambiar"
# Redis hands an unacked message to another worker after this long (s). Chosen against what
# a worker may hold unacked: the longest task (a batch of 100 emails over one SMTP connection,
# 30 s timeout each at worst, in practice seconds; one PDF, under 1 s) and the longest retry
# countdown (120 s, shared.consumidor; email waits live in the database, not in the broker).
# 300 s: a dead worker's message waits at most 5 minutes, a slow live one is not duplicated.
VISIBILIDAD_REDIS = 300


def _bool(valor: str | None, defecto: bool = False) -> bool:
    if valor is None or valor == "":
        return defecto
    return valor.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def _ruta(valor: str | None) -> Path | None:
    return Path(valor).resolve() if valor else None


@dataclass(frozen=True)
class Config:
    """Settings of one service process."""

    servicio: str
    var_dir: Path
    database_url: str
    db_schema: str | None
    broker_url: str
    broker_transport_options: dict = field(default_factory=dict)
    # Staff tokens: verified by every service with the JWKS of cuentas (no minting secret).
    jwks_url: str = ""
    clave_servicios: str = CLAVE_SERVICIOS_DESARROLLO
    token_issuer: str = "mi-certificado"
    token_audience: str = "mi-certificado"
    jwks_ttl: float = 300.0
    jwks_refresco_minimo: float = 5.0
    # cuentas only: its signing keys, token lifetimes and where the password links point.
    claves_cuentas_dir: Path | None = None
    token_segundos: int = 600
    renovacion_horas: float = 12.0
    url_panel: str = "http://127.0.0.1:8000/panel"
    mail_server: str = "127.0.0.1"
    mail_port: int = 8025
    mail_use_tls: bool = False
    mail_username: str | None = None
    mail_password: str | None = None
    mail_default_sender: str = "Mi Certificado <no-responder@micertificado.local>"
    url_verificacion: str = "http://127.0.0.1:8005"
    url_emision: str = "http://127.0.0.1:8003"
    # Public base of the signed PDF download link in emails (verificacion serves it); empty =
    # url_verificacion. The link expires after vigencia_enlace_descarga seconds.
    url_descarga: str = ""
    # The citizen's portal (Solicitud WEB, seguimiento) and the help mailbox the emails point to.
    url_portal: str = "http://127.0.0.1:8000"
    ayuda_correo: str = "buzonmicertificado@minedu.gob.pe"
    vigencia_enlace_descarga: int = 30 * 24 * 3600
    adjuntar_pdf: bool = True
    puerto_base: int = 8000
    # Where PDFs live: "" (var/pdf) or s3://bucket/prefijo (S3_ENDPOINT_URL for MinIO & co.).
    almacen_pdf: str = ""
    s3_endpoint_url: str | None = None
    firma_dir: Path | None = None  # signing keys (emision); production mounts a secret there
    # PAdES signature of the PDFs (emision): the issuer's X.509 certificate, its key and the
    # chain up to the CA, as PEM files; unset = a local CA under <firma_dir>/pades (embedded).
    # PADES_CERTIFICADO may also name a folder of <nombre>.pem/<nombre>.key pairs: the newest
    # valid now signs (a rotation re-chooses; services/emision/adapters/certificados_firma.py).
    pades_certificado: Path | None = None
    pades_clave: Path | None = None
    pades_cadena: tuple[Path, ...] = ()
    # ...or the key in an HSM (PKCS#11): library, token label, PIN (its file preferred), key
    # label; the certificate is then PADES_CERTIFICADO or the token's under the key's label.
    pades_pkcs11_modulo: Path | None = None
    pades_pkcs11_token: str | None = None
    pades_pkcs11_pin: str | None = field(default=None, repr=False)
    pades_pkcs11_pin_archivo: Path | None = None
    pades_pkcs11_clave: str | None = None
    # RFC 3161 timestamp authority: set = PAdES B-T (each signature timestamped), unset = B-B.
    pades_tsa_url: str | None = None
    pades_tsa_usuario: str | None = None  # HTTP basic auth, when the TSA asks for it
    pades_tsa_plazo: float = 10.0  # seconds to wait for the TSA's answer
    pades_tsa_clave: str | None = field(default=None, repr=False)
    # verificacion: CA certificates (PEM) an uploaded PDF's PAdES signature must chain to;
    # empty = <firma_dir>/pades/ca.pem, the local CA of embedded mode.
    pades_ca: tuple[Path, ...] = ()
    max_reintentos: int = 8
    # Events taken per transaction by the service's worker (1: one message, one transaction).
    lote_consumo: int = 1
    # A batch's data read at once before its messages (PRECARGA_CONSUMO=0: each reads its own;
    # for benchmarks and for ruling it out when something looks wrong).
    precarga_consumo: bool = True
    # Email: transient failures retry until this deadline (s), capped exponential backoff with
    # jitter between attempts; the schedule lives in the database (see notificaciones/barrido).
    correo_plazo: float = 86400.0
    correo_espera_base: float = 5.0
    correo_espera_maxima: float = 600.0
    # Reconciliation: a request EN EMISIÓN this long (s) without an answer is ordered again,
    # at most this many times, then set to ERROR for staff to see.
    reconciliar_emision_tras: float = 600.0
    max_reenvios_emision: int = 3
    barrido_intervalo: float = 5.0  # how often `mc relay` runs the sweepers (s)
    testing: bool = False
    # Abuse limits (flask-limiter syntax, ";" between limits); counters shared by every process.
    ratelimit_storage_uri: str = "memory://"
    ratelimit_prefijo: str = "mc"
    # Public request intake: per client IP and per student document.
    limite_por_ip: str = "30 per minute;300 per hour"
    limite_por_documento: str = "10 per 10 minutes;30 per day"
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted (nginx: 1).
    proxies_confiables: int = 0
    # Public verification: lookups per IP; wrong document numbers per IP and certificate; the
    # backstop per certificate (any IP), past which each IP gets bajo_ataque on that certificate.
    limite_verificacion_por_ip: str = "120 per minute;3000 per day"
    limite_verificacion_por_ip_y_codigo: str = "5 per hour;10 per day"
    limite_verificacion_por_codigo: str = "50 per day"
    limite_verificacion_bajo_ataque: str = "1 per day"

    @property
    def embebido(self) -> bool:
        """True when running on SQLite (no database server)."""
        return self.database_url.startswith("sqlite")

    @property
    def pdf_dir(self) -> Path:
        return self.var_dir / "pdf"

    def con(self, **cambios) -> Config:
        """A copy with some settings changed (tests pass their config this way)."""
        return replace(self, **cambios)

    @classmethod
    def desde_entorno(cls, servicio: str, entorno: Mapping[str, str] | None = None) -> Config:
        """Build the configuration of ``servicio`` from environment variables."""
        if servicio not in SERVICIOS:
            raise ValueError(f"servicio desconocido: {servicio}")
        env = os.environ if entorno is None else entorno
        var_dir = Path(env.get("MC_VAR_DIR", "var")).resolve()
        base_url = env.get("DATABASE_URL", "")
        if base_url:
            database_url = base_url
            schema = (
                None
                if base_url.startswith("sqlite")
                else env.get("DB_SCHEMA_PREFIX", "") + servicio
            )
        else:
            database_url = f"sqlite:///{var_dir / 'db' / (servicio + '.sqlite3')}"
            schema = None
        broker_url = env.get("BROKER_URL", "filesystem://")
        base = int(env.get("MC_PUERTO_BASE", "8000"))
        locales = puertos(base)
        return cls(
            servicio=servicio,
            var_dir=var_dir,
            database_url=database_url,
            db_schema=schema,
            broker_url=broker_url,
            broker_transport_options=_opciones_broker(
                broker_url,
                var_dir,
                int(env.get("BROKER_VISIBILITY_TIMEOUT", str(VISIBILIDAD_REDIS))),
            ),
            **_tokens(env, var_dir, base),
            clave_servicios=env.get("CLAVE_SERVICIOS", CLAVE_SERVICIOS_DESARROLLO),
            mail_server=env.get("MAIL_SERVER", "127.0.0.1"),
            mail_port=int(env.get("MAIL_PORT", str(base + 25))),
            mail_use_tls=_bool(env.get("MAIL_USE_TLS")),
            mail_username=env.get("MAIL_USERNAME") or None,
            mail_password=env.get("MAIL_PASSWORD") or None,
            mail_default_sender=env.get("MAIL_DEFAULT_SENDER", cls.mail_default_sender),
            url_verificacion=env.get(
                "URL_VERIFICACION", f"http://127.0.0.1:{locales['verificacion']}"
            ).rstrip("/"),
            url_emision=env.get("URL_EMISION", f"http://127.0.0.1:{locales['emision']}").rstrip(
                "/"
            ),
            url_descarga=env.get("URL_DESCARGA", "").rstrip("/"),
            url_portal=env.get("URL_PORTAL", f"http://127.0.0.1:{base}").rstrip("/"),
            ayuda_correo=env.get("MC_AYUDA_CORREO", cls.ayuda_correo),
            vigencia_enlace_descarga=int(
                env.get("VIGENCIA_ENLACE_DESCARGA", str(cls.vigencia_enlace_descarga))
            ),
            adjuntar_pdf=_bool(env.get("ADJUNTAR_PDF"), True),
            max_reintentos=int(env.get("MAX_REINTENTOS", "8")),
            correo_plazo=float(env.get("CORREO_PLAZO", "86400")),
            correo_espera_base=float(env.get("CORREO_ESPERA_BASE", "5")),
            correo_espera_maxima=float(env.get("CORREO_ESPERA_MAXIMA", "600")),
            reconciliar_emision_tras=float(env.get("RECONCILIAR_EMISION_TRAS", "600")),
            max_reenvios_emision=int(env.get("MAX_REENVIOS_EMISION", "3")),
            barrido_intervalo=float(env.get("BARRIDO_INTERVALO", "5")),
            puerto_base=base,
            almacen_pdf=env.get("ALMACEN_PDF", ""),
            s3_endpoint_url=env.get("S3_ENDPOINT_URL") or None,
            firma_dir=Path(env.get("FIRMA_DIR") or var_dir / "claves").resolve(),
            pades_certificado=_ruta(env.get("PADES_CERTIFICADO")),
            pades_clave=_ruta(env.get("PADES_CLAVE")),
            pades_cadena=tuple(Path(r) for r in env.get("PADES_CADENA", "").split(":") if r),
            pades_pkcs11_modulo=_ruta(env.get("PADES_PKCS11_MODULO")),
            pades_pkcs11_token=env.get("PADES_PKCS11_TOKEN") or None,
            pades_pkcs11_pin=env.get("PADES_PKCS11_PIN") or None,
            pades_pkcs11_pin_archivo=_ruta(env.get("PADES_PKCS11_PIN_ARCHIVO")),
            pades_pkcs11_clave=env.get("PADES_PKCS11_CLAVE") or None,
            pades_tsa_url=env.get("PADES_TSA_URL") or None,
            pades_tsa_usuario=env.get("PADES_TSA_USUARIO") or None,
            pades_tsa_clave=env.get("PADES_TSA_CLAVE") or None,
            pades_tsa_plazo=float(env.get("PADES_TSA_PLAZO") or cls.pades_tsa_plazo),
            # verificacion: the CA(s) an uploaded PDF's signature must chain to (PEM files);
            # unset = the local CA emision makes, <firma_dir>/pades/ca.pem (embedded mode).
            pades_ca=tuple(Path(r) for r in env.get("PADES_CA", "").split(":") if r),
            # Counters shared by every process: the broker's Redis in real mode.
            ratelimit_storage_uri=env.get("RATELIMIT_STORAGE_URI")
            or (broker_url if broker_url.startswith("redis") else "memory://"),
            ratelimit_prefijo=env.get("RATELIMIT_KEY_PREFIX", cls.ratelimit_prefijo),
            lote_consumo=int(env.get("LOTE_CONSUMO") or _lote_consumo(servicio, database_url)),
            precarga_consumo=env.get("PRECARGA_CONSUMO", "1") != "0",
            limite_por_ip=env.get("LIMITE_POR_IP", cls.limite_por_ip),
            limite_por_documento=env.get("LIMITE_POR_DOCUMENTO", cls.limite_por_documento),
            proxies_confiables=int(env.get("PROXIES_CONFIABLES", "0")),
            limite_verificacion_por_ip=env.get(
                "LIMITE_VERIFICACION_POR_IP", cls.limite_verificacion_por_ip
            ),
            limite_verificacion_por_ip_y_codigo=env.get(
                "LIMITE_VERIFICACION_POR_IP_Y_CODIGO", cls.limite_verificacion_por_ip_y_codigo
            ),
            limite_verificacion_por_codigo=env.get(
                "LIMITE_VERIFICACION_POR_CODIGO", cls.limite_verificacion_por_codigo
            ),
            limite_verificacion_bajo_ataque=env.get(
                "LIMITE_VERIFICACION_BAJO_ATAQUE", cls.limite_verificacion_bajo_ataque
            ),
        )


# Batched consumption (issue 17) where messages come in bulk and handlers touch only the
# database (and the PDF store): emission orders, their answers, the read model. notificaciones
# sends mail from its handlers: one message per transaction, so a failed commit resends one.
LOTES_CONSUMO = {"emision": 10, "solicitudes": 50, "verificacion": 50}


def _lote_consumo(servicio: str, database_url: str) -> int:
    """Embedded mode (SQLite, the filesystem broker) keeps one message per transaction."""
    return 1 if database_url.startswith("sqlite") else LOTES_CONSUMO.get(servicio, 1)


def _tokens(env: Mapping[str, str], var_dir: Path, base: int) -> dict:
    """Token settings: embedded mode reads the JWKS file cuentas writes, real mode its URL."""
    claves = Path(env.get("CLAVES_CUENTAS_DIR") or var_dir / "claves-cuentas").resolve()
    if env.get("JWKS_URL"):
        jwks_url = env["JWKS_URL"]
    elif env.get("DATABASE_URL", "sqlite").startswith("sqlite"):
        jwks_url = (claves / "jwks.json").as_uri()
    else:
        jwks_url = f"http://127.0.0.1:{puertos(base)['cuentas']}/api/cuentas/.well-known/jwks.json"
    return {
        "jwks_url": jwks_url,
        "token_issuer": env.get("TOKEN_ISSUER", Config.token_issuer),
        "token_audience": env.get("TOKEN_AUDIENCE", Config.token_audience),
        "jwks_ttl": float(env.get("JWKS_TTL", "300")),
        "jwks_refresco_minimo": float(env.get("JWKS_REFRESCO_MINIMO", "5")),
        "claves_cuentas_dir": claves,
        # Access tokens live at most 15 minutes (VIDA_MAXIMA in shared.auth refuses longer).
        "token_segundos": min(int(env.get("TOKEN_SEGUNDOS", "600")), 900),
        "renovacion_horas": float(env.get("RENOVACION_HORAS", "12")),
        "url_panel": env.get("URL_PANEL", f"http://127.0.0.1:{base}/panel").rstrip("/"),
    }


def _opciones_broker(broker_url: str, var_dir: Path, visibilidad: int = VISIBILIDAD_REDIS) -> dict:
    """Transport options; the filesystem broker keeps its queues under var/broker."""
    if broker_url.startswith("filesystem"):
        carpeta = var_dir / "broker"
        return {
            "data_folder_in": str(carpeta / "mensajes"),
            "data_folder_out": str(carpeta / "mensajes"),
            "control_folder": str(carpeta / "control"),
            # Same filesystem as the queues, so moving a taken message is atomic.
            "processed_folder": str(carpeta / "procesados"),
            "store_processed": False,
        }
    if broker_url.startswith("redis"):
        # A message unacked this long (its worker died) is handed to another worker: see
        # VISIBILIDAD_REDIS for why 300 s. kombu ≥ 5.7 sweeps for such messages only every
        # unacked_restore_interval × unacked_restore_throttle seconds (10 × 10 by default), which
        # would add up to 100 s to a dead worker's messages: sweep every tenth of the timeout.
        return {
            "visibility_timeout": visibilidad,
            "unacked_restore_interval": max(1, visibilidad // 10),
            "unacked_restore_throttle": 1,
        }
    if broker_url.startswith(("amqp", "pyamqp")):
        # Publisher confirms: send_task returns once RabbitMQ has taken the message.
        return {"confirm_publish": True}
    return {}


def preparar_carpetas(config: Config) -> None:
    """Create the local folders embedded mode writes to."""
    (config.var_dir / "db").mkdir(parents=True, exist_ok=True)
    config.pdf_dir.mkdir(parents=True, exist_ok=True)
    for clave in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if clave in config.broker_transport_options:
            Path(config.broker_transport_options[clave]).mkdir(parents=True, exist_ok=True)
