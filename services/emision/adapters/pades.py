"""PAdES signature in one pass over fpdf2's PDF: the incremental update and the CMS, built here.

pyHanko's ``PdfSigner`` re-parses the PDF, writes the update twice and re-encodes the whole CMS
(certificate chain included) for every signature: ~40 ms, of which the RSA operation is 3 ms.
Here everything constant is encoded once per signer (certificates, algorithm identifiers, the
ESS signing-certificate-v2 attribute, the /Sig dictionary's text) and each signature only
appends, to the bytes fpdf2 wrote:

- the catalog again, with /AcroForm (SigFlags 3), the ESIC extension PAdES declares and, when
  fpdf2 did not write it, /AF (PDF/A-3 associated files: the embedded files of /Names);
- the first page again, with /Annots holding the invisible signature widget;
- the AcroForm, the widget (field FirmaEmisor) and the /Sig dictionary (/ETSI.CAdES.detached,
  /ByteRange and a zero-filled /Contents reserve);
- a classic xref section and a trailer with /Prev.

The CMS SignedData (detached) carries content-type, message-digest and signing-certificate-v2
as signed attributes (no signing-time: PAdES B-B puts the time in the /Sig's /M), and, with a
TSA, the RFC 3161 token of the signature value as unsigned attribute (B-T).

``actualizacion`` answers None for a PDF that is not shaped as fpdf2 writes it (xref stream,
encryption, a previous update, an /AcroForm or /Annots already there...): the caller then signs
with pyHanko, which handles any PDF.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import cms
from pyhanko.pdf_utils import generic
from pyhanko.sign.general import as_signing_certificate_v2

CAMPO = "FirmaEmisor"

# DER pieces that never change (OIDs of id-data, id-signedData, the attributes).
_ID_DATA = bytes.fromhex("06092a864886f70d010701")
_ID_SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")
_ATRIBUTO_TIPO = bytes.fromhex("301806092a864886f70d010903310b") + _ID_DATA
_ID_RESUMEN = bytes.fromhex("06092a864886f70d010904")
_ID_SELLO_TIEMPO = bytes.fromhex("060b2a864886f70d010910020e")
_VERSION_1 = bytes.fromhex("020101")


def _tlv(etiqueta: int, cuerpo: bytes) -> bytes:
    """One DER element: tag, definite length, contents."""
    largo = len(cuerpo)
    if largo < 0x80:
        return bytes((etiqueta, largo)) + cuerpo
    octetos = largo.to_bytes((largo.bit_length() + 7) // 8, "big")
    return bytes((etiqueta, 0x80 | len(octetos))) + octetos + cuerpo


class ContenedorCms:
    """The CMS SignedData of one signer (certificate, key, chain), pre-encoded but for the
    message digest, the RSA signature and the timestamp token."""

    def __init__(self, certificado, cadena, firmar_rsa, algoritmo_firma):
        """``certificado``/``cadena``: asn1crypto certificates; ``firmar_rsa``: bytes -> the
        RSA PKCS#1 v1.5 SHA-256 signature of them; ``algoritmo_firma``: the
        SignedDigestAlgorithm pyHanko would declare."""
        self._firmar_rsa = firmar_rsa
        certificados = {c.dump(): c for c in (*cadena, certificado)}
        self._certificados = b"".join(certificados)
        self._resumen = cms.DigestAlgorithm({"algorithm": "sha256"}).dump()
        self._algoritmo_firma = algoritmo_firma.dump()
        self._emisor_y_serie = cms.SignerIdentifier(
            name="issuer_and_serial_number",
            value=cms.IssuerAndSerialNumber(
                {"issuer": certificado.issuer, "serial_number": certificado.serial_number}
            ),
        ).dump()
        self._atributo_certificado = cms.CMSAttribute(
            {"type": "signing_certificate_v2", "values": [as_signing_certificate_v2(certificado)]}
        ).dump()

    def firmar(self, resumen: bytes) -> tuple[bytes, bytes]:
        """The RSA signature over the signed attributes of ``resumen`` (SHA-256 of the ranges)
        and those attributes' DER, as they go in the SignerInfo."""
        atributos = (
            _ATRIBUTO_TIPO
            + _tlv(0x30, _ID_RESUMEN + _tlv(0x31, _tlv(0x04, resumen)))
            + self._atributo_certificado
        )
        firma = self._firmar_rsa(_tlv(0x31, atributos))
        return firma, atributos

    def empaquetar(self, firma: bytes, atributos: bytes, sello: bytes | None = None) -> bytes:
        """The ContentInfo DER; ``sello``: the DER of the TSA's token of ``firma`` (B-T)."""
        no_firmados = b""
        if sello is not None:
            no_firmados = _tlv(0xA1, _tlv(0x30, _ID_SELLO_TIEMPO + _tlv(0x31, sello)))
        firmante = _tlv(
            0x30,
            _VERSION_1
            + self._emisor_y_serie
            + self._resumen
            + _tlv(0xA0, atributos)
            + self._algoritmo_firma
            + _tlv(0x04, firma)
            + no_firmados,
        )
        datos_firmados = _tlv(
            0x30,
            _VERSION_1
            + _tlv(0x31, self._resumen)
            + _tlv(0x30, _ID_DATA)
            + _tlv(0xA0, self._certificados)
            + _tlv(0x31, firmante),
        )
        return _tlv(0x30, _ID_SIGNED_DATA + _tlv(0xA0, datos_firmados))


def texto_pdf(texto: str) -> bytes:
    """A text string as pyHanko writes it (PDFDocEncoding, octal escapes)."""
    salida = io.BytesIO()
    generic.TextStringObject(texto).write_to_stream(salida)
    return salida.getvalue()


@dataclass(frozen=True)
class Actualizacion:
    """The signed PDF but for its /Contents: ``pdf[inicio:fin]`` is the zero-filled hex reserve
    (between the angle brackets); everything else is what the signature covers."""

    pdf: bytearray
    inicio: int
    fin: int

    def resumen(self) -> bytes:
        vista = memoryview(self.pdf)
        h = hashlib.sha256(vista[: self.inicio - 1])
        h.update(vista[self.fin + 1 :])
        return h.digest()

    def completar(self, contenedor: bytes) -> bytes:
        """The PDF with the CMS in its reserve (ValueError if it does not fit)."""
        hexa = contenedor.hex().encode()
        if len(hexa) > self.fin - self.inicio:
            raise ValueError(
                f"la firma ({len(contenedor)} bytes) no cabe en la reserva "
                f"({(self.fin - self.inicio) // 2} bytes)"
            )
        self.pdf[self.inicio : self.inicio + len(hexa)] = hexa
        return bytes(self.pdf)


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECCION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_REFERENCIA = rb"(\d+) 0 R"
_CLAVES_AJENAS = re.compile(rb"/(?:AcroForm|Extensions|Perms|Annots|Encrypt)(?![\w.-])")
_AF = re.compile(rb"/AF(?![\w.-])")
_ADJUNTOS = re.compile(
    rb"/EmbeddedFiles\s*<<\s*/Names\s*\[((?:\s*\((?:[^()\\]|\\.)*\)\s*\d+ 0 R)*)\s*\]\s*>>"
)


def _tabla_xref(pdf: bytes, posicion: int) -> tuple[dict[int, int], bytes] | None:
    """Offsets of the objects in use and the trailer dictionary of a classic xref section."""
    if not pdf.startswith(b"xref", posicion):
        return None  # an xref stream: pyHanko reads those
    posicion += 4
    while pdf[posicion : posicion + 1] in (b"\r", b"\n", b" "):
        posicion += 1
    desplazamientos: dict[int, int] = {}
    while not pdf.startswith(b"trailer", posicion):
        cabecera = _SUBSECCION.match(pdf, posicion)
        if cabecera is None:
            return None
        primero, cuantos = int(cabecera[1]), int(cabecera[2])
        posicion = cabecera.end()
        for i in range(cuantos):
            entrada = pdf[posicion : posicion + 20]
            if entrada[17:18] == b"n":
                if entrada[11:16] != b"00000":
                    return None  # generations other than 0: not fpdf2's output
                desplazamientos[primero + i] = int(entrada[:10])
            posicion += 20
    fin = pdf.find(b"startxref", posicion)
    return desplazamientos, pdf[posicion + 7 : fin]


def _diccionario(pdf: bytes, desplazamientos: dict[int, int], numero: int) -> bytes | None:
    """The text ``<< ... >>`` of object ``numero`` if it is a plain dictionary."""
    inicio = desplazamientos.get(numero)
    if inicio is None or not pdf.startswith(b"%d 0 obj" % numero, inicio):
        return None
    fin = pdf.find(b"endobj", inicio)
    cuerpo = pdf[inicio + len(b"%d 0 obj" % numero) : fin].strip()
    if not (cuerpo.startswith(b"<<") and cuerpo.endswith(b">>")) or b"stream" in cuerpo:
        return None
    return cuerpo


def _con(diccionario: bytes, entradas: bytes) -> bytes:
    """The dictionary's text with more entries before its closing ``>>``."""
    return diccionario[:-2].rstrip() + b"\n" + entradas + b"\n>>"


def actualizacion(pdf: bytes, sig: bytes, reserva: int) -> Actualizacion | None:
    """The incremental update that signs fpdf2's ``pdf``, its /Contents still to fill, or None
    when ``pdf`` is not shaped as this code expects.

    ``sig``: the /Sig dictionary's constant entries (Filter, SubFilter, Name, Reason...);
    ``reserva``: bytes reserved for the CMS (twice as many hex digits).
    """
    final = _STARTXREF.search(pdf, len(pdf) - 64)
    if final is None:
        return None
    leida = _tabla_xref(pdf, int(final[1]))
    if leida is None:
        return None
    desplazamientos, trailer = leida
    if b"/Prev" in trailer or b"/Encrypt" in trailer:
        return None
    raiz, tamano = re.search(rb"/Root " + _REFERENCIA, trailer), re.search(rb"/Size (\d+)", trailer)
    ident = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>", trailer)
    if raiz is None or tamano is None or ident is None:
        return None
    catalogo = _diccionario(pdf, desplazamientos, int(raiz[1]))
    if catalogo is None or _CLAVES_AJENAS.search(catalogo):
        return None
    paginas = re.search(rb"/Pages " + _REFERENCIA, catalogo)
    arbol = paginas and _diccionario(pdf, desplazamientos, int(paginas[1]))
    hijos = arbol and re.search(rb"/Kids\s*\[\s*" + _REFERENCIA, arbol)
    pagina = hijos and _diccionario(pdf, desplazamientos, int(hijos[1]))
    if not pagina or b"/Type /Page" not in pagina or _CLAVES_AJENAS.search(pagina):
        return None
    adjuntos = b""
    if b"/EmbeddedFiles" in catalogo and not _AF.search(catalogo):  # fpdf2 >= 2.8 lists them
        nombres = _ADJUNTOS.search(catalogo)
        if nombres is None:
            return None
        refs = re.findall(rb"\)\s*(\d+) 0 R", nombres[1])
        adjuntos = b"/AF [ " + b" ".join(b"%s 0 R" % r for r in refs) + b" ]\n"

    n_raiz, n_pagina, n_form = int(raiz[1]), int(hijos[1]), int(tamano[1])
    n_widget, n_sig = n_form + 1, n_form + 2
    cuerpo = bytearray(pdf)
    if not cuerpo.endswith(b"\n"):
        cuerpo += b"\n"
    nuevos: dict[int, int] = {}

    def objeto(numero: int, texto: bytes) -> None:
        nuevos[numero] = len(cuerpo)
        cuerpo.extend(b"%d 0 obj\n%s\nendobj\n" % (numero, texto))

    extension = b"/Extensions << /ESIC << /Type /DeveloperExtensions /BaseVersion /1.7 "
    extension += b"/ExtensionLevel 1 >> >>"
    objeto(n_raiz, _con(catalogo, adjuntos + b"/AcroForm %d 0 R\n" % n_form + extension))
    objeto(n_pagina, _con(pagina, b"/Annots [ %d 0 R ]" % n_widget))
    objeto(n_form, b"<<\n/Fields [ %d 0 R ]\n/SigFlags 3\n>>" % n_widget)
    campo = texto_pdf(CAMPO)
    objeto(
        n_widget,
        b"<<\n/FT /Sig\n/T %s\n/Type /Annot\n/Subtype /Widget\n/F 132\n/Rect [ 0 0 0 0 ]\n"
        b"/P %d 0 R\n/V %d 0 R\n>>" % (campo, n_pagina, n_sig),
    )
    momento = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ").encode()
    nuevos[n_sig] = len(cuerpo)
    cuerpo.extend(b"%d 0 obj\n<<\n/Contents <" % n_sig)
    inicio = len(cuerpo)
    cuerpo.extend(b"0" * (2 * reserva))
    fin = len(cuerpo)
    cuerpo.extend(b">\n/ByteRange ")
    posicion_rango = len(cuerpo)
    cuerpo.extend(b" " * 40)
    cuerpo.extend(b"\n/Type /Sig\n%s\n/M %s\n>>\nendobj\n" % (sig, texto_pdf(momento.decode())))

    inicio_xref = len(cuerpo)
    cuerpo.extend(b"xref\n0 1\n0000000000 65535 f \n")
    numeros = sorted(nuevos)
    for i, numero in enumerate(numeros):  # one subsection per run of consecutive numbers
        if i == 0 or numeros[i - 1] != numero - 1:
            corrida = 1
            while i + corrida < len(numeros) and numeros[i + corrida] == numero + corrida:
                corrida += 1
            cuerpo.extend(b"%d %d\n" % (numero, corrida))
        cuerpo.extend(b"%010d 00000 n \n" % nuevos[numero])
    info = re.search(rb"/Info " + _REFERENCIA, trailer)
    cuerpo.extend(
        b"trailer\n<<\n/Size %d\n/Root %d 0 R\n%s/ID [ <%s> <%s> ]\n/Prev %d\n>>\n"
        % (
            n_sig + 1,
            n_raiz,
            b"/Info %s 0 R\n" % info[1] if info else b"",
            ident[1],
            os.urandom(16).hex().encode(),
            int(final[1]),
        )
    )
    cuerpo.extend(b"startxref\n%d\n%%%%EOF\n" % inicio_xref)
    rango = b"[0 %d %d %d]" % (inicio - 1, fin + 1, len(cuerpo) - fin - 1)
    cuerpo[posicion_rango : posicion_rango + len(rango)] = rango
    return Actualizacion(cuerpo, inicio, fin)
