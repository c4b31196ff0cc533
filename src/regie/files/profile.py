"""The weekly arrival profile (CSV) of a live channel.

A header and one row per interval with ``weekday`` (mon … sun, monday … sunday, or ISO
1–7), ``start`` (HH:MM, on the interval grid), ``calls`` (≥ 0) and optionally
``aht_seconds`` (> 0). Every problem is reported with file, line, column, value and what
is allowed; nothing is computed then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from regie.domain.errors import InvalidInput, NotFound
from regie.domain.staffing_erlang import Floats
from regie.domain.staffing_plan import check_interval

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Profile:
    """A validated weekly profile, rows in week order."""

    weekday: list[str]
    start: list[str]
    calls: Floats
    aht_seconds: Floats | None


def _day(value: str) -> int | None:
    text = value.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text) - 1
    return DAYS.index(text[:3]) if len(text) >= 3 and text[:3] in DAYS else None


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if np.isfinite(number) else None


def _check_row(line: int, row: dict[str, str], interval: int, name: str) -> list[str]:
    where = f"{name}: line {line}"
    problems = []
    if _day(row["weekday"]) is None:
        problems.append(f"{where}, column weekday = {row['weekday']!r}: must be mon … sun or 1–7")
    match = _TIME.match(row["start"].strip())
    if match is None or (int(match[1]) * 60 + int(match[2])) % interval:
        problems.append(
            f"{where}, column start = {row['start']!r}: must be HH:MM on the {interval}-minute grid"
        )
    calls = _number(row["calls"])
    if calls is None or calls < 0:
        problems.append(f"{where}, column calls = {row['calls']!r}: must be a number >= 0")
    if "aht_seconds" in row:
        aht = _number(row["aht_seconds"])
        if aht is None or aht <= 0:
            problems.append(
                f"{where}, column aht_seconds = {row['aht_seconds']!r}: must be a number > 0"
            )
    return problems


def _read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise NotFound(f"{path}: no such profile file")
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{path.name}: not a readable CSV file ({error})") from error
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    missing = [c for c in ("weekday", "start", "calls") if c not in frame.columns]
    if missing:
        raise InvalidInput(
            f"{path.name}: missing column(s) {', '.join(missing)}; "
            "needs weekday, start, calls and optionally aht_seconds"
        )
    if frame.height == 0:
        raise InvalidInput(f"{path.name}: the profile has no rows")
    return [{k: (v or "") for k, v in row.items()} for row in frame.iter_rows(named=True)]


def read_profile(path: Path, interval_minutes: int) -> Profile:
    """Read and validate a profile CSV; raise ``InvalidInput`` listing every problem."""
    check_interval(interval_minutes)
    rows = _read_rows(path)
    problems = [
        p for i, r in enumerate(rows) for p in _check_row(i + 2, r, interval_minutes, path.name)
    ]
    if problems:
        raise InvalidInput(f"{path.name}: {len(problems)} problem(s)", problems)
    keys = [(_day(r["weekday"]), r["start"].strip().zfill(5)) for r in rows]
    seen: dict[tuple[int | None, str], int] = {}
    for line, key in enumerate(keys, start=2):
        if key in seen:
            raise InvalidInput(
                f"{path.name}: line {line}, columns weekday/start = {DAYS[key[0] or 0]} {key[1]}: "
                f"duplicate of line {seen[key]}; each interval must appear once"
            )
        seen[key] = line
    order = sorted(range(len(rows)), key=lambda i: (keys[i][0] or 0, keys[i][1]))
    has_aht = "aht_seconds" in rows[0]
    return Profile(
        weekday=[DAYS[keys[i][0] or 0] for i in order],
        start=[keys[i][1] for i in order],
        calls=np.array([float(rows[i]["calls"]) for i in order]),
        aht_seconds=np.array([float(rows[i]["aht_seconds"]) for i in order]) if has_aht else None,
    )
