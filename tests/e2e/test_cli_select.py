"""``regie select`` end to end: the scorecard of ``tests/unit/test_selection_file.py``
(C 4.40, B & Co 3.86, A 3.70), its reports, TCO from stored quotes, and due diligence
from the first check to "ready to sign"."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from regie.db.diligence import SqlDiligenceStore
from regie.db.quotes import SqlQuoteStore
from regie.db.store import SqlContactStore
from regie.db.workspace import open_workspace
from regie.domain.diligence import ITEMS, Status
from regie.domain.quotes import ChannelTerms, PriceList, Quote
from tests.conftest import EXAMPLES
from tests.e2e.cli import regie
from tests.unit.test_selection_file import GOOD

VENDORS = ("A", "B & Co", "C")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("select")
    (folder / "scorecard.toml").write_text(GOOD, encoding="utf-8")
    assert regie("init", folder / "ws").code == 0
    for name in VENDORS:
        assert regie("vendor", "add", name, "-w", folder / "ws").code == 0
    return folder


def test_new_writes_a_template_that_scores(tmp_path: Path) -> None:
    made = regie("select", "new", tmp_path / "s.toml", "--lang", "nl", "--json")
    assert made.code == 0 and made.json() == {"path": str(tmp_path / "s.toml")}
    assert "Gewichten" in (tmp_path / "s.toml").read_text(encoding="utf-8")
    again = regie("select", "new", tmp_path / "s.toml")
    assert again.code == 1 and "already exists; use --force" in again.stderr
    ranked = regie("select", "score", tmp_path / "s.toml", "--json").json()
    assert [r["rank"] for r in ranked["ranking"]] == [1, 2, 3]


def test_score_ranks_and_measures_the_flips(folder: Path) -> None:
    found = regie("select", "score", folder / "scorecard.toml", "--json").json()
    assert [r["vendor"] for r in found["ranking"]] == ["C", "B & Co", "A"]
    assert [r["total"] for r in found["ranking"]] == pytest.approx([4.40, 3.86, 3.70])
    assert found["ranking"][2]["scores"]["cost"] == pytest.approx(5.0)
    first = found["sensitivity"][0]
    assert (first["runner_up"], first["pair"]["from"], first["pair"]["to"]) == (
        "B & Co", "quality", "cost",
    )  # fmt: skip
    assert first["pair"]["delta"] == pytest.approx(0.54 / 2.2)
    assert first["l1"]["distance"] == pytest.approx(2 * (0.1 + 0.12 / 2.2))
    assert first["single"]["flips_at"] == pytest.approx(15 / 29)
    shown = regie("select", "score", folder / "scorecard.toml")
    assert shown.code == 0 and "How robust is the ranking?" in shown.stdout


def test_score_writes_the_three_reports(folder: Path) -> None:
    out = folder / "out"
    done = regie("select", "score", folder / "scorecard.toml", "--out", out, "--lang", "nl",
                 "--json")  # fmt: skip
    assert done.code == 0, done.stderr
    assert [Path(p).name for p in done.json()["files"]] == [
        "scorecard.html", "scorecard.pdf", "scorecard.xlsx",
    ]  # fmt: skip


def test_a_typed_cost_score_is_refused_in_one_line(folder: Path) -> None:
    bad = folder / "bad.toml"
    bad.write_text(GOOD.replace("scores = { quality = 3,", "scores = { cost = 5, quality = 3,"))
    done = regie("select", "score", bad)
    assert done.code == 1 and done.stdout == ""
    assert done.stderr.strip() == (
        "error: bad.toml: vendors.A.scores.cost = 5: the cost score is derived from TCO, never "
        "typed in: give vendors.A.tco in euros instead"
    )


def test_tco_comes_from_the_stored_quotes_with_case(folder: Path) -> None:
    ws = open_workspace(folder / "ws")
    store, book = SqlContactStore(ws), SqlQuoteStore(ws)
    rates = {"A": 30.0, "B & Co": 40.0, "C": 50.0}
    terms = (ChannelTerms("email", in_scope=True),)
    for name, rate in rates.items():
        quote = Quote(vendor=name, pricing=PriceList("hourly", hourly_rate=rate), channels=terms)
        book.add_quote(store.vendor(name).id, quote, f"{name}.xlsx", name.ljust(64, "0"))
    scorecard = folder / "quoted.toml"
    scorecard.write_text(re.sub(r"tco = \d+\n", "", GOOD), encoding="utf-8")
    case = EXAMPLES / "webshop-500.toml"
    done = regie("select", "score", scorecard, "--case", case, "-w", folder / "ws", "--json")
    assert done.code == 0, done.stderr
    found = done.json()
    assert (found["tco_from"], found["tco_horizon_months"]) == ("quotes", 24)
    costs = {r["vendor"]: r["scores"]["cost"] for r in found["ranking"]}
    assert costs == pytest.approx({"A": 5.0, "B & Co": 4.0, "C": 3.4})
    mixed = regie("select", "score", folder / "scorecard.toml", "--case", case, "-w",
                  folder / "ws")  # fmt: skip
    assert mixed.code == 1 and "TCO comes from the quotes (--case)" in mixed.stderr


def select(folder: Path, *args: str) -> tuple[int, str, str]:
    done = regie("select", *args, "-w", folder / "ws")
    return done.code, done.stdout, done.stderr


def test_due_diligence_from_the_first_check_to_ready_to_sign(folder: Path) -> None:
    ws = ("-w", str(folder / "ws"))
    status = regie("select", "status", "--vendor", "C", *ws, "--json").json()
    assert not status["ready_to_sign"] and len(status["open_gaps"]) == 14
    assert regie("select", "check", "sla.penalties", "yes", "--vendor", "C", *ws).code == 0
    workspace = open_workspace(folder / "ws")  # the other 13 items directly, for speed
    vendor = SqlContactStore(workspace).vendor("C").id
    for item in ITEMS[:2] + ITEMS[3:]:
        SqlDiligenceStore(workspace).add_check(vendor, item.key, Status.YES, None, date.today())
    partial = regie("select", "check", "gdpr.audit_rights", "partial", "--vendor", "C",
                    "--evidence", "Audit once a year, clause 14.2", "--date", "2026-10-02",
                    *ws, "--json")  # fmt: skip
    assert partial.json()["checked_on"] == "2026-10-02"
    status = regie("select", "status", "--vendor", "C", *ws, "--json").json()
    assert status["open_gaps"] == ["gdpr.audit_rights"]
    shown = regie("select", "status", "--vendor", "C", *ws)
    assert "not ready to sign; open gaps: 1." in shown.stdout
    assert "Risk: Audit rights (partial)" in shown.stdout
    accepted = regie("select", "accept", "gdpr.audit_rights", "--vendor", "C", "--by",
                     "Anne de Vries", *ws, "--json").json()  # fmt: skip
    assert accepted["accepted_by"] == "Anne de Vries"
    assert datetime.fromisoformat(accepted["accepted_at"]).tzinfo == UTC
    status = regie("select", "status", "--vendor", "C", *ws, "--json").json()
    assert status["ready_to_sign"] and status["accepted_gaps"] == ["gdpr.audit_rights"]
    assert "C: ready to sign." in regie("select", "status", "--vendor", "C", *ws).stdout
    listed = regie("select", "checklist", "--vendor", "C", *ws, "--json").json()
    audit = next(i for i in listed["items"] if i["item"] == "gdpr.audit_rights")
    assert audit["evidence"] == "Audit once a year, clause 14.2"
    scored = regie("select", "score", folder / "scorecard.toml", "--diligence", *ws,
                   "--json").json()  # fmt: skip
    ready = {r["vendor"]: r["ready_to_sign"] for r in scored["ranking"]}
    assert ready == {"C": True, "B & Co": False, "A": False}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "gdpr.dpz", "yes"), "did you mean 'gdpr.dpa'?"),
        (("check", "gdpr.dpa", "maybe"), "use one of yes, no, partial, unknown"),
        (("check", "gdpr.dpa", "no", "--evidence", "a\nb"), "control character U+000A"),
        (("check", "gdpr.dpa", "no", "--date", "2999-01-01"), "cannot be dated after today"),
        (("accept", "sla.penalties", "--by", "Bo"), "no status recorded yet"),
    ],
)
def test_bad_due_diligence_input_is_one_clear_line(
    folder: Path, args: tuple[str, ...], message: str
) -> None:
    code, stdout, stderr = select(folder, *args, "--vendor", "A")
    assert code == 1 and stdout == "" and message in stderr
    assert stderr.count("error:") == 1


def test_an_unknown_vendor_is_named(folder: Path) -> None:
    code, _, stderr = select(folder, "status", "--vendor", "Nobody")
    assert code == 1 and "vendor 'Nobody' does not exist" in stderr


def test_a_horizon_without_quotes_is_refused(folder: Path) -> None:
    done = regie("select", "score", folder / "scorecard.toml", "--horizon", "12")
    assert done.code == 1 and "give --case too" in done.stderr
