"""The identity registry's CSV files read into rows, each refused row reported.

Shared by `mc identidad cargar` (files on the server) and the console's upload
(``POST /api/solicitudes/registro-identidad/importacion``), so both accept the same files:
personas.csv: tipo_documento, numero_documento, nombres, primer_apellido, segundo_apellido,
fecha_nacimiento (AAAA-MM-DD), pais, fallecido (S/N). vinculos.csv: apoderado_tipo_documento,
apoderado_numero_documento, tipo_documento, numero_documento (the minor), vinculo
(PADRE, MADRE, APODERADO). UTF-8, header in the first row. Nothing is loaded if a row is wrong.
"""

from __future__ import annotations

import csv
import io

from marshmallow import ValidationError

from shared.errores import ErrorDeDominio

# Empty cells of these columns mean "use the default" (PERÚ, not deceased).
_OPCIONALES = ("pais", "fallecido")


def leer(texto: str, esquema) -> tuple[list[dict], list[tuple[int, dict]]]:
    """The rows ``esquema`` accepts, and (row number as a spreadsheet shows it, messages)."""
    filas, errores = [], []
    for numero, fila in enumerate(csv.DictReader(io.StringIO(texto, newline="")), start=2):
        limpia = {
            k.strip(): (v or "").strip()
            for k, v in fila.items()
            if k and not (k.strip() in _OPCIONALES and not (v or "").strip())
        }
        try:
            filas.append(esquema.load(limpia))
        except ValidationError as exc:
            mensajes = exc.messages if isinstance(exc.messages, dict) else {"fila": exc.messages}
            errores.append((numero, mensajes))
    return filas, errores


def reporte(archivo: str, errores: list[tuple[int, dict]]) -> list[dict]:
    """One line {archivo, fila, campo, motivo} per refused field (no personal data in it)."""
    return [
        {"archivo": archivo, "fila": numero, "campo": campo, "motivo": " ".join(map(str, motivos))}
        for numero, mensajes in errores
        for campo, motivos in mensajes.items()
        for motivos in [motivos if isinstance(motivos, list) else [motivos]]
    ]


MAX_BYTES = 10 * 1024 * 1024
ARCHIVOS = ("personas", "vinculos")


class ArchivoNoAdmitido(ErrorDeDominio):
    estado_http = 415
    codigo = "tipo_no_admitido"


class ArchivoInvalido(ErrorDeDominio):
    codigo = "archivo_invalido"


def textos_subidos(request) -> dict[str, str]:
    """The uploaded files' text by field (personas required, vinculos optional), or an error."""
    if request.mimetype != "multipart/form-data":
        raise ArchivoNoAdmitido(
            "Envíe los archivos CSV como multipart/form-data (campos «personas» y «vinculos»).",
            "personas",
        )
    textos = {}
    for campo in ARCHIVOS:
        archivo = request.files.get(campo)
        if archivo is None or not archivo.filename:
            continue
        contenido = archivo.read(MAX_BYTES + 1)
        if len(contenido) > MAX_BYTES:
            raise ArchivoInvalido(f"El archivo supera {MAX_BYTES // 2**20} MB.", campo)
        try:
            textos[campo] = contenido.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArchivoInvalido(
                "El archivo no está en UTF-8: guárdelo como «CSV UTF-8» e intente otra vez.", campo
            ) from exc
        if not textos[campo].strip():
            raise ArchivoInvalido("El archivo está vacío.", campo)
    if "personas" not in textos:
        raise ArchivoInvalido("Adjunte el archivo CSV de personas.", "personas")
    return textos
