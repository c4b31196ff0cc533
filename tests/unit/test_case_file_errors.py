"""A bad case file gets one clear line per problem: file, key, value, what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from regie.domain.errors import CaseFileError
from regie.files.case_loader import parse_case
from regie.files.templates import case_template

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "webshop-500.toml").read_text()


def problems(text: str) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        parse_case(text, source="case.toml")
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "aht_hours = 0.1667",
            "aht_minutes = -3",
            "case.toml: channels.email.aht_minutes = -3: must be greater than 0",
        ),
        (
            "aht_hours = 0.1667",
            "aht_minuts = 10",
            "case.toml: channels.email.aht_minuts = 10: unknown key; did you mean 'aht_minutes'?",
        ),
        (
            'model = "hourly"',
            'model = "hourlyy"',
            "case.toml: outsourced.pricing.model = \"hourlyy\": must be 'hourly', 'fte', "
            "'per_ticket', 'subscription' or 'mixed'",
        ),
        (
            "horizon_months = 12",
            "horizon_months = 61",
            "case.toml: case.horizon_months = 61: must be less than or equal to 60",
        ),
        (
            "employer_charges_pct = 35",
            "employer_charges_pct = [40, 30]",
            "case.toml: inhouse.employer_charges_pct = [40, 30]: a range must be ordered: "
            "low ≤ likely ≤ high",
        ),
        (
            "employer_charges_pct = 35",
            "employer_charges_pct = 135",
            "case.toml: inhouse.employer_charges_pct = 135: must be at most 100",
        ),
        (
            "volume_per_month = 500",
            'volume_per_month = "500"',
            'case.toml: channels.email.volume_per_month = "500": must be a number or a range '
            "[low, high]",
        ),
        (
            "volume_per_month = 500",
            "volume_per_month = [1, 2, 3, 4]",
            "case.toml: channels.email.volume_per_month = [1, 2, 3, 4]: a range has two values "
            "[low, high] or three [low, likely, high]",
        ),
        (
            'productive_hours = "160/month"',
            'productive_hours = "160/week"',
            "case.toml: case.productive_hours = \"160/week\": must be '160/month', '1000/year' "
            "or a table { per_month = N } / { per_year = N }",
        ),
        (
            "[outsourced.pricing]",
            "[outsourced.pricingg]",
            "case.toml: outsourced.pricingg = {…}: unknown key; did you mean 'pricing'?",
        ),
        (
            "hourly_rate = 18",
            "hourly_rate = 18\nticket_rate = 2",
            "case.toml: outsourced.pricing: ticket_rate not used by model 'hourly': use model "
            "'mixed' or remove it",
        ),
        (
            "aht_hours = 0.1667",
            "aht_hours = 0.1667\naht_minutes = 10",
            "case.toml: channels.email: give exactly one of aht_minutes or aht_hours",
        ),
        (
            "gross_monthly_salary = 2500",
            "",
            "case.toml: inhouse.gross_monthly_salary: missing: this key is required",
        ),
        (
            "strategic_value = 3",
            "strategic_value = 7",
            "case.toml: decision.strategic_value = 7: must be less than or equal to 5",
        ),
    ],
    ids=lambda v: (v.splitlines() or ["(removed)"])[0][:40],
)
def test_a_bad_value_is_named_with_its_key_value_and_what_is_allowed(
    old: str, new: str, expected: str
) -> None:
    assert old in EXAMPLE
    assert expected in problems(EXAMPLE.replace(old, new, 1))


def test_a_missing_rate_without_a_region_names_the_key_and_the_way_out() -> None:
    text = EXAMPLE.replace('region = "nearshore"', "").replace("hourly_rate = 18", "")
    assert problems(text) == [
        "case.toml: outsourced.pricing.hourly_rate: missing: model 'hourly' needs it "
        "(or set outsourced.region to use that region's rate range)"
    ]


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = EXAMPLE.replace("horizon_months = 12", "horizon_months = 0").replace(
        "volume_per_month = 500", "volume_per_month = -1"
    )
    found = problems(text)
    assert len(found) == 2
    assert any("case.horizon_months = 0" in p for p in found)
    assert any("channels.email.volume_per_month = -1" in p for p in found)


def test_broken_toml_names_the_file_line_and_column() -> None:
    found = problems('[case]\nname = "x\n')
    assert found[0].startswith("case.toml: not valid TOML:")
    assert "line 2" in found[0]


def test_a_typo_in_a_section_name_suggests_the_section() -> None:
    found = problems(EXAMPLE.replace("[inhouse]", "[inhose]"))
    assert "case.toml: inhose = {…}: unknown key; did you mean 'inhouse'?" in found


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_template_in_each_language_is_a_valid_case(lang: str) -> None:
    case = parse_case(case_template(lang))  # type: ignore[arg-type]
    assert case.structure.channels == ("email", "phone")


@pytest.mark.parametrize(
    ("loader", "kind"),
    [
        ("regie.files.case_loader:load_case", "case"),
        ("regie.files.contract_loader:load_contract", "contract"),
        ("regie.files.pilot_loader:load_pilot", "pilot"),
        ("regie.files.scorecard_loader:load_scorecard", "scorecard"),
        ("regie.files.qa_scorecard_loader:load_scorecard", "scorecard"),
    ],
)
def test_a_file_that_is_not_utf8_gets_one_clear_error(
    tmp_path: Path, loader: str, kind: str
) -> None:
    import importlib

    from regie.domain.errors import InvalidInput

    module, name = loader.split(":")
    load = getattr(importlib.import_module(module), name)
    path = tmp_path / f"{kind}.toml"
    path.write_bytes(b'name = "Caf\xe9"\n')
    with pytest.raises(InvalidInput) as raised:
        load(path)
    assert str(raised.value) == (
        f"{kind}.toml: not UTF-8 text (byte 12 is 0xe9); save the file as UTF-8"
    )
