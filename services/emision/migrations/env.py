"""Alembic environment of the emision service (its own schema / SQLite file)."""

from services.emision.adapters.orm import metadata
from shared.migraciones import ejecutar_entorno

ejecutar_entorno(metadata)
