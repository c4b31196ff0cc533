"""The scorecard file reads like the other files: one clear line per problem, and the
cost score only ever from TCO. docs/selection.md documents every key."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from regie.domain.errors import NotFound
from regie.domain.selection import rank
from regie.files.scorecard_loader import (
    ScorecardFileError,
    load_scorecard,
    parse_scorecard,
    toml_key,
)
from regie.files.scorecard_schema import ScorecardFile
from regie.files.scorecard_template import scorecard_template
from regie.files.toml_errors import unwrap

DOC = (Path(__file__).resolve().parents[2] / "docs" / "selection.md").read_text()

GOOD = """
[scorecard]
title = "Partner 2027"
scale = [1, 5]

[weights]
quality = 40
cost = 30
technology = 20
cultural_fit = 10

[vendors.A]
tco = 400000
scores = { quality = 3, technology = 3, cultural_fit = 4 }

[vendors."B & Co"]
tco = 500000
scores = { quality = 4, technology = 4, cultural_fit = 2 }

[vendors.C]
tco = 800000
scores = { quality = 5, technology = 5, cultural_fit = 5 }
"""


def problems(text: str, quoted: dict[str, float] | None = None) -> list[str]:
    with pytest.raises(ScorecardFileError) as caught:
        parse_scorecard(text, quoted=quoted)
    return list(caught.value.problems)


def test_a_good_file_gives_the_hand_computed_ranking() -> None:
    sheet = parse_scorecard(GOOD)
    assert sheet.title == "Partner 2027" and sheet.tco_from == "file"
    ranked = rank(sheet.card)
    assert [r.vendor for r in ranked] == ["C", "B & Co", "A"]
    assert [r.total for r in ranked] == pytest.approx([4.40, 3.86, 3.70])


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_template_in_each_language_is_a_valid_scorecard(lang: str) -> None:
    sheet = parse_scorecard(scorecard_template(lang))  # type: ignore[arg-type]
    assert set(sheet.card.criteria) == {
        "sector_expertise", "technology", "scalability", "references", "cultural_fit",
        "cost", "quality", "compliance",
    }  # fmt: skip
    assert sum(sheet.card.weights.values()) == 100


def test_a_typed_cost_score_is_refused_with_what_to_give_instead() -> None:
    text = GOOD.replace("scores = { quality = 3,", "scores = { cost = 5, quality = 3,")
    assert problems(text) == [
        "scorecard.toml: vendors.A.scores.cost = 5: the cost score is derived from TCO, never "
        "typed in: give vendors.A.tco in euros instead"
    ]


def test_every_problem_of_the_vendors_is_one_line() -> None:
    text = GOOD.replace("tco = 400000\n", "").replace(
        "quality = 4, technology = 4,", "quality = 7, technlogy = 4,"
    )
    assert problems(text) == [
        "scorecard.toml: vendors.A.tco: missing: the cost score is derived from TCO (euros over "
        "the horizon); give it here, or take it from the quotes with --case",
        'scorecard.toml: vendors."B & Co".scores.technology: missing: every criterion of '
        "[weights] needs a score",
        'scorecard.toml: vendors."B & Co".scores.quality = 7: must be 1 to 5 (the scale of '
        "[scorecard])",
        'scorecard.toml: vendors."B & Co".scores.technlogy = 4: not a criterion of [weights]; '
        "did you mean 'technology'?",
    ]


def test_schema_problems_name_the_key_and_what_is_allowed() -> None:
    text = (
        GOOD.replace("scale = [1, 5]", "scale = [5, 1]")
        .replace("quality = 40", "quality = -40")
        .replace("[weights]", "[weights]\nCulture = 5")
    )
    found = problems(text)
    assert found == [
        "scorecard.toml: scorecard.scale = [5, 1]: must be [lowest, highest] with lowest below "
        "highest, e.g. [1, 5]",
        "scorecard.toml: weights.Culture: a criterion is lowercase letters, digits and _, e.g. "
        "cultural_fit",
        "scorecard.toml: weights.quality = -40: must be greater than 0",
    ]


def test_unknown_keys_get_the_nearest_known_key() -> None:
    text = GOOD.replace("tco = 500000", "tc0 = 500000")
    assert "vendors.\"B & Co\".tc0 = 500000: unknown key; did you mean 'tco'?" in problems(text)[0]


def test_a_scorecard_needs_two_vendors() -> None:
    text = GOOD.split('[vendors."B & Co"]')[0]
    assert problems(text) == [
        "scorecard.toml: vendors: a scorecard compares at least two vendors: add a "
        '[vendors."NAME"] table'
    ]


def test_tco_from_the_quotes_replaces_the_files_and_never_mixes_with_it() -> None:
    bare = re.sub(r"tco = \d+\n", "", GOOD)
    quoted = {"A": 400_000.0, "B & Co": 500_000.0, "C": 800_000.0, "D": 1.0}
    sheet = parse_scorecard(bare, quoted=quoted)
    assert sheet.tco_from == "quotes" and dict(sheet.card.tco) == {
        "A": 400_000.0, "B & Co": 500_000.0, "C": 800_000.0,
    }  # fmt: skip
    assert [r.vendor for r in rank(sheet.card)] == ["C", "B & Co", "A"]
    found = problems(GOOD, {"A": 1.0, "C": 2.0})
    assert found[0] == (
        "scorecard.toml: vendors.A.tco = 400000: TCO comes from the quotes (--case); remove it "
        "here, or leave out --case"
    )
    assert (
        'scorecard.toml: vendors."B & Co": no priced quote for "B & Co" in the comparison '
        "(priced: A, C); import one with `regie quote import`, named as the vendor here"
    ) in found


def test_without_a_cost_criterion_tco_is_refused_and_not_needed() -> None:
    text = GOOD.replace("cost = 30\n", "")
    assert problems(text)[0] == (
        "scorecard.toml: vendors.A.tco = 400000: no cost criterion in [weights]: add cost = "
        "WEIGHT or remove tco"
    )
    sheet = parse_scorecard(re.sub(r"tco = \d+\n", "", text))
    assert sheet.tco_from is None and not sheet.card.tco


def test_bad_toml_and_a_missing_file_are_clear(tmp_path: Path) -> None:
    assert problems("[weights\n")[0].startswith("scorecard.toml: not valid TOML:")
    with pytest.raises(NotFound, match="no such scorecard file"):
        load_scorecard(tmp_path / "nope.toml")


def test_keys_are_quoted_as_toml_needs_them() -> None:
    assert toml_key(["vendors", "Acme Contact", "tco"]) == 'vendors."Acme Contact".tco'


def keys(model: type[BaseModel]) -> set[str]:
    found = set()
    for name, field in model.model_fields.items():
        found.add(name)
        inner = unwrap(field.annotation)
        if typing.get_origin(inner) in (dict, list):
            inner = unwrap(typing.get_args(inner)[-1])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found |= keys(inner)
    return found


def test_every_key_of_the_scorecard_file_is_documented() -> None:
    spans = re.findall(r"`([^`]+)`", DOC)
    documented = {word for span in spans for word in re.findall(r"\w+", span)}
    assert sorted(keys(ScorecardFile) - documented) == []
