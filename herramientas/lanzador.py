"""`make run`: the whole system in embedded mode, a demo certificate, then serve until Ctrl-C."""

from __future__ import annotations

import signal
import sys
import threading
import time

import requests

from herramientas import demo
from herramientas.procesos import Supervisor, frontends, relay, smtp_local, web, worker
from herramientas.smtp_local import leer_buzon
from shared.config import SERVICIOS, Config, puertos
from shared.migraciones import migrar

CORREO_DEMO = "vanessa.flores@example.pe"


def main() -> int:
    """Migrate, start everything, issue a demo certificate, keep serving."""
    config = Config.desde_entorno("solicitudes")
    var = config.var_dir
    print(f"Mi Certificado — modo {'embebido' if config.embebido else 'real'} (datos en {var})")
    for servicio in SERVICIOS:
        migrar(Config.desde_entorno(servicio))
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas"))  # also makes its signing key
    sup = Supervisor({}, var / "log")
    detener = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: detener.set())
    try:
        _iniciar(sup, config)
        sesiones = demo.Sesiones(demo.Urls.locales(config.puerto_base).cuentas, cuentas)
        resultado = _demo(config, sesiones)
        _mostrar(resultado, config, sesiones)
        # From here Ctrl-C only asks to stop (an interrupt inside Event.wait is unsafe).
        signal.signal(signal.SIGINT, lambda *_: detener.set())
        while not detener.wait(1.0):
            sup.verificar_vivos()
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # report why, stop everything, fail
        print(f"\nERROR: {exc}\nRegistros de cada proceso en {var / 'log'}", file=sys.stderr)
        return 1
    finally:
        print("\nDeteniendo los procesos…")
        sup.detener_todos()
    return 0


def _iniciar(sup: Supervisor, config: Config) -> None:
    if config.mail_server in ("127.0.0.1", "localhost"):
        sup.iniciar(smtp_local(config.var_dir / "correo", config.mail_port))
    locales = puertos(config.puerto_base)
    for servicio in SERVICIOS:
        sup.iniciar(web(servicio, locales[servicio]))
        sup.iniciar(worker(servicio))
    sup.iniciar(relay())
    sup.iniciar(frontends(config.puerto_base))  # web/: panel at /panel/ (and the others' hooks)
    print(
        f"Iniciando {len(SERVICIOS)} servicios web, {len(SERVICIOS)} workers, "
        "el relay del outbox y el SMTP local…"
    )
    sup.esperar_salud(limite=90)
    print("Servicios listos: " + ", ".join(f"{s} :{locales[s]}" for s in SERVICIOS))


def _demo(config: Config, sesiones: demo.Sesiones) -> demo.ResultadoDemo:
    print("Demo: registrando IE, estudiante y notas; solicitud ciudadana; orden de emisión…")
    inicio = time.monotonic()
    resultado = demo.ejecutar(demo.Urls.locales(config.puerto_base), sesiones, CORREO_DEMO)
    print(f"Certificado emitido en {time.monotonic() - inicio:.1f} s por la vía asíncrona real.")
    return resultado


def _mostrar(resultado: demo.ResultadoDemo, config: Config, sesiones: demo.Sesiones) -> None:
    estado = _esperar_verificacion(resultado.url_verificacion)
    correo = _esperar_correo(config, resultado.codigo_virtual)
    director = sesiones.token("DIRECTOR_IE")
    urls = demo.Urls.locales(config.puerto_base)
    print(
        f"""
  Solicitud N.° {resultado.numero:08d} — código de seguimiento {resultado.codigo_seguimiento}
  Código virtual: {resultado.codigo_virtual}
  Verificación:   {resultado.url_verificacion}   → {estado}
  Correo:         {correo}

  Solicitud WEB: http://127.0.0.1:{config.puerto_base}/
  Panel: http://127.0.0.1:{config.puerto_base}/panel/
  Consola de operaciones: http://127.0.0.1:{config.puerto_base}/operaciones/
  Cuentas de demostración (en el panel, o POST {urls.cuentas}/api/cuentas/sesiones):
{_lineas_cuentas(sesiones)}

  Pruebe también:
    curl -s {urls.verificacion}/api/verificacion/certificados/{resultado.codigo_virtual}
    curl -s -H "Authorization: Bearer {director}" \\
         {urls.solicitudes}/api/solicitudes/pendientes
  (el token de acceso vence en {config.token_segundos // 60} minutos; renuévelo con
   POST /api/cuentas/sesiones/renovacion o inicie sesión otra vez)
  OpenAPI de cada servicio: http://127.0.0.1:<puerto>/api/<servicio>/openapi.json

Sirviendo. Ctrl-C para detener.""",
        flush=True,
    )


def _lineas_cuentas(sesiones: demo.Sesiones) -> str:
    """One line per demo account: `  <rol>: usuario <u> · clave <c>` (TOTP secret below)."""
    lineas = []
    for cuenta in sesiones.cuentas.values():
        lineas.append(f"  {cuenta.rol}: usuario {cuenta.usuario} · clave {cuenta.clave}")
        if cuenta.totp_secreto:
            lineas.append(f"      (código TOTP: secreto {cuenta.totp_secreto} en su autenticador)")
    return "\n".join(lineas)


def _esperar_verificacion(url: str, limite: float = 60.0) -> str:
    """VIGENTE once verificacion's worker has applied CertificadoEmitido (it may lag behind
    solicitudes, which reported EMITIDA first)."""
    fin = time.monotonic() + limite
    while True:
        pagina = requests.get(url, timeout=10)
        if "VIGENTE" in pagina.text:
            return "VIGENTE"
        if time.monotonic() > fin:
            return f"respuesta {pagina.status_code}"
        time.sleep(0.3)


def _esperar_correo(config: Config, codigo: str, limite: float = 60.0) -> str:
    carpeta = config.var_dir / "correo"
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        for mensaje in leer_buzon(carpeta):
            if codigo in str(mensaje["Subject"]):
                adjuntos = [p.get_filename() for p in mensaje.iter_attachments()]
                return (
                    f"«{mensaje['Subject']}» para {mensaje['To']}, adjunto "
                    f"{', '.join(adjuntos) or 'ninguno'} (guardado en {carpeta})"
                )
        time.sleep(0.3)
    return f"aún no llega a {carpeta} (ver var/log/worker-notificaciones.log)"


if __name__ == "__main__":
    sys.exit(main())
