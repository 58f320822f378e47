"""Alembic environment of the verificacion service (its own schema / SQLite file)."""

from services.verificacion.adapters.orm import metadata
from shared.migraciones import ejecutar_entorno

ejecutar_entorno(metadata)
