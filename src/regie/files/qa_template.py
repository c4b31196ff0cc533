"""The commented QA scorecard template (``regie qa template``)."""

from __future__ import annotations

from importlib.resources import files

from regie.config import Language


def scorecard_template(lang: Language) -> str:
    """The commented QA scorecard template in ``lang``."""
    return (files("regie.files.templates") / f"qa-scorecard.{lang}.toml").read_text(
        encoding="utf-8"
    )
