"""Server-side sessions: the cookie carries only a random id; tokens never leave the server.

The cookie is HttpOnly, SameSite=Lax and Secure (off only for the embedded http://127.0.0.1
demo). A session idle for ``minutos_sesion`` or older than ``horas_sesion_maximas`` is gone.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from pathlib import Path

from flask import request
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

COOKIE = "mc_sesion"


class SesionServidor(CallbackDict, SessionMixin):
    """A dict that knows whether it changed; its content lives in an Almacen."""

    def __init__(self, datos: dict | None = None, sid: str | None = None, nueva: bool = False):
        def al_cambiar(_self):
            self.modified = True

        super().__init__(datos or {}, al_cambiar)
        self.sid = sid or secrets.token_urlsafe(32)
        self.new = nueva
        self.modified = False
        self.regenerar = False

    def renovar_id(self) -> None:
        """A new id after sign-in (session fixation): the old one stops working."""
        self.regenerar = True
        self.modified = True


class Almacen:
    """Where sessions live, by id, with a lifetime."""

    def leer(self, sid: str) -> dict | None:
        raise NotImplementedError

    def guardar(self, sid: str, datos: dict, segundos: int) -> None:
        raise NotImplementedError

    def borrar(self, sid: str) -> None:
        raise NotImplementedError


class AlmacenMemoria(Almacen):
    """One process only: tests and single-process tools."""

    def __init__(self):
        self._datos: dict[str, tuple[float, str]] = {}
        self._cerrojo = threading.Lock()

    def leer(self, sid):
        with self._cerrojo:
            vence, texto = self._datos.get(sid, (0.0, ""))
        return json.loads(texto) if vence > time.time() else None

    def guardar(self, sid, datos, segundos):
        with self._cerrojo:
            self._datos[sid] = (time.time() + segundos, json.dumps(datos))

    def borrar(self, sid):
        with self._cerrojo:
            self._datos.pop(sid, None)


class AlmacenRedis(Almacen):
    """Real mode: shared by every worker process of the frontend."""

    def __init__(self, url: str, prefijo: str):
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefijo = prefijo

    def leer(self, sid):
        texto = self._redis.get(self._prefijo + sid)
        return json.loads(texto) if texto else None

    def guardar(self, sid, datos, segundos):
        self._redis.set(self._prefijo + sid, json.dumps(datos), ex=segundos)

    def borrar(self, sid):
        self._redis.delete(self._prefijo + sid)


class AlmacenArchivos(Almacen):
    """Embedded mode: one JSON file per session under var/ (no server needed)."""

    def __init__(self, carpeta: str | Path):
        self._carpeta = Path(carpeta)
        self._carpeta.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _ruta(self, sid: str) -> Path:
        return self._carpeta / (sid.replace("/", "_").replace(".", "_") + ".json")

    def leer(self, sid):
        try:
            vence, datos = json.loads(self._ruta(sid).read_text())
        except (OSError, ValueError):
            return None
        return datos if vence > time.time() else None

    def guardar(self, sid, datos, segundos):
        temporal = self._ruta(sid).with_suffix(".tmp" + secrets.token_hex(4))
        temporal.write_text(json.dumps([time.time() + segundos, datos]))
        os.chmod(temporal, 0o600)
        temporal.replace(self._ruta(sid))

    def borrar(self, sid):
        self._ruta(sid).unlink(missing_ok=True)


def almacen_desde(url: str, nombre: str) -> Almacen:
    """The store a configuration names: memoria://, redis://… or a folder."""
    if not url or url.startswith("memoria"):
        return AlmacenMemoria()
    if url.startswith(("redis://", "rediss://")):
        return AlmacenRedis(url, f"mc:web:{nombre}:sesion:")
    return AlmacenArchivos(url)


class InterfazSesion(SessionInterface):
    """Flask's session, kept server-side, idle timeout refreshed on every request."""

    def __init__(self, almacen: Almacen, minutos: int, horas_maximas: float):
        self.almacen = almacen
        self.segundos = minutos * 60
        self.maximo = horas_maximas * 3600

    def open_session(self, app, request):
        sid = request.cookies.get(COOKIE)
        datos = self.almacen.leer(sid) if sid and len(sid) < 100 else None
        if datos is None or time.time() - datos.get("_creada", time.time()) > self.maximo:
            return SesionServidor({"_creada": time.time()}, nueva=True)
        return SesionServidor(datos, sid=sid)

    def save_session(self, app, session, response):
        opciones = {
            "httponly": True,
            "secure": app.config["SESSION_COOKIE_SECURE"],
            "samesite": "Lax",
            "path": (request.script_root or "") + "/",
        }
        if session.regenerar:
            self.almacen.borrar(session.sid)
            session.sid = secrets.token_urlsafe(32)
            session.regenerar = False
        if not {k for k in session if k != "_creada"}:
            if not session.new:
                self.almacen.borrar(session.sid)
                response.delete_cookie(COOKIE, path=opciones["path"])
            return
        self.almacen.guardar(session.sid, dict(session), self.segundos)
        response.vary.add("Cookie")
        response.set_cookie(COOKIE, session.sid, max_age=self.segundos, **opciones)
