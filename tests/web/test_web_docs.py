"""docs/web.md stays true: its tables list every route with its rule and purpose."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script() -> object:
    spec = importlib.util.spec_from_file_location(
        "web_endpoints", ROOT / "scripts/web_endpoints.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_endpoint_tables_in_the_docs_match_the_code() -> None:
    script = _script()
    text = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    assert text == script.written(text), "run `python scripts/web_endpoints.py --write`"  # type: ignore[attr-defined]


def test_every_route_says_what_it_does() -> None:
    from regie.web.app import endpoints

    silent = [e.path for e in endpoints() if not (e.route.endpoint.__doc__ or "").strip()]
    assert silent == []
