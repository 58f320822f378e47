"""Web frontends: panel (staff), ciudadano (citizens), operaciones; comun is what they share."""
