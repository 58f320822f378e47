"""The operations console: failed mail, dead letters, health (role OPERACIONES)."""
