"""Monthly statements end to end on SQLite and PostgreSQL, on a hand-computed month.

October 2026, Europe/Amsterdam (CEST until Sunday 25 October), an office calendar
Mon–Fri 09:00–17:00, contract fee € 10,000:

- e-mail, norm 2 business hours for 80 %: six answered after 1 h; one Thursday 16:00 →
  Friday 11:00 (3 business hours); one Friday 16:30 → Monday 10:45 (2 h 15 min); one
  open since Monday 5 October 09:00 (past the norm at the cutoff); one open since Friday
  30 October 16:30 (15 min at the cutoff: not judged yet) → 6 / 9 = 66.7 %, 13.3 pp
  short: tier 2 (≥ 10 pp) = 5 % = € 500;
- phone, 80 % within 30 s, abandons against, short abandons ≤ 5 s left out: waits 5, 10,
  15, 20, 25, 28, 30 answered; 60 answered; 3 abandoned (short); 40 abandoned →
  7 / 9 = 77.8 %: tier 1 = € 300;
- penalties 800, cap € 600 → charged 600 (e-mail's share 375, phone's 225);
- CSAT top-2-box, target 85 %, six ratings all 4 or 5 → 100 %: bonus € 250;
- FCR (agent flag) 15 of 20 = 75 % ≥ 70 %: met; escalation: 20 < 100: insufficient;
- availability: 3 h 43 min 30 s unplanned down (plus a planned window) of 745 hours
  = 1 − 13,410 / 2,682,000 = 99.5 %: met exactly;
- net = 250 − 600 = − € 350.

The cutoff is the last moment in the data: the phone call answered Friday 30 October
16:45:10 local.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from regie.db.governance import SqlGovernanceStore
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.domain.errors import Conflict, InvalidInput, NotFound
from regie.domain.penalties import EarnBack, Status
from regie.ingest.canonical import read
from regie.services.contracts import add_contract, contract_in_effect
from regie.services.explain import explain
from regie.services.importing import ImportRequest, import_files
from regie.services.outages import import_outages
from regie.services.statement_json import statement_from_json, statement_json
from regie.services.statements import evaluate

ZONE = ZoneInfo("Europe/Amsterdam")
VENDOR = "Acme Contact"

CONTRACT = """
[contract]
effective_from = 2026-09-01
timezone = "Europe/Amsterdam"
monthly_fee = 10000

[calendars.office]
timezone = "Europe/Amsterdam"
holidays = { country = "NL" }

[calendars.office.hours]
mon = ["09:00-17:00"]
tue = ["09:00-17:00"]
wed = ["09:00-17:00"]
thu = ["09:00-17:00"]
fri = ["09:00-17:00"]

[response.email]
target_seconds = 7200
required_share = 0.8
calendar = "office"

[response.phone]
target_seconds = 30
required_share = 0.8
abandons = "against"
short_abandon_seconds = 5

[kpis.csat_top2]
target = 0.85
min_sample = 5

[kpis.fcr]
target = 0.70
min_sample = 10

[kpis.escalation_rate]
target = 0.10

[kpis.availability]
target = 0.995

[[penalties]]
name = "e-mail"
applies_to = ["response.email"]
tiers = [{ beyond = 0, percent_of_fee = 2 }, { beyond = 0.10, percent_of_fee = 5 }]

[[penalties]]
name = "phone"
applies_to = ["response.phone"]
tiers = [{ beyond = 0, eur = 300 }]

[[bonuses]]
name = "satisfaction"
applies_to = ["kpi.csat_top2"]
tiers = [{ beyond = 0.05, eur = 250 }]

[caps]
penalty_eur = 600

[earn_back]
months = 2
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE).astimezone(UTC)


def iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


def contact(source_id: str, channel: str, created: datetime, **kw: Any) -> dict[str, Any]:
    answered = kw.pop("after", None)
    row = {
        "source_id": source_id,
        "channel": channel,
        "created_at": iso(created),
        "first_response_at": iso(None if answered is None else created + answered),
        "wait_seconds": kw.pop("wait", None),
        "abandoned": kw.pop("abandoned", None),
        "csat_score": kw.pop("csat", None),
        "csat_scale": 5,
        "resolved_first_contact": kw.pop("fcr", True),
        "escalated": False,
    }
    assert not kw
    return row


def answer(source_id: str, created: str, answered: str) -> dict[str, Any]:
    return contact(source_id, "email", at(created), after=at(answered) - at(created))


def october() -> list[dict[str, Any]]:
    hour = timedelta(hours=1)
    rows = [
        contact(f"E{i}", "email", at("2026-10-01T10:00"), after=hour, csat=5 if i % 2 else 4)
        for i in range(1, 7)
    ]
    rows += [
        answer("E7", "2026-10-01T16:00", "2026-10-02T11:00"),
        answer("E8", "2026-10-02T16:30", "2026-10-05T10:45"),
        contact("E9", "email", at("2026-10-05T09:00")),
        contact("E10", "email", at("2026-10-30T16:30")),
    ]  # fmt: skip
    waits = [5, 10, 15, 20, 25, 28, 30, 60]
    for i, wait in enumerate(waits):
        created = at("2026-10-30T16:45") if wait == 10 else at("2026-10-06T10:00") + i * hour
        rows.append(contact(f"P{i}", "phone", created, wait=wait, abandoned=False,
                            after=timedelta(seconds=wait)))  # fmt: skip
    rows.append(contact("P8", "phone", at("2026-10-07T10:00"), wait=3, abandoned=True))
    rows.append(contact("P9", "phone", at("2026-10-07T11:00"), wait=40, abandoned=True))
    for i, row in enumerate(rows):
        row["resolved_first_contact"] = i >= 5  # 5 of the 20 not resolved at first contact
    return rows


def met_email(source_id: str, created: str) -> list[dict[str, Any]]:
    return [contact(source_id, "email", at(created), after=timedelta(minutes=30))]


OUTAGES = """start,end,service,planned,description
2026-10-12T02:00:00+02:00,2026-10-12T05:43:30+02:00,telephony,no,switch failure
2026-10-13T01:00:00+02:00,2026-10-13T03:00:00+02:00,telephony,yes,announced upgrade
"""


class World:
    def __init__(self, root: Path, database_url: str | None) -> None:
        workspace = create_workspace(root, database_url)
        self.store = SqlContactStore(workspace)
        self.book = SqlGovernanceStore(workspace)
        self.store.add_vendor(VENDOR)
        self.root = root

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    def load(self, name: str, rows: list[dict[str, Any]]) -> None:
        path = self.root / name
        pl.DataFrame(rows).write_csv(path)
        import_files(self.store, read, ImportRequest(VENDOR, [path]))

    def evaluate(self, month: str, **kw: Any) -> Any:
        return evaluate(self.store, self.book, VENDOR, month, **kw)


@pytest.fixture
def world(tmp_path: Path, database_url: str | None) -> World:
    world = World(tmp_path / "ws", database_url)
    add_contract(world.store, world.book, world.write("acme.toml", CONTRACT), VENDOR)
    world.load("october.csv", october())
    import_outages(world.store, world.book, world.write("outages.csv", OUTAGES), VENDOR)
    return world


def judged(result: Any) -> dict[str, Any]:
    return {j.key: j for j in result.statement.judged}


def test_october_is_judged_and_settled_as_computed_by_hand(world: World) -> None:
    result = world.evaluate("2026-10")
    found = judged(result)
    email, phone = found["response.email"], found["response.phone"]
    assert (email.hits, email.outcome.n, email.outcome.status) == (6, 9, Status.MISSED)
    assert email.outcome.value == pytest.approx(6 / 9)
    assert (phone.hits, phone.outcome.n, phone.measure) == (7, 9, "service_level_against")
    assert found["kpi.csat_top2"].outcome.value == 1.0
    assert (found["kpi.fcr"].outcome.value, found["kpi.fcr"].outcome.status) == (0.75, Status.MET)
    assert found["kpi.escalation_rate"].outcome.status is Status.INSUFFICIENT
    availability = found["kpi.availability"].outcome
    assert availability.value == pytest.approx(1 - 13_410 / 2_682_000)
    assert availability.status is Status.MET
    s = result.statement.settlement
    assert [(p.rule, p.tier, p.amount) for p in s.penalties] == [
        ("e-mail", 2, Decimal("500.00")),
        ("phone", 1, Decimal("300.00")),
    ]
    assert (s.penalty_total, s.penalty_cap, s.penalty_charged) == (
        Decimal("800.00"), Decimal("600.00"), Decimal("600.00"),
    )  # fmt: skip
    assert [(b.rule, b.amount) for b in s.bonuses] == [("satisfaction", Decimal("250.00"))]
    assert result.statement.net == Decimal("-350.00")
    assert result.statement.cutoff == at("2026-10-30T16:45:10")
    assert result.statement.cost_per_contact == Decimal("625.00")  # 10,000 / 16 handled


def test_a_statement_records_its_inputs_and_gives_the_same_figures_again(world: World) -> None:
    first = world.evaluate("2026-10")
    again = world.evaluate("2026-10")
    assert first.recorded_now and not again.recorded_now
    assert again.record is not None and again.record.revision == 1
    assert again.json == first.json
    assert first.record is not None
    assert first.record.inputs["contract_version"] == 1
    assert first.record.inputs["batches"] == list(first.statement.batches)
    assert statement_json(statement_from_json(first.json)) == first.json


def test_a_late_import_does_not_silently_change_a_recorded_month(world: World) -> None:
    world.evaluate("2026-10")
    world.load("late.csv", met_email("E11", "2026-10-20T10:00"))
    with pytest.raises(Conflict, match=r"2026-10 was recorded .* batches \[1\] → \[1, 2\]"):
        world.evaluate("2026-10")
    draft = world.evaluate("2026-10", draft=True)
    assert draft.record is None
    revised = world.evaluate("2026-10", recalculate=True)
    assert revised.record is not None and revised.record.revision == 2
    assert judged(revised)["response.email"].hits == 7


def test_a_new_contract_version_cannot_change_an_evaluated_month(world: World) -> None:
    world.evaluate("2026-10")
    october_terms = CONTRACT.replace("2026-09-01", "2026-10-01")
    with pytest.raises(Conflict, match="would change 2026-10, which already has a recorded"):
        add_contract(world.store, world.book, world.write("v2.toml", october_terms), VENDOR)
    november = CONTRACT.replace("2026-09-01", "2026-11-01").replace("10000", "12000")
    stored = add_contract(world.store, world.book, world.write("v2.toml", november), VENDOR)
    assert stored.info.version == 2
    in_effect = contract_in_effect(world.store, world.book, VENDOR, at("2026-11-15T00:00").date())
    assert in_effect.contract.monthly_fee == Decimal("12000")


def test_a_version_takes_effect_on_the_first_of_a_month(world: World) -> None:
    mid = CONTRACT.replace("2026-09-01", "2026-11-15")
    with pytest.raises(InvalidInput, match=r"first day of a month, e\.g\. 2026-11-01"):
        add_contract(world.store, world.book, world.write("mid.toml", mid), VENDOR)


def test_a_month_before_the_first_version_has_no_contract(world: World) -> None:
    with pytest.raises(NotFound, match="no contract in effect on 2026-08-01"):
        world.evaluate("2026-08")


def test_earn_back_refunds_a_penalty_once_the_next_two_months_are_met(world: World) -> None:
    world.evaluate("2026-10")
    world.load("november.csv", met_email("N1", "2026-11-10T10:00"))
    november = world.evaluate("2026-11")
    lines = {e.penalty.rule: e for e in november.statement.earn_backs}
    # phone had no calls in November: insufficient is not met, so that penalty is kept
    assert (lines["e-mail"].status, lines["phone"].status) == (EarnBack.PENDING, EarnBack.KEPT)
    assert november.statement.refunds == Decimal("0.00")
    world.load("december.csv", met_email("D1", "2026-12-08T10:00"))
    december = world.evaluate("2026-12")
    (line,) = december.statement.earn_backs  # the phone penalty was decided in November
    assert (line.month, line.status, line.charged, line.refund) == (
        "2026-10", EarnBack.WAIVED, Decimal("375.00"), Decimal("375.00"),
    )  # fmt: skip
    assert december.statement.net == Decimal("375.00")


def test_without_an_outage_log_availability_is_not_judged(
    tmp_path: Path, database_url: str | None
) -> None:
    world = World(tmp_path / "bare", database_url)
    add_contract(world.store, world.book, world.write("acme.toml", CONTRACT), VENDOR)
    world.load("october.csv", october())
    found = judged(world.evaluate("2026-10", draft=True))["kpi.availability"]
    assert found.outcome.status is Status.INSUFFICIENT
    assert found.note == "no outage log covers the month"


def test_explain_lists_every_email_behind_the_miss_with_its_business_seconds(
    world: World,
) -> None:
    found = explain(world.store, world.book, VENDOR, "2026-10", "response.email")
    rows = {r["source_id"]: r["business_seconds"] for r in found.rows.iter_rows(named=True)}
    # E9: open from Monday 5 October 09:00 to the cutoff Friday 30 October 16:45:10:
    # 19 full days of 8 hours and 7 h 45 min 10 s
    assert rows == pytest.approx({"E7": 3 * 3600, "E8": 8100, "E9": 19 * 8 * 3600 + 27_910})


def test_explain_lists_the_calls_that_count_against_the_service_level(world: World) -> None:
    found = explain(world.store, world.book, VENDOR, "2026-10", "response.phone")
    assert sorted(found.rows["source_id"]) == ["P7", "P9"]  # answered at 60 s; abandoned at 40 s


def test_explain_of_fcr_lists_the_unresolved_contacts(world: World) -> None:
    found = explain(world.store, world.book, VENDOR, "2026-10", "kpi.fcr")
    assert sorted(found.rows["source_id"]) == ["E1", "E2", "E3", "E4", "E5"]


def test_explain_of_availability_lists_the_outages(world: World) -> None:
    found = explain(world.store, world.book, VENDOR, "2026-10", "kpi.availability")
    assert found.rows["minutes"].to_list() == [223.5, 120.0]
    assert found.rows["planned"].to_list() == [False, True]


def test_explain_refuses_a_target_the_contract_does_not_have(world: World) -> None:
    with pytest.raises(InvalidInput, match="not a target of this contract; use one of"):
        explain(world.store, world.book, VENDOR, "2026-10", "kpi.nps")
