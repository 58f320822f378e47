"""The PAdES certificate rotates with the QR keys; verificacion validates an uploaded PDF's
signature against the project's CA (issue 18)."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from services.emision.adapters.firma_pdf import CA, RenderizadorFirmado, cargar_firmante
from services.emision.adapters.pdf import RenderizadorPdf
from services.verificacion.adapters.firma_pdf import ValidadorPades
from services.verificacion.domain import pades
from services.verificacion.service_layer.comprobaciones import firma_del_pdf
from tests.unit.emision.test_firma_pdf import _documento


@pytest.fixture(scope="module")
def entorno(tmp_path_factory):
    claves = tmp_path_factory.mktemp("claves")
    firmante = cargar_firmante(claves, crear_si_falta=True)
    otro_proceso = cargar_firmante(claves)  # a running worker: it must follow the rotation
    renderizador = RenderizadorFirmado(RenderizadorPdf(), firmante)
    anterior = renderizador.renderizar(_documento())
    serie_anterior = firmante.certificado()["numero_serie"]
    nuevo = firmante.rotar()
    return {
        "claves": claves,
        "validador": ValidadorPades([claves / "pades" / CA]),
        "anterior": anterior,
        "serie_anterior": serie_anterior,
        "nuevo": nuevo,
        "posterior": RenderizadorFirmado(RenderizadorPdf(), otro_proceso).renderizar(_documento()),
        "firmante": firmante,
    }


def test_la_rotacion_emite_un_certificado_nuevo_y_el_pdf_anterior_sigue_valido(entorno):
    v = entorno["validador"]
    assert entorno["nuevo"]["numero_serie"] != entorno["serie_anterior"]
    posterior, anterior = v.validar(entorno["posterior"]), v.validar(entorno["anterior"])
    assert posterior["resultado"] == anterior["resultado"] == pades.VALIDA
    assert posterior["numero_serie"] == entorno["nuevo"]["numero_serie"]  # the other worker too
    assert anterior["numero_serie"] == entorno["serie_anterior"]
    historial = entorno["firmante"].historial()
    assert [(c["numero_serie"], c["activo"]) for c in historial] == [
        (entorno["nuevo"]["numero_serie"], True),
        (entorno["serie_anterior"], False),
    ]


def test_un_pdf_firmado_se_lee_valido_con_el_nombre_del_firmante(entorno):
    firma = entorno["validador"].validar(entorno["posterior"])
    comprobacion = firma_del_pdf(firma)
    assert comprobacion.resultado == "SUPERADA"
    texto = comprobacion.detalle % comprobacion.datos
    assert "Mi Certificado - Emisión de certificados (Ministerio de Educación del Perú)" in texto


def test_un_byte_cambiado_en_lo_firmado_no_es_valido(entorno):
    pdf = entorno["posterior"]
    alterado = pdf[:2000] + bytes([pdf[2000] ^ 1]) + pdf[2001:]
    firma = entorno["validador"].validar(alterado)
    assert firma["resultado"] == pades.ALTERADA
    assert firma_del_pdf(firma).resultado == "FALLIDA"


def test_una_revision_anadida_que_cambia_el_contenido_no_es_valida(entorno):
    escritor = IncrementalPdfFileWriter(io.BytesIO(entorno["posterior"]), strict=False)
    escritor.root["/Lang"] = generic.TextStringObject("en")
    escritor.update_root()
    salida = io.BytesIO()
    escritor.write(salida)
    firma = entorno["validador"].validar(salida.getvalue())
    assert firma["resultado"] == pades.MODIFICADA
    assert "modificado después de firmarse" in firma_del_pdf(firma).detalle


def test_un_pdf_de_otra_ca_o_sin_firma_no_es_valido(entorno, tmp_path):
    ajena = cargar_firmante(tmp_path, crear_si_falta=True)
    pdf = RenderizadorFirmado(RenderizadorPdf(), ajena).renderizar(_documento())
    assert entorno["validador"].validar(pdf)["resultado"] == pades.NO_CONFIABLE
    sin_firma = RenderizadorPdf().renderizar(_documento())
    assert entorno["validador"].validar(sin_firma)["resultado"] == pades.SIN_FIRMA
