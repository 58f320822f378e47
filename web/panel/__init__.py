"""The staff panel «Mi Certificado» (DIRECTOR_IE, ESPECIALISTA_UGEL, OACIGED)."""
