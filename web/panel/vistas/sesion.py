"""Sign-in and sign-out of the panel: web.comun's view, for the panel's three roles."""

from __future__ import annotations

from web.comun.ingreso import blueprint_sesion
from web.panel.menu import STAFF

bp = blueprint_sesion(
    roles=STAFF,
    plantilla="panel/ingresar.html",
    rol_ajeno=(
        "El panel «Mi Certificado» es para directores de IE, especialistas de UGEL y OACIGED. "
        "Use la consola de su rol."
    ),
)
