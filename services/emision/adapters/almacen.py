"""Where PDFs are kept: an interface, and a local directory implementation."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol


class AlmacenPdf(Protocol):
    def guardar(self, codigo_virtual: str, contenido: bytes) -> None: ...

    def leer(self, codigo_virtual: str) -> bytes | None: ...


class AlmacenLocal:
    """PDFs as files under one folder, two levels of sub-folders to keep folders small."""

    def __init__(self, carpeta: Path):
        self.carpeta = Path(carpeta)
        self._creadas: set[Path] = set()  # sub-folders known to exist (no mkdir per PDF)

    def _ruta(self, codigo: str) -> Path:
        return self.carpeta / codigo[:2] / codigo[2:4] / f"{codigo}.pdf"

    def guardar(self, codigo_virtual: str, contenido: bytes) -> None:
        """Write atomically: a reader never sees half a PDF."""
        ruta = self._ruta(codigo_virtual)
        if ruta.parent not in self._creadas:
            ruta.parent.mkdir(parents=True, exist_ok=True)
            self._creadas.add(ruta.parent)
        try:
            fd, temporal = tempfile.mkstemp(dir=ruta.parent, suffix=".tmp")
        except FileNotFoundError:  # the folder was removed meanwhile (a clean-up): again
            self._creadas.clear()
            ruta.parent.mkdir(parents=True, exist_ok=True)
            fd, temporal = tempfile.mkstemp(dir=ruta.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as archivo:
            archivo.write(contenido)
        os.replace(temporal, ruta)

    def leer(self, codigo_virtual: str) -> bytes | None:
        ruta = self._ruta(codigo_virtual)
        return ruta.read_bytes() if ruta.exists() else None


class AlmacenS3:
    """PDFs in an S3-compatible bucket (AWS S3, MinIO, Ceph…), one object per código virtual.

    Credentials come from the usual AWS variables (AWS_ACCESS_KEY_ID, …) read by boto3.
    """

    def __init__(
        self, bucket: str, prefijo: str = "", endpoint_url: str | None = None, cliente=None
    ):
        import boto3  # optional dependency: pip install 'mi-certificado[s3]'

        self.bucket = bucket
        self.prefijo = prefijo.strip("/")
        self._cliente = cliente or boto3.client("s3", endpoint_url=endpoint_url or None)

    def _clave(self, codigo: str) -> str:
        return f"{self.prefijo}/{codigo}.pdf" if self.prefijo else f"{codigo}.pdf"

    def guardar(self, codigo_virtual: str, contenido: bytes) -> None:
        """One PUT: S3 objects appear whole or not at all."""
        self._cliente.put_object(
            Bucket=self.bucket,
            Key=self._clave(codigo_virtual),
            Body=contenido,
            ContentType="application/pdf",
        )

    def leer(self, codigo_virtual: str) -> bytes | None:
        try:
            respuesta = self._cliente.get_object(
                Bucket=self.bucket, Key=self._clave(codigo_virtual)
            )
        except self._cliente.exceptions.NoSuchKey:
            return None
        return respuesta["Body"].read()


def crear_almacen(destino: str, carpeta_local: Path, endpoint_url: str | None = None) -> AlmacenPdf:
    """``s3://bucket/prefijo`` → AlmacenS3; anything else → the local folder."""
    if destino.startswith("s3://"):
        bucket, _, prefijo = destino.removeprefix("s3://").partition("/")
        if not bucket:
            raise ValueError("ALMACEN_PDF=s3://<bucket>[/<prefijo>]: falta el bucket")
        return AlmacenS3(bucket, prefijo, endpoint_url)
    return AlmacenLocal(carpeta_local)
