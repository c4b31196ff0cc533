"""Recognising a helpdesk export by its header or JSON keys, before reading it.

Every helpdesk reader first calls :func:`expect_format`, so a Freshdesk export given to
the Zendesk importer fails with one clear line naming the right command instead of a
list of missing columns. :func:`require_columns` then names any column the reader
needs that the file lacks. Only the first 64 KiB of a file are looked at.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from regie.domain.errors import InvalidInput
from regie.ingest.tables import columns_by_name

HEAD_BYTES = 64 * 1024

LABELS = {
    "zendesk": "Zendesk",
    "zendesk-json": "Zendesk API (JSON)",
    "freshdesk": "Freshdesk",
    "zammad": "Zammad",
    "intercom": "Intercom",
    "csv": "Regie contacts CSV",
}

JSON_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intercom", ('"conversations"', '"first_admin_reply_at"', '"conversation_rating"')),
    ("zendesk-json", ('"ticket_metrics"', '"metric_sets"', '"satisfaction_ratings"', '"via"')),
    ("zammad", ('"first_response_in_min"', '"create_article_type', '"close_in_min"')),
)


def detect_format(path: Path) -> str | None:
    """The import source a file looks like (``"freshdesk"``, ``"intercom"``, …), if any."""
    try:
        with path.open("rb") as handle:
            head = _decoded(handle.read(HEAD_BYTES))
    except OSError:
        return None
    stripped = head.lstrip()
    if stripped.startswith(("{", "[")):
        return _json_format(stripped.lower())
    return _csv_format(_header(stripped))


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start >= len(raw) - 4:  # a character cut by the 64 KiB limit
            return raw[: error.start].decode("utf-8-sig")
        return raw.decode("cp1252", errors="replace")


def _json_format(head: str) -> str | None:
    for source, keys in JSON_KEYS:
        if any(key in head for key in keys):
            return source
    return None


def _header(text: str) -> set[str]:
    line = text.split("\n", 1)[0]
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    try:
        row = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    except csv.Error:
        return set()
    return {cell.strip().lower() for cell in row}


def _csv_format(header: set[str]) -> str | None:
    if {"ticket id", "created time"} <= header:
        return "freshdesk"
    zendesk_marks = {"requester", "requester id", "via", "satisfaction score", "solved at"}
    if {"id", "created at"} <= header and header & zendesk_marks:
        return "zendesk"
    if {"source_id", "created_at", "channel"} <= header:
        return "csv"
    return None


def expect_format(path: Path, source: str) -> None:
    """Fail with one clear line when ``path`` looks like another source's export."""
    found = detect_format(path)
    if found is not None and found != source:
        raise InvalidInput(
            f"{path.name}: this looks like {_a(LABELS[found])} export, "
            f"not {_a(LABELS[source])} one: use `regie import {found}`"
        )


def _a(label: str) -> str:
    return f"{'an' if label[0] in 'AEIOU' else 'a'} {label}"


def require_columns(frame: pl.DataFrame, required: Sequence[str], path: Path, what: str) -> None:
    """Fail naming every column of ``required`` the file lacks (matched case-insensitively)."""
    have = columns_by_name(frame)
    _fail_if_missing([c for c in required if c.lower() not in have], path, what, "column")


def require_keys(
    records: Sequence[dict[str, Any]], required: Iterable[str], path: Path, what: str
) -> None:
    """Fail naming every key of ``required`` that no record of the file has."""
    seen: set[str] = set().union(*(r.keys() for r in records)) if records else set()
    _fail_if_missing([k for k in required if k not in seen], path, what, "key")


def _fail_if_missing(missing: list[str], path: Path, what: str, kind: str) -> None:
    if not missing:
        return
    names = ", ".join(repr(m) for m in missing)
    plural = "s" if len(missing) > 1 else ""
    raise InvalidInput(
        f"{path.name}: missing {kind}{plural} {names}: is this a {what}?",
        [f"{path.name}: {kind} {m!r} is missing" for m in missing],
    )
