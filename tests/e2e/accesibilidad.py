"""axe-core in the browser tests (axe-playwright-python): no serious or critical violation."""

from __future__ import annotations

GRAVES = ("serious", "critical")


def violaciones_graves(pagina) -> list[str]:
    """The serious and critical axe-core violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    resultado = Axe().run(pagina)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in resultado.response["violations"]
        if v.get("impact") in GRAVES
    ]
