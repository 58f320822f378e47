"""Who sees a lote and who attends a request: solicitudes' autorizacion, one place."""

from __future__ import annotations

from services.solicitudes.domain.copias import InstitucionLocal
from services.solicitudes.domain.lote import Lote
from services.solicitudes.domain.ruta import RUTA_IE, RUTA_OACIGED, RUTA_UGEL
from services.solicitudes.service_layer.autorizacion import puede_atender, puede_ver_lote
from shared.auth import Usuario

DIRECTOR = Usuario("41234567", "DIRECTOR_IE", codigo_modular="0584714", anexo="0")
OTRO_DIRECTOR = Usuario("41234568", "DIRECTOR_IE", codigo_modular="0584714", anexo="0")
DIRECTOR_DE_OTRA_IE = Usuario("41234569", "DIRECTOR_IE", codigo_modular="0321001", anexo="0")
UGEL_03 = Usuario("42345678", "ESPECIALISTA_UGEL", codigo_ugel="150103")
UGEL_07 = Usuario("42345679", "ESPECIALISTA_UGEL", codigo_ugel="150107")
OACIGED = Usuario("43456789", "OACIGED")


def test_un_lote_lo_ve_quien_lo_ordeno_y_quien_tiene_su_mismo_alcance():
    lote = Lote(DIRECTOR, 3)
    assert puede_ver_lote(DIRECTOR, lote)
    assert puede_ver_lote(OTRO_DIRECTOR, lote)  # same IE
    assert not puede_ver_lote(DIRECTOR_DE_OTRA_IE, lote)
    assert not puede_ver_lote(UGEL_03, lote)  # another role, even the IE's UGEL
    de_ugel = Lote(UGEL_03, 1)
    assert puede_ver_lote(Usuario("x", "ESPECIALISTA_UGEL", codigo_ugel="150103"), de_ugel)
    assert not puede_ver_lote(UGEL_07, de_ugel)
    assert puede_ver_lote(Usuario("y", "OACIGED"), Lote(OACIGED, 1))


def test_atiende_el_director_de_la_ie_la_ugel_de_la_ie_y_la_oaciged_lo_suyo():
    ie = InstitucionLocal("0584714", "0", "IE DEMO", "ACTIVA", "150103", "UGEL 03 BREÑA", "EBR", [])
    assert puede_atender(DIRECTOR, RUTA_IE, ie)
    assert not puede_atender(DIRECTOR_DE_OTRA_IE, RUTA_IE, ie)
    assert puede_atender(UGEL_03, RUTA_UGEL, ie)
    assert not puede_atender(UGEL_07, RUTA_UGEL, ie)
    assert puede_atender(OACIGED, RUTA_OACIGED, ie)
    assert not puede_atender(OACIGED, RUTA_IE, ie)
    assert not puede_atender(DIRECTOR, RUTA_IE, None)
