"""HTTP entry point of the verificacion service: the QR's page and the JSON API (public)."""

from __future__ import annotations

from services.verificacion.adapters import cache_resumenes
from services.verificacion.adapters.emision import ClienteEmision, ClienteEmisionHttp
from services.verificacion.adapters.firma_pdf import ValidadorPades, anclas_de
from services.verificacion.entrypoints.api import bp
from services.verificacion.entrypoints.comun import PeticionEnMemoria
from services.verificacion.entrypoints.idioma import instalar_idiomas
from services.verificacion.entrypoints.inicio import inicio, instalar_paginas_de_error
from services.verificacion.entrypoints.limites import instalar_limites
from services.verificacion.entrypoints.pagina import pagina
from services.verificacion.service_layer import handlers
from services.verificacion.service_layer.claves import CopiaDeClaves
from services.verificacion.service_layer.dependencias import Dependencias
from services.verificacion.service_layer.unit_of_work import UnidadDeTrabajoVerificacion
from shared.config import Config
from shared.identificadores import EJEMPLO_CODIGO
from shared.lista_estado import CARPETA_LISTAS_ESTADO
from shared.llavero import Llavero
from shared.web import conectar_consumidor, crear_app_servicio

# Every public lookup counts per IP; those that take a document number also per certificate.
CONSULTAS = [
    "verificacion.verificar",
    "verificacion.detalle",
    "verificacion.descargar_pdf",
    "verificacion.descargar_credencial",
    "verificacion.comprobar_archivo",
    "verificacion.comprobar_sello",
    "pagina.pagina_verificacion",
    "pagina.pagina_detalle",
    "pagina.pagina_pdf",
    "pagina.pagina_credencial",
    "pagina.pagina_descarga",
    "pagina.pagina_archivo",
]
CON_DOCUMENTO = [
    "verificacion.detalle",
    "verificacion.descargar_pdf",
    "verificacion.descargar_credencial",
    "pagina.pagina_detalle",
    "pagina.pagina_pdf",
    "pagina.pagina_credencial",
]


def create_app(config: Config | None = None, cliente_emision: ClienteEmision | None = None):
    """Application factory of the verificacion service."""
    config = config or Config.desde_entorno("verificacion")
    # No ping per checkout: the busiest read path retries once instead (UoW.leer).
    app, api = crear_app_servicio(config, UnidadDeTrabajoVerificacion, pre_ping=False)
    app.request_class = PeticionEnMemoria
    api.register_blueprint(bp)
    app.jinja_env.globals["EJEMPLO_CODIGO"] = EJEMPLO_CODIGO  # one example, one constant
    app.register_blueprint(pagina)
    app.register_blueprint(inicio)
    instalar_paginas_de_error(app)
    instalar_idiomas(app)
    ctx = app.extensions["mc"]
    # Real mode: each process keeps the summaries it served, dropped on a change (NOTIFY).
    resumenes = cache_resumenes.para(config)
    if resumenes is not None:
        sin_cache = ctx.uow_factory
        ctx.uow_factory = lambda: _con_cache(sin_cache(), resumenes)
    cliente = cliente_emision or ClienteEmisionHttp(
        config.url_emision, config.clave_servicios, "verificacion"
    )
    dep = Dependencias(
        cliente,
        CopiaDeClaves(ctx.uow_factory, cliente),
        # Its own ring: the status lists are signed here, emision's private key stays there.
        Llavero.cargar(config.firma_dir / CARPETA_LISTAS_ESTADO, crear_si_falta=True),
        config.url_verificacion,
        ValidadorPades(anclas_de(config)),
    )
    app.extensions["verificacion"] = dep
    instalar_limites(app, config, CONSULTAS, CON_DOCUMENTO)
    conectar_consumidor(app, handlers.MANEJADORES, dep)
    return app


def _con_cache(uow: UnidadDeTrabajoVerificacion, resumenes) -> UnidadDeTrabajoVerificacion:
    uow.resumenes = resumenes
    return uow
