"""Read a selection scorecard TOML file into a :class:`~regie.domain.selection.Scorecard`.

Errors follow the other files: one line per problem naming the file, the key path, the
bad value and what is allowed (``scorecard.toml: vendors."Acme".scores.technology = 7:
must be 1 to 5 (the scale)``), unknown keys with the nearest known key, all at once.

TCO comes from the file (``tco`` in each vendor's table) or, when the caller passes
``quoted`` (vendor → TCO from the quotes comparison), from the quotes only: a comparison
never mixes TCO of both kinds. A typed cost score is refused.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from regie.domain.errors import CaseFileError
from regie.domain.selection import COST, Scale, Scorecard, build_scorecard
from regie.files.scorecard_schema import ScorecardFile, VendorFile
from regie.files.toml_errors import describe, message, read_text, show

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
FILE, QUOTES = "file", "quotes"


class ScorecardFileError(CaseFileError):
    """A scorecard file that cannot be read or fails validation."""

    code = "invalid_scorecard_file"


@dataclass(frozen=True)
class ScorecardSheet:
    """A validated scorecard, its title and where its TCO came from (``file``,
    ``quotes``, or ``None`` without a cost criterion)."""

    title: str | None
    card: Scorecard
    tco_from: str | None


def load_scorecard(path: Path, quoted: Mapping[str, float] | None = None) -> ScorecardSheet:
    """Parse, validate and convert one scorecard file; one error lists every problem."""
    return parse_scorecard(read_text(path, "scorecard"), path.name, quoted)


def parse_scorecard(
    text: str, source: str = "scorecard.toml", quoted: Mapping[str, float] | None = None
) -> ScorecardSheet:
    """Parse a scorecard file's text; ``source`` names it in error lines."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScorecardFileError(f"{source}: not valid TOML: {error}") from None
    try:
        model = ScorecardFile.model_validate(raw)
    except ValidationError as error:
        _refuse(source, [_line(e) for e in error.errors()])
    problems = _vendor_problems(model, quoted)
    if problems:
        _refuse(source, problems)
    return _to_domain(model, quoted)


def toml_key(loc: Sequence[Any]) -> str:
    """``vendors."Acme Contact".scores.cost``: keys quoted as TOML needs them."""
    parts = [str(p) if _BARE.match(str(p)) else f'"{p}"' for p in loc]
    return ".".join(parts) or "(file)"


def _refuse(source: str, problems: list[str]) -> typing.NoReturn:
    lines = [f"{source}: {p}" for p in problems]
    raise ScorecardFileError(lines[0], lines)


def _line(error: ErrorDetails) -> str:
    """One problem; a bad table key (``[key]`` in pydantic's path) is named, not shown twice."""
    loc = tuple(error["loc"])
    if loc and loc[-1] == "[key]":
        return f"{toml_key(loc[:-1])}: {_allowed(error) or message(error)}"
    return describe(error, ScorecardFile, toml_key, _allowed(error))


def _allowed(error: ErrorDetails) -> str | None:
    loc = tuple(error["loc"])
    if error["type"] == "too_short" and loc == ("vendors",):
        return 'a scorecard compares at least two vendors: add a [vendors."NAME"] table'
    if error["type"] == "too_short" and loc == ("weights",):
        return "give at least one criterion with its weight, e.g. quality = 20"
    if error["type"] == "string_pattern_mismatch":
        return "a criterion is lowercase letters, digits and _, e.g. cultural_fit"
    if error["type"] in ("too_short", "too_long") and loc[:2] == ("scorecard", "scale"):
        return "must be [lowest, highest], e.g. [1, 5]"
    return None


def _vendor_problems(model: ScorecardFile, quoted: Mapping[str, float] | None) -> list[str]:
    problems: list[str] = []
    for name, vendor in model.vendors.items():
        problems += _score_problems(name, vendor, model)
        problems += _tco_problems(name, vendor, COST in model.weights, quoted)
    return problems


def _score_problems(name: str, vendor: VendorFile, model: ScorecardFile) -> list[str]:
    where = toml_key(("vendors", name, "scores"))
    low, high = model.scorecard.scale
    criteria = [k for k in model.weights if k != COST]
    problems = [f"{where}.{key}: missing: every criterion of [weights] needs a score"
                for key in criteria if key not in vendor.scores]  # fmt: skip
    for key, value in vendor.scores.items():
        if key == COST:
            problems.append(
                f"{where}.cost = {show(value)}: the cost score is derived from TCO, never "
                f"typed in: give {toml_key(('vendors', name, 'tco'))} in euros instead"
            )
        elif key not in model.weights:
            problems.append(f"{where}.{key} = {show(value)}: {_unknown(key, criteria)}")
        elif not low <= value <= high:
            problems.append(f"{where}.{key} = {show(value)}: must be {low:g} to {high:g} "
                            "(the scale of [scorecard])")  # fmt: skip
    return problems


def _unknown(key: str, criteria: list[str]) -> str:
    close = difflib.get_close_matches(key, criteria, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; criteria: {', '.join(criteria)}"
    return f"not a criterion of [weights]{hint}"


def _tco_problems(
    name: str, vendor: VendorFile, has_cost: bool, quoted: Mapping[str, float] | None
) -> list[str]:
    where = toml_key(("vendors", name, "tco"))
    if not has_cost:
        if vendor.tco is None:
            return []
        return [f"{where} = {show(vendor.tco)}: no cost criterion in [weights]: add "
                "cost = WEIGHT or remove tco"]  # fmt: skip
    if quoted is None:
        if vendor.tco is None:
            return [f"{where}: missing: the cost score is derived from TCO (euros over the "
                    "horizon); give it here, or take it from the quotes with --case"]  # fmt: skip
        return []
    problems = []
    if vendor.tco is not None:
        problems.append(f"{where} = {show(vendor.tco)}: TCO comes from the quotes (--case); "
                        "remove it here, or leave out --case")  # fmt: skip
    if name not in quoted:
        known = ", ".join(sorted(quoted)) or "none"
        problems.append(f'{toml_key(("vendors", name))}: no priced quote for "{name}" in '
                        f"the comparison (priced: {known}); import one with `regie quote "
                        "import`, named as the vendor here")  # fmt: skip
    return problems


def _to_domain(model: ScorecardFile, quoted: Mapping[str, float] | None) -> ScorecardSheet:
    has_cost = COST in model.weights
    tco: dict[str, float] = {}
    if has_cost:
        source = quoted if quoted is not None else {}
        tco = {n: source[n] if quoted is not None else v.tco or 0.0
               for n, v in model.vendors.items()}  # fmt: skip
    card = build_scorecard(
        weights=dict(model.weights),
        scale=Scale(*model.scorecard.scale),
        typed={name: dict(v.scores) for name, v in model.vendors.items()},
        tco=tco,
    )
    tco_from = None if not has_cost else FILE if quoted is None else QUOTES
    return ScorecardSheet(model.scorecard.title, card, tco_from)
