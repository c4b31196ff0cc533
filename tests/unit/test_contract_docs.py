"""docs/contracts.md documents every key of the contract file."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from regie.domain.calendar import KEYS as CALENDAR_KEYS
from regie.files.contract_schema import ContractFile
from regie.files.toml_errors import unwrap as _unwrap

DOC = (Path(__file__).resolve().parents[2] / "docs" / "contracts.md").read_text()


def keys(model: type[BaseModel]) -> set[str]:
    found = set()
    for name, field in model.model_fields.items():
        found.add(name)
        inner = _unwrap(field.annotation)
        if typing.get_origin(inner) in (dict, list):
            inner = _unwrap(typing.get_args(inner)[-1])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found |= keys(inner)
    return found


def documented() -> set[str]:
    spans = re.findall(r"`([^`]+)`", DOC)
    return {word for span in spans for word in re.findall(r"\w+", span)}


def test_every_key_of_the_contract_file_is_documented() -> None:
    assert len(keys(ContractFile)) > 30
    assert sorted(keys(ContractFile) - documented()) == []


def test_the_calendar_keys_are_documented_too() -> None:
    assert sorted(set(CALENDAR_KEYS) - {"name"} - documented()) == []
