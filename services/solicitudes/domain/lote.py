"""A bulk emission order (lote): which requests were ordered together, by whom."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from shared.auth import Usuario


class Lote:
    """Its progress is not stored: it is read from the states of its requests."""

    def __init__(self, usuario: Usuario, total: int):
        self.id = secrets.token_hex(16)
        self.creado_por = usuario.sub
        self.rol = usuario.rol
        self.codigo_modular = usuario.codigo_modular
        self.anexo = usuario.anexo
        self.codigo_ugel = usuario.codigo_ugel
        self.total = total
        self.creado_en = datetime.now(UTC)
