"""Términos y condiciones of the Solicitud WEB: the version a citizen accepts is recorded."""

from __future__ import annotations

VERSION = "2025-01"

TEXTO = """\
TÉRMINOS Y CONDICIONES DE USO DE LA SOLICITUD WEB DEL CERTIFICADO OFICIAL DE ESTUDIOS

1. La solicitud es gratuita y personal: la presenta el estudiante mayor de edad o, si es menor
   de edad, su padre, madre o apoderado registrado.
2. Los datos de identidad ingresados se validan con el registro de identidad (RENIEC o
   Migraciones). Declaro que son verdaderos; la falsedad está sujeta a las responsabilidades
   de ley.
3. Autorizo el uso de mis datos personales solo para atender esta solicitud y enviar el
   certificado al correo electrónico indicado (Ley N.° 29733, de Protección de Datos
   Personales).
4. El certificado lo emite la institución educativa, la UGEL (si la institución cerró) o la
   OACIGED (estudios hasta 1985); su validez se verifica con el código virtual y el QR.
5. Puedo seguir el estado de mi solicitud con el código de seguimiento que recibiré.
"""
