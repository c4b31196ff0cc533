"""Read a QA scorecard TOML file into a :class:`~regie.domain.qa.Scorecard`.

Errors follow the contract file: one line per problem naming the file, the key, the bad
value and what is allowed (``qa.toml: categories.friendliness.weight = 0: must be
greater than 0``), unknown keys with the nearest known key suggested, every problem at
once in one :class:`ScorecardFileError`.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from regie.domain.errors import CaseFileError
from regie.domain.qa import Category, Scorecard
from regie.files.qa_scorecard_schema import ScorecardFile
from regie.files.toml_errors import describe, dotted, read_text


class ScorecardFileError(CaseFileError):
    """A scorecard file that cannot be read or fails validation."""

    code = "invalid_scorecard_file"


@dataclass(frozen=True)
class LoadedScorecard:
    """A scorecard with the text it was read from (stored beside the reviews it scored)."""

    scorecard: Scorecard
    text: str
    file_name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def load_scorecard(path: Path) -> LoadedScorecard:
    """Parse and validate one scorecard file; raise one error listing every problem."""
    text = read_text(path, "scorecard")
    return LoadedScorecard(parse_scorecard(text, source=path.name), text, path.name)


def parse_scorecard(text: str, source: str = "scorecard.toml") -> Scorecard:
    """Parse a scorecard file's text; ``source`` names it in error lines."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScorecardFileError(f"{source}: not valid TOML: {error}") from None
    try:
        model = ScorecardFile.model_validate(raw)
    except ValidationError as error:
        lines = [
            f"{source}: {describe(e, ScorecardFile, _key, _allowed(e))}" for e in error.errors()
        ]
        raise ScorecardFileError(lines[0], lines) from None
    return _to_domain(model)


def _key(loc: Sequence[Any]) -> str:
    """``categories.Tone``: a table's name, without pydantic's ``[key]`` marker."""
    return dotted([part for part in loc if part != "[key]"])


def _allowed(error: ErrorDetails) -> str | None:
    if error["type"] == "string_pattern_mismatch":
        return "a category key is lower case letters, digits and _, starting with a letter"
    if error["type"] == "too_short" and error["loc"] == ("categories",):
        return "a scorecard needs at least one category"
    return None


def _to_domain(model: ScorecardFile) -> Scorecard:
    categories = tuple(
        Category(
            key=key,
            weight=c.weight,
            low=(c.scale or model.scale).min,
            high=(c.scale or model.scale).max,
            na_allowed=c.na_allowed,
            critical=c.critical,
            label=c.label or key.replace("_", " ").capitalize(),
        )
        for key, c in model.categories.items()
    )
    meta = model.scorecard
    return Scorecard(meta.name, categories, meta.critical_below)
