"""The contact store of a workspace: SQL registrations + immutable Parquet facts.

A batch is all or nothing. Its contacts are streamed to ``facts/<name>.parquet.partial``,
renamed to their final name, and only then registered in one transaction; readers only
ever see registered files. If the process dies between the rename and the commit, the
unregistered file is an orphan that the next opening of the store removes. Imports hold
an exclusive lock on ``facts/.lock`` so a sweep never touches a running import's files.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from regie.analytics.columns import SCHEMA
from regie.db.tables import ImportBatch, Vendor, vendor_name
from regie.db.workspace import Workspace
from regie.domain.errors import Conflict, NotFound
from regie.services.ports import BatchInfo, FileSummary, NewBatch, VendorInfo

PROVENANCE = ("source_file", "source_row")
PARTIAL = ".partial"


class SqlContactStore:
    """:class:`regie.services.ports.ContactStore` on SQLAlchemy and Parquet."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._sessions = sessionmaker(workspace.engine(), expire_on_commit=False)
        self.sweep()

    # vendors -------------------------------------------------------------------------
    def add_vendor(self, name: str) -> VendorInfo:
        clean = name.strip()
        if not clean:
            raise Conflict("a vendor needs a name")
        with self._sessions.begin() as session:
            if session.scalar(select(Vendor).where(Vendor.name == clean)) is not None:
                raise Conflict(f"vendor {clean!r} already exists")
            vendor = Vendor(name=clean, created_at=datetime.now(UTC))
            session.add(vendor)
            session.flush()
            return _vendor(vendor)

    def vendors(self) -> list[VendorInfo]:
        with self._sessions() as session:
            return [_vendor(v) for v in session.scalars(select(Vendor).order_by(Vendor.name))]

    def vendor(self, name: str) -> VendorInfo:
        with self._sessions() as session:
            found = session.scalar(select(Vendor).where(Vendor.name == name.strip()))
            if found is None:
                known = ", ".join(v.name for v in session.scalars(select(Vendor))) or "none yet"
                raise NotFound(
                    f"vendor {name!r} does not exist (known: {known}); add it with "
                    f"`regie vendor add {name!r}`"
                )
            return _vendor(found)

    # facts ---------------------------------------------------------------------------
    def known_ids(self, vendor_id: int, source: str) -> pl.LazyFrame:
        with self._sessions() as session:
            files = session.scalars(
                select(ImportBatch.fact_file).where(
                    ImportBatch.vendor_id == vendor_id, ImportBatch.source == source
                )
            ).all()
        if not files:
            return pl.LazyFrame(schema={"source_id": pl.String})
        return pl.scan_parquet([self.workspace.facts / f for f in files]).select("source_id")

    def contacts(self) -> pl.LazyFrame:
        with self._sessions() as session:
            files = session.scalars(select(ImportBatch.fact_file)).all()
        if not files:
            return pl.LazyFrame(schema=SCHEMA)
        return pl.scan_parquet([self.workspace.facts / f for f in files])

    def pseudonym_key(self) -> bytes:
        return self.workspace.secret

    # batches -------------------------------------------------------------------------
    def store_batch(self, batch: NewBatch) -> BatchInfo:
        name = f"batch-{uuid.uuid4().hex}"
        fact = self.workspace.facts / f"{name}.parquet"
        partial = fact.with_name(fact.name + PARTIAL)
        written: list[Path] = [partial]
        with self._import_lock():
            try:
                rejected = _stream(batch, partial)
                batch.accept(rejected)
                _seal(partial, fact)
                written.append(fact)
                quarantine = None
                if rejected.height:
                    quarantine = self.workspace.quarantine / f"{name}.csv"
                    written += _write(quarantine, lambda p: rejected.write_csv(p))
                files = _file_counts(fact, batch.files, rejected)
                return self._register(batch, files, fact.name, quarantine)
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                raise

    def _register(
        self, batch: NewBatch, files: tuple[FileSummary, ...], fact: str, quarantine: Path | None
    ) -> BatchInfo:
        row = ImportBatch(
            vendor_id=batch.vendor_id,
            source=batch.source,
            imported_at=datetime.now(UTC),
            files=[vars(f) for f in files],
            rows_read=sum(f.rows_read for f in files),
            imported=sum(f.imported for f in files),
            duplicates=sum(f.duplicates for f in files),
            rejected=sum(f.rejected for f in files),
            skipped=sum(f.skipped for f in files),
            fact_file=fact,
            quarantine_file=quarantine.name if quarantine else None,
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return _batch(row, session)

    def batches(self) -> list[BatchInfo]:
        with self._sessions() as session:
            rows = session.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
            return [_batch(r, session) for r in rows]

    def remove_batch(self, batch_id: int) -> BatchInfo:
        with self._sessions.begin() as session:
            row = session.get(ImportBatch, batch_id)
            if row is None:
                raise NotFound(f"batch {batch_id} does not exist; `regie batches` lists them")
            info = _batch(row, session)
            session.delete(row)
        for path in self._files_of(info):
            path.unlink(missing_ok=True)
        return info

    def _files_of(self, info: BatchInfo) -> list[Path]:
        paths = [self.workspace.facts / info.fact_file]
        if info.quarantine_file:
            paths.append(self.workspace.quarantine / info.quarantine_file)
        return paths

    # housekeeping --------------------------------------------------------------------
    @contextmanager
    def _import_lock(self, blocking: bool = True) -> Iterator[bool]:
        self.workspace.facts.mkdir(parents=True, exist_ok=True)
        with (self.workspace.facts / ".lock").open("a") as handle:
            flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
            try:
                fcntl.flock(handle, flags)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def sweep(self) -> list[Path]:
        """Remove partial and unregistered files left by a killed import."""
        with self._import_lock(blocking=False) as locked:
            if not locked:
                return []
            with self._sessions() as session:
                keep = set(session.scalars(select(ImportBatch.fact_file)).all())
                keep |= {q for q in session.scalars(select(ImportBatch.quarantine_file)) if q}
            stale = [
                p
                for folder in (self.workspace.facts, self.workspace.quarantine)
                for p in folder.glob("batch-*")
                if p.name not in keep
            ]
            for path in stale:
                path.unlink(missing_ok=True)
            return stale


def _stream(batch: NewBatch, partial: Path) -> pl.DataFrame:
    """One pass over the data: contacts to ``partial``, rejections into memory."""
    sink = batch.contacts.sink_parquet(partial, lazy=True)
    _, rejected = pl.collect_all([sink, batch.rejections], engine="streaming")
    return rejected


def _seal(partial: Path, path: Path) -> None:
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)


def _write(path: Path, writer: Any) -> list[Path]:
    partial = path.with_name(path.name + PARTIAL)
    try:
        writer(partial)
        _seal(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return [path]


def _file_counts(
    fact: Path, files: tuple[FileSummary, ...], rejected: pl.DataFrame
) -> tuple[FileSummary, ...]:
    counts = dict(pl.scan_parquet(fact).group_by("source_file").len().collect().iter_rows())
    refused = dict(rejected.group_by("file").len().iter_rows())
    result = []
    for f in files:
        imported, bad = int(counts.get(f.file, 0)), int(refused.get(f.file, 0))
        duplicates = f.rows_read - bad - f.skipped - imported
        result.append(FileSummary(f.file, f.rows_read, imported, duplicates, bad, f.skipped))
    return tuple(result)


def _vendor(v: Vendor) -> VendorInfo:
    return VendorInfo(v.id, v.name, v.created_at)


def _batch(row: ImportBatch, session: Session) -> BatchInfo:
    return BatchInfo(
        id=row.id,
        vendor=vendor_name(session, row.vendor_id),
        source=row.source,
        imported_at=row.imported_at,
        files=tuple(FileSummary(**f) for f in row.files),  # type: ignore[arg-type]
        rows_read=row.rows_read,
        imported=row.imported,
        duplicates=row.duplicates,
        rejected=row.rejected,
        skipped=row.skipped,
        fact_file=row.fact_file,
        quarantine_file=row.quarantine_file,
    )
