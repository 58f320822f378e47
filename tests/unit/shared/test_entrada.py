"""The raw-input guards: JSON nesting depth and lone surrogates, without Flask."""

from __future__ import annotations

import json

from shared.entrada import _SURROGADO_SUELTO, MAX_ANIDAMIENTO, excede_anidamiento


def test_profundidad_cuenta_solo_corchetes_fuera_de_los_textos():
    limite = "[" * MAX_ANIDAMIENTO + "]" * MAX_ANIDAMIENTO
    assert not excede_anidamiento(limite.encode())
    assert excede_anidamiento(("[" + limite + "]").encode())
    # Many brackets but shallow: a long list of objects is fine.
    assert not excede_anidamiento(json.dumps([{"a": [1]}] * 5000).encode())
    # Brackets inside strings (with escaped quotes) do not nest anything.
    texto = json.dumps({"s": '\\"[' * 100 + "{" * 100})
    assert not excede_anidamiento(texto.encode())


def test_surrogados_sueltos_y_pares():
    sueltos = [r'"\ud800"', r'"\uDFFF x"', r'"\udc00\ud800"', r'"\\\ud83d"']
    validos = [r'"\ud83d\ude00"', r'"\\ud800"', r'"\u00f1"', '"ñandú"']
    assert all(_SURROGADO_SUELTO.search(s.encode()) for s in sueltos)
    assert not any(_SURROGADO_SUELTO.search(s.encode()) for s in validos)
