"""Staff accounts, their sessions and one-time password links: pure Python, no framework."""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.errores import Conflicto, ErrorDeDominio

DIRECTOR_IE = "DIRECTOR_IE"
ESPECIALISTA_UGEL = "ESPECIALISTA_UGEL"
OACIGED = "OACIGED"
OPERACIONES = "OPERACIONES"
ROLES = (DIRECTOR_IE, ESPECIALISTA_UGEL, OACIGED, OPERACIONES)
ROLES_CON_TOTP_OBLIGATORIO = (OPERACIONES, OACIGED)  # national reach: a second factor always

PRIMERA_CLAVE = "PRIMERA_CLAVE"
RECUPERACION = "RECUPERACION"
VIGENCIA_ENLACE = {PRIMERA_CLAVE: timedelta(hours=72), RECUPERACION: timedelta(hours=1)}

CLAVE_MINIMA = 10
_ETIQUETA_ROL = {
    ESPECIALISTA_UGEL: "Especialista UGEL",
    OACIGED: "OACIGED",
    OPERACIONES: "Operaciones",
}


class ClaveDebil(ErrorDeDominio):
    codigo = "clave_debil"


def validar_clave(clave: str, usuario: str, campo: str = "clave") -> None:
    """A password long enough, not the user name, not one repeated character."""
    if len(clave) < CLAVE_MINIMA:
        raise ClaveDebil(f"La clave debe tener al menos {CLAVE_MINIMA} caracteres.", campo)
    if usuario.lower() in clave.lower():
        raise ClaveDebil("La clave no puede contener su usuario.", campo)
    if len(set(clave)) < 4:
        raise ClaveDebil("La clave es demasiado simple: use letras, números y signos.", campo)


class InstitucionLocal:
    """What cuentas keeps of an IE from notas' padrón (InstitucionRegistrada)."""

    def __init__(
        self, codigo_modular, anexo, nombre, estado, codigo_ugel, nombre_ugel, modalidad, niveles
    ):
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.nombre = nombre
        self.estado = estado
        self.codigo_ugel = codigo_ugel
        self.nombre_ugel = nombre_ugel
        self.modalidad = modalidad
        self.niveles = list(niveles)


class Cuenta:
    """A staff member: who they are, their role and scope, their credentials."""

    def __init__(
        self,
        usuario: str,
        nombres: str,
        apellidos: str,
        correo: str,
        rol: str,
        creada_en: datetime,
        creada_por: str,
        codigo_modular: str | None = None,
        anexo: str | None = None,
        niveles: list[str] | tuple[str, ...] = (),
        codigo_ugel: str | None = None,
    ):
        self.usuario = usuario
        self.nombres = nombres
        self.apellidos = apellidos
        self.correo = correo
        self.rol = rol
        self.codigo_modular = codigo_modular
        self.anexo = anexo
        self.niveles = list(niveles)
        self.codigo_ugel = codigo_ugel
        self.activa = True
        self.clave_hash: str | None = None
        self.totp_secreto: str | None = None
        self.totp_pendiente: str | None = None
        self.totp_ultimo_paso = 0
        self.creada_en = creada_en
        self.creada_por = creada_por
        self.desactivada_en: datetime | None = None
        self.desactivada_por: str | None = None
        self.version = 1

    @property
    def nombre_completo(self) -> str:
        """As the seed's header prints it: «PALACIOS PONCE, LOURDES HAYDEE»."""
        return f"{self.apellidos}, {self.nombres}"

    @property
    def requiere_totp(self) -> bool:
        return self.rol in ROLES_CON_TOTP_OBLIGATORIO or self.totp_secreto is not None

    @property
    def etiqueta_rol(self) -> str:
        """«Director Secundaria» for a director of secundaria, as the seed shows it."""
        if self.rol == DIRECTOR_IE:
            return " / ".join(f"Director {n.capitalize()}" for n in self.niveles) or "Director"
        return _ETIQUETA_ROL[self.rol]

    def desactivar(self, por: str, ahora: datetime) -> None:
        if not self.activa:
            raise Conflicto(f"La cuenta {self.usuario} ya está desactivada.")
        self.activa, self.desactivada_en, self.desactivada_por = False, ahora, por
        self.version += 1

    def reactivar(self) -> None:
        if self.activa:
            raise Conflicto(f"La cuenta {self.usuario} ya está activa.")
        self.activa, self.desactivada_en, self.desactivada_por = True, None, None
        self.version += 1


class Sesion:
    """One refresh token (stored as its SHA-256): used once, then replaced by the next one."""

    def __init__(self, id: str, familia: str, usuario: str, hash: str, creada_en, expira_en, ip):
        self.id = id
        self.familia = familia
        self.usuario = usuario
        self.hash = hash
        self.creada_en = creada_en
        self.expira_en = expira_en
        self.ip = ip
        self.usada_en: datetime | None = None
        self.revocada_en: datetime | None = None

    def vigente(self, ahora: datetime) -> bool:
        return self.usada_en is None and self.revocada_en is None and ahora < self.expira_en


class Enlace:
    """A one-time link to set a password (first one, or a reset): stored as its SHA-256."""

    def __init__(self, id: str, usuario: str, hash: str, proposito: str, creado_en: datetime):
        self.id = id
        self.usuario = usuario
        self.hash = hash
        self.proposito = proposito
        self.creado_en = creado_en
        self.expira_en = creado_en + VIGENCIA_ENLACE[proposito]
        self.usado_en: datetime | None = None
        self.anulado_en: datetime | None = None

    def estado(self, ahora: datetime) -> str:
        if self.usado_en is not None or self.anulado_en is not None:
            return "USADO"
        return "VENCIDO" if ahora >= self.expira_en else "VIGENTE"
