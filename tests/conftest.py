"""Shared fixtures: paths to the examples and a loader for inline case files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def webshop_path() -> Path:
    return EXAMPLES / "webshop-500.toml"
