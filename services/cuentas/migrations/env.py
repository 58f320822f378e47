"""Alembic environment of the cuentas service (its own schema / SQLite file)."""

from services.cuentas.adapters.orm import metadata
from shared.migraciones import ejecutar_entorno

ejecutar_entorno(metadata)
