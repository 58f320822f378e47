"""What the PAdES signature of an uploaded PDF turns out to be (the validator's verdict)."""

from __future__ import annotations

VALIDA = "VALIDA"  # intact, the whole file covered, chained to the project's CA
SIN_FIRMA = "SIN_FIRMA"  # no signature at all (or not a PDF pyHanko can read)
ALTERADA = "ALTERADA"  # bytes changed inside the signed range: the digest does not match
MODIFICADA = "MODIFICADA"  # intact, but revisions were appended after the signature
NO_CONFIABLE = "NO_CONFIABLE"  # intact, but its certificate does not chain to our CA
SIN_CA = "SIN_CA"  # no CA configured to validate with
