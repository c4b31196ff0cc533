"""Commented templates of the files users write (``regie case new``)."""

from __future__ import annotations

from importlib.resources import files

from regie.config import Language


def case_template(lang: Language) -> str:
    """The commented business-case template in ``lang``."""
    return (files(__package__) / f"case.{lang}.toml").read_text(encoding="utf-8")


def contract_template(lang: Language) -> str:
    """The commented SLA-contract template in ``lang``."""
    return (files(__package__) / f"contract.{lang}.toml").read_text(encoding="utf-8")
