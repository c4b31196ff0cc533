"""The monthly statement's reports: HTML (offline), PDF and a workbook whose totals recalculate.

The statement is built by hand, October 2026, Acme Contact, monthly fee € 25,000:

- phone, service level (abandons against) 1,010 of 1,200 = 84.2 % ≥ 80 %: met;
- e-mail within 2 h (office) 500 of 750 = 66.7 %, 13.3 pp short: penalty "response
  times" tier 2 (≥ 10 pp) = 5 % of the fee = € 1,250.00;
- escalation rate 60 of 500 = 12.0 %, target < 10 %: penalty "escalations" tier 1
  = € 400.00;
- FCR 30 of 40: fewer than the minimum sample of 100, insufficient; availability: no
  outage log, insufficient;
- CSAT top-2-box 230 of 250 = 92 % ≥ 85 %: bonus "satisfaction" tier 1 = € 300.00;
- AHT 412 s within 300–480 s: met;
- penalties 1,250 + 400 = 1,650.00 > cap 4 % = 1,000.00 → charged 1,000.00; bonuses
  300.00 ≤ cap 500.00 → paid 300.00;
- earn-back (3 months): July's phone penalty (500.00, of which 400.00 was charged
  after that month's cap) is earned back → refund 400.00; September's e-mail penalty
  is kept (e-mail missed again) → 0.00;
- net = 300.00 − 1,000.00 + 400.00 = −300.00;
- volumes: handled 1,200 + 750 + 380 = 2,330 → cost per contact 25,000 / 2,330
  = 10.7296… → € 10.73.

The workbook's recalculation is proven as for the business case
(``tests/integration/test_case_xlsx.py``): every formula is written with 0 as its cached
value, headless LibreOffice with ``OOXMLRecalcMode`` 0 ("always recalculate on load")
converts it, and openpyxl reads back what LibreOffice computed.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader

from regie.config import Language
from regie.domain.contract import Direction
from regie.domain.penalties import Adjustment, EarnBack, Outcome, Settlement, Status
from regie.domain.statement import ChannelVolume, EarnBackLine, Judged, Statement
from regie.i18n import Locale
from regie.reports.statement_report import SHOWN_CONTACTS, slug, write_statement
from regie.reports.statement_xlsx import sheet_name, write_statement_xlsx
from regie.services.explain import Explanation
from tests.integration.libreoffice import recalculate

ZONE = "Europe/Amsterdam"
CONTACTS = 250  # behind the e-mail miss: more than the page shows

# Hand-computed (see the module docstring).
PENALTY_TOTAL = Decimal("1650.00")
PENALTY_CAP = Decimal("1000.00")
CHARGED = Decimal("1000.00")
BONUS_TOTAL = Decimal("300.00")
PAID = Decimal("300.00")
REFUNDS = Decimal("400.00")
NET = Decimal("-300.00")
COST_PER_CONTACT = Decimal("10.73")


def wilson(hits: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def share(
    key: str,
    measure: str,
    target: float,
    hits: int,
    n: int,
    status: Status,
    direction: Direction = Direction.AT_LEAST,
    **extra: Any,
) -> Judged:
    value = hits / n
    margin = None
    if status is not Status.INSUFFICIENT:
        margin = round(value - target if direction is Direction.AT_LEAST else target - value, 9)
    low, high = wilson(hits, n)
    outcome = Outcome(status, value, margin, n)
    return Judged(key, measure, direction, target, None, outcome, hits, low, high, **extra)


def judged() -> tuple[Judged, ...]:
    return (
        share("response.phone", "service_level_against", 0.80, 1010, 1200, Status.MET,
              norm_seconds=30.0, calendar="24/7"),
        share("response.email", "within_norm", 0.80, 500, 750, Status.MISSED,
              norm_seconds=7200.0, calendar="office"),
        share("kpi.csat_top2", "csat_top2", 0.85, 230, 250, Status.MET),
        share("kpi.fcr", "fcr", 0.70, 30, 40, Status.INSUFFICIENT),
        share("kpi.escalation_rate", "escalation_rate", 0.10, 60, 500, Status.MISSED,
              Direction.BELOW),
        Judged("kpi.aht_band", "aht_band", Direction.WITHIN, 300.0, 480.0,
               Outcome(Status.MET, 412.0, 68.0, 2330)),
        Judged("kpi.availability", "availability", Direction.AT_LEAST, 0.995, None,
               Outcome(Status.INSUFFICIENT), note="no outage log covers the month"),
    )  # fmt: skip


def statement() -> Statement:
    email = Adjustment("penalty", "response times", "response.email", 2, Decimal("1250.00"))
    escalation = Adjustment("penalty", "escalations", "kpi.escalation_rate", 1, Decimal("400.00"))
    bonus = Adjustment("bonus", "satisfaction", "kpi.csat_top2", 1, Decimal("300.00"))
    settlement = Settlement(
        penalties=(email, escalation),
        bonuses=(bonus,),
        penalty_total=PENALTY_TOTAL,
        bonus_total=BONUS_TOTAL,
        penalty_cap=PENALTY_CAP,
        bonus_cap=Decimal("500.00"),
        penalty_charged=CHARGED,
        bonus_paid=PAID,
    )
    july = Adjustment("penalty", "response times", "response.phone", 1, Decimal("500.00"))
    september = Adjustment("penalty", "response times", "response.email", 1, Decimal("750.00"))
    return Statement(
        vendor="Acme Contact",
        month="2026-10",
        timezone=ZONE,
        contract_version=2,
        contract_effective_from=date(2026, 9, 1),
        contract_sha256="3f7a9c0e5b1d2468ace13579bdf02468ace13579bdf02468ace13579bdf02468",
        earn_back_months=3,
        batches=(4, 7),
        cutoff=datetime(2026, 10, 31, 22, 59, 10, tzinfo=UTC),
        monthly_fee=Decimal("25000.00"),
        volumes=(
            ChannelVolume("phone", 1250, 1200, 50),
            ChannelVolume("email", 760, 750, 0),
            ChannelVolume("chat", 400, 380, 20),
        ),
        cost_per_contact=COST_PER_CONTACT,
        judged=judged(),
        settlement=settlement,
        earn_backs=(
            EarnBackLine("2026-07", july, Decimal("400.00"), EarnBack.WAIVED, Decimal("400.00")),
            EarnBackLine("2026-09", september, Decimal("750.00"), EarnBack.KEPT, Decimal("0.00")),
        ),
    )


def first_created() -> datetime:
    return datetime(2026, 10, 1, 6, 0, tzinfo=UTC)  # 08:00 in Amsterdam (CEST)


def explanation() -> Explanation:
    """The e-mails answered late, as explain() gives them: in the contract's time zone."""
    created = [first_created() + timedelta(hours=2 * i) for i in range(CONTACTS)]
    answered = [None if i % 10 == 9 else c + timedelta(hours=3) for i, c in enumerate(created)]
    rows = pl.DataFrame(
        {
            "source": ["zendesk"] * CONTACTS,
            "source_id": [f"T-{10000 + i}" for i in range(CONTACTS)],
            "channel": ["email"] * CONTACTS,
            "queue": ["support"] * CONTACTS,
            "created_at": created,
            "first_response_at": answered,
            "business_seconds": [9000.0 + i for i in range(CONTACTS)],
        },
        schema_overrides={
            "created_at": pl.Datetime("us", "UTC"),
            "first_response_at": pl.Datetime("us", "UTC"),
        },
    )
    local = rows.with_columns(pl.col("created_at", "first_response_at").dt.convert_time_zone(ZONE))
    return Explanation("response.email", "business_seconds", local)


def test_the_hand_built_statement_adds_up() -> None:
    s = statement()
    assert s.settlement.penalty_total == sum(p.amount for p in s.settlement.penalties)
    assert s.settlement.penalty_charged == min(PENALTY_TOTAL, PENALTY_CAP) == CHARGED
    assert s.refunds == REFUNDS
    assert s.net == PAID - CHARGED + REFUNDS == NET
    handled = sum(v.handled for v in s.volumes)
    assert (s.monthly_fee / handled).quantize(Decimal("0.01")) == COST_PER_CONTACT


@pytest.fixture(scope="module", params=["en", "nl"])
def reports(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    loc = Locale(request.param)
    out = tmp_path_factory.mktemp(f"statement-{request.param}") / "reports"
    paths = write_statement(statement(), out, loc, [explanation()])
    return loc, out, paths


def test_three_files_are_written_and_nothing_else(reports: Any) -> None:
    _, out, paths = reports
    names = [
        "statement-acme-contact-2026-10.html",
        "statement-acme-contact-2026-10.pdf",
        "statement-acme-contact-2026-10.xlsx",
    ]
    assert [p.name for p in paths] == names
    assert sorted(p.name for p in out.iterdir()) == names  # no temporary file is left
    assert all(p.stat().st_size > 0 for p in paths)


def test_the_vendor_slug() -> None:
    assert slug("Acme Contact") == "acme-contact"
    assert slug("Café Bel & Co. (NL)") == "cafe-bel-co-nl"
    assert slug("***") == "vendor"


EXPECTED_HTML = {
    "en": [
        "−€1,250.00", "−€400.00", "€300.00", "−€1,650.00", "€1,000.00", "−€1,000.00",
        "€500.00", "€400.00", "-€300.00", "€10.73", "€25,000.00", "66.7 %", "84.2 %",
        "92.0 %", "12.0 %", "&lt; 10.0 %", "−13.3 pp", "+4.2 pp", "412 s", "300 s – 480 s",
        "1,200", "2,330", "E-mail: answered within 2 h (office)", "insufficient sample",
        "no outage log covers the month", "2026-10-31 23:59", "3f7a9c0e5b1d", "4, 7",
        "Europe/Amsterdam", "earned back", "kept",
    ],
    "nl": [
        "−€ 1.250,00", "−€ 400,00", "€ 300,00", "−€ 1.650,00", "€ 1.000,00", "€ -300,00",
        "€ 10,73", "€ 25.000,00", "66,7 %", "84,2 %", "−13,3 pp", "1.200", "2.330",
    ],
}  # fmt: skip


def test_the_page_shows_every_key_figure_in_the_locale(reports: Any) -> None:
    loc, _, paths = reports
    html = paths[0].read_text("utf-8")
    for text in EXPECTED_HTML[loc.lang]:
        assert text in html, text
    net = re.search(r'<tr class="net"><td>[^<]+</td><td class="num">([^<]+)</td>', html)
    assert net is not None and net.group(1) == loc.money(float(NET))
    assert "Acme Contact" in html and "2026-10" in html
    assert 'class="status missed"' in html and 'class="status met"' in html
    assert 'class="status insufficient"' in html


def test_the_page_is_fully_offline_and_draws_the_share_chart(reports: Any) -> None:
    _, _, paths = reports
    html = paths[0].read_text("utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", html)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", html)
    assert 'id="chart-shares"' in html and "vegaEmbed" in html
    spec = html[html.index("const spec = ") :]
    assert '"errorbar"' not in spec  # the interval is drawn as a rule from low to high
    for label in ("response.email", "kpi.csat_top2", "kpi.escalation_rate"):
        assert label in html


def test_the_page_lists_the_first_200_contacts_and_their_total(reports: Any) -> None:
    loc, _, paths = reports
    html = paths[0].read_text("utf-8")
    assert f"T-{10000 + SHOWN_CONTACTS - 1}" in html
    assert f"T-{10000 + SHOWN_CONTACTS}" not in html
    assert loc.number(CONTACTS, 0) in html
    assert "2026-10-01 08:00:00" in html  # in the contract's time zone


def test_the_pdf_holds_the_vendor_and_the_net_adjustment(reports: Any) -> None:
    loc, _, paths = reports
    text = "".join(page.extract_text() for page in PdfReader(paths[1]).pages)
    squeezed = re.sub(r"\s+", " ", text)
    assert "Acme Contact" in squeezed
    assert loc.money(float(NET)) in squeezed
    assert loc.money(float(CHARGED)) in squeezed


def test_the_workbook_has_statement_money_volumes_and_the_explanation(reports: Any) -> None:
    loc, _, paths = reports
    book = openpyxl.load_workbook(paths[2], data_only=True)
    assert book.sheetnames == [loc.t("Statement"), loc.t("Money"), loc.t("Volumes"),
                               "response.email"]  # fmt: skip
    rows = list(book[loc.t("Statement")].iter_rows(values_only=True))
    keys = {row[0]: row for row in rows if row and isinstance(row[0], str) and "." in row[0]}
    email = keys["response.email"]
    assert email[3] == pytest.approx(500 / 750)
    assert email[4] == pytest.approx(0.80)
    assert email[6:8] == (750, 500)
    assert email[8:10] == pytest.approx(wilson(500, 750))
    assert email[10] == pytest.approx(500 / 750 - 0.80, abs=1e-9)
    assert email[11] == loc.t("missed")
    assert keys["kpi.fcr"][10] is None and keys["kpi.fcr"][11] == loc.t("insufficient sample")
    assert keys["kpi.aht_band"][4:6] == (300, 480)
    sheet = book[loc.t("Statement")]
    share_cell = next(c for c in sheet["D"] if c.value == pytest.approx(500 / 750))
    assert "%" in share_cell.number_format
    values = named(paths[2])
    assert to_cents(values["net_adjustment"]) == NET  # the cached values are Regie's own
    assert "€" in cell_of(paths[2], "net_adjustment").number_format


def test_the_explanation_sheet_has_every_row_with_local_excel_dates(reports: Any) -> None:
    _, _, paths = reports
    sheet = openpyxl.load_workbook(paths[2])["response.email"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header == ("source", "source_id", "channel", "queue", "created_at",
                      "first_response_at", "business_seconds")  # fmt: skip
    assert len(body) == CONTACTS
    assert [r[1] for r in body] == [f"T-{10000 + i}" for i in range(CONTACTS)]
    zone = ZoneInfo(ZONE)
    for i in (0, CONTACTS - 1):
        local = (first_created() + timedelta(hours=2 * i)).astimezone(zone).replace(tzinfo=None)
        assert body[i][4] == local
    assert body[0][4] == datetime(2026, 10, 1, 8, 0)
    assert body[9][5] is None and body[0][5] == datetime(2026, 10, 1, 11, 0)
    assert body[-1][6] == 9000.0 + CONTACTS - 1
    assert sheet["E2"].is_date and "yy" in sheet["E2"].number_format


def test_without_a_cap_charged_is_the_total_itself(tmp_path: Path) -> None:
    s = statement()
    uncapped = replace(s.settlement, penalty_cap=None, penalty_charged=PENALTY_TOTAL)
    path = write_statement_xlsx(replace(s, settlement=uncapped), tmp_path / "s.xlsx", Locale())
    total, charged = cell_of(path, "penalty_total"), cell_of(path, "penalties_charged")
    assert "MIN" not in str(charged.value)
    assert str(charged.value) == f"={total.coordinate}"
    assert "penalty_cap" not in openpyxl.load_workbook(path).defined_names


def test_sheet_names_are_short_valid_and_unique() -> None:
    assert sheet_name("response.email") == "response.email"
    long = sheet_name("kpi.fcr_no_recontact_within_thirty_days")
    assert len(long) == 31
    assert sheet_name("a/b:c", {"a_b_c"}) == "a_b_c (2)"


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_libreoffice_recalculates_the_money_totals_to_the_statement(
    lang: Language, tmp_path: Path
) -> None:
    s = statement()
    blank = write_statement_xlsx(s, tmp_path / "blank.xlsx", Locale(lang), cached_values=False)
    assert named(blank)["net_adjustment"] == 0  # no total is pasted in advance
    values = named(recalculate(blank, tmp_path))
    assert to_cents(values["penalty_total"]) == s.settlement.penalty_total == PENALTY_TOTAL
    assert to_cents(values["penalties_charged"]) == s.settlement.penalty_charged == CHARGED
    assert to_cents(values["bonus_total"]) == s.settlement.bonus_total == BONUS_TOTAL
    assert to_cents(values["bonuses_paid"]) == s.settlement.bonus_paid == PAID
    assert to_cents(values["refunds"]) == s.refunds == REFUNDS
    assert to_cents(values["net_adjustment"]) == s.net == NET
    assert to_cents(values["cost_per_contact"]) == s.cost_per_contact == COST_PER_CONTACT


def to_cents(value: Any) -> Decimal:
    assert isinstance(value, int | float), value
    return Decimal(repr(float(value))).quantize(Decimal("0.01"))


def cell_of(path: Path, name: str) -> Any:
    book = openpyxl.load_workbook(path)
    [(sheet, ref)] = list(book.defined_names[name].destinations)
    return book[sheet][ref.replace("$", "")]


def named(path: Path) -> dict[str, Any]:
    """Every workbook name with the (cached) value of its cell."""
    book = openpyxl.load_workbook(path, data_only=True)
    values: dict[str, Any] = {}
    for name, defined in book.defined_names.items():
        [(sheet, ref)] = list(defined.destinations)
        values[name] = book[sheet][ref.replace("$", "")].value
    return values
