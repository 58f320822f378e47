"""Alembic environment of the notificaciones service (its own schema / SQLite file)."""

from services.notificaciones.adapters.orm import metadata
from shared.migraciones import ejecutar_entorno

ejecutar_entorno(metadata)
