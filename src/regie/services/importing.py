"""Use case: import helpdesk or telephony exports of one vendor as one batch.

For every file: read it with the format's reader, keep the rejected rows aside (file,
row, column, value, reason), drop free text unless asked, pseudonymise identifiers,
drop contacts already stored (same vendor, source and source id) or repeated within the
batch, and store the lot as one batch — all or nothing. ``strict`` refuses the whole
import when any row is rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from regie.analytics.columns import IDENTIFIERS
from regie.domain.errors import InvalidInput, NotFound
from regie.ingest.reading import REJECTION_SCHEMA, ROW, Reading, ReadOptions, rejection_lines
from regie.services import pseudonyms
from regie.services.ports import BatchInfo, ContactStore, FileSummary, NewBatch

Reader = Callable[[Path, ReadOptions], Reading]
Progress = Callable[[str], None]
SHOWN_REJECTIONS = 20


@dataclass(frozen=True)
class ImportRequest:
    vendor: str
    files: Sequence[Path]
    options: ReadOptions = field(default_factory=ReadOptions)
    strict: bool = False


def _read_all(
    reader: Reader, request: ImportRequest, progress: Progress
) -> list[tuple[Path, Reading]]:
    readings = []
    for path in request.files:
        progress(path.name)
        readings.append((path, reader(path, request.options)))
    return readings


def _contacts(reading: Reading, path: Path, vendor: str, keep_text: bool) -> pl.LazyFrame:
    frame = reading.canonical(keep_text)
    return frame.with_columns(
        pl.lit(vendor).alias("vendor"),
        pl.lit(path.name).alias("source_file"),
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
    ).drop(ROW)


def _refuse_if_strict(rejected: pl.DataFrame, strict: bool) -> None:
    if not strict or rejected.height == 0:
        return
    lines = rejection_lines(rejected, SHOWN_REJECTIONS)
    more = rejected.height - len(lines)
    if more > 0:
        lines.append(f"… and {more} more rejected row(s)")
    raise InvalidInput(
        f"{rejected.height} row(s) rejected and --strict is on: nothing imported", lines
    )


def import_files(
    store: ContactStore,
    reader: Reader,
    request: ImportRequest,
    progress: Progress = lambda _name: None,
) -> BatchInfo:
    """Read, check, pseudonymise, deduplicate and store ``request.files`` as one batch."""
    vendor = store.vendor(request.vendor)
    readings = _read_all(reader, request, progress)
    source = _one_source(readings)
    keep_text = request.options.keep_text
    frames = [_contacts(r, p, vendor.name, keep_text) for p, r in readings]
    contacts = pl.concat(frames, how="diagonal_relaxed")
    fresh = _new_only(
        pseudonyms.pseudonymise(contacts, store.pseudonym_key(), IDENTIFIERS),
        store.known_ids(vendor.id, source),
    )
    files = tuple(FileSummary(p.name, r.rows_read, 0, 0, 0, r.skipped) for p, r in readings)
    batch = NewBatch(
        vendor.id,
        source,
        fresh,
        _rejections(readings),
        files,
        accept=lambda rejected: _refuse_if_strict(rejected, request.strict),
    )
    try:
        return store.store_batch(batch)
    except pl.exceptions.ComputeError as error:
        names = ", ".join(p.name for p in request.files)
        raise InvalidInput(f"{names}: could not be read to the end ({error})") from None


def _new_only(contacts: pl.LazyFrame, known: pl.LazyFrame) -> pl.LazyFrame:
    """Drop ids repeated within the batch (the first wins) and ids already stored.

    A filter on the first occurrence streams (only the ids are remembered, never whole
    rows), and the anti-join runs only when the store has ids of this vendor and source.
    """
    contacts = contacts.filter(pl.col("source_id").is_first_distinct())
    if known.limit(1).collect().height:
        contacts = contacts.join(known, on="source_id", how="anti", maintain_order="left")
    return contacts


def _rejections(readings: list[tuple[Path, Reading]]) -> pl.LazyFrame:
    """Every rejected row of every file, in file and row order."""
    rejected = pl.concat(
        [r.rejections.lazy().cast(REJECTION_SCHEMA) for _, r in readings],  # type: ignore[arg-type]
        how="vertical",
    )
    return rejected.sort("file", "row")


def _one_source(readings: list[tuple[Path, Reading]]) -> str:
    sources = {r.source for _, r in readings}
    if len(sources) != 1:
        raise InvalidInput(
            f"the files come from different sources ({', '.join(sorted(sources))}): "
            "import each source as its own batch"
        )
    return sources.pop()


def find_batch(store: ContactStore, batch_id: int) -> BatchInfo:
    """The stored batch ``batch_id``; NotFound names how to list them."""
    for batch in store.batches():
        if batch.id == batch_id:
            return batch
    raise NotFound(f"batch {batch_id} does not exist; `regie batches` lists them")


def quarantined(folder: Path, batch: BatchInfo, limit: int | None = None) -> pl.DataFrame:
    """The batch's rejected rows (file, row, column, value, reason) from its quarantine file.

    ``folder`` is the workspace's quarantine folder; a batch without rejections gives an
    empty table. ``limit`` keeps the first rows only (file and row order).
    """
    empty = pl.DataFrame(schema=REJECTION_SCHEMA)
    if not batch.quarantine_file:
        return empty
    path = folder / batch.quarantine_file
    if not path.is_file():
        raise NotFound(f"batch {batch.id}: its quarantine file {path.name} is missing")
    table = pl.read_csv(path, schema=REJECTION_SCHEMA)
    return table if limit is None else table.head(limit)
