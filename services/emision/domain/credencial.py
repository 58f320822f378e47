"""The CE as a W3C Verifiable Credential (VC Data Model 2.0), its grades structured.

Modelled on Open Badges 3.0 where it fits (issuer Profile, credentialSubject, evidence, a
``result`` per area with its scale as OB3's ResultDescription); the remaining terms are ours,
defined in the context document emision serves (``CONTEXTO``). Pure: no signing here.
"""

from __future__ import annotations

from services.emision.domain.documento import Calificacion, DocumentoCertificado, Grado
from shared import lista_estado

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MINISTERIO = "Ministerio de Educación del Perú"
LITERAL = ("AD", "A", "B", "C")
ROLES_EMISORES = {
    "DIRECTOR_IE": "Director(a) de la institución educativa",
    "ESPECIALISTA_UGEL": "Especialista de la UGEL",
    "OACIGED": "OACIGED (Ministerio de Educación)",
}


def escala(calificacion: str | None) -> str:
    """The scale a grade is written in: vigesimal (0-20), literal (AD/A/B/C) or exonerated."""
    if calificacion is None:
        return "SIN_CALIFICACION"
    if calificacion == "EXO":
        return "EXONERADO"
    return "LITERAL_AD_A_B_C" if calificacion in LITERAL else "VIGESIMAL_0_20"


def credencial(doc: DocumentoCertificado, emisor: str, contexto: str) -> dict:
    """The unsigned credential of one CE; ``emisor`` (verificacion's public URL, which also
    serves the status lists) and ``contexto`` are the project's URLs."""
    est = doc.estudiante
    cuerpo = {
        "@context": [VC_V2, OB_V3, contexto],
        "id": doc.url_verificacion,
        "type": ["VerifiableCredential", "CertificadoOficialDeEstudios"],
        "name": f"Certificado Oficial de Estudios - {doc.nivel}",
        "issuer": {"id": emisor, "type": ["Profile"], "name": MINISTERIO},
        "validFrom": doc.emitido_en.isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "tipo_documento": est.tipo_documento,
            "numero_documento": est.numero_documento,
            "nombres": est.nombres,
            "primer_apellido": est.primer_apellido,
            "segundo_apellido": est.segundo_apellido,
            "codigo_virtual": doc.codigo_virtual,
            "modalidad": doc.modalidad,
            "nivel": doc.nivel,
            "grados": [_grado(g) for g in doc.grados],
        },
        "evidence": [
            {
                "type": ["Evidence"],
                "name": doc.nombre_institucion,
                "description": "Institución educativa donde se cursaron los grados",
                "codigos_modulares": sorted({f"{g.codigo_modular}-{g.anexo}" for g in doc.grados}),
            }
        ],
    }
    if doc.rol_emisor:
        cuerpo["evidence"].append(
            {
                "type": ["Evidence"],
                "name": ROLES_EMISORES.get(doc.rol_emisor, doc.rol_emisor),
                "description": "Rol de quien ordenó la emisión del certificado",
                "rol_emisor": doc.rol_emisor,
            }
        )
    if doc.lista_estado is not None and doc.indice_estado is not None:
        cuerpo["credentialStatus"] = lista_estado.entradas(
            emisor, doc.lista_estado, doc.indice_estado
        )
    return cuerpo


def _grado(g: Grado) -> dict:
    return {
        "grado": g.grado,
        "anio_lectivo": g.anio_lectivo,
        "codigo_modular": g.codigo_modular,
        "anexo": g.anexo,
        "situacion_final": g.situacion_final,
        "calificaciones": [_calificacion(c) for c in g.calificaciones],
    }


def _calificacion(c: Calificacion) -> dict:
    return {
        "area": c.area,
        "tipo_area": c.tipo_area,
        "calificacion": c.calificacion,
        "escala": escala(c.calificacion),
        "competencias": [
            {"nombre": k.nombre, "calificacion": k.calificacion, "escala": escala(k.calificacion)}
            for k in c.competencias
        ],
    }
