"""The business case as a form: one field per key of the case file, and back to TOML.

Every value of the case file becomes a field named by its dotted key path
(``channels.email.aht_minutes``) holding its TOML value as written (``[5, 6, 8]``,
``"nearshore"``, ``true``). The form's fields turn back into a case file; an empty
field drops its key. The result is checked by the case loader, so a bad value is named
with its key, the value and what is allowed (``docs/case-file.md``).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from regie.domain.errors import CaseFileError

MAX_FIELDS = 300
MAX_VALUE = 500
KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class CaseField:
    """One key of the case file: its dotted path, section and TOML value."""

    key: str
    value: str

    @property
    def section(self) -> str:
        return self.key.rsplit(".", 1)[0] if "." in self.key else ""

    @property
    def name(self) -> str:
        return self.key.rsplit(".", 1)[-1]


def case_fields(text: str) -> list[CaseField]:
    """The fields of a case file's text, in the file's order."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CaseFileError(f"case.toml: not valid TOML: {error}") from None
    return [CaseField(k, literal(v)) for k, v in _flatten(raw, "")]


def sections(fields: Iterable[CaseField]) -> list[tuple[str, list[CaseField]]]:
    """The fields grouped by their section, in the file's order."""
    grouped: dict[str, list[CaseField]] = {}
    for f in fields:
        grouped.setdefault(f.section, []).append(f)
    return list(grouped.items())


def case_text(fields: Iterable[tuple[str, str]]) -> str:
    """A case file (TOML) from ``(key, value)`` pairs; every bad pair named at once."""
    tree: dict[str, Any] = {}
    problems: list[str] = []
    for count, (key, value) in enumerate(fields, start=1):
        if count > MAX_FIELDS:
            raise CaseFileError(f"case.toml: more than {MAX_FIELDS} fields")
        problem = _place(tree, key.strip(), value.strip())
        if problem:
            problems.append(f"case.toml: {problem}")
    if problems:
        raise CaseFileError(problems[0], problems)
    return dumps(tree)


def _place(tree: dict[str, Any], key: str, value: str) -> str | None:
    if not value:
        return None
    if not KEY.match(key):
        return f"{key[:80]!r}: a key is words of letters, digits, _ or - joined by dots"
    if len(value) > MAX_VALUE:
        return f"{key} = {value[:40]}…: longer than {MAX_VALUE} characters"
    try:
        parsed = tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return (
            f"{key} = {value}: not a value: give a number, a range [low, high] or "
            '[low, likely, high], a "text" in quotes or true/false'
        )
    *parents, name = key.split(".")
    node = tree
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return f"{key}: {'.'.join(parents)} is a value, not a table"
        node = child
    if isinstance(node.get(name), dict):
        return f"{key}: is a table of keys, not a value"
    node[name] = parsed
    return None


def _flatten(tree: Mapping[str, Any], prefix: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            found += _flatten(value, path + ".")
        else:
            found.append((path, value))
    return found


def literal(value: Any) -> str:
    """One value as TOML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CaseFileError(f"case.toml: {value} is not a number a case file can hold")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {literal(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)  # dates and times: as text


def dumps(tree: Mapping[str, Any]) -> str:
    """A nested mapping as TOML: values first, then one table per section."""
    lines: list[str] = []
    _table(tree, [], lines)
    return "\n".join(lines).strip() + "\n"


def _table(tree: Mapping[str, Any], path: list[str], lines: list[str]) -> None:
    values = [(k, v) for k, v in tree.items() if not isinstance(v, dict)]
    tables = [(k, v) for k, v in tree.items() if isinstance(v, dict)]
    if values and path:
        lines += ["", "[" + ".".join(_key(p) for p in path) + "]"]
    lines += [f"{_key(k)} = {literal(v)}" for k, v in values]
    for key, sub in tables:
        _table(sub, [*path, key], lines)


def _key(key: str) -> str:
    return key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)
