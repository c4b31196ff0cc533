"""One line per problem in a TOML file the user wrote (case, contract, mapping).

Pydantic's errors become ``key = value: what is allowed``; an unknown key gets the
nearest known key at that place (``did you mean 'aht_minutes'?``).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from regie.domain.errors import InvalidInput, NotFound


def show(value: Any) -> str:
    """A value as the user wrote it in TOML."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{…}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = members[0]
        else:
            return annotation


def dotted(loc: Sequence[Any]) -> str:
    """``channels.email.aht_minutes``."""
    return ".".join(str(part) for part in loc) or "(file)"


def indexed(loc: Sequence[Any]) -> str:
    """``penalties[2].tiers[1]``: list positions counted from 1, as a reader counts."""
    key = ""
    for part in loc:
        key += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if key else str(part)
    return key or "(file)"


def model_at(root: type[BaseModel], loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model that holds the key at ``loc`` (through dicts and lists)."""
    current: Any = root
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = unwrap(field.annotation)
        elif typing.get_origin(current) in (dict, list):
            current = unwrap(typing.get_args(current)[-1])
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def suggest(root: type[BaseModel], loc: Sequence[Any]) -> str:
    """``; did you mean 'x'?`` or the known keys at that place."""
    model = model_at(root, loc[:-1])
    if model is None:
        return ""
    known = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; known keys here: {', '.join(known)}"


def message(error: ErrorDetails) -> str:
    """Pydantic's message in Regie's words (``must be …``)."""
    return str(error["msg"]).removeprefix("Value error, ").replace("Input should be", "must be")


def describe(
    error: ErrorDetails,
    root: type[BaseModel],
    key: Callable[[Sequence[Any]], str] = dotted,
    allowed: str | None = None,
) -> str:
    """One line for one problem; ``allowed`` replaces pydantic's message when given."""
    loc = list(error["loc"])
    where = key(loc)
    if error["type"] == "missing":
        return f"{where}: missing: this key is required"
    if error["type"] == "extra_forbidden":
        return f"{where} = {show(error['input'])}: unknown key{suggest(root, loc)}"
    text = allowed or message(error)
    if isinstance(error["input"], dict):
        return f"{where}: {text}"
    return f"{where} = {show(error['input'])}: {text}"


def read_text(path: Path, kind: str) -> str:
    """A file the user wrote, as text: one clear error when it is missing or not UTF-8."""
    if not path.is_file():
        raise NotFound(f"{path}: no such {kind} file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise InvalidInput(
            f"{path.name}: not UTF-8 text (byte {error.start + 1} is 0x{byte:02x}); "
            "save the file as UTF-8"
        ) from None
