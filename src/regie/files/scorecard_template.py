"""The commented scorecard template (``regie select new``)."""

from __future__ import annotations

from importlib.resources import files

from regie.config import Language


def scorecard_template(lang: Language) -> str:
    """The commented selection-scorecard template in ``lang``."""
    return (files("regie.files.templates") / f"scorecard.{lang}.toml").read_text(encoding="utf-8")
