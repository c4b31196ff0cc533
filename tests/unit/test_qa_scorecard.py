"""The QA scorecard file: the templates read, problems come one line each, keys documented."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from regie.domain.errors import NotFound
from regie.files.qa_scorecard_loader import ScorecardFileError, load_scorecard, parse_scorecard
from regie.files.qa_scorecard_schema import ScorecardFile
from regie.files.qa_template import scorecard_template
from regie.files.toml_errors import unwrap

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = """
[scorecard]
name = "Mini"

[categories.tone]
weight = 1
"""


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_template_has_the_five_categories_and_one_critical(lang: str) -> None:
    card = parse_scorecard(scorecard_template(lang))  # type: ignore[arg-type]
    assert card.keys == (
        "friendliness", "professionalism", "product_knowledge", "process_compliance",
        "resolution",
    )  # fmt: skip
    assert [c.key for c in card.categories if c.critical] == ["process_compliance"]
    assert sum(c.weight for c in card.categories) == 100
    assert {(c.low, c.high) for c in card.categories} == {(1, 5)}
    assert card.critical_below == 50.0


def test_the_templates_differ_only_in_words() -> None:
    en, nl = (parse_scorecard(scorecard_template(lang)) for lang in ("en", "nl"))
    strip = [(c.key, c.weight, c.low, c.high, c.na_allowed, c.critical) for c in en.categories]
    assert strip == [(c.key, c.weight, c.low, c.high, c.na_allowed, c.critical)
                     for c in nl.categories]  # fmt: skip
    assert nl.categories[0].label == "Vriendelijkheid"


def test_defaults_a_label_from_the_key_and_a_category_scale_of_its_own() -> None:
    card = parse_scorecard(
        MINIMAL + "\n[categories.id_check]\nweight = 2\nscale = { min = 0, max = 1 }\n"
    )
    tone, check = card.categories
    assert (tone.label, tone.low, tone.high, tone.na_allowed, tone.critical) == (
        "Tone", 1, 5, True, False,
    )  # fmt: skip
    assert (check.label, check.low, check.high) == ("Id check", 0, 1)


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (("weight = 1", "weight = 0"),
         "qa.toml: categories.tone.weight = 0: must be greater than 0"),
        (("weight = 1", "wieght = 1"),
         "qa.toml: categories.tone.wieght = 1: unknown key; did you mean 'weight'?"),
        (("[categories.tone]", "[categories.Tone]"),
         'qa.toml: categories.Tone = "Tone": a category key is lower case letters, digits'),
        (("weight = 1", "weight = 1\nscale = { min = 5, max = 1 }"),
         "qa.toml: categories.tone.scale: max (1) must be greater than min (5)"),
        (("weight = 1", 'weight = 1\ncritical = "yes"'),
         'qa.toml: categories.tone.critical = "yes": must be a valid boolean'),
        (('name = "Mini"', 'name = "Mini"\ncritical_below = 150'),
         "qa.toml: scorecard.critical_below = 150: must be less than or equal to 100"),
        (('name = "Mini"', ""), "qa.toml: scorecard.name: missing: this key is required"),
    ],
)  # fmt: skip
def test_each_problem_is_one_line_naming_key_value_and_what_is_allowed(
    change: tuple[str, str], line: str
) -> None:
    with pytest.raises(ScorecardFileError) as caught:
        parse_scorecard(MINIMAL.replace(*change), source="qa.toml")
    assert any(p.startswith(line) for p in caught.value.problems), caught.value.problems


def test_a_scorecard_without_categories_or_toml_is_refused() -> None:
    with pytest.raises(ScorecardFileError, match="categories: a scorecard needs at least one"):
        parse_scorecard('[scorecard]\nname = "x"\n[categories]\n', source="qa.toml")
    with pytest.raises(ScorecardFileError, match=r"qa\.toml: not valid TOML"):
        parse_scorecard("[scorecard\n", source="qa.toml")
    with pytest.raises(NotFound, match="no such scorecard file"):
        load_scorecard(ROOT / "nope.toml")


def test_a_loaded_scorecard_keeps_its_text_and_hash(tmp_path: Path) -> None:
    path = tmp_path / "qa.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    loaded = load_scorecard(path)
    assert (loaded.text, loaded.file_name, len(loaded.sha256)) == (MINIMAL, "qa.toml", 64)


def keys(model: type[BaseModel]) -> set[str]:
    found = set()
    for name, field in model.model_fields.items():
        found.add(name)
        inner = unwrap(field.annotation)
        if typing.get_origin(inner) is dict:
            inner = unwrap(typing.get_args(inner)[-1])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found |= keys(inner)
    return found


def test_every_key_of_the_scorecard_file_is_documented() -> None:
    doc = (ROOT / "docs" / "qa.md").read_text(encoding="utf-8")
    documented = {w for span in re.findall(r"`([^`]+)`", doc) for w in re.findall(r"\w+", span)}
    assert sorted(keys(ScorecardFile) - documented) == []
