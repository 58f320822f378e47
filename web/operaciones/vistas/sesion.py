"""Sign-in and sign-out of the console: web.comun's view, for OPERACIONES only."""

from __future__ import annotations

from web.comun.ingreso import blueprint_sesion
from web.operaciones.menu import ROL

bp = blueprint_sesion(
    roles=(ROL,),
    plantilla="operaciones/ingresar.html",
    rol_ajeno="Esta consola es solo para el personal de operaciones. Use el panel de su rol.",
)
