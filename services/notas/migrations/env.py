"""Alembic environment of the notas service (its own schema / SQLite file)."""

from services.notas.adapters.orm import metadata
from shared.migraciones import ejecutar_entorno

ejecutar_entorno(metadata)
