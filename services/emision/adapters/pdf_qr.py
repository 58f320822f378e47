"""QR del CE: su matriz y su tamaño impreso, elegido para que cada módulo mida ≥ 0,5 mm.

Un módulo de menos de 0,5 mm se pierde en una fotocopia o un escáner de oficina. El lado
impreso se calcula desde la versión del QR (21 + 4·(versión − 1) módulos): la URL con su sello
firmado (~220 caracteres) da la versión 11, 61 módulos, ~34 mm a 0,55 mm por módulo.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

MODULO_MM = 0.55  # printed module side; 10 % above the 0.5 mm floor for "fit to page" printing
ZONA_LIBRE = 4  # modules of blank paper the layout keeps around the symbol (ISO/IEC 18004)
PIXELES_POR_MODULO = 4

# Fixed QR mask: qrcode's search over the 8 masks (ISO 18004 penalty rules) took ~3 ms, about
# half of a whole certificate. Every mask is valid for decoders (all 8 read back with zbarimg
# from rendered pages); set to None to restore the search if the trade-off changes.
MASCARA_QR: int | None = 0


@dataclass(frozen=True)
class QrImpreso:
    """Imagen del símbolo (sin zona libre) y su geometría en la página."""

    imagen: Image.Image
    version: int
    modulos: int  # symbol side in modules, quiet zone excluded

    @property
    def lado(self) -> float:
        """Lado impreso del símbolo en mm."""
        return self.modulos * MODULO_MM

    @property
    def zona_libre(self) -> float:
        """Margen en blanco (mm) que nada debe invadir alrededor del símbolo."""
        return ZONA_LIBRE * MODULO_MM


def qr_impreso(contenido: str) -> QrImpreso:
    """QR (corrección M) en escala de grises, 4 px por módulo, sin zona libre."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=MASCARA_QR)
    qr.add_data(contenido)
    qr.make(fit=True)
    matriz = qr.get_matrix()
    lado = len(matriz)
    pixeles = bytes(0 if oscuro else 255 for fila in matriz for oscuro in fila)
    # Building the bitmap directly skips qrcode's per-box PIL drawing; NEAREST keeps edges sharp.
    imagen = Image.frombytes("L", (lado, lado), pixeles)
    ampliada = imagen.resize(
        (lado * PIXELES_POR_MODULO, lado * PIXELES_POR_MODULO), Image.Resampling.NEAREST
    )
    return QrImpreso(ampliada, qr.version, lado)
