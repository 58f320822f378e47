"""notas: students' records per grade, catalog, IE parameters and talleres.

notas names a student in its URLs by its random ``id_estudiante``; the document travels only in
request bodies (``consultar_registro``, ``registrar_estudiante``).
"""

from __future__ import annotations

from urllib.parse import quote

from web.comun.clientes.base import ClienteApi


def _est(id_estudiante: str) -> str:
    return f"/estudiantes/{quote(id_estudiante, safe='')}"


def _ie(codigo_modular: str, anexo: str) -> str:
    return f"/instituciones/{quote(codigo_modular, safe='')}/{quote(anexo, safe='')}"


class ClienteNotas(ClienteApi):
    prefijo = "/api/notas"

    # --- registro de notas ----------------------------------------------------------------
    def registrar_estudiante(self, estudiante: dict) -> dict:
        """Register a student or correct their personal data."""
        return self.put("/estudiantes", estudiante)

    def consultar_registro(self, tipo_documento: str, numero_documento: str) -> dict:
        """The whole record of a student found by document: per nivel, with completeness and
        what is missing, and the ``estudiante.id_estudiante`` the other calls take."""
        documento = {"tipo_documento": tipo_documento, "numero_documento": numero_documento}
        return self.post("/estudiantes/consulta", documento)

    def registro(self, id_estudiante: str) -> dict:
        """The whole record of a student, per nivel, with completeness and what is missing."""
        return self.get(_est(id_estudiante) + "/registro")

    def grado(self, id_estudiante: str, nivel: str, grado: str) -> dict:
        """One grade as the screen shows it (permitidas, leyenda, sugerencias)."""
        return self.get(f"{_est(id_estudiante)}/grados/{nivel}/{grado}")

    def registrar_grado(self, id_estudiante: str, nivel: str, grado: str, datos: dict) -> dict:
        """Save one grade (replaces that grade's grades)."""
        return self.put(f"{_est(id_estudiante)}/grados/{nivel}/{grado}", datos)

    def agregar_areas(self, id_estudiante: str, nivel: str, grado: str, datos: dict) -> dict:
        """Add areas of a diseño curricular to a grade (all of them without «areas»)."""
        return self.post(f"{_est(id_estudiante)}/grados/{nivel}/{grado}/areas", datos)

    def auditoria(self, id_estudiante: str) -> list:
        """Every change of a grade or situación final: who, when, before and after."""
        return self.get(_est(id_estudiante) + "/auditoria")["cambios"]

    def importar_actas(self, csv: bytes) -> dict:
        """Import actas from a CSV: {procesadas, guardadas, errores: [{fila, campo, motivo}]}."""
        r = self.pedir(
            "POST", "/importaciones/actas", data=csv, headers={"Content-Type": "text/csv"}
        )
        return r.json()

    # --- catálogo -------------------------------------------------------------------------
    def disenos(self, **filtro) -> list:
        """Diseños curriculares by nivel, modalidad, año."""
        return self.get("/catalogo/disenos", filtro)["disenos"]

    def areas(self, **filtro) -> list:
        """Areas, talleres and competencias by diseño, tipo and text."""
        return self.get("/catalogo/areas", filtro)["areas"]

    def calificaciones_permitidas(self, **consulta) -> list:
        """«Calificaciones permitidas» for a nivel, grado, año and tipo de área."""
        return self.get("/calificaciones-permitidas", consulta)["calificaciones_permitidas"]

    # --- institución ----------------------------------------------------------------------
    def instituciones(self, **filtro) -> list:
        """Public search of IIEE (q, ubigeo, …)."""
        return self.get("/instituciones", filtro)

    def importar_padron(self, csv: bytes) -> dict:
        """Import the padrón from a CSV (OPERACIONES): {procesadas, guardadas, errores, filas:
        [{fila, codigo_modular, anexo, resultado GUARDADA|RECHAZADA, motivo}]}."""
        r = self.pedir(
            "POST", "/instituciones/importacion", data=csv, headers={"Content-Type": "text/csv"}
        )
        return r.json()

    def parametros(self, codigo_modular: str, anexo: str) -> dict:
        """Min/max áreas curriculares and talleres of the IE."""
        return self.get(_ie(codigo_modular, anexo) + "/parametros")

    def configurar_parametros(self, codigo_modular: str, anexo: str, datos: dict) -> dict:
        """Save the IE's parameters."""
        return self.put(_ie(codigo_modular, anexo) + "/parametros", datos)

    def talleres(self, codigo_modular: str, anexo: str, **filtro) -> list:
        """Talleres of the IE by estado and nombre."""
        return self.get(_ie(codigo_modular, anexo) + "/talleres", filtro)["talleres"]

    def crear_taller(self, codigo_modular: str, anexo: str, nombre: str) -> dict:
        """Add an (active) taller."""
        return self.post(_ie(codigo_modular, anexo) + "/talleres", {"nombre": nombre})

    def dar_de_baja_taller(self, codigo_modular: str, anexo: str, taller_id: int) -> dict:
        """A taller becomes INACTIVO (never deleted)."""
        return self.post(f"{_ie(codigo_modular, anexo)}/talleres/{int(taller_id)}/baja")

    def estudiantes_de_ie(self, codigo_modular: str, anexo: str, **pagina) -> dict:
        """Students with grades in the IE, with completeness per nivel."""
        return self.get(_ie(codigo_modular, anexo) + "/estudiantes", pagina)
