"""PDFs in an S3-compatible bucket: a real S3 HTTP API (moto's server) on this machine."""

from __future__ import annotations

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from services.emision.adapters.almacen import AlmacenLocal, AlmacenS3, crear_almacen

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.7\n% certificado\n%%EOF\n"


@pytest.fixture(scope="module")
def _servidor_s3():
    """One S3 endpoint (moto) on a free loopback port for the module: it takes seconds to start."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    servidor = ThreadedMotoServer(ip_address="127.0.0.1", port=puerto, verbose=False)
    servidor.start()
    yield f"http://127.0.0.1:{puerto}"
    servidor.stop()


@pytest.fixture
def s3(_servidor_s3, monkeypatch):
    """The S3 endpoint with one empty bucket (made anew per test); credentials as AWS reads them."""
    for clave, valor in {
        "AWS_ACCESS_KEY_ID": "prueba",
        "AWS_SECRET_ACCESS_KEY": "prueba",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(clave, valor)
    cliente = boto3.client("s3", endpoint_url=_servidor_s3)
    cliente.create_bucket(Bucket="certificados")
    yield _servidor_s3
    objetos = cliente.list_objects_v2(Bucket="certificados").get("Contents", [])
    for objeto in objetos:
        cliente.delete_object(Bucket="certificados", Key=objeto["Key"])
    cliente.delete_bucket(Bucket="certificados")


def test_guardar_y_leer_en_el_bucket(s3):
    almacen = AlmacenS3("certificados", "pdf/2026", endpoint_url=s3)
    almacen.guardar("7K3M9QXD2HVBN4TA", PDF)
    assert almacen.leer("7K3M9QXD2HVBN4TA") == PDF
    assert almacen.leer("0000000000000000") is None
    objeto = boto3.client("s3", endpoint_url=s3).get_object(
        Bucket="certificados", Key="pdf/2026/7K3M9QXD2HVBN4TA.pdf"
    )
    assert objeto["ContentType"] == "application/pdf"


def test_la_configuracion_elige_el_almacen(s3, tmp_path):
    assert isinstance(crear_almacen("", tmp_path), AlmacenLocal)
    elegido = crear_almacen("s3://certificados/emitidos", tmp_path, s3)
    assert isinstance(elegido, AlmacenS3) and elegido.prefijo == "emitidos"
    with pytest.raises(ValueError, match="falta el bucket"):
        crear_almacen("s3://", tmp_path)


def test_emision_configurada_con_s3_guarda_en_el_bucket(s3, prefijo_pg, tmp_path):
    from services.emision.entrypoints.flask_app import create_app
    from tests.conftest import config_real

    config = config_real(
        "emision", prefijo_pg, tmp_path, ALMACEN_PDF="s3://certificados", S3_ENDPOINT_URL=s3
    )
    app = create_app(config)
    assert isinstance(app.extensions["almacen"], AlmacenS3)
    app.extensions["almacen"].guardar("7K3M9QXD2HVBN4TA", PDF)
    assert not list(tmp_path.rglob("*.pdf"))  # nothing written locally
    assert AlmacenS3("certificados", endpoint_url=s3).leer("7K3M9QXD2HVBN4TA") == PDF
    app.extensions["mc"].engine.dispose()


def test_el_almacen_local_vuelve_a_crear_una_carpeta_borrada_entre_dos_pdf(tmp_path):
    import shutil

    almacen = AlmacenLocal(tmp_path / "pdf")
    almacen.guardar("ABCD00000000001", b"%PDF-1 uno")
    shutil.rmtree(tmp_path / "pdf")  # an operator cleans the folder while the worker runs
    almacen.guardar("ABCD00000000002", b"%PDF-1 dos")
    assert almacen.leer("ABCD00000000002") == b"%PDF-1 dos"
    assert almacen.leer("ABCD00000000001") is None
