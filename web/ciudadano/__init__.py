"""The citizen's portal: the Solicitud WEB, seguimiento, mis certificados (served at /)."""
