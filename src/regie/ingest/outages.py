"""Outage log CSV into :class:`~regie.domain.availability.Outage` values.

The log is small (tens of rows, kept by hand or exported from a status page), so it is
read with the standard ``csv`` module. Format:

- UTF-8 with or without a byte-order mark, comma- or semicolon-separated (the header
  line decides), with a header. Column names are matched case-insensitively.
- Required columns ``start`` and ``end``; optional ``service``, ``planned`` and
  ``description``. Any other column is an error naming it and the allowed ones, so a typo
  (``strat``) is not silently ignored.
- ``start`` / ``end``: ISO 8601 date and time with an offset or ``Z``
  (``2026-10-02T14:30:00+02:00``, ``2026-10-02 12:30Z``). A value without an offset is a
  local time of ``timezone`` (IANA name), which must then be given; a local time that
  does not exist (skipped by the spring DST change) is an error, an ambiguous autumn time
  takes its first occurrence (as :mod:`regie.ingest.timestamps` does).
- ``planned``: true/false, yes/no, ja/nee, 1/0 (any case); empty is false.
- ``service``: free text; empty is none.
- ``description``: free text, read and dropped: it is never returned or stored.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row
row 2 (as ``_row`` in :mod:`regie.ingest.reading`). Blank rows are skipped but counted.
A header-only file gives no outages. Every problem in the file is collected and raised
at once as one :class:`InvalidInput`, one line per problem, e.g. (wrapped here)::

    outages.csv: row 3, column end = "2026-10-02 25:00": not a date and time;
        use ISO 8601, e.g. 2026-10-02T14:30:00+02:00
    outages.csv: row 4: end 2026-10-01T10:00:00Z is before start 2026-10-01T11:00:00Z
    outages.csv: row 1: missing column end; the header has "start", "service";
        required: start, end
    outages.csv: row 1: unknown column "strat" (did you mean start?); allowed columns:
        start, end, service, planned, description
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from regie.domain.availability import Outage
from regie.domain.errors import InvalidInput, NotFound

REQUIRED = ("start", "end")
COLUMNS = (*REQUIRED, "service", "planned", "description")
TRUE = frozenset({"true", "yes", "1", "ja"})
FALSE = frozenset({"false", "no", "0", "nee"})
EXAMPLE = "2026-10-02T14:30:00+02:00"
EXAMPLE_UTC = "2026-10-02T12:30:00Z"
FIRST_ROW = 2
"""The first data row's number: the header is row 1, as in a spreadsheet."""

_TIMESTAMP = re.compile(
    r"(?P<local>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)"
    r"\s?(?P<offset>Z|[+-]\d{2}(:?\d{2})?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Cell:
    """One value as written, with where it stands (for problem lines)."""

    name: str
    row: int
    column: str
    text: str

    def problem(self, why: str) -> str:
        return f'{self.name}: row {self.row}, column {self.column} = "{self.text}": {why}'


def read_outages(path: Path, timezone: str | None = None) -> list[Outage]:
    """Read an outage log CSV; naive timestamps are local times of ``timezone``.

    Raises :class:`NotFound` when there is no such file and :class:`InvalidInput` listing
    every problem when the file breaks a rule (see the module docstring).
    """
    zone = _zone(timezone)
    rows = _rows(path)
    if not rows:
        raise InvalidInput(
            f"{path.name}: the file is empty: it needs a header line with at least "
            f"{', '.join(REQUIRED)}"
        )
    index = _header(rows[0], path.name)
    problems: list[str] = []
    outages: list[Outage] = []
    for number, fields in enumerate(rows[1:], start=FIRST_ROW):
        if not any(f.strip() for f in fields):
            continue
        found = _outage(fields, index, number, path.name, zone, problems)
        if found is not None:
            outages.append(found)
    if problems:
        _refuse(path.name, problems)
    return outages


def _zone(timezone: str | None) -> ZoneInfo | None:
    if timezone is None:
        return None
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f'timezone "{timezone}": not an IANA time zone; use a name such as '
            "Europe/Amsterdam or UTC"
        ) from None


def _rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{path.name}: not UTF-8 text; save the outage log as CSV UTF-8"
        ) from None
    if not text.strip():
        return []
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise InvalidInput(
            f"{path.name}: not a well-formed CSV file ({error}); is a quote left open?"
        ) from None


def _header(header: list[str], name: str) -> dict[str, int]:
    """Lower-cased column name → position; every header problem raised at once."""
    names = [h.strip() for h in header]
    index: dict[str, int] = {}
    problems: list[str] = []
    for position, column in enumerate(names, start=1):
        key = column.lower()
        if not key:
            problems.append(f"{name}: row 1: column {position} of the header has no name")
        elif key in index:
            problems.append(f'{name}: row 1: column "{column}" appears twice in the header')
        else:
            index[key] = position - 1
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        found = ", ".join(f'"{n}"' for n in names if n) or "none"
        plural = "s" if len(missing) > 1 else ""
        problems.append(
            f"{name}: row 1: missing column{plural} {', '.join(missing)}; the header has "
            f"{found}; required: {', '.join(REQUIRED)}"
        )
    unknown = [n for n in names if n and n.lower() not in COLUMNS]
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        problems.append(
            f"{name}: row 1: unknown column{plural} {', '.join(_guess(u) for u in unknown)}; "
            f"allowed columns: {', '.join(COLUMNS)}"
        )
    if problems:
        _refuse(name, problems)
    return index


def _guess(column: str) -> str:
    close = difflib.get_close_matches(column.lower(), COLUMNS, n=1, cutoff=0.6)
    return f'"{column}"' + (f" (did you mean {close[0]}?)" if close else "")


def _outage(
    fields: list[str],
    index: dict[str, int],
    row: int,
    name: str,
    zone: ZoneInfo | None,
    problems: list[str],
) -> Outage | None:
    """The row's outage, or None after adding its problems to ``problems``."""
    width = len(index)
    if len(fields) > width and any(f.strip() for f in fields[width:]):
        problems.append(
            f"{name}: row {row}: {len(fields)} fields but the header has {width} columns; "
            "quote a value that contains the delimiter"
        )
        return None

    def cell(column: str) -> _Cell:
        position = index.get(column)
        text = fields[position] if position is not None and position < len(fields) else ""
        return _Cell(name, row, column, text.strip())

    before = len(problems)
    start = _instant(cell("start"), zone, problems)
    end = _instant(cell("end"), zone, problems)
    planned = _flag(cell("planned"), problems)
    service = cell("service").text or None
    if len(problems) > before or start is None or end is None:
        return None
    if end <= start:
        relation = "is before" if end < start else "equals"
        problems.append(
            f"{name}: row {row}: end {_show(end)} {relation} start {_show(start)}"
            + ("" if end < start else "; an outage must last longer than 0 seconds")
        )
        return None
    return Outage(start=start, end=end, service=service, planned=planned)


def _instant(cell: _Cell, zone: ZoneInfo | None, problems: list[str]) -> datetime | None:
    """The value as an aware UTC datetime, or None after recording why it is not one."""
    text = cell.text
    if not text:
        problems.append(cell.problem(f"missing; give a date and time, e.g. {EXAMPLE}"))
        return None
    moment: datetime | None = None
    match = _TIMESTAMP.fullmatch(text)
    if match:
        try:
            moment = datetime.fromisoformat((match["local"] + (match["offset"] or "")).upper())
        except ValueError:
            moment = None
    if moment is None:
        problems.append(cell.problem(f"not a date and time; use ISO 8601, e.g. {EXAMPLE}"))
        return None
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    if zone is None:
        problems.append(
            cell.problem(
                f"no UTC offset; add one, e.g. {EXAMPLE} or {EXAMPLE_UTC}, or give the "
                "log's time zone (e.g. Europe/Amsterdam)"
            )
        )
        return None
    local = moment.replace(tzinfo=zone)  # fold=0: an ambiguous time's first occurrence
    utc = local.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != moment:
        problems.append(
            cell.problem(f"does not exist in {zone.key}: the clocks skip it (DST change)")
        )
        return None
    return utc


def _flag(cell: _Cell, problems: list[str]) -> bool:
    value = cell.text.lower()
    if not value or value in FALSE:
        return False
    if value in TRUE:
        return True
    problems.append(
        cell.problem("not yes or no; use true/false, yes/no, ja/nee or 1/0 (empty is false)")
    )
    return False


def _show(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _refuse(name: str, problems: list[str]) -> NoReturn:
    message = problems[0] if len(problems) == 1 else f"{name}: {len(problems)} problems"
    raise InvalidInput(message, problems)
