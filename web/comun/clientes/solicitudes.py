"""solicitudes: the staff queues, rejection, emission and lotes, emisión directa, settings."""

from __future__ import annotations

from web.comun.clientes.base import ClienteApi

COLAS = ("pendientes", "rechazadas", "emitidas", "semiautomatica")


class ClienteSolicitudes(ClienteApi):
    prefijo = "/api/solicitudes"

    # --- staff queues ---------------------------------------------------------------------
    def cola(self, nombre: str, *, pagina: int = 1, por_pagina: int = 20, **filtros) -> dict:
        """One queue page: {pagina, por_pagina, total, solicitudes: [...]}."""
        if nombre not in COLAS:
            raise ValueError(f"cola desconocida: {nombre}")
        return self.get(f"/{nombre}", {"pagina": pagina, "por_pagina": por_pagina, **filtros})

    def cifras(self, **ie) -> dict:
        """Inicio's counts: {pendientes, informacion_completa, en_emision, fallidas}."""
        return self.get("/cifras", ie)

    def solicitud(self, numero_solicitud: int) -> dict:
        """One request with its history."""
        return self.get(f"/solicitudes/{int(numero_solicitud)}")

    def rechazar(self, numero_solicitud: int, motivo_rechazo: str) -> dict:
        """Reject a request with its motivo."""
        return self.post(
            f"/solicitudes/{int(numero_solicitud)}/rechazo", {"motivo_rechazo": motivo_rechazo}
        )

    def parte_oaciged(self, numero_solicitud: int) -> dict:
        """OACIGED's part of a consolidated certificate is done."""
        return self.post(f"/solicitudes/{int(numero_solicitud)}/parte-oaciged")

    def nueva_solicitud(self, numero_solicitud: int, **cambios) -> dict:
        """A new request from an issued certificate's one."""
        return self.post(f"/solicitudes/{int(numero_solicitud)}/nueva-solicitud", cambios)

    # --- emission -------------------------------------------------------------------------
    def emitir(self, numeros_solicitud: list[int]) -> dict:
        """Order emission of one or many: {lote_id, solicitudes}."""
        return self.post("/emisiones", {"numeros_solicitud": [int(n) for n in numeros_solicitud]})

    def lote(self, lote_id: str) -> dict:
        """A lote's progress: total, emitidas, fallidas, en_emision, terminado, fallas."""
        return self.get(f"/lotes/{lote_id}")

    def reintentar_lote(self, lote_id: str, numeros_solicitud: list[int] | None = None) -> dict:
        """Order the failed requests of a lote again."""
        return self.post(f"/lotes/{lote_id}/reintentos", {"numeros_solicitud": numeros_solicitud})

    # --- emisión directa ------------------------------------------------------------------
    def buscar_estudiante(self, persona: dict) -> dict:
        """«Búsqueda de estudiantes»: completitud por nivel, certificado ya emitido."""
        return self.post("/busqueda-estudiantes", persona)

    def emision_directa(self, datos: dict) -> dict:
        """A request created by the director (persona + información adicional)."""
        return self.post("/emisiones-directas", datos)

    def estudiantes_actuales(self, *, pagina: int = 1, por_pagina: int = 20, **ie) -> dict:
        """«Estudiantes actuales» of the IE."""
        return self.get("/estudiantes-actuales", {"pagina": pagina, "por_pagina": por_pagina, **ie})

    # --- configuración --------------------------------------------------------------------
    def habilitar_solicitud(self, **ie) -> dict:
        """«Habilitar solicitud» of the IE."""
        return self.get("/configuracion/habilitar-solicitud", ie)

    def cambiar_habilitar_solicitud(self, habilitar: bool, **ie) -> dict:
        """Turn the citizen's Solicitud WEB on or off for the IE."""
        return self.put(
            "/configuracion/habilitar-solicitud", {"habilitar_solicitud": habilitar, **ie}
        )

    # --- public (citizen portal) ----------------------------------------------------------
    def instituciones(self, q: str) -> list:
        """Public search of IIEE for the Solicitud WEB."""
        return self.get("/instituciones", {"q": q})

    def terminos(self) -> dict:
        """Current terms and conditions (version, texto)."""
        return self.get("/terminos")

    def catalogos(self) -> dict:
        """Tipos de documento, motivos, niveles, grados."""
        return self.get("/catalogos")

    def validar(self, datos: dict) -> dict:
        """Identity validation of the Solicitud WEB."""
        return self.post("/validaciones", datos)

    def registrar(self, datos: dict) -> dict:
        """Register a citizen's request: {numero_solicitud, codigo_seguimiento, …}."""
        return self.post("/solicitudes", datos)

    def seguimiento(self, codigo_seguimiento: str) -> dict:
        """Public tracking of a request by its tracking code."""
        return self.get(f"/seguimiento/{codigo_seguimiento}")

    def lotes_operaciones(self, pagina: int = 1, por_pagina: int = 20) -> dict:
        """Every lote with its progress (OPERACIONES)."""
        return self.get("/operaciones/lotes", {"pagina": pagina, "por_pagina": por_pagina})

    def atascadas(self, minutos: int = 30) -> dict:
        """Requests EN EMISIÓN for longer than ``minutos`` (OPERACIONES)."""
        return self.get("/operaciones/atascadas", {"minutos": minutos})

    def importar_registro_identidad(self, personas: bytes, vinculos: bytes | None = None) -> dict:
        """Load the identity registry from CSV files (OPERACIONES): {cargado, personas,
        vinculos, filas_personas, filas_vinculos, errores: [{archivo, fila, campo, motivo}]}."""
        archivos = {"personas": ("personas.csv", personas, "text/csv")}
        if vinculos:
            archivos["vinculos"] = ("vinculos.csv", vinculos, "text/csv")
        return self.pedir("POST", "/registro-identidad/importacion", files=archivos).json()
