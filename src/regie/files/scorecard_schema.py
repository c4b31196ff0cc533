"""The selection scorecard file format (TOML), as pydantic models.

Weights are any positive numbers (Regie divides each by their sum); scores lie on the
``scale`` of ``[scorecard]``; TCO is euros over the comparison's horizon. A vendor's
table holds its ``tco`` and its ``scores`` per criterion, but never a cost score: that
is derived from TCO. Unknown keys are refused with the nearest known key suggested.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from regie.files.case_schema import Strict

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=60)]
VendorName = Annotated[str, Field(min_length=1, max_length=200)]
Weight = Annotated[float, Field(gt=0)]
Score = float


class ScorecardMeta(Strict):
    title: str | None = Field(default=None, max_length=200)
    scale: list[float] = Field(default_factory=lambda: [1.0, 5.0], min_length=2, max_length=2)

    @field_validator("scale")
    @classmethod
    def _ascending(cls, scale: list[float]) -> list[float]:
        if not scale[0] < scale[1]:
            raise ValueError("must be [lowest, highest] with lowest below highest, e.g. [1, 5]")
        return scale


class VendorFile(Strict):
    tco: Annotated[float, Field(gt=0)] | None = None
    scores: dict[Key, Score] = Field(default_factory=dict)


class ScorecardFile(Strict):
    scorecard: ScorecardMeta = ScorecardMeta()
    weights: dict[Key, Weight] = Field(min_length=1)
    vendors: dict[VendorName, VendorFile] = Field(min_length=2)
