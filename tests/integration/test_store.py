"""The workspace store on SQLite and PostgreSQL: batches all or nothing, dedupe, pseudonyms."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from regie.db import migrate
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace, open_workspace
from regie.domain.errors import Conflict, InvalidInput, NotFound
from regie.ingest.reading import REJECTION_SCHEMA, ROW, Reading, ReadOptions
from regie.services.importing import ImportRequest, import_files
from regie.services.pseudonyms import pseudonym


def reading_of(rows: list[dict[str, object]], rejected: int = 0, source: str = "test") -> Reading:
    frame = pl.DataFrame(rows).with_columns(
        pl.col("created_at").str.to_datetime(time_zone="UTC"),
        (pl.int_range(pl.len()) + 2).cast(pl.Int64).alias(ROW),
    )
    bad = pl.DataFrame(
        {"file": ["x.csv"] * rejected, "row": list(range(90, 90 + rejected)),
         "column": ["created_at"] * rejected, "value": ["nope"] * rejected,
         "reason": ["not a date-time"] * rejected},
        schema=REJECTION_SCHEMA,
    )  # fmt: skip
    return Reading(source, "x.csv", len(rows) + rejected, frame, bad)


ROWS = [
    {"source_id": "1", "channel": "email", "created_at": "2024-03-08T15:00:00Z",
     "customer_key": "cust-42", "agent_key": "Anna", "subject": "Where is my order?"},
    {"source_id": "2", "channel": "phone", "created_at": "2024-03-09T10:00:00Z",
     "customer_key": "cust-43", "agent_key": None, "subject": "Refund"},
]  # fmt: skip


def fake_reader(rows: list[dict[str, object]], rejected: int = 0):  # type: ignore[no-untyped-def]
    return lambda path, options: reading_of(rows, rejected)


@pytest.fixture
def store(tmp_path: Path, database_url: str | None) -> SqlContactStore:
    workspace = create_workspace(tmp_path / "ws", database_url)
    store = SqlContactStore(workspace)
    store.add_vendor("Nearshore BV")
    return store


def run(store: SqlContactStore, rows=ROWS, rejected: int = 0, **kw) -> object:  # type: ignore[no-untyped-def]
    request = ImportRequest(
        "Nearshore BV", [Path("x.csv")], ReadOptions(**kw.pop("options", {})), **kw
    )
    return import_files(store, fake_reader(rows, rejected), request)


def test_the_newest_revision_is_the_head_alembic_finds() -> None:
    assert migrate.head() == migrate.alembic_head()


def test_a_new_workspace_is_at_the_newest_schema(store: SqlContactStore) -> None:
    assert migrate.current(store.workspace.engine()) == migrate.head()
    opened = open_workspace(store.workspace.root, store.workspace.database_url)
    assert opened.root == store.workspace.root


def test_creating_a_workspace_twice_is_refused(store: SqlContactStore) -> None:
    with pytest.raises(Conflict, match="already a Regie workspace"):
        create_workspace(store.workspace.root, store.workspace.database_url)


def test_an_import_registers_one_batch_with_its_counts(store: SqlContactStore) -> None:
    batch = run(store, rejected=1)
    assert (batch.rows_read, batch.imported, batch.duplicates, batch.rejected) == (3, 2, 0, 1)  # type: ignore[attr-defined]
    contacts = store.contacts().collect()
    assert contacts.height == 2
    assert contacts["vendor"].to_list() == ["Nearshore BV"] * 2
    assert contacts["source_row"].to_list() == [2, 3]
    quarantine = pl.read_csv(store.workspace.quarantine / batch.quarantine_file)  # type: ignore[attr-defined, operator]
    assert quarantine.row(0, named=True)["reason"] == "not a date-time"


def test_identifiers_are_pseudonymised_and_raw_values_never_reach_disk(
    store: SqlContactStore,
) -> None:
    run(store)
    contacts = store.contacts().collect()
    key = store.pseudonym_key()
    assert contacts["customer_key"].to_list() == [
        pseudonym("cust-42", key),
        pseudonym("cust-43", key),
    ]
    assert contacts["agent_key"].to_list() == [pseudonym("Anna", key), None]
    for path in store.workspace.root.rglob("*"):
        if path.is_file() and path.name != "secret.key":
            data = path.read_bytes()
            assert (
                b"cust-42" not in data and b"Anna" not in data and b"Where is my order" not in data
            )


def test_free_text_is_kept_only_when_asked(store: SqlContactStore) -> None:
    run(store, options={"keep_text": True})
    assert store.contacts().collect()["subject"].to_list() == ["Where is my order?", "Refund"]


def test_reimporting_the_same_export_adds_nothing(store: SqlContactStore) -> None:
    run(store)
    again = run(store)
    assert (again.imported, again.duplicates) == (0, 2)  # type: ignore[attr-defined]
    assert store.contacts().collect().height == 2


def test_a_repeated_id_within_one_batch_is_kept_once(store: SqlContactStore) -> None:
    batch = run(store, rows=[*ROWS, ROWS[0]])
    assert (batch.imported, batch.duplicates) == (2, 1)  # type: ignore[attr-defined]


def test_strict_refuses_the_whole_import_on_any_rejection(store: SqlContactStore) -> None:
    with pytest.raises(InvalidInput, match="--strict is on: nothing imported") as caught:
        run(store, rejected=2, strict=True)
    assert caught.value.problems[0] == "x.csv: row 90, column created_at = 'nope': not a date-time"
    assert store.batches() == []
    assert list(store.workspace.facts.glob("batch-*")) == []


def test_removing_a_batch_removes_its_contacts_and_files(store: SqlContactStore) -> None:
    batch = run(store, rejected=1)
    removed = store.remove_batch(batch.id)  # type: ignore[attr-defined]
    assert removed.imported == 2
    assert store.batches() == [] and store.contacts().collect().height == 0
    assert list(store.workspace.facts.glob("batch-*")) == []
    assert list(store.workspace.quarantine.glob("batch-*")) == []
    with pytest.raises(NotFound, match="batch 99 does not exist"):
        store.remove_batch(99)


def test_a_failure_while_writing_leaves_no_batch_and_no_file(store: SqlContactStore) -> None:
    rows = [{**ROWS[0], "created_at": "2024-03-08T15:00:00Z"}]

    def exploding(path: Path, options: ReadOptions) -> Reading:
        reading = reading_of(rows)
        reading.contacts = reading.contacts.with_columns(pl.lit("x").alias("source_id"))
        return reading

    original = store._register

    def crash(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    store._register = crash  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        import_files(store, exploding, ImportRequest("Nearshore BV", [Path("x.csv")]))
    store._register = original  # type: ignore[method-assign]
    assert store.batches() == []
    assert [p.name for p in store.workspace.facts.iterdir() if p.name != ".lock"] == []


def test_orphan_files_of_a_killed_import_are_swept_on_next_open(store: SqlContactStore) -> None:
    (store.workspace.facts / "batch-dead.parquet.partial").write_bytes(b"x")
    (store.workspace.facts / "batch-dead.parquet").write_bytes(b"x")
    swept = SqlContactStore(store.workspace).sweep() or list(store.workspace.facts.glob("batch-*"))
    assert list(store.workspace.facts.glob("batch-*")) == []
    del swept


def test_an_unknown_vendor_names_the_known_ones(store: SqlContactStore) -> None:
    with pytest.raises(NotFound, match="vendor 'Other' does not exist \\(known: Nearshore BV\\)"):
        import_files(store, fake_reader(ROWS), ImportRequest("Other", [Path("x.csv")]))


def test_vendors_are_unique_by_name(store: SqlContactStore) -> None:
    with pytest.raises(Conflict, match="already exists"):
        store.add_vendor("Nearshore BV")
    assert [v.name for v in store.vendors()] == ["Nearshore BV"]
    assert store.vendors()[0].created_at <= datetime.now(UTC)
