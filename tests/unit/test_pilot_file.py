"""The pilot file: the template in both languages, the defaults of DOMAIN §3, and one
clear line per problem."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from regie.domain.errors import NotFound
from regie.domain.pilot import KPIS, Better
from regie.files.pilot_loader import PilotFileError, load_pilot, parse_pilot
from regie.files.pilot_schema import PilotFile
from regie.files.pilot_template import PilotChoices, next_monday, pilot_template

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = """
[pilot]
channel = "chat"
start = 2026-03-02
days = 60

[[vendors]]
name = "Acme"
fee = 6000
"""


def problems(text: str) -> list[str]:
    with pytest.raises(PilotFileError) as caught:
        parse_pilot(text)
    return list(caught.value.problems)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_filled_template_reads_back_as_chosen(lang: str) -> None:
    choices = PilotChoices(vendors=("Acme", "Beta", "Gamma"),
                           fees=(Decimal("6000"), Decimal("5500.50"), Decimal("4000")),
                           channel="phone", start=date(2026, 3, 2), days=90, name="Q2 phone",
                           csat_target=0.9, frt_seconds=1800, aht_min=120, aht_max=480,
                           fcr_target=0.75, cost_max=Decimal("3.50"))  # fmt: skip
    pilot = parse_pilot(pilot_template(lang, choices))  # type: ignore[arg-type]
    assert (pilot.name, pilot.channel, pilot.start, pilot.days) == (
        "Q2 phone", "phone", date(2026, 3, 2), 90,
    )  # fmt: skip
    assert [(v.name, v.fee) for v in pilot.vendors] == [
        ("Acme", Decimal("6000")), ("Beta", Decimal("5500.50")), ("Gamma", Decimal("4000")),
    ]  # fmt: skip
    targets = [(t.target, t.high) for t in pilot.thresholds]
    assert targets == [(0.9, None), (1800, None), (120, 480), (0.75, None), (3.5, None)]
    assert pilot.calendar is None  # the template's office calendar is there but unused


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_template_lines_its_comments_up(lang: str) -> None:
    text = pilot_template(lang)  # type: ignore[arg-type]
    for line in text.splitlines():
        if re.match(r"^[a-z_]+ = [^#]*#", line) and not line.startswith("name"):
            assert line.index("#") == 36, line


def test_a_vendor_without_a_fee_is_asked_for_it() -> None:
    text = pilot_template("en", PilotChoices(vendors=("Acme",)))
    assert "# fee = 0" in text
    assert problems(text) == [
        "pilot.toml: vendors[1]: give fee (euros for the whole pilot) or ticket_rate (euros per "
        "handled contact), or both"
    ]


def test_one_fee_serves_every_vendor_and_names_are_toml_strings() -> None:
    text = pilot_template("en", PilotChoices(vendors=('Acme "NL"', "Bèta"), fees=(Decimal(900),)))
    assert [(v.name, v.fee) for v in parse_pilot(text).vendors] == [
        ('Acme "NL"', Decimal(900)), ("Bèta", Decimal(900)),
    ]  # fmt: skip


def test_the_next_monday() -> None:
    assert next_monday(date(2026, 3, 4)) == date(2026, 3, 9)
    assert next_monday(date(2026, 3, 9)) == date(2026, 3, 16)


def test_every_kpi_section_defaults_to_domain_section_3() -> None:
    pilot = parse_pilot(MINIMAL)
    assert [t.kpi for t in pilot.thresholds] == list(KPIS)
    csat, frt, aht, fcr, cost = pilot.thresholds
    assert (csat.target, csat.statistic, csat.better, csat.min_sample) == (
        0.85, "top2", Better.HIGHER, 50,
    )  # fmt: skip
    assert (frt.target, frt.statistic, frt.better) == (3600.0, "median", Better.LOWER)
    assert (aht.target, aht.high, aht.better) == (180.0, 600.0, Better.INSIDE)
    assert (fcr.target, fcr.min_sample) == (0.70, 100)
    assert (cost.target, cost.better) == (4.0, Better.LOWER)
    assert (pilot.name, pilot.timezone) == ("Pilot", "Europe/Amsterdam")


def test_mean_csat_defaults_to_4_and_an_aht_maximum_alone_is_a_maximum() -> None:
    text = MINIMAL + '\n[kpis.csat]\nmeasure = "mean"\n\n[kpis.aht]\nmax_seconds = 420\n'
    pilot = parse_pilot(text)
    assert (pilot.thresholds[0].target, pilot.thresholds[0].statistic) == (4.0, "mean")
    aht = pilot.thresholds[2]
    assert (aht.better, aht.target, aht.high) == (Better.LOWER, 420.0, None)


OFFICE = """
[kpis.frt]
calendar = "office"

[calendars.office]
timezone = "Europe/Brussels"
holidays = "BE"
hours = { mon = ["09:00-17:00"], fri = ["09:00-12:00"] }
"""


def test_frt_in_business_hours_uses_the_named_calendar() -> None:
    pilot = parse_pilot(MINIMAL + OFFICE)
    assert pilot.calendar is not None
    assert (pilot.calendar.name, pilot.calendar.timezone) == ("office", "Europe/Brussels")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("days = 60", "days = 120"), "pilot.toml: pilot.days = 120: must be 30 to 90 days"),
        (("days = 60", "days = 20"), "pilot.toml: pilot.days = 20: must be 30 to 90 days"),
        (("start = 2026-03-02", 'start = "2026-03-02"'),
         'pilot.toml: pilot.start = "2026-03-02": must be a TOML date without quotes, '
         "e.g. 2026-03-02"),
        (('channel = "chat"', 'channel = "fax"'),
         "pilot.toml: pilot.channel = \"fax\": must be 'phone', 'email', 'chat', 'social' or "
         "'other'"),
        (("days = 60", "days = 60\nstart_day = 1"),
         "pilot.toml: pilot.start_day = 1: unknown key; did you mean 'start'?"),
        (("fee = 6000", "fee = -5"), "pilot.toml: vendors[1].fee = -5: must be at least 0"),
        (("days = 60", 'days = 60\ntimezone = "Mars/Olympus"'),
         'pilot.toml: pilot.timezone = "Mars/Olympus": not an IANA time zone: use a name like '
         '"Europe/Amsterdam" or "Europe/Brussels"'),
    ],
)  # fmt: skip
def test_one_line_per_problem(change: tuple[str, str], expected: str) -> None:
    assert problems(MINIMAL.replace(*change)) == [expected]


def test_a_pilot_has_at_most_three_vendors_with_different_names() -> None:
    four = MINIMAL + "".join(f'\n[[vendors]]\nname = "V{i}"\nfee = 1\n' for i in range(3))
    assert problems(four) == [
        "pilot.toml: vendors = [{…}, {…}, {…}, {…}]: a pilot has 1 to 3 vendors: give 1 to 3 "
        "[[vendors]]"
    ]
    twice = MINIMAL + '\n[[vendors]]\nname = "acme"\nticket_rate = 2.5\n'
    assert problems(twice) == ['pilot.toml: vendors[2].name = "acme": named twice']


BAD_KPIS = """
[kpis.csat]
target = 85

[kpis.aht]
min_seconds = 600
max_seconds = 300

[kpis.frt]
calendar = "ofice"
"""


def test_kpi_values_are_checked_every_problem_at_once() -> None:
    assert problems(MINIMAL + BAD_KPIS) == [
        "pilot.toml: kpis.csat.target = 85: must be 0 to 1 (a share: 0.85 for 85 %)",
        "pilot.toml: kpis.aht.max_seconds = 300: must exceed min_seconds",
        'pilot.toml: kpis.frt.calendar = "ofice": unknown calendar: use "24/7" (define it under '
        "[calendars.NAME])",
    ]


def test_fcr_is_a_share_and_an_unknown_kpi_is_refused() -> None:
    assert problems(MINIMAL + "\n[kpis.fcr]\ntarget = 70\n") == [
        "pilot.toml: kpis.fcr.target = 70: must be a share between 0 and 1, e.g. 0.8 for 80 %"
    ]
    assert problems(MINIMAL + "\n[kpis.nps]\ntarget = 30\n") == [
        "pilot.toml: kpis.nps = {…}: unknown key; known keys here: csat, frt, aht, fcr, "
        "cost_per_ticket"
    ]


def test_a_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such pilot file"):
        load_pilot(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("[pilot\n", encoding="utf-8")
    with pytest.raises(PilotFileError, match=r"bad\.toml: not valid TOML"):
        load_pilot(tmp_path / "bad.toml")


def test_every_key_of_the_pilot_file_is_documented() -> None:
    text = (ROOT / "docs" / "pilot.md").read_text(encoding="utf-8")
    doc = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code blocks hold no key spans
    documented = {w for span in re.findall(r"`([^`]+)`", doc) for w in re.findall(r"\w+", span)}
    keys = set(PilotFile.model_fields)
    for field in PilotFile.model_fields.values():
        keys |= _nested(field.annotation)
    assert sorted(keys - documented) == []


def _nested(annotation: object) -> set[str]:
    from pydantic import BaseModel

    from regie.files.toml_errors import unwrap

    inner = unwrap(annotation)
    args = getattr(inner, "__args__", ())
    if args:
        inner = unwrap(args[-1])
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        found = set(inner.model_fields)
        for field in inner.model_fields.values():
            found |= _nested(field.annotation)
        return found
    return set()
