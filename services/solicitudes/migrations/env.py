"""Alembic environment of the solicitudes service (its own schema / SQLite file)."""

from services.solicitudes.adapters.orm import metadata
from shared.migraciones import ejecutar_entorno

ejecutar_entorno(metadata)
