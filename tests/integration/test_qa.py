"""QA end to end on SQLite and PostgreSQL: samples, reviews, the IQS and calibration.

October 2026, Europe/Amsterdam. Acme Contact has 30 e-mails E1–E30, 15 calls P1–P15
(P15 abandoned: nothing to review) and 5 chats C1–C5, all in October; and three
e-mails on the month's edges: B1 at 30 September 22:30 UTC (00:30 on 1 October in
Amsterdam: October), B2 at 31 October 23:30 UTC (00:30 on 1 November: November), B3 at
30 September 21:59 UTC (23:59 on 30 September). Another vendor has contacts too.

Sample of 10: 31 e-mails, 14 calls, 5 chats (50) → quotas 6.2, 2.8, 1.0 → 6, 2, 1 and
the one left to the largest remainder (calls, .8) → 6, 3, 1.

Reviews on the template scorecard (weights 20, 15, 25, 20 critical, 20; scale 1–5):

- E1 by "Anna de Vries", 4 3 N/A 5 2 → (1500 + 750 + 2000 + 500) / 75 = 63.33;
- E2 by " anna de vries" (the same reviewer), 5 5 N/A 3 N/A → 4500 / 55 = 81.82
  (process at exactly 50 % does not fail it);
- P1 by "Bram", 1 2 3 2 4 → process 25 % < 50 %: 0 (weighted 36.25);
- IQS = (63.33 + 81.82 + 0) / 3 = 48.38, n = 3: a warning (under 50).

Calibration of E1 and E2 by Carla (as Anna) and Dirk (E1: resolution 4 → 76.67; E2 as
Anna): review-score pairs E1 0, 13.33, 13.33; E2 0, 0, 0 → mean absolute difference
26.67 / 6 = 4.44, exact agreement 4 / 6.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import fmean
from typing import Any

import polars as pl
import pytest
from alembic import command
from alembic.config import Config
from scipy import stats
from sqlalchemy import inspect, text

from regie.db import migrate
from regie.db.qa import SqlQaStore
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.domain.errors import Conflict, InvalidInput, NotFound
from regie.files.qa_template import scorecard_template
from regie.ingest.canonical import read
from regie.ingest.reading import ReadOptions
from regie.services.importing import ImportRequest, import_files
from regie.services.pseudonyms import pseudonym
from regie.services.qa import draw_sample, import_reviews, month_results

VENDOR = "Acme Contact"
HEADER = ("contact_id,reviewer,agent,friendliness,professionalism,product_knowledge,"
          "process_compliance,resolution,comment")  # fmt: skip
REVIEWS = [
    HEADER,
    "csv:E1,Anna de Vries,Piet,4,3,N/A,5,2,Friendly but did not solve it",
    "csv:E2, anna de vries,,5,5,nvt,3,n/a,",
    "csv:P1,Bram,,1,2,3,2,4,Skipped the identity check",
]
CALIBRATION = [
    HEADER,
    "csv:E1,Carla,,4,3,N/A,5,2,",
    "csv:E1,Dirk,,4,3,N/A,5,4,",
    "csv:E2,Carla,,5,5,nvt,3,n/a,",
    "csv:E2,Dirk,,5,5,nvt,3,n/a,",
]
IQS = (4750 / 75 + 4500 / 55 + 0.0) / 3


def contact(source_id: str, channel: str, created: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "channel": channel,
        "created_at": created.isoformat(),
        "agent_key": f"agent-{source_id}",
        "abandoned": extra.get("abandoned", False),
    }


def october() -> list[dict[str, Any]]:
    start = datetime(2026, 10, 1, 8, tzinfo=UTC)
    rows = [contact(f"E{i}", "email", start + timedelta(hours=9 * i)) for i in range(1, 31)]
    rows += [contact(f"P{i}", "phone", start + timedelta(hours=7 * i)) for i in range(1, 15)]
    rows.append(contact("P15", "phone", start + timedelta(days=3), abandoned=True))
    rows += [contact(f"C{i}", "chat", start + timedelta(days=i)) for i in range(1, 6)]
    rows.append(contact("B1", "email", datetime(2026, 9, 30, 22, 30, tzinfo=UTC)))
    rows.append(contact("B2", "email", datetime(2026, 10, 31, 23, 30, tzinfo=UTC)))
    rows.append(contact("B3", "email", datetime(2026, 9, 30, 21, 59, tzinfo=UTC)))
    return rows


def load(store: SqlContactStore, vendor: str, rows: list[dict[str, Any]], folder: Path) -> None:
    path = folder / f"{vendor.split()[0].lower()}.csv"
    pl.DataFrame(rows).write_csv(path)
    import_files(store, read, ImportRequest(vendor, [path], ReadOptions()))


@pytest.fixture
def world(tmp_path: Path, database_url: str | None) -> Any:
    workspace = create_workspace(tmp_path / "ws", database_url)
    store = SqlContactStore(workspace)
    for name in (VENDOR, "Other BV"):
        store.add_vendor(name)
    load(store, VENDOR, october(), tmp_path)
    load(store, "Other BV", [contact("O1", "email", datetime(2026, 10, 5, tzinfo=UTC))], tmp_path)
    card = tmp_path / "scorecard.toml"
    card.write_text(scorecard_template("en"), encoding="utf-8")
    return store, SqlQaStore(workspace), card, tmp_path


def reviews_file(folder: Path, lines: list[str], name: str = "reviews.csv") -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# samples --------------------------------------------------------------------------------


def test_the_sample_is_stratified_by_channel_and_recorded(world: Any) -> None:
    store, qa, _, _ = world
    sample = draw_sample(store, qa, VENDOR, "2026-10", 10, seed=7)
    assert sample.info.sample.strata == {"chat": (5, 1), "email": (31, 6), "phone": (14, 3)}
    ids = set(sample.contacts["contact_id"])
    assert len(ids) == 10 and not ids & {"csv:B2", "csv:B3", "csv:P15", "csv:O1"}
    (recorded,) = qa.samples(store.vendor(VENDOR).id, "2026-10")
    assert (recorded.sample.seed, set(recorded.sample.contact_ids)) == (7, ids)


def test_a_seed_draws_the_same_contacts_again(world: Any) -> None:
    store, qa, _, _ = world
    first, again = (draw_sample(store, qa, VENDOR, "2026-10", 12, seed=2026) for _ in range(2))
    assert first.info.sample.contact_ids == again.info.sample.contact_ids
    chosen = draw_sample(store, qa, VENDOR, "2026-10", 12)
    assert 0 <= chosen.info.sample.seed < 2**32  # chosen, printed and recorded
    repeat = draw_sample(store, qa, VENDOR, "2026-10", 12, seed=chosen.info.sample.seed)
    assert repeat.info.sample.contact_ids == chosen.info.sample.contact_ids
    assert len(qa.samples(store.vendor(VENDOR).id, "2026-10")) == 4


def test_the_month_edges_are_local_and_a_large_size_takes_everything(world: Any) -> None:
    store, qa, _, _ = world
    everything = draw_sample(store, qa, VENDOR, "2026-10", 500, seed=1)
    assert everything.contacts.height == 50 and "csv:B1" in set(everything.contacts["contact_id"])
    two = draw_sample(store, qa, VENDOR, "2026-10", 2, seed=1)  # fewer than the channels
    assert two.contacts.height == 2 and two.info.sample.strata["chat"] == (5, 0)
    (november,) = draw_sample(store, qa, VENDOR, "2026-11", 50, seed=1).info.sample.contact_ids
    assert november == "csv:B2"
    with pytest.raises(NotFound, match="no contacts in 2026-12"):
        draw_sample(store, qa, VENDOR, "2026-12", 50)
    with pytest.raises(InvalidInput, match="give a month as YYYY-MM"):
        draw_sample(store, qa, VENDOR, "2026-13", 50)


# imports --------------------------------------------------------------------------------


def test_reviews_are_scored_pseudonymised_and_stored(world: Any) -> None:
    store, qa, card, folder = world
    done = import_reviews(store, qa, reviews_file(folder, REVIEWS), VENDOR, card)
    assert (done.info.reviews, done.months, done.auto_failed, done.comments_dropped) == (
        3, {"2026-10": 3}, 1, 2,
    )  # fmt: skip
    by_contact = {r.contact_id: r for r in qa.reviews(store.vendor(VENDOR).id, "2026-10")}
    e1, e2, p1 = by_contact["csv:E1"], by_contact["csv:E2"], by_contact["csv:P1"]
    assert e1.score == pytest.approx(4750 / 75) and e2.score == pytest.approx(4500 / 55)
    assert (p1.score, p1.weighted, p1.auto_failed) == (0.0, 36.25, ("process_compliance",))
    key = store.pseudonym_key()
    assert e1.reviewer_key == e2.reviewer_key == pseudonym("anna de vries", key)
    assert p1.reviewer_key == pseudonym("bram", key) != e1.reviewer_key
    assert e1.agent_key == pseudonym("Piet", key)
    assert e2.agent_key == pseudonym("agent-E2", key)  # the contact's own agent pseudonym
    assert e1.answers["product_knowledge"] is None and e1.category_scores["resolution"] == 25.0


def raw_tables(store: SqlContactStore) -> str:
    with store.workspace.engine().connect() as connection:
        rows = [
            str(row)
            for table in ("qa_reviews", "qa_review_imports", "qa_samples")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        ]
    return "\n".join(rows)


def test_names_never_reach_the_database_and_comments_only_with_keep_text(world: Any) -> None:
    store, qa, card, folder = world
    import_reviews(store, qa, reviews_file(folder, REVIEWS), VENDOR, card)
    stored = raw_tables(store)
    for personal in ("Anna", "anna", "Bram", "Piet", "Friendly but", "identity check"):
        assert personal not in stored
    calibration = [HEADER, "csv:E3,Carla,,4,4,4,4,4,Keep this note"]
    import_reviews(store, qa, reviews_file(folder, calibration), VENDOR, card, keep_text=True)
    assert "Keep this note" in raw_tables(store) and "Carla" not in raw_tables(store)
    found = month_results(store, qa, VENDOR, "2026-10")
    assert "Keep this note" not in repr(found)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("csv:O1,Eva,,4,4,4,4,4,",
         'reviews.csv: row 5, column contact_id = "csv:O1": no such contact of Acme Contact; '
         "give source:source_id of a stored contact"),
        ("csv:E9,Eva,,4,4,4,4,9,",
         'reviews.csv: row 5, column resolution = "9": out of the scale; give a whole number '
         "from 1 to 5 or N/A"),
    ],
)  # fmt: skip
def test_one_bad_review_stores_none_of_the_file(world: Any, line: str, problem: str) -> None:
    store, qa, card, folder = world
    with pytest.raises(InvalidInput) as caught:
        import_reviews(store, qa, reviews_file(folder, [*REVIEWS, line]), VENDOR, card)
    assert caught.value.problems == (problem,)
    assert qa.reviews(store.vendor(VENDOR).id, "2026-10") == []
    assert qa.imports(store.vendor(VENDOR).id) == []


def test_importing_the_same_reviews_twice_is_refused(world: Any) -> None:
    store, qa, card, folder = world
    path = reviews_file(folder, REVIEWS)
    import_reviews(store, qa, path, VENDOR, card)
    clash = r"row 2: contact csv:E1 already has a review by this reviewer \(from reviews.csv\)"
    with pytest.raises(Conflict, match=clash + " and 2 more; nothing imported"):
        import_reviews(store, qa, path, VENDOR, card)
    assert len(qa.reviews(store.vendor(VENDOR).id, "2026-10")) == 3
    # the same reviewers on the same contacts in a calibration session are another matter
    import_reviews(store, qa, path, VENDOR, card, calibration=True)
    assert len(qa.reviews(store.vendor(VENDOR).id, "2026-10")) == 6


def test_a_review_belongs_to_its_contacts_month(world: Any) -> None:
    store, qa, card, folder = world
    lines = [HEADER, "csv:B1,Anna,,4,4,4,4,4,", "csv:B2,Anna,,4,4,4,4,4,"]
    done = import_reviews(store, qa, reviews_file(folder, lines), VENDOR, card)
    assert done.months == {"2026-10": 1, "2026-11": 1}


# the month ------------------------------------------------------------------------------


def test_the_iqs_of_the_month_by_hand(world: Any) -> None:
    store, qa, card, folder = world
    import_reviews(store, qa, reviews_file(folder, REVIEWS), VENDOR, card)
    found = month_results(store, qa, VENDOR, "2026-10")
    scores = [4750 / 75, 4500 / 55, 0.0]
    low, high = stats.t.interval(0.95, 2, loc=fmean(scores), scale=stats.sem(scores))
    assert (found.iqs.n, found.auto_failed, found.warning) == (3, 1, True)
    assert found.iqs.mean == pytest.approx(IQS)
    assert (found.iqs.low, found.iqs.high) == (max(0.0, low), pytest.approx(min(100.0, high)))
    categories = {c.key: c for c in found.categories}
    assert categories["product_knowledge"].scores.mean == 50.0
    assert categories["product_knowledge"].na == 2
    assert categories["process_compliance"].critical
    assert categories["friendliness"].scores.mean == pytest.approx((75 + 100 + 0) / 3)
    assert [(c, f.n) for c, f in found.channels] == [("email", 2), ("phone", 1)]
    assert found.scorecards == ("Customer service scorecard",)
    with pytest.raises(NotFound, match="no QA reviews for 2026-09"):
        month_results(store, qa, VENDOR, "2026-09")


def test_calibration_is_kept_out_of_the_iqs_and_measured(world: Any) -> None:
    store, qa, card, folder = world
    import_reviews(store, qa, reviews_file(folder, REVIEWS), VENDOR, card)
    session = reviews_file(folder, CALIBRATION, "calibration.csv")
    import_reviews(store, qa, session, VENDOR, card, calibration=True)
    found = month_results(store, qa, VENDOR, "2026-10")
    assert found.iqs.n == 3 and found.iqs.mean == pytest.approx(IQS)
    cal = found.calibration
    assert (cal.reviews, cal.reviewers) == (4, 3)
    assert (cal.overall.units, cal.overall.pairs) == (2, 6)
    assert cal.overall.mean_abs_diff == pytest.approx((40 / 3) * 2 / 6)
    assert cal.overall.exact_share == pytest.approx(4 / 6)
    by_key = {c.key: a for c, a in cal.categories}
    assert (by_key["friendliness"].exact_share, by_key["friendliness"].alpha) == (1.0, 1.0)
    assert (by_key["resolution"].units, by_key["resolution"].pairs) == (1, 3)
    assert by_key["resolution"].mean_abs_diff == pytest.approx(100 / 3)
    assert by_key["product_knowledge"].pairs == 0
    dirk = {b.rater: b for b in cal.bias}[pseudonym("dirk", store.pseudonym_key())]
    assert dirk.mean_difference == pytest.approx((40 / 3) / 2)  # E1 +13.33, E2 0


def test_the_migration_goes_down_and_up_again(world: Any) -> None:
    store, _, _, _ = world
    engine = store.workspace.engine()
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    assert not {"qa_samples", "qa_reviews", "qa_review_imports"} & set(
        inspect(engine).get_table_names()
    )
    migrate.upgrade(engine)
    assert {"qa_samples", "qa_reviews", "qa_review_imports"} <= set(
        inspect(engine).get_table_names()
    )
