"""The operations console in a real browser (Debian's Chromium) on real processes.

Every service (web and worker), the relay with the email sweeper and the web frontends run as
processes on PostgreSQL and Redis; the SMTP server (aiosmtpd) runs in the test and refuses
one mailbox with 550. OPERACIONES signs in with TOTP, finds the failed email by its filter,
opens it with its attempts, replays it to another address and sees it delivered there; then
replays every remaining match at once. A second journey on the same processes: the padrón
imported from a CSV with one bad row (per-row report), the identity registry loaded, the staff
accounts listed, the seal's key rotated after a confirmation while a certificate issued before
still verifies. Every screen is photographed and checked with axe-core.
"""

from __future__ import annotations

import re
import time
import uuid

import pytest
import redis
import sqlalchemy as sa

from herramientas import demo
from herramientas.procesos import Supervisor, frontends, relay, web, worker
from services.emision.adapters.firma_pdf import asegurar_ca_local
from shared.bus import PublicadorCelery, crear_celery
from shared.config import SERVICIOS, Config, puertos
from shared.eventos import Evento
from shared.identificadores import nuevo_codigo_seguimiento
from shared.llavero import rotar
from shared.migraciones import migrar
from tests import claves_prueba
from tests.e2e import recursos
from tests.e2e.test_navegador import BANDERAS, CHROMIUM, _exigir_herramientas
from tests.e2e.test_panel_navegador import Recorrido, _texto
from tests.integration.notificaciones.smtp_pruebas import ServidorSmtp

pytestmark = pytest.mark.e2e

BASE = recursos.base(9)
REDIS_E2E = recursos.REDIS_E2E
SERVICIOS_USADOS = SERVICIOS  # the padrón (notas), keys (emision), verificacion too


@pytest.fixture(scope="module")
def entorno(postgres_url, redis_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("operaciones")
    prefijo = f"o{uuid.uuid4().hex[:8]}_"
    cliente = redis.Redis.from_url(REDIS_E2E)
    cliente.flushdb()
    cliente.close()
    smtp = ServidorSmtp(var / "correo")
    smtp.iniciar()
    env = {
        "DATABASE_URL": postgres_url,
        "DB_SCHEMA_PREFIX": prefijo,
        "BROKER_URL": REDIS_E2E,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MC_VAR_DIR": str(var),
        **recursos.entorno_de_puertos(BASE),
        "CLAVE_SERVICIOS": claves_prueba.clave_servicios(),
        "MC_WEB_CLAVE_SECRETA": uuid.uuid4().hex,
        "ADJUNTAR_PDF": "0",
        "RATELIMIT_KEY_PREFIX": f"ops-{uuid.uuid4().hex[:8]}",
        "URL_VERIFICACION": f"http://127.0.0.1:{puertos(BASE)['verificacion']}",
        "URL_EMISION": f"http://127.0.0.1:{puertos(BASE)['emision']}",
    }
    for servicio in SERVICIOS_USADOS:
        migrar(Config.desde_entorno(servicio, env))
    firma_dir = Config.desde_entorno("emision", env).firma_dir
    rotar(firma_dir)  # real mode: the seal's key and the PDF signing certificate are provisioned
    asegurar_ca_local(firma_dir)
    cuentas = demo.crear_cuentas(Config.desde_entorno("cuentas", env))
    yield {"env": env, "var": var, "smtp": smtp, "cuentas": cuentas}
    smtp.detener()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for servicio in SERVICIOS_USADOS:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{prefijo}{servicio}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="module")
def sistema(entorno):
    _exigir_herramientas()
    sup = Supervisor(entorno["env"], entorno["var"] / "log")
    p = puertos(BASE)
    try:
        for servicio in SERVICIOS_USADOS:
            sup.iniciar(web(servicio, p[servicio]))
            sup.iniciar(worker(servicio, concurrencia=2 if servicio == "notificaciones" else 1))
        sup.iniciar(relay(SERVICIOS_USADOS))
        sup.iniciar(frontends(BASE))
        sup.esperar_salud(limite=120)
        yield {"sup": sup, "consola": f"http://127.0.0.1:{BASE}/operaciones", "puertos": p}
    finally:
        sup.detener_todos()


def _solicitud(codigo_modular: str) -> dict:
    numero = uuid.uuid4().int % 2_000_000_000
    return {
        "numero_solicitud": numero,
        "codigo_seguimiento": nuevo_codigo_seguimiento(),
        "tipo_documento": "DNI",
        "numero_documento": f"{numero % 100_000_000:08d}",
        "nombres": "VANESSA DEL PILAR",
        "apellidos": "FLORES LIZANA",
        "codigo_modular": codigo_modular,
        "anexo": "0",
        "nombre_institucion": "AUGUSTO B. LEGUIA",
        "nivel": "SECUNDARIA",
        "correo": f"vanessa.{numero}@example.pe",
        "ruta": "IE",
    }


def _fallar_correos(entorno, cuantos: int) -> tuple[str, list[dict]]:
    """Requests of one IE whose acknowledgement the SMTP server refuses (550)."""
    codigo_modular = f"{uuid.uuid4().int % 10_000_000:07d}"
    celery = crear_celery(Config.desde_entorno("notificaciones", entorno["env"]))
    solicitudes = [_solicitud(codigo_modular) for _ in range(cuantos)]
    for payload in solicitudes:
        entorno["smtp"].buzon.rechazar.add(payload["correo"])
        evento = Evento("SolicitudRegistrada", payload)
        PublicadorCelery(celery).enviar("notificaciones", evento.sobre("pruebas"))
    return codigo_modular, solicitudes


def _esperar(condicion, que: str, limite: float = 60.0, pagina=None):
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        valor = condicion()
        if valor:
            return valor
        if pagina is not None:
            pagina.reload()
        time.sleep(0.5)
    raise AssertionError(f"tiempo agotado esperando {que}")


def _ingresar(pagina, r, consola: str, cuenta) -> None:
    pagina.goto(consola + "/")
    r.pantalla("ingreso")
    pagina.fill("#usuario", cuenta.usuario)
    pagina.fill("#clave", cuenta.clave)
    pagina.fill("#codigo_totp", "000000" if cuenta.totp_secreto else "")
    pagina.click("button:has-text('Ingresar')")
    if cuenta.totp_secreto:  # a wrong code is refused in Spanish, the user name kept
        assert pagina.input_value("#usuario") == cuenta.usuario
        r.pantalla("ingreso-error")
        pagina.fill("#clave", cuenta.clave)
        pagina.fill("#codigo_totp", demo.codigo_totp(cuenta.totp_secreto))
        pagina.click("button:has-text('Ingresar')")
    assert "Bienvenido/a: MENDOZA RÍOS, JORGE LUIS" in _texto(pagina, "nav.menu")


def test_operaciones_reenvia_un_correo_fallido_y_llega(sistema, entorno, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    smtp, consola = entorno["smtp"], sistema["consola"]
    codigo_modular, solicitudes = _fallar_correos(entorno, 3)
    carpeta = tmp_path_factory.mktemp("capturas-operaciones")
    print(f"\nCapturas de la consola de operaciones en {carpeta}")
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1280, "height": 900}, locale="es-PE")
        r = Recorrido(pagina, carpeta)
        _ingresar(pagina, r, consola, entorno["cuentas"]["OPERACIONES"])
        r.pantalla("inicio")

        # Correos fallidos: a wrong filter is refused and kept, then the IE's three 550s.
        pagina.click("nav.menu >> text=Correos fallidos")
        pagina.fill("#codigo_modular", "12")
        pagina.click("main >> button:has-text('Buscar')")
        assert "El código modular tiene 7 dígitos." in _texto(pagina, ".resumen-errores")
        assert pagina.input_value("#codigo_modular") == "12"
        r.pantalla("filtro-error")
        pagina.fill("#codigo_modular", codigo_modular)
        pagina.fill("#motivo_falla", "550")
        pagina.click("main >> button:has-text('Buscar')")
        _esperar(lambda: "Resultados (3)" in _texto(pagina, "main"), "3 fallidos", pagina=pagina)
        r.pantalla("correos-fallidos")

        # One of them, with its attempt, replayed to another address: it arrives there.
        pagina.locator("tbody tr").first.locator("text=Ver y reenviar").click()
        assert _texto(pagina, "#estado-correo") == "FALLIDO"
        assert "ERROR_PERMANENTE" in _texto(pagina, "tbody") or "550" in _texto(pagina, "tbody")
        r.pantalla("correo-fallido")
        alternativo = f"alterno.{uuid.uuid4().hex[:8]}@example.pe"
        pagina.fill("#correo_alternativo", alternativo)
        pagina.click("main >> button:has-text('Reenviar')")
        [llegado] = _esperar(lambda: smtp.correos(para=alternativo), "el reenvío en el SMTP")
        assert "Solicitud de Certificado de Estudios recibida" in llegado["Subject"]
        _esperar(lambda: _texto(pagina, "#estado-correo") == "ENVIADO", "ENVIADO", pagina=pagina)
        assert "ENVIADO" in _texto(pagina, "tbody")
        r.pantalla("correo-reenviado")

        # The other two: every match at once, to their registered (now accepted) addresses.
        for payload in solicitudes:
            smtp.buzon.rechazar.discard(payload["correo"])
        pagina.click("nav.menu >> text=Correos fallidos")
        pagina.fill("#codigo_modular", codigo_modular)
        pagina.click("main >> button:has-text('Buscar')")
        assert "Resultados (2)" in _texto(pagina, "main")
        pagina.click("main >> button:has-text('Reenviar los 2 correo(s)')")
        assert "Se reenviaron 2 correo(s)" in _texto(pagina, ".aviso")
        r.pantalla("reenvio-masivo")
        registrados = [s["correo"] for s in solicitudes]
        _esperar(
            lambda: sum(len(smtp.correos(para=c)) for c in registrados) == 2,
            "los dos reenvíos al correo registrado",
        )
        _reprocesar_mensaje_fallido(pagina, r, consola, entorno)
        _salud_del_sistema(pagina, r)
        pagina.click("nav.menu >> text=Lotes de emisión")
        assert "Lotes (0)" in _texto(pagina, "main")
        assert "Ninguna solicitud lleva más de 30 minutos" in _texto(pagina, "#sin-atascadas")
        r.pantalla("lotes")
        navegador.close()
    assert not r.violaciones, "\n".join(r.violaciones)


def _mensaje_fallido(entorno) -> tuple[int, str]:
    """A dead letter in notificaciones: an acknowledgement it gave up on (to a new address)."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, insert

    from shared.db import crear_engine, tablas_infraestructura

    payload = _solicitud(f"{uuid.uuid4().int % 10_000_000:07d}")
    sobre = Evento("SolicitudRegistrada", payload).sobre("pruebas")
    tabla = tablas_infraestructura(MetaData())["mensajes_fallidos"]
    engine = crear_engine(Config.desde_entorno("notificaciones", entorno["env"]))
    with engine.begin() as conn:
        fila = conn.execute(
            insert(tabla).values(
                mensaje_id=sobre["id"],
                type="SolicitudRegistrada",
                sobre=sobre,
                error="OperationalError: la base de datos no respondió",
                permanente=0,
                intentos=6,
                creado_en=datetime.now(UTC),
            )
        )
    engine.dispose()
    return fila.inserted_primary_key[0], payload["correo"]


def _reprocesar_mensaje_fallido(pagina, r, consola: str, entorno) -> None:
    """Mensajes fallidos: the dead letter inspected and reprocessed; its email then arrives."""
    mensaje_id, correo = _mensaje_fallido(entorno)
    pagina.click("nav.menu >> text=Mensajes fallidos")
    pagina.goto(consola + "/mensajes-fallidos?servicio=notificaciones")
    assert "notificaciones (1 pendientes )" in _texto(pagina, ".pestanas")
    assert "OperationalError" in _texto(pagina, "tbody")
    r.pantalla("mensajes-fallidos")
    pagina.click(f"tbody >> text=Ver el mensaje {mensaje_id}")
    assert "SolicitudRegistrada" in _texto(pagina, "pre[aria-label='Sobre del mensaje']")
    assert correo not in _texto(pagina, "main")  # the address is masked
    r.pantalla("mensaje-fallido")
    pagina.click("main >> button:has-text('Reprocesar')")
    assert "devuelto a la cola de notificaciones" in _texto(pagina, ".aviso")
    assert _texto(pagina, "#reprocesado") != "pendiente"
    r.pantalla("mensaje-reprocesado")
    _esperar(lambda: entorno["smtp"].correos(para=correo), "el correo del mensaje reprocesado")


def _salud_del_sistema(pagina, r) -> None:
    """The health page: every service answers, with its database and broker."""
    pagina.click("nav.menu >> text=Salud del sistema")
    for servicio in SERVICIOS_USADOS:
        assert _texto(pagina, f"#servicio-{servicio}").startswith(f"{servicio} ok ok ok")
    assert _texto(pagina, "#estado-relay") == "ok"
    assert "notificaciones" in _texto(pagina, "table[aria-describedby=colas]")
    r.pantalla("salud")


def _padron_csv() -> tuple[str, str, str]:
    """A padrón with two new IEs and, between them, one whose estado is not ACTIVA/CERRADA."""
    buena, mala, otra = (f"{uuid.uuid4().int % 10_000_000:07d}" for _ in range(3))
    cabecera = (
        "codigo_modular;anexo;nombre;estado;codigo_ugel;nombre_ugel;modalidad;niveles;distrito"
    )
    filas = [
        f"{buena};0;I.E. TÚPAC AMARU;ACTIVA;150105;UGEL 05 SJL;EBR;PRIMARIA|SECUNDARIA;SJL",
        f"{mala};0;I.E. SIN ESTADO;ABIERTA;150105;UGEL 05 SJL;EBR;PRIMARIA;SJL",
        f"{otra};0;I.E. JOSÉ OLAYA;CERRADA;150105;UGEL 05 SJL;EBR;SECUNDARIA;SJL",
    ]
    return "\n".join([cabecera, *filas]) + "\n", buena, mala


def _subir(pagina, selector: str, nombre: str, texto: str) -> None:
    pagina.set_input_files(
        selector, files=[{"name": nombre, "mimeType": "text/csv", "buffer": texto.encode()}]
    )


def _selector_en_espanol(pagina, r) -> None:
    """The file picker says «Elegir archivo» / «Ningún archivo elegido», not Chromium's
    English; the keyboard reaches it (visible focus) and the button opens the picker."""
    boton = pagina.locator("label.archivo__boton[for=archivo]")
    assert boton.is_visible() and _texto(pagina, "label.archivo__boton") == "Elegir archivo"
    assert _texto(pagina, "#archivo-nombre") == "Ningún archivo elegido"
    assert pagina.locator("#archivo").evaluate("e => getComputedStyle(e).opacity") == "0"
    for _ in range(40):  # Tab until the hidden input has the focus
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.id") == "archivo":
            break
    else:
        raise AssertionError("el teclado no llega al selector de archivo")
    assert boton.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # its ring
    r.pantalla("padron-foco-en-archivo")
    with pagina.expect_file_chooser() as elegir:
        pagina.keyboard.press("Space")  # the keyboard opens it, as a native picker does
    assert elegir.value.element.get_attribute("id") == "archivo"
    with pagina.expect_file_chooser():
        boton.click()  # and so does the button (a label: no script needed)


def _importar_padron(pagina, r) -> None:
    """Padrón de IIEE: a CSV with one bad row; each row reported; the good one found."""
    pagina.click("nav.menu >> text=Padrón de IIEE")
    pagina.click("main >> button:has-text('Importar')")  # no file: refused, said why
    assert "Adjunte el archivo CSV del padrón." in _texto(pagina, ".resumen-errores")
    r.pantalla("padron-sin-archivo")
    _selector_en_espanol(pagina, r)
    csv, buena, mala = _padron_csv()
    _subir(pagina, "#archivo", "padron.csv", csv)
    assert _texto(pagina, "#archivo-nombre") == "padron.csv"  # mc.js names the chosen file
    r.pantalla("padron-archivo-elegido")
    pagina.click("main >> button:has-text('Importar')")
    assert _texto(pagina, "#resumen-importacion") == (
        "Filas leídas: 3 · guardadas: 2 · rechazadas: 1"
    )
    assert _texto(pagina, "#fila-2").startswith(f"2 {buena} 0 Guardada")
    assert _texto(pagina, "#fila-3") == (
        f"3 {mala} 0 Rechazada estado: Debe ser uno de: ACTIVA, CERRADA."
    )
    r.pantalla("padron-reporte")
    pagina.fill("#q", buena)
    pagina.click("main >> button:has-text('Buscar')")
    assert "Instituciones (1)" in _texto(pagina, "#resultados")
    assert f"{buena}-0 I.E. TÚPAC AMARU ACTIVA UGEL 05 SJL (150105)" in _texto(pagina, "tbody")
    r.pantalla("padron-busqueda")


PERSONAS = (
    "tipo_documento,numero_documento,nombres,primer_apellido,segundo_apellido,"
    "fecha_nacimiento,pais,fallecido\n"
)


def _cargar_identidad(pagina, r) -> None:
    """Registro de identidad: a bad row loads nothing and is reported; then the good file."""
    dni = f"{uuid.uuid4().int % 100_000_000:08d}"
    pagina.click("nav.menu >> text=Registro de identidad")
    malo = PERSONAS + f"DNI,{dni},ROSA,QUISPE,,2004-02-30,,\n"
    _subir(pagina, "#personas", "personas.csv", malo)
    pagina.click("main >> button:has-text('Cargar')")
    assert "No se cargó nada" in _texto(pagina, "#resumen-carga")
    assert _texto(pagina, "#reporte-filas tbody") == (
        "personas.csv 2 fecha_nacimiento No es una fecha válida (use AAAA-MM-DD)."
    )
    assert dni not in _texto(pagina, "main")
    r.pantalla("identidad-rechazada")
    _subir(pagina, "#personas", "personas.csv", PERSONAS + f"DNI,{dni},ROSA,QUISPE,,2004-02-03,,\n")
    pagina.click("main >> button:has-text('Cargar')")
    assert _texto(pagina, "#resumen-carga").startswith("Se cargaron 1 persona(s) y 0 vínculo(s)")
    r.pantalla("identidad-cargada")


def _cuentas_del_personal(pagina, r) -> None:
    """Cuentas del personal: every demo account, this operator with a last sign-in."""
    pagina.click("nav.menu >> text=Cuentas del personal")
    tabla = _texto(pagina, "#tabla-cuentas")
    assert "PALACIOS PONCE, LOURDES HAYDEE" in tabla  # a director: listed, administered by UGEL
    fila = pagina.locator("#tabla-cuentas tbody tr", has_text="MENDOZA RÍOS, JORGE LUIS")
    texto = re.sub(r"\s+", " ", fila.inner_text())
    assert "Operaciones" in texto and "Activa" in texto and "Configurado" in texto
    assert "Nunca" not in texto  # signed in minutes ago
    r.pantalla("cuentas")
    pagina.select_option("#rol", "OPERACIONES")
    pagina.click("main >> button:has-text('Buscar')")
    assert "PALACIOS PONCE" not in _texto(pagina, "main")
    r.pantalla("cuentas-filtro")


def _certificado_emitido(entorno, p) -> str:
    """A certificate issued through the whole chain (notas, solicitudes, emision); its QR."""
    from sqlalchemy import text

    from shared.db import crear_engine

    urls = demo.Urls.locales(BASE)
    sesiones = demo.Sesiones(urls.cuentas, entorno["cuentas"])
    resultado = demo.ejecutar(urls, sesiones, f"vanessa.{uuid.uuid4().hex[:6]}@example.pe")
    engine = crear_engine(Config.desde_entorno("emision", entorno["env"]))
    with engine.connect() as conn:
        documento = conn.execute(
            text("SELECT contenido_certificado FROM certificados WHERE codigo_virtual = :c"),
            {"c": resultado.codigo_virtual.replace("-", "")},
        ).scalar_one()
    engine.dispose()
    return documento["contenido_qr"]


def _rotar_clave(pagina, r, qr: str) -> None:
    """Claves de firma: rotate after a confirmation; the earlier certificate still verifies."""
    pagina.goto(qr)  # before: the verifier's page says the seal is authentic
    assert "sello digital del código QR es auténtico" in _texto(pagina, "main")
    pagina.go_back()
    pagina.click("nav.menu >> text=Claves de firma")
    [activa] = [
        f for f in pagina.locator("#tabla-claves tbody tr").all_inner_texts() if "Activa" in f
    ]
    kid = activa.split()[0]
    assert "Sí" in activa  # verificacion fetched it to check the seal above
    r.pantalla("claves")
    pagina.click("main >> text=Rotar la clave del sello")
    assert "¿Rotar la clave del sello del QR?" in _texto(pagina, "h1")
    assert kid in _texto(pagina, "main")
    r.pantalla("claves-confirmar-rotacion")
    pagina.click("main >> button:has-text('Sí, rotar la clave')")
    assert "firma desde ahora" in _texto(pagina, ".aviso")
    assert _texto(pagina, f"#clave-{kid}").startswith(f"{kid} Retirada")
    filas = pagina.locator("#tabla-claves tbody tr").all_inner_texts()
    assert len(filas) == 2 and sum("Activa" in f for f in filas) == 1
    r.pantalla("claves-rotada")
    pagina.goto(qr)  # after: the certificate issued with the retired key still verifies
    contenido = _texto(pagina, "main")
    assert "VIGENTE" in contenido and "sello digital del código QR es auténtico" in contenido
    r.pantalla("certificado-anterior-verificado")


def test_operaciones_padron_identidad_cuentas_y_claves(sistema, entorno, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    qr = _certificado_emitido(entorno, sistema["puertos"])
    carpeta = tmp_path_factory.mktemp("capturas-operaciones-registros")
    print(f"\nCapturas de padrón, identidad, cuentas y claves en {carpeta}")
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1280, "height": 900}, locale="es-PE")
        r = Recorrido(pagina, carpeta)
        _ingresar(pagina, r, sistema["consola"], entorno["cuentas"]["OPERACIONES"])
        _importar_padron(pagina, r)
        _cargar_identidad(pagina, r)
        _cuentas_del_personal(pagina, r)
        _rotar_clave(pagina, r, qr)
        navegador.close()
    assert not r.violaciones, "\n".join(r.violaciones)
