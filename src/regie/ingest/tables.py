"""Reading spreadsheet-like exports: CSV in any common encoding and delimiter, XLSX.

Helpdesk exports arrive as UTF-8, UTF-8 with a byte-order mark, or Windows-1252 (Dutch
Excel), separated by commas or semicolons. Everything is read as text first; readers
parse and validate columns themselves, so a bad value becomes a rejection of that row,
not a failed file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from regie.domain.errors import InvalidInput, NotFound
from regie.ingest.reading import ROW

ENCODINGS = ("utf-8-sig", "cp1252")
SNIFF_BYTES = 64 * 1024


def _decode(raw: bytes, name: str) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{name}: not text in UTF-8 or Windows-1252 encoding")


def _delimiter(text: str, name: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise InvalidInput(
            f"{name}: the first line has no comma, semicolon or tab: not a CSV export"
        )
    return best


def read_text_table(path: Path) -> pl.DataFrame:
    """All columns as text (header names stripped), plus ``_row`` (line 2 is the first row)."""
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    raw = path.read_bytes()
    if not raw.strip():
        raise InvalidInput(f"{path.name}: the file is empty")
    text = _decode(raw, path.name)
    delimiter = _delimiter(text, path.name)
    rows = _parse(text, delimiter, path.name)
    header = [h.strip() for h in rows[0]]
    _check_header(header, path.name)
    body = rows[1:]
    if not body:
        raise InvalidInput(f"{path.name}: the file has a header but no rows")
    width = len(header)
    ragged = [i + 2 for i, r in enumerate(body) if len(r) != width and any(r)]
    if ragged:
        raise InvalidInput(
            f"{path.name}: row {ragged[0]} has a different number of fields than the header "
            f"({width}); the file may be truncated or use another delimiter"
        )
    columns = {h: [r[i] if len(r) == width else "" for r in body] for i, h in enumerate(header)}
    frame = pl.DataFrame(columns, schema={h: pl.String for h in header})
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def _parse(text: str, delimiter: str, name: str) -> list[list[str]]:
    try:
        return [
            row
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
            if row
        ]
    except csv.Error as error:
        raise InvalidInput(
            f"{name}: not a well-formed CSV file ({error}); is it truncated?"
        ) from None


def _check_header(header: list[str], name: str) -> None:
    seen: set[str] = set()
    for column in header:
        key = column.lower()
        if not key:
            raise InvalidInput(f"{name}: the header has an empty column name")
        if key in seen:
            raise InvalidInput(f"{name}: column {column!r} appears twice in the header")
        seen.add(key)


def read_xlsx_table(path: Path, sheet: str | None = None) -> pl.DataFrame:
    """The first (or named) sheet as text columns, plus ``_row`` as Excel numbers rows."""
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    try:
        frame = (
            pl.read_excel(path, sheet_name=sheet, infer_schema_length=0)
            if sheet
            else pl.read_excel(path, infer_schema_length=0)
        )
    except Exception as error:  # fastexcel raises its own types
        raise InvalidInput(f"{path.name}: not a readable XLSX file ({error})") from None
    frame = frame.rename({c: c.strip() for c in frame.columns})
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def columns_by_name(frame: pl.DataFrame) -> dict[str, str]:
    """Lower-cased header → actual header, for case-insensitive matching."""
    return {c.lower(): c for c in frame.columns if c != ROW}


STREAM_BYTES = 64 * 1024 * 1024
"""CSV files larger than this (in UTF-8) are scanned lazily instead of read whole."""


def streamable(path: Path) -> bool:
    """True for a large UTF-8 CSV that Polars can scan in streaming mode."""
    if not path.is_file() or path.stat().st_size < STREAM_BYTES:
        return False
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 4  # a character cut at the end of the sample
    return True


def scan_text_table(path: Path) -> pl.LazyFrame:
    """A large CSV as a lazy all-text frame with ``_row``, streamed by Polars."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES).decode("utf-8-sig", errors="replace")
    delimiter = _delimiter(head, path.name)
    frame = pl.scan_csv(
        path, separator=delimiter, infer_schema=False, row_index_name=ROW, row_index_offset=2
    )
    names = frame.collect_schema().names()
    renamed = {n: n.strip().lstrip("\ufeff") for n in names if n != ROW}
    _check_header(list(renamed.values()), path.name)
    return frame.rename(renamed).with_columns(pl.col(ROW).cast(pl.Int64))
