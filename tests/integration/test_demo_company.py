"""The whole demo company at the ``tiny`` size (about 18,000 contacts in the year), built
once through the product's use cases and then read back from its workspace as a user
would find it: three quotes, the chosen vendor ready to sign, the pilot's day-60
verdicts, a stored contract, an outage log, twelve recorded statements and QA reviews.

Reproducibility: a second company with the same seed records the same statements and
writes the same exports; another seed does not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regie import bootstrap
from regie.demo.company import Company, DemoRequest, build_company
from regie.demo.plan import CHOSEN, QUOTE_ONLY, RUNNER_UP, months
from regie.domain.errors import Conflict
from regie.domain.pilot import Verdict
from regie.files.pilot_loader import load_pilot
from regie.services.diligence import assessment
from regie.services.pilot import check_pilot
from regie.services.qa import month_results
from regie.services.quotes import stored_quotes

SEED = 2025


def tiny(folder: Path, seed: int = SEED, force: bool = False) -> Company:
    return build_company(DemoRequest(folder, seed=seed, size="tiny", force=force))


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Company:
    return tiny(tmp_path_factory.mktemp("demo") / "company")


def workspace(company: Company) -> Path:
    return company.request.workspace


def recorded(company: Company) -> list[dict[str, object]]:
    """The statements' JSON as the workspace holds them, month by month."""
    store = bootstrap.store(workspace(company))
    book = bootstrap.governance(workspace(company))
    return [r.result for r in book.statements(store.vendor(CHOSEN.name).id)]


def test_every_file_of_the_story_is_written(company: Company) -> None:
    folder = company.request.folder
    names = (
        *("case.toml", "contract.toml", "pilot.toml", "outages.csv", "quotes/quote-form.xlsx"),
        *("qa/scorecard.toml", "operations/zendesk-tickets.csv", "operations/telephony-calls.csv"),
        "operations/intercom-conversations.json",
    )
    assert [name for name in names if not (folder / name).is_file()] == []
    assert len(list((folder / "quotes").glob("*.xlsx"))) == 4  # the form and three quotes


def test_three_quotes_are_stored_with_their_gaps_and_mismatches(company: Company) -> None:
    store = bootstrap.store(workspace(company))
    stored = stored_quotes(store, bootstrap.quotes(workspace(company)))
    assert sorted(q.vendor for q in stored) == sorted(
        (CHOSEN.name, RUNNER_UP.name, QUOTE_ONLY.name)
    )
    priced = {p.info.vendor: p for p in company.quotes.comparison.quotes}
    assert priced[QUOTE_ONLY.name].missing and not priced[CHOSEN.name].missing
    weekdays = {f.code for f in priced[RUNNER_UP.name].flags if f.kind == "scope"}
    assert {"coverage_narrower", "hours_short_of_case"} <= weekdays


def test_the_chosen_vendor_is_ready_to_sign_with_its_gaps_accepted(company: Company) -> None:
    store = bootstrap.store(workspace(company))
    book = bootstrap.diligence(workspace(company))
    chosen = assessment(store, book, CHOSEN.name)
    assert chosen.ready_to_sign and len(chosen.risks) == 3
    assert {s.acceptance.accepted_by for s in chosen.risks if s.acceptance} == {"Anne de Vries"}
    assert not assessment(store, book, RUNNER_UP.name).ready_to_sign
    assert not assessment(store, book, QUOTE_ONLY.name).ready_to_sign


def test_the_pilot_at_day_60_scales_up_the_chosen_vendor_and_stops_the_other(
    company: Company,
) -> None:
    pilot = load_pilot(company.request.folder / "pilot.toml")
    found = check_pilot(bootstrap.store(workspace(company)), pilot, day=60)
    verdicts = {v.vendor: (v.decision.verdict, v.decision.within) for v in found.vendors}
    assert verdicts[CHOSEN.name][0] is Verdict.SCALE_UP and verdicts[CHOSEN.name][1] >= 4
    assert verdicts[RUNNER_UP.name][0] is Verdict.STOP and verdicts[RUNNER_UP.name][1] < 4
    assert company.pilot.calls[CHOSEN.name] > 1_000


def test_every_export_is_imported_without_a_rejected_row(company: Company) -> None:
    batches = bootstrap.store(workspace(company)).batches()
    assert len(batches) == 5  # two pilot call logs, then e-mail, chat and phone of the year
    assert [b.rejected for b in batches] == [0] * 5
    assert 15_000 < company.year.imported < 22_000


def test_twelve_statements_are_recorded_under_the_stored_contract(company: Company) -> None:
    store = bootstrap.store(workspace(company))
    book = bootstrap.governance(workspace(company))
    vendor = store.vendor(CHOSEN.name).id
    assert [c.effective_from.isoformat() for c in book.contracts(vendor)] == ["2025-05-01"]
    assert len(book.outage_logs(vendor)[0].outages) == 4
    statements = recorded(company)
    assert [s["month"] for s in statements] == months()
    availability = [j for s in statements for j in s["judged"] if j["key"] == "kpi.availability"]
    assert {j["outcome"]["status"] for j in availability} == {"met"}


def test_quality_holds_for_seven_months_then_fcr_and_csat_miss(company: Company) -> None:
    missed = {m.month: set(m.missed) for m in company.governance.months}
    story = {"kpi.fcr", "kpi.csat_top2"}
    assert all(not found for month, found in missed.items() if month < "2025-12"), missed
    assert story <= set().union(*(missed[m] for m in months()[8:])), missed
    assert all(m.net_adjustment < 0 for m in company.governance.months[9:11])


def test_qa_reviews_and_a_calibration_set_are_imported(company: Company) -> None:
    store, qa = bootstrap.store(workspace(company)), bootstrap.qa(workspace(company))
    october = month_results(store, qa, CHOSEN.name, "2025-10")
    assert october.iqs.n == 20 and october.calibration.reviews == 12
    assert company.qa.reviews == 60
    assert sorted(company.qa.samples) == ["2025-06", "2025-10", "2026-02"]


def test_the_same_seed_records_the_same_statements(company: Company, tmp_path: Path) -> None:
    again = tiny(tmp_path / "again")
    assert json.dumps(recorded(again)) == json.dumps(recorded(company))
    for name in ("case.toml", "contract.toml", "pilot.toml", "outages.csv"):
        assert (again.request.folder / name).read_bytes() == (
            company.request.folder / name
        ).read_bytes(), name
    for fmt, path in company.year.operations.exports.items():
        assert again.year.operations.exports[fmt].read_bytes() == path.read_bytes(), fmt
    other = tiny(tmp_path / "other", seed=SEED + 1)
    assert recorded(other) != recorded(company)


def test_an_existing_workspace_is_kept_unless_forced(tmp_path: Path) -> None:
    first = tiny(tmp_path / "demo")
    with pytest.raises(Conflict, match="--force"):
        tiny(tmp_path / "demo")
    again = tiny(tmp_path / "demo", force=True)
    assert json.dumps(recorded(again)) == json.dumps(recorded(first))
    (tmp_path / "other" / "workspace").mkdir(parents=True)
    with pytest.raises(Conflict, match="not a Regie workspace"):
        tiny(tmp_path / "other", force=True)
