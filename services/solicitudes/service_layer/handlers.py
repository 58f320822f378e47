"""Handlers of the solicitudes service: the citizen's steps and the events of other services.

Staff commands (emission, rejection, settings, emisión directa) live in ``atencion``.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from services.solicitudes.domain import terminos
from services.solicitudes.domain.copias import InstitucionLocal
from services.solicitudes.domain.identidad import (
    DatosPersona,
    PersonaRegistrada,
    validar_personas,
)
from services.solicitudes.domain.modelo import Solicitud
from services.solicitudes.domain.ruta import determinar_ruta
from services.solicitudes.service_layer import comandos
from services.solicitudes.service_layer.dependencias import Dependencias
from services.solicitudes.service_layer.unit_of_work import UnidadDeTrabajoSolicitudes
from shared import mensajes
from shared.auth import Usuario
from shared.cobertura import grados_del_registro
from shared.consumidor import EventoRecibido
from shared.documentos import enmascarar_nombre
from shared.errores import Conflicto, ErrorDeDominio
from shared.identificadores import agrupar, nuevo_codigo_seguimiento
from shared.mensajes import SolicitudRegistrada


def validar_identidad(
    cmd: comandos.ValidarIdentidad,
    uow: UnidadDeTrabajoSolicitudes,
    _usuario: Usuario | None,
    dep: Dependencias,
) -> dict:
    """Step 4: the IE receives requests, the persons are who they say, none is pending."""
    _revisar_ie(uow, cmd.codigo_modular, cmd.anexo)
    personas = validar_personas(
        dep.registro, cmd.tipo_persona, cmd.estudiante, cmd.apoderado, dep.hoy()
    )
    with uow:
        ie = ie_que_recibe(uow, cmd.codigo_modular, cmd.anexo)
        sin_otra_abierta(uow, personas.estudiante, ie)
        institucion = ie.nombre
    respuesta = {
        "valido": True,
        "tipo_persona": cmd.tipo_persona,
        "nombre_enmascarado": _nombre_enmascarado(personas.estudiante),
        "nombre_institucion": institucion,
    }
    if personas.apoderado:
        respuesta["apoderado"] = _nombre_enmascarado(personas.apoderado)
    return respuesta


def registrar_solicitud(
    cmd: comandos.RegistrarSolicitud,
    uow: UnidadDeTrabajoSolicitudes,
    _usuario: Usuario | None,
    dep: Dependencias,
) -> dict:
    """Step 5: validated again, routed, numbered, announced (SolicitudRegistrada)."""
    if cmd.terminos_version != terminos.VERSION:
        raise ErrorDeDominio(
            "Los términos y condiciones se actualizaron; léalos y acéptelos nuevamente.",
            "terminos_version",
        )
    _revisar_ie(uow, cmd.datos.codigo_modular, cmd.datos.anexo, cmd.datos.nivel)
    personas = validar_personas(
        dep.registro, cmd.tipo_persona, cmd.estudiante, cmd.apoderado, dep.hoy()
    )
    try:
        with uow:
            ie = ie_que_recibe(uow, cmd.datos.codigo_modular, cmd.datos.anexo)
            sin_otra_abierta(uow, personas.estudiante, ie)
            apoderado = personas.apoderado
            solicitud = Solicitud(
                nuevo_codigo_seguimiento(),
                como_datos(personas.estudiante),
                cmd.datos,
                determinar_ruta(cmd.datos.ultimo_anio, ie, cmd.datos.primer_anio),
                apoderado=como_datos(apoderado) if apoderado else None,
                por=f"apoderado {apoderado.numero_documento}" if apoderado else "ciudadano",
                terminos_version=cmd.terminos_version,
            )
            return anunciar_y_guardar(uow, solicitud, ie)
    except IntegrityError:
        # Two submissions raced past the check; the unique index kept only one.
        with uow:
            sin_otra_abierta(uow, cmd.estudiante, uow.copias.institucion(*_ie(cmd.datos)))
        raise


def _ie(datos) -> tuple[str, str]:
    return datos.codigo_modular, datos.anexo


def _revisar_ie(uow, codigo_modular: str, anexo: str, nivel: str | None = None) -> None:
    """Fail fast, before asking the identity registry (which is kept out of transactions:
    it may be a remote service, and in embedded mode a second connection would wait)."""
    with uow:
        ie = ie_que_recibe(uow, codigo_modular, anexo)
        if nivel:
            nivel_de_la_ie(ie, nivel)


def ie_que_recibe(uow: UnidadDeTrabajoSolicitudes, codigo_modular: str, anexo: str):
    """The IE, which must exist and have «Habilitar solicitud» on."""
    ie = uow.copias.institucion(codigo_modular, anexo)
    if ie is None:
        raise ErrorDeDominio(
            f"No existe una institución educativa con código modular {codigo_modular}-{anexo}.",
            "codigo_modular",
        )
    configuracion = uow.copias.configuracion(codigo_modular, anexo)
    if configuracion is None or not configuracion.habilitar_solicitud:
        raise ErrorDeDominio(
            f"La institución educativa {ie.nombre} ({ie.codigo}) no tiene habilitada la "
            "solicitud web de certificados; comuníquese con la institución o con su UGEL.",
            "codigo_modular",
        )
    return ie


def nivel_de_la_ie(ie: InstitucionLocal, nivel: str) -> None:
    if nivel not in ie.niveles:
        raise ErrorDeDominio(
            f"La institución educativa {ie.nombre} no registra el nivel {nivel}.", "nivel"
        )


def sin_otra_abierta(uow: UnidadDeTrabajoSolicitudes, estudiante, ie: InstitucionLocal) -> None:
    """One unfinished request per student and IE: a second names the first one's number."""
    abierta = uow.solicitudes.abierta_de(
        estudiante.tipo_documento, estudiante.numero_documento, ie.codigo_modular, ie.anexo
    )
    if abierta is not None:
        raise Conflicto(
            f"Ya existe la solicitud N.° {abierta.numero_solicitud:08d} ({abierta.estado}) de "
            f"este estudiante en la institución educativa {ie.nombre}; espere a que se atienda.",
            "numero_documento",
        )


def como_datos(persona: PersonaRegistrada) -> DatosPersona:
    """The registry's spelling of a validated person (accents as on their document)."""
    return DatosPersona(
        persona.tipo_documento,
        persona.numero_documento,
        persona.nombres,
        persona.primer_apellido,
        persona.segundo_apellido,
        persona.fecha_nacimiento,
        persona.pais,
    )


def _nombre_enmascarado(persona: PersonaRegistrada) -> str:
    apellidos = f"{persona.primer_apellido} {persona.segundo_apellido}".strip()
    return enmascarar_nombre(persona.nombres, apellidos)


def anunciar_y_guardar(
    uow: UnidadDeTrabajoSolicitudes, solicitud: Solicitud, ie: InstitucionLocal
) -> dict:
    """Store the new request, write SolicitudRegistrada to the outbox, commit; its summary."""
    solicitud.evaluar_completitud(
        uow.copias.completitud_bloqueada(
            solicitud.tipo_documento, solicitud.numero_documento, solicitud.nivel
        )
    )
    uow.solicitudes.agregar(solicitud)
    uow.publicar(
        SolicitudRegistrada(
            numero_solicitud=solicitud.numero_solicitud,
            codigo_seguimiento=solicitud.codigo_seguimiento,
            tipo_documento=solicitud.tipo_documento,
            numero_documento=solicitud.numero_documento,
            nombres=solicitud.nombres,
            apellidos=solicitud.apellidos,
            codigo_modular=solicitud.codigo_modular,
            anexo=solicitud.anexo,
            nombre_institucion=ie.nombre,
            nivel=solicitud.nivel,
            correo=solicitud.correo,
            ruta=solicitud.ruta,
        )
    )
    uow.commit()
    return {
        "numero_solicitud": solicitud.numero_solicitud,
        "codigo_seguimiento": agrupar(solicitud.codigo_seguimiento),  # printed with hyphens
        "estado": solicitud.estado,
        "ruta": solicitud.ruta,
        "atiende": solicitud.atiende,
    }


def cargar_registro_identidad(
    cmd: comandos.CargarRegistroIdentidad,
    _uow: UnidadDeTrabajoSolicitudes | None,
    _usuario: Usuario | None,
    dep: Dependencias,
) -> dict:
    """Load persons and parent/apoderado links into the registry (the last row of a key wins)."""
    personas = {(p.tipo_documento, p.numero_documento): p for p in cmd.personas}
    vinculos = {(t, n, r.tipo_documento, r.numero_documento): (t, n, r) for t, n, r in cmd.vinculos}
    dep.registro.guardar(list(personas.values()), list(vinculos.values()))
    return {"personas": len(personas), "vinculos": len(vinculos)}


# --- events from other services --------------------------------------------------------------


def al_registrar_institucion(evento: EventoRecibido, uow: UnidadDeTrabajoSolicitudes, _dep) -> None:
    """Keep the local copy of the IE; open requests follow it if it closes or reopens."""
    datos = evento.payload
    ie = uow.copias.institucion(datos["codigo_modular"], datos["anexo"], bloquear=True)
    if ie is None:
        uow.copias.agregar(
            InstitucionLocal(
                datos["codigo_modular"],
                datos["anexo"],
                datos["nombre"],
                datos["estado"],
                datos["codigo_ugel"],
                datos["nombre_ugel"],
                datos["modalidad"],
                datos["niveles"],
            )
        )
        return
    cambio_estado = ie.estado != datos["estado"]
    ie.nombre, ie.estado = datos["nombre"], datos["estado"]
    ie.codigo_ugel, ie.nombre_ugel = datos["codigo_ugel"], datos["nombre_ugel"]
    ie.modalidad, ie.niveles = datos["modalidad"], list(datos["niveles"])
    if cambio_estado:
        for solicitud in uow.solicitudes.abiertas_de_ie(ie.codigo_modular, ie.anexo):
            solicitud.derivar_si_cambio_la_ie(ie)


def al_actualizar_registro(evento: EventoRecibido, uow: UnidadDeTrabajoSolicitudes, _dep) -> None:
    """Keep the record's copy and judge its open requests; an older version never overwrites."""
    datos = evento.payload
    est = datos["estudiante"]
    clave = (est["tipo_documento"], est["numero_documento"], datos["nivel"])
    estudiante = _estudiante_del_registro(est, datos.get("registro") or {})
    actual = uow.copias.completitud_bloqueada(*clave)
    if datos["version_registro"] <= actual.version:
        return  # an older or repeated version changes nothing
    actual.completitud, actual.version = datos["completitud"], datos["version_registro"]
    actual.actualizar_estudiante(**estudiante)
    actual.grados = grados_del_registro(datos.get("registro") or {})
    actual.pendientes = list(datos.get("pendientes") or [])
    # Each open request of this record is judged again against what it declares.
    for solicitud in uow.solicitudes.abiertas_de_estudiante(*clave):
        solicitud.evaluar_completitud(actual)


def _estudiante_del_registro(est: dict, registro: dict) -> dict:
    """Names, and the IE, year and grade of the latest grade in the record (if any)."""
    datos = {c: est.get(c) for c in ("nombres", "primer_apellido", "segundo_apellido")}
    grados = [g for g in registro.get("grados") or [] if isinstance(g, dict)]
    con_anio = [g for g in grados if isinstance(g.get("anio_lectivo"), int)]
    if con_anio:
        ultimo = max(con_anio, key=lambda g: g["anio_lectivo"])
        datos.update(
            codigo_modular=ultimo.get("codigo_modular"),
            anexo=ultimo.get("anexo"),
            ultimo_anio=ultimo["anio_lectivo"],
            ultimo_grado=ultimo.get("grado"),
        )
    return datos


def al_emitir_certificado(evento: EventoRecibido, uow: UnidadDeTrabajoSolicitudes, _dep) -> None:
    """The request's certificate was issued: EMITIDA, with its código virtual."""
    m: mensajes.CertificadoEmitido = evento.mensaje
    solicitud = uow.solicitudes.obtener(m.numero_solicitud)
    if solicitud is None:
        raise ErrorDeDominio(f"Certificado para una solicitud desconocida: {m.numero_solicitud}")
    solicitud.marcar_emitida(m.codigo_virtual)


def al_fallar_emision(evento: EventoRecibido, uow: UnidadDeTrabajoSolicitudes, _dep) -> None:
    """emision could not issue it: ERROR, with the reason the citizen reads and the
    technical detail staff read."""
    m: mensajes.EmisionFallida = evento.mensaje
    solicitud = uow.solicitudes.obtener(m.numero_solicitud)
    if solicitud is None:
        raise ErrorDeDominio(f"Fallo de emisión de una solicitud desconocida: {m.numero_solicitud}")
    solicitud.marcar_error(m.motivo_falla, m.detalle_tecnico)


def precargar_lote(eventos: list[EventoRecibido], uow: UnidadDeTrabajoSolicitudes) -> None:
    """A batch of emission answers reads its requests at once (one per message before)."""
    respuestas = (mensajes.CertificadoEmitido.tipo, mensajes.EmisionFallida.tipo)
    numeros = [e.payload["numero_solicitud"] for e in eventos if e.type in respuestas]
    if numeros:
        uow.solicitudes.precargar(numeros)


MANEJADORES = {
    mensajes.InstitucionRegistrada: al_registrar_institucion,
    mensajes.RegistroNotasActualizado: al_actualizar_registro,
    mensajes.CertificadoEmitido: al_emitir_certificado,
    mensajes.EmisionFallida: al_fallar_emision,
}
