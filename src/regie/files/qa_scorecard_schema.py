"""The QA scorecard file format (TOML), as pydantic models.

A scorecard names its categories under ``[categories.<key>]`` in the order reviewers see
them; each has a weight, a scale (the file's ``[scale]`` unless the category gives its
own ``scale = { min = 0, max = 1 }``), whether N/A is allowed and whether it is critical.
Unknown keys are refused (the loader suggests the nearest known key), so a typo never
silently becomes a default. Documented in ``docs/qa.md``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from regie.domain.qa import CRITICAL_BELOW
from regie.files.case_schema import Strict

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=60)]


class ScaleFile(Strict):
    min: int = 1
    max: int = 5

    @model_validator(mode="after")
    def _ordered(self) -> ScaleFile:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        return self


class CategoryFile(Strict):
    label: str | None = Field(default=None, max_length=120)
    description: str | None = None
    weight: float = Field(gt=0)
    scale: ScaleFile | None = None
    na_allowed: bool = True
    critical: bool = False


class ScorecardMeta(Strict):
    name: str = Field(min_length=1, max_length=200)
    critical_below: float = Field(default=CRITICAL_BELOW, gt=0, le=100)


class ScorecardFile(Strict):
    scorecard: ScorecardMeta
    scale: ScaleFile = ScaleFile()
    categories: dict[Key, CategoryFile] = Field(min_length=1)
