"""The user docs stay true: every case-file key is documented, and the worked-example
table in docs/case-file.md matches what Regie computes."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from regie.files.case_loader import parse_case
from regie.files.case_schema import CaseFile
from regie.files.toml_errors import unwrap as _unwrap
from regie.services.business_case import evaluate

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "case-file.md").read_text()
EXAMPLE = (ROOT / "examples" / "webshop-500.toml").read_text()


def keys(model: type[BaseModel]) -> set[str]:
    found = set()
    for name, field in model.model_fields.items():
        found.add(name)
        inner = _unwrap(field.annotation)
        if typing.get_origin(inner) is dict:
            inner = _unwrap(typing.get_args(inner)[1])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found |= keys(inner)
    return found - {"preset"}


def test_every_key_of_the_case_file_is_documented() -> None:
    spans = re.findall(r"`([^`]+)`", DOC)
    documented = {word for span in spans for word in re.findall(r"\w+", span)}
    assert sorted(keys(CaseFile) - documented) == []


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ((), 0),
        (("aht_hours = 0.1667", "aht_minutes = 10"), 1),
        (('productive_hours = "160/month"', 'productive_hours = "1000/year"'), 2),
    ],
)
def test_the_worked_example_table_matches_regie(change: tuple[str, ...], column: int) -> None:
    text = EXAMPLE.replace(*change) if change else EXAMPLE
    r = evaluate(parse_case(text), draws=1000).realistic
    row = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in DOC.splitlines()
        if line.startswith("| ") and line.count("|") == 5
    }
    assert row["in-house TCO"][column] == f"€{r.inhouse_tco:,.2f}"
    assert row["outsourced TCO"][column] == f"€{r.outsourced_tco:,.2f}"
    assert row["saving"][column] == f"€{r.saving:,.2f} ({r.saving_pct:.1f} %)"
    assert row["ROI"][column] == f"{r.roi_pct:.1f} %"
    assert row["break-even month"][column] == str(r.break_even_month)
    assert row["FTE"][column].endswith(f"({float(r.projection.fte_total[0]):.4f})")
