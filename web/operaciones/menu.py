"""The console's left menu; only the screens that exist are shown."""

from __future__ import annotations

from flask import request

ROL = "OPERACIONES"

# (label, endpoint)
MENU = (
    ("Inicio", "inicio.inicio"),
    ("Correos fallidos", "correos.fallidos"),
    ("Mensajes fallidos", "mensajes.fallidos"),
    ("Lotes de emisión", "lotes.lotes"),
    ("Padrón de IIEE", "padron.padron"),
    ("Registro de identidad", "identidad.cargar"),
    ("Cuentas del personal", "personal.cuentas"),
    ("Claves de firma", "claves.claves"),
    ("Salud del sistema", "salud.salud"),
)


def instalar(app) -> None:
    """The menu in every template; the current entry marked aria-current."""

    @app.context_processor
    def _menu():
        from web.comun.personal import cuenta_actual

        existe = app.view_functions.__contains__
        return {
            "menu": [
                {"etiqueta": etiqueta, "endpoint": endpoint}
                for etiqueta, endpoint in MENU
                if existe(endpoint)
            ]
            if cuenta_actual()
            else [],
            "endpoint_actual": request.endpoint,
        }
