"""Benchmark: certificate emails with the PDF attached, to a local aiosmtpd server.

    .venv/bin/python -m bench.correo                 # 5,000 emails, 3 rounds, batches of 500
    .venv/bin/python -m bench.correo --completo      # also through the service (delivery log)

Each email is composed by notificaciones' own Redactor (Spanish HTML + text) with a real
certificate PDF rendered by services/emision/adapters/pdf.py attached, and sent with
flask-mail through EnviadorSmtp: one SMTP connection per batch (``sesion()``). Measured in one
process, in ``--procesos`` processes (what a worker with ``--concurrency N`` does: each task's
batch on its own connection), and with one connection per email for comparison.
``--completo`` sends through ``envio.enviar`` — lock, compose, send, write the attempt,
commit, per email — on SQLite (or ``--database-url``). The server runs in another process and
only counts what it receives. Figures: median emails/s of the rounds. Not a timed test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from datetime import UTC, datetime

from flask import Flask
from flask_mail import Mail

from herramientas.demo import ESTUDIANTE, IE, grados_demo
from services.emision.adapters.pdf import RenderizadorPdf
from services.emision.domain.documento import documento_desde_dict
from services.notificaciones.adapters import orm
from services.notificaciones.adapters.correo import EnviadorSmtp
from services.notificaciones.adapters.plantillas import Redactor
from services.notificaciones.domain.modelo import CERTIFICADO, SOLICITUD_EMITIDA, SolicitudLocal
from shared.identificadores import agrupar, nuevo_codigo_virtual


class Contador:
    """aiosmtpd handler that accepts and counts; storing is not what is measured here."""

    def __init__(self, recibidos):
        self.recibidos = recibidos

    async def handle_DATA(self, server, session, envelope):
        with self.recibidos.get_lock():
            self.recibidos.value += 1
        return "250 OK"


def _servir(puerto, listo, recibidos, parar) -> None:
    from herramientas.smtp_local import TAMANO_MAXIMO, ControladorBuzon

    controlador = ControladorBuzon(
        Contador(recibidos),
        hostname="127.0.0.1",
        port=puerto.value,
        server_hostname="bench",
        data_size_limit=TAMANO_MAXIMO,
    )
    controlador.start()
    puerto.value = controlador.port
    listo.set()
    parar.wait()
    controlador.stop()


def pdf_certificado() -> bytes:
    """A real certificate: the demo student's five secundaria grades."""
    codigo = agrupar(nuevo_codigo_virtual())
    grados = [{"grado": g, **datos} for g, datos in grados_demo()]
    doc = documento_desde_dict(
        {
            "codigo_virtual": codigo,
            "numero_solicitud": 1,
            "emitido_en": datetime.now(UTC),
            "url_verificacion": f"https://micertificado.example.pe/v/{codigo}",
            "modalidad": "EBR",
            "nivel": "SECUNDARIA",
            "estudiante": {k: ESTUDIANTE[k] for k in list(ESTUDIANTE)[:5]},
            "nombre_institucion": IE["nombre"],
            "grados": grados,
        }
    )
    return RenderizadorPdf().renderizar(doc)


def copia(i: int) -> SolicitudLocal:
    """The local copy notificaciones would hold for request ``i``."""
    s = SolicitudLocal(i, IE["codigo_modular"], IE["anexo"])
    codigo = nuevo_codigo_virtual()
    s.actualizar(
        SOLICITUD_EMITIDA,
        {
            "codigo_seguimiento": nuevo_codigo_virtual(),
            "tipo_documento": "DNI",
            "numero_documento": f"{70000000 + i}",
            "nombres": ESTUDIANTE["nombres"],
            "apellidos": f"{ESTUDIANTE['primer_apellido']} {ESTUDIANTE['segundo_apellido']}",
            "nombre_institucion": IE["nombre"],
            "nivel": "SECUNDARIA",
            "correo": f"estudiante{i}@example.pe",
            "codigo_virtual": codigo,
            "numero_solicitud": i,
            "url_verificacion": f"https://micertificado.example.pe/v/{agrupar(codigo)}",
        },
    )
    return s


def app_correo(puerto: int) -> Flask:
    app = Flask("bench")
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=puerto,
        MAIL_DEFAULT_SENDER="Mi Certificado <no-responder@micertificado.local>",
        MAIL_SUPPRESS_SEND=False,
    )
    Mail(app)
    return app


def ronda_por_lotes(app, copias, pdf: bytes, lote: int) -> float:
    """Seconds to compose and send every email, one SMTP connection per batch."""
    enviador, redactor = EnviadorSmtp(app.extensions["mail"]), Redactor("https://mc.example.pe")
    inicio = time.perf_counter()
    with app.app_context():
        for desde in range(0, len(copias), lote):
            with enviador.sesion() as smtp:
                for c in copias[desde : desde + lote]:
                    smtp.enviar(redactor.componer(CERTIFICADO, c, c.correo, pdf))
    return time.perf_counter() - inicio


def ronda_por_correo(app, copias, pdf: bytes) -> float:
    """Seconds to compose and send every email, a new SMTP connection for each."""
    enviador, redactor = EnviadorSmtp(app.extensions["mail"]), Redactor("https://mc.example.pe")
    inicio = time.perf_counter()
    with app.app_context():
        for c in copias:
            enviador.enviar(redactor.componer(CERTIFICADO, c, c.correo, pdf))
    return time.perf_counter() - inicio


_PROCESO: dict = {}


def _preparar_proceso(puerto: int, pdf: bytes) -> None:
    _PROCESO.update(app=app_correo(puerto), pdf=pdf)


def _enviar_tramo(tramo: tuple[int, int, int]) -> int:
    """One worker process's share: requests [desde, hasta), batches of ``lote``."""
    desde, hasta, lote = tramo
    copias = [copia(i) for i in range(desde, hasta)]
    ronda_por_lotes(_PROCESO["app"], copias, _PROCESO["pdf"], lote)
    return len(copias)


def ronda_en_paralelo(pool, args) -> float:
    """Like a worker with --concurrency N: N processes, each batch on its own connection."""
    n, paso = args.correos, -(-args.correos // args.procesos)
    tramos = [(i + 1, min(i + paso, n) + 1, args.lote) for i in range(0, n, paso)]
    inicio = time.perf_counter()
    assert sum(pool.map(_enviar_tramo, tramos)) == n
    return time.perf_counter() - inicio


def _mediana(nombre: str, segundos: list[float], n: int) -> float:
    tasas = [n / s for s in segundos]
    mediana = statistics.median(tasas)
    detalle = ", ".join(f"{t:,.0f}" for t in tasas)
    print(f"  {nombre:<48} {mediana:>6,.0f} correos/s   (rondas: {detalle})", flush=True)
    return mediana


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="bench.correo", description=__doc__.splitlines()[0])
    p.add_argument("--correos", type=int, default=5000)
    p.add_argument("--lote", type=int, default=500, help="correos por conexión SMTP")
    p.add_argument("--rondas", type=int, default=3)
    p.add_argument(
        "--por-correo", type=int, default=1000, help="correos de la comparación sin reutilizar"
    )
    p.add_argument(
        "--procesos", type=int, default=2, help="como un worker con --concurrency N (1 = omitir)"
    )
    p.add_argument("--completo", action="store_true", help="también por el servicio (con BD)")
    p.add_argument("--database-url", default=None, help="para --completo (por defecto SQLite)")
    args = p.parse_args(argv)

    orm.iniciar_mapeos()  # --completo stores these same copies through the ORM
    pdf = pdf_certificado()
    copias = [copia(i) for i in range(1, args.correos + 1)]
    ctx = multiprocessing.get_context("spawn")
    puerto, listo, parar = ctx.Value("i", 0), ctx.Event(), ctx.Event()
    recibidos = ctx.Value("l", 0)
    servidor = ctx.Process(target=_servir, args=(puerto, listo, recibidos, parar), daemon=True)
    servidor.start()
    if not listo.wait(30):
        raise SystemExit("el servidor SMTP del benchmark no arrancó")
    app = app_correo(puerto.value)
    print(
        f"{args.correos:,} correos con un PDF de {len(pdf) / 1024:.0f} KB adjunto "
        f"a aiosmtpd en 127.0.0.1:{puerto.value}; mediana de {args.rondas} rondas"
    )
    pool = ctx.Pool(args.procesos, initializer=_preparar_proceso, initargs=(puerto.value, pdf))
    pool.map(abs, range(args.procesos))  # processes up before any clock starts
    sueltos = copias[: args.por_correo]
    tiempos: dict[str, list[float]] = {"lote": [], "paralelo": [], "suelto": []}
    try:
        # Rounds of the three ways interleaved: the machine's load drifts, each way sees it.
        for _ in range(args.rondas):
            tiempos["lote"].append(ronda_por_lotes(app, copias, pdf, args.lote))
            if args.procesos > 1:
                tiempos["paralelo"].append(ronda_en_paralelo(pool, args))
            tiempos["suelto"].append(ronda_por_correo(app, sueltos, pdf))
        _mediana(f"1 proceso, una conexión por lote de {args.lote}", tiempos["lote"], args.correos)
        if args.procesos > 1:
            nombre = f"{args.procesos} procesos, una conexión por lote"
            _mediana(nombre, tiempos["paralelo"], args.correos)
        nombre = f"1 proceso, una conexión por correo ({len(sueltos):,})"
        _mediana(nombre, tiempos["suelto"], len(sueltos))
        if args.completo:
            from bench.correo_servicio import rondas_servicio

            segundos = rondas_servicio(puerto.value, copias, pdf, args)
            _mediana("servicio: bloqueo + envío + intento + commit", segundos, args.correos)
        pasadas = 1 + (args.procesos > 1) + args.completo
        esperados = args.rondas * (args.correos * pasadas + len(sueltos))
        _esperar_recibidos(recibidos, esperados)
        print(f"  el servidor recibió {recibidos.value:,} correos de {esperados:,} enviados")
    finally:
        pool.terminate()
        parar.set()
        servidor.join(10)
    return 0 if recibidos.value == esperados else 1


def _esperar_recibidos(recibidos, esperados: int, limite: float = 10.0) -> None:
    fin = time.monotonic() + limite
    while recibidos.value < esperados and time.monotonic() < fin:
        time.sleep(0.1)


if __name__ == "__main__":
    raise SystemExit(main())
