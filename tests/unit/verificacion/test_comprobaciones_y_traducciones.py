"""The per-check breakdown's verdicts, and the English catalog: complete and compiled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from services.verificacion.domain import pades, sellos
from services.verificacion.service_layer import comprobaciones as c

RAIZ = Path(__file__).resolve().parents[3]
TRAD = RAIZ / "services" / "verificacion" / "traducciones"
CLAVE = {"kid": "k1", "valido_desde": "2026-01-01T00:00:00.250000+00:00", "valido_hasta": None}
AUTENTICO = {"resultado": sellos.AUTENTICO, "kid": "k1", "emitido_en": "2026-01-01T00:00:00+00:00"}


def _leer(ruta: Path, lector=read_po):
    with ruta.open("rb") as archivo:
        return lector(archivo)


def test_un_sello_de_una_clave_vigente_al_emitir_pasa_y_nombra_la_clave():
    r = c.sello_del_emisor(AUTENTICO, [CLAVE])  # issued in the key's first second: still valid
    assert r.resultado == c.SUPERADA and r.datos["kid"] == "k1"


def test_un_sello_de_una_clave_retirada_antes_de_emitir_falla():
    retirada = {**CLAVE, "valido_hasta": "2025-12-31T23:59:59+00:00"}
    assert c.sello_del_emisor(AUTENTICO, [retirada]).resultado == c.FALLIDA
    posterior = {**CLAVE, "valido_desde": "2026-02-01T00:00:00+00:00"}
    assert c.sello_del_emisor(AUTENTICO, [posterior]).resultado == c.FALLIDA
    assert c.sello_del_emisor(AUTENTICO, []).resultado == c.FALLIDA


def test_sin_qr_ni_archivo_la_integridad_y_el_sello_quedan_sin_comprobar():
    certificado = {"estado": "SUSTITUIDO", "emitido_en": "2026-01-01T00:00:00+00:00",
                   "sustituido_por": "7K3M-9QXD-2HVB-N4TS"}  # fmt: skip
    integridad, estado, sello = c.desglose(certificado)
    assert (integridad.resultado, estado.resultado, sello.resultado) == (
        c.NO_COMPROBADA, c.ADVERTENCIA, c.NO_COMPROBADA,
    )  # fmt: skip
    assert estado.datos["codigo"] == "7K3M-9QXD-2HVB-N4TS"
    alterado = c.integridad(AUTENTICO, {"resultado": "ALTERADO"}, None)
    assert alterado.resultado == c.FALLIDA  # the uploaded file decides over the QR


@pytest.mark.parametrize(
    ("resultado", "veredicto"),
    [
        (pades.VALIDA, c.SUPERADA),
        (pades.MODIFICADA, c.FALLIDA),
        (pades.ALTERADA, c.FALLIDA),
        (pades.NO_CONFIABLE, c.FALLIDA),
        (pades.SIN_FIRMA, c.FALLIDA),
        (pades.SIN_CA, c.NO_COMPROBADA),
        ("DESCONOCIDO", c.NO_COMPROBADA),
    ],
)
def test_la_firma_del_pdf_da_su_veredicto_y_nombra_al_firmante_donde_el_texto_lo_dice(
    resultado, veredicto
):
    firma = {"resultado": resultado, "firmante": "MINEDU (Ministerio)", "numero_serie": "1a2b"}
    r = c.firma_del_pdf(firma)
    assert (r.clave, r.resultado) == ("sello", veredicto)
    ingles = _leer(TRAD / "en" / "LC_MESSAGES" / "messages.po")[r.detalle].string
    for texto in (r.detalle % r.datos, ingles % r.datos):  # every placeholder has its value
        assert ("MINEDU (Ministerio)" in texto) is bool(r.datos)


def test_cada_texto_de_las_paginas_tiene_su_traduccion_al_ingles():
    plantilla = _leer(TRAD / "messages.pot")
    ingles = _leer(TRAD / "en" / "LC_MESSAGES" / "messages.po")
    faltan = [m.id for m in plantilla if m.id and not (ingles.get(m.id) and ingles[m.id].string)]
    assert faltan == [], "ejecute `make traducciones` y traduzca: " + repr(faltan[:5])
    compilado = _leer(TRAD / "en" / "LC_MESSAGES" / "messages.mo", read_mo)
    po = {m.id: m.string for m in ingles if m.id}
    mo = {m.id: m.string for m in compilado if m.id}
    assert po == mo, "el .mo no corresponde al .po: ejecute `make traducciones`"


def test_el_catalogo_esta_al_dia_con_el_codigo(tmp_path):
    """Every marked text in the code is in the committed template (else: make traducciones)."""
    extraido = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F",
         "services/verificacion/babel.cfg", "-k", "N_", "--no-location",
         "-o", str(extraido), "services/verificacion", "shared/i18n.py",
         "shared/identificadores.py"],
        cwd=RAIZ, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    nuevos = {m.id for m in _leer(extraido) if m.id}
    guardados = {m.id for m in _leer(TRAD / "messages.pot") if m.id}
    assert nuevos == guardados, "ejecute `make traducciones`: " + repr(nuevos ^ guardados)
