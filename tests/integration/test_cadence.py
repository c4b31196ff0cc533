"""The report cadence end to end: a workspace with four months of contacts, a contract
and a business case; the weekly, monthly and quarterly reports in English and Dutch.

July – October 2026, Europe/Amsterdam, every day 10 e-mails and 8 calls. E-mail has a
norm of 2 hours (24/7) for 80 %: 9 of 10 are answered within 1 hour until September, then
in October only 5 of 10 (the others after 3 hours) — a decline the early warning charts
and the October statement misses. Phone: 7 of 8 calls answered after 10 s, one after
60 s (87.5 % within 30 s, norm 80 %). Nine contacts a day are rated, eight of them 4
(CSAT top-2-box 88.9 % ≥ 85 %).

The fee is € 1,000 a month plus € 2 per handled contact; the business case expected 300
e-mails and 240 calls a month at € 2.50 each.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader

from regie.db.governance import SqlGovernanceStore
from regie.db.qa import SqlQaStore
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.domain.errors import InvalidInput
from regie.domain.penalties import Status
from regie.files.case_loader import parse_case
from regie.i18n import Locale
from regie.ingest.canonical import read
from regie.services.cadence import monthly, parse_period, quarterly, weekly
from regie.services.contracts import add_contract
from regie.services.importing import ImportRequest, import_files

ZONE = ZoneInfo("Europe/Amsterdam")
VENDOR = "Acme Contact"
FIRST, LAST = date(2026, 7, 1), date(2026, 10, 31)

CONTRACT = """
[contract]
effective_from = 2026-07-01
timezone = "Europe/Amsterdam"
monthly_fee = 1000

[fee]
model = "mixed"
ticket_rate = 2

[response.email]
target_seconds = 7200
required_share = 0.8

[response.phone]
target_seconds = 30
required_share = 0.8

[kpis.csat_top2]
target = 0.85
min_sample = 20

[kpis.fcr]
target = 0.70
min_sample = 50

[[penalties]]
name = "response times"
applies_to = ["response.email", "response.phone"]
tiers = [{ beyond = 0, percent_of_fee = 5 }]
"""

CASE = """
[case]
name = "Acme outsourcing"
horizon_months = 12
productive_hours = "160/month"

[channels.email]
volume_per_month = 300
aht_minutes = 9

[channels.phone]
volume_per_month = 240
aht_minutes = 6

[inhouse]
gross_monthly_salary = 3000
employer_charges_pct = 30
minimum_fte = 1

[outsourced.pricing]
model = "per_ticket"
ticket_rate = 2.5

[simulation]
draws = 1000
"""


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def day_contacts(day: date) -> list[dict[str, Any]]:
    late = 5 if day.month == 10 else 1  # e-mails answered after 3 h instead of 1 h
    rows = []
    for i in range(18):
        email = i < 10
        created = local(day, 9 + i % 9, 3 * i)
        slow = (i < late) if email else i == 10
        after = (timedelta(hours=3) if slow else timedelta(hours=1)) if email else None
        if not email:
            after = timedelta(seconds=60 if slow else 10)
        rows.append({
            "source_id": f"{day:%Y%m%d}-{i}",
            "channel": "email" if email else "phone",
            "created_at": created.isoformat(),
            "first_response_at": (created + after).isoformat(),
            "wait_seconds": None if email else after.total_seconds(),
            "abandoned": None if email else False,
            "handle_seconds": 420.0 if email else 300.0,
            "csat_score": (2 if i == 0 else 4) if i % 2 == 0 else None,
            "csat_scale": 5,
            "resolved_first_contact": i % 4 != 0,
            "escalated": i % 9 == 0,
        })  # fmt: skip
    return rows


def all_contacts() -> list[dict[str, Any]]:
    days = (FIRST + timedelta(days=d) for d in range((LAST - FIRST).days + 1))
    return [row for day in days for row in day_contacts(day)]


class World:
    def __init__(self, root: Path) -> None:
        workspace = create_workspace(root / "ws", None)
        self.store = SqlContactStore(workspace)
        self.book = SqlGovernanceStore(workspace)
        self.qa = SqlQaStore(workspace)
        self.root = root
        self.store.add_vendor(VENDOR)
        contract = root / "acme.toml"
        contract.write_text(CONTRACT, encoding="utf-8")
        add_contract(self.store, self.book, contract, VENDOR)
        contacts = root / "contacts.csv"
        pl.DataFrame(all_contacts()).write_csv(contacts)
        import_files(self.store, read, ImportRequest(VENDOR, [contacts]))
        self.case = parse_case(CASE)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("cadence"))


REVIEWS = [
    "contact_id,reviewer,agent,friendliness,professionalism,product_knowledge,"
    "process_compliance,resolution,comment",
    "csv:20261005-0,Anna,,4,4,4,4,4,",
    "csv:20261006-1,Anna,,5,5,5,5,5,",
    "csv:20261007-12,Bram,,3,4,5,4,3,",
]
OFFLINE = re.compile(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//")


@pytest.fixture(scope="module")
def reviewed(world: World) -> World:
    from regie.files.qa_template import scorecard_template
    from regie.services.qa import import_reviews

    card = world.root / "scorecard.toml"
    card.write_text(scorecard_template("en"), encoding="utf-8")
    reviews = world.root / "reviews.csv"
    reviews.write_text("\n".join(REVIEWS) + "\n", encoding="utf-8")
    import_reviews(world.store, world.qa, reviews, VENDOR, card)
    return world


def judged(found: Any) -> dict[str, Any]:
    return {j.key: j for j in found}


def test_periods_are_iso_weeks_months_and_quarters() -> None:
    week = parse_period("week", "2026-W41")
    assert (week.first, week.last) == (date(2026, 10, 5), date(2026, 10, 11))
    assert parse_period("quarter", "2026-Q4").months == ("2026-10", "2026-11", "2026-12")
    assert parse_period("month", "2026-02").last == date(2026, 2, 28)
    for kind, text in (("week", "2026-W54"), ("month", "2026-13"), ("quarter", "2026-Q5")):
        with pytest.raises(InvalidInput, match="--period"):
            parse_period(kind, text)  # type: ignore[arg-type]


def test_the_week_is_judged_per_channel_and_over_all_channels(world: World) -> None:
    r = weekly(world.store, world.book, VENDOR, "2026-W41")
    email, phone = r.channels
    assert (email.channel, email.handled, phone.handled) == ("email", 70, 56)
    assert judged(email.judged)["response.email"].outcome.value == 0.5  # October: 5 of 10
    assert judged(email.judged)["response.email"].outcome.status is Status.MISSED
    sl = judged(phone.judged)["response.phone"]
    assert (sl.measure, sl.outcome.value) == ("service_level_against", 0.875)
    overall = judged(r.overall)
    assert overall["kpi.csat_top2"].outcome.value == pytest.approx(56 / 63)
    assert len(r.days) == 14  # 7 days × 2 channels


def test_the_month_has_its_statement_trends_qa_and_both_dates_of_a_signal(
    reviewed: World,
) -> None:
    r = monthly(reviewed.store, reviewed.book, reviewed.qa, VENDOR, "2026-10")
    assert r.current.revision is None  # a draft: nothing was recorded
    assert judged(r.current.statement.judged)["response.email"].outcome.status is Status.MISSED
    assert sorted({p.month for p in r.trend}) == ["2026-07", "2026-08", "2026-09", "2026-10"]
    assert r.qa is not None and r.qa.iqs.n == 3 and r.qa.warning
    assert r.warning.result is not None
    (signal,) = r.warning.result.signals
    assert signal.series.kpi == "response.email"
    assert signal.since >= date(2026, 10, 1)
    assert signal.first_missed == date(2026, 10, 1)


def test_the_quarter_compares_the_case_with_four_actual_months(world: World) -> None:
    r = quarterly(world.store, world.book, VENDOR, "2026-Q4", world.case)
    assert [m.statement.month for m in r.months] == ["2026-10"]
    f = r.reforecast
    assert [x.month for x in f.actual] == ["2026-07", "2026-08", "2026-09", "2026-10"]
    assert f.lines[0].actual_volume == 31 * 18
    assert f.lines[0].actual_fee == 1000 + 2 * 31 * 18  # no penalty in July
    assert f.volume_ratio == pytest.approx((3 * 31 + 30) * 18 / (4 * 540))
    assert f.fee_basis == "contract"
    assert f.recommendation.verdict == "renegotiate"
    codes = [x.code for x in f.recommendation.reasons]
    assert "cost_per_ticket_above_case" in codes and "open_signals" in codes


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_all_three_reports_are_written_offline_with_pdf_and_workbook(
    reviewed: World, lang: str, tmp_path: Path
) -> None:
    from regie.reports.cadence_report import write_monthly, write_quarterly, write_weekly

    loc = Locale(lang)  # type: ignore[arg-type]
    w = reviewed
    written = [
        *write_weekly(weekly(w.store, w.book, VENDOR, "2026-W41"), tmp_path, loc),
        *write_monthly(monthly(w.store, w.book, w.qa, VENDOR, "2026-10"), tmp_path, loc),
        *write_quarterly(quarterly(w.store, w.book, VENDOR, "2026-Q4", w.case), tmp_path, loc),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert {p.stem for p in written} == {
        "weekly-acme-contact-2026-W41", "monthly-acme-contact-2026-10",
        "quarterly-acme-contact-2026-Q4",
    }  # fmt: skip
    for page in (p for p in written if p.suffix == ".html"):
        html = page.read_text(encoding="utf-8")
        assert not OFFLINE.search(html), page.name
        assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", html)
        assert "vegaEmbed" in html and f'lang="{lang}"' in html
    for pdf in (p for p in written if p.suffix == ".pdf"):
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert VENDOR in text, pdf.name
    sheets = {p.stem.split("-")[0]: openpyxl.load_workbook(p).sheetnames
              for p in written if p.suffix == ".xlsx"}  # fmt: skip
    expected = {
        "weekly": ["KPIs", "Days"],
        "monthly": ["Statement", "Money", "QA", "Trends", "Signals"],
        "quarterly": ["Months", "Case vs actual", "Recommendation", "Signals"],
    }
    assert {k: len(v) for k, v in sheets.items()} == {k: len(v) for k, v in expected.items()}
    if lang == "en":
        assert sheets == expected


def test_the_monthly_page_names_the_signal_date_and_the_first_missed_month(
    world: World, tmp_path: Path
) -> None:
    from regie.reports.cadence_report import write_monthly

    r = monthly(world.store, world.book, world.qa, VENDOR, "2026-10")
    assert r.warning.result is not None
    (signal,) = r.warning.result.signals
    html = write_monthly(r, tmp_path, Locale("en"))[0].read_text(encoding="utf-8")
    assert Locale("en").date(signal.since) in html
    assert ">2026-10</td>" in html
    assert 'id="chart-control-0"' in html and 'id="chart-trend"' in html


def test_the_quarterly_workbook_holds_the_case_against_actual_months(
    world: World, tmp_path: Path
) -> None:
    from regie.reports.cadence_report import write_quarterly

    r = quarterly(world.store, world.book, VENDOR, "2026-Q4", world.case)
    book = openpyxl.load_workbook(write_quarterly(r, tmp_path, Locale("en"))[2])
    rows = list(book["Case vs actual"].iter_rows(min_row=4, values_only=True))
    assert len(rows) == 12
    assert rows[0][:2] == (1, "2026-07") and rows[0][5] == 31 * 18
    assert rows[-1][5] == "—" and rows[-1][8] == pytest.approx(r.reforecast.volume_ratio * 540)
    assert book["Recommendation"]["A4"].value == "Renegotiate"
