"""QR del CE: su matriz y su tamaño impreso, elegido para que cada módulo mida ≥ 0,5 mm.

Un módulo de menos de 0,5 mm se pierde en una fotocopia o un escáner de oficina. El lado
impreso se calcula desde la versión del QR (21 + 4·(versión − 1) módulos): la URL con su sello
firmado (~220 caracteres) da la versión 11, 61 módulos, ~34 mm a 0,55 mm por módulo.
"""

from __future__ import annotations

from dataclasses import dataclass

import zxingcpp
from PIL import Image

MODULO_MM = 0.55  # printed module side; 10 % above the 0.5 mm floor for "fit to page" printing
ZONA_LIBRE = 4  # modules of blank paper the layout keeps around the symbol (ISO/IEC 18004)
PIXELES_POR_MODULO = 4

# zxing-cpp encodes in C++ (its Reed–Solomon, placement and ISO 18004 mask search): ~0.5 ms
# where the pure-Python qrcode took ~8.6 ms of a ~19 ms certificate, even with a fixed mask.


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
    simbolo = zxingcpp.create_barcode(contenido, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    # One pixel per module, 0 dark and 255 light, no quiet zone: the layout keeps its own.
    matriz = simbolo.to_image(scale=1, add_quiet_zones=False)
    lado, ancho = memoryview(matriz).shape
    if lado != ancho or (lado - 17) % 4:
        raise ValueError(f"contenido_qr: símbolo QR inesperado de {lado}×{ancho} módulos")
    imagen = Image.frombytes("L", (lado, lado), bytes(matriz))
    # NEAREST keeps the module edges sharp.
    ampliada = imagen.resize(
        (lado * PIXELES_POR_MODULO, lado * PIXELES_POR_MODULO), Image.Resampling.NEAREST
    )
    return QrImpreso(ampliada, (lado - 17) // 4, lado)
