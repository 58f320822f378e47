"""The portal's start page: request a certificate, track it, download it, verify one."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("inicio", __name__)


@bp.route("/", methods=["GET"])
def inicio():
    """Start page (GOV.UK start page pattern)."""
    return render_template("ciudadano/inicio.html")
