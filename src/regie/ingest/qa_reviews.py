"""A QA reviews file (CSV or XLSX) into :class:`ReviewRow` values, checked against a scorecard.

**One row per review, one column per scorecard category** — the way QA tools export
and the way a reviewer fills in the sample file of ``regie qa sample --scorecard``:

- ``contact_id`` (required): the contact as Regie names it, ``source:source_id``;
- ``reviewer`` (required): who reviewed (name or e-mail; pseudonymised on import);
- ``agent`` (optional): the agent reviewed (pseudonymised; else the contact's agent);
- ``reviewed_at`` (optional): ISO date, e.g. ``2026-10-14`` (a time after it is ignored);
- ``comment`` (optional): free text, dropped on import unless ``--keep-text``;
- one column per category key of the scorecard (all required): a whole number on the
  category's scale, or ``N/A`` (also ``na``, ``nvt``, ``n.v.t.``; any case) where the
  category allows it. An empty cell is an error, never a silent N/A;
- the other columns of a sample file (``source``, ``source_id``, ``channel``,
  ``created_at``, ``queue``, ``agent_key``) are allowed and ignored; any other column is
  an error naming it, so a typo (``frendliness``) is not silently ignored.

CSV: UTF-8 or Windows-1252, comma, semicolon or tab (as :mod:`regie.ingest.tables`).
Column names match case-insensitively. Rows are numbered as a spreadsheet shows them
(the header is row 1). Blank rows are skipped. Every problem is collected and raised
at once as one :class:`InvalidInput`, one line per problem, e.g.::

    reviews.csv: row 3, column friendliness = "7": out of the scale; give a whole
        number from 1 to 5
    reviews.csv: row 1: missing column resolution; the scorecard needs a column per
        category: friendliness, professionalism, resolution
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

import polars as pl

from regie.domain.errors import InvalidInput
from regie.domain.qa import Answer, Category, Scorecard
from regie.ingest.reading import ROW
from regie.ingest.tables import read_text_table, read_xlsx_table

REQUIRED = ("contact_id", "reviewer")
OPTIONAL = ("agent", "reviewed_at", "comment")
SAMPLE_COLUMNS = (
    "contact_id",
    "source",
    "source_id",
    "channel",
    "created_at",
    "queue",
    "agent_key",
)
"""The columns of a sample file (``regie qa sample``), before the ones reviewers fill in."""
NA = frozenset({"n/a", "na", "nvt", "n.v.t."})
_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})([T ].*)?")


@dataclass(frozen=True)
class ReviewRow:
    """One review as read; ``reviewer``, ``agent`` and ``comment`` are still raw."""

    row: int
    contact_id: str
    reviewer: str
    agent: str | None
    reviewed_on: date | None
    answers: dict[str, Answer]
    comment: str | None


def cell_problem(name: str, row: int, column: str, text: str, why: str) -> str:
    """One problem line: file, row, column, value and what is allowed."""
    return f'{name}: row {row}, column {column} = "{text}": {why}'


def read_reviews(path: Path, card: Scorecard) -> list[ReviewRow]:
    """Read and check every review in ``path``; raise listing every problem (all or nothing)."""
    frame = read_xlsx_table(path) if path.suffix.lower() == ".xlsx" else read_text_table(path)
    columns = _header(frame, path.name, card)
    problems: list[str] = []
    reviews: list[ReviewRow] = []
    seen: dict[tuple[str, str], int] = {}
    for record in frame.select(pl.all().cast(pl.String).fill_null("")).iter_rows(named=True):
        cells = {key: str(record[actual]).strip() for key, actual in columns.items()}
        if not any(cells.values()):
            continue
        row = int(record[ROW])
        twice = (cells["contact_id"], cells["reviewer"].casefold())
        if all(twice) and twice in seen:
            problems.append(
                f"{path.name}: row {row}: contact {twice[0]} is reviewed by the same reviewer "
                f"in row {seen[twice]}; keep one of the two"
            )
        seen.setdefault(twice, row)
        review = _review(row, cells, card, path.name, problems)
        if review is not None:
            reviews.append(review)
    if problems:
        _refuse(path.name, problems)
    if not reviews:
        raise InvalidInput(f"{path.name}: no reviews in the file")
    return reviews


def _header(frame: pl.DataFrame, name: str, card: Scorecard) -> dict[str, str]:
    """Known lower-cased column → actual header; every header problem raised at once."""
    actual = {c.lower(): c for c in frame.columns if c != ROW}
    wanted = (*REQUIRED, *card.keys)
    allowed = (*REQUIRED, *OPTIONAL, *card.keys, *SAMPLE_COLUMNS)
    problems: list[str] = []
    missing = [c for c in REQUIRED if c not in actual]
    if missing:
        problems.append(
            f"{name}: row 1: missing column {', '.join(missing)}; required: "
            f"{', '.join(REQUIRED)} and a column per category"
        )
    absent = [k for k in card.keys if k not in actual]
    if absent:
        problems.append(
            f"{name}: row 1: missing column {', '.join(absent)}; the scorecard "
            f"'{card.name}' needs a column per category: {', '.join(card.keys)}"
        )
    unknown = [c for key, c in actual.items() if key not in allowed]
    if unknown:
        problems.append(
            f"{name}: row 1: unknown column {', '.join(_guess(u, allowed) for u in unknown)}; "
            f"allowed columns: {', '.join(dict.fromkeys((*wanted, *OPTIONAL)))}"
        )
    if problems:
        _refuse(name, problems)
    return {key: actual[key] for key in (*wanted, *OPTIONAL) if key in actual}


def _guess(column: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(column.lower(), allowed, n=1, cutoff=0.6)
    return f'"{column}"' + (f" (did you mean {close[0]}?)" if close else "")


def _review(
    row: int, cells: Mapping[str, str], card: Scorecard, name: str, problems: list[str]
) -> ReviewRow | None:
    before = len(problems)
    for column in REQUIRED:
        if not cells[column]:
            problems.append(cell_problem(name, row, column, "", "missing; this column is required"))
    answers = {c.key: _answer(c, cells[c.key], name, row, problems) for c in card.categories}
    reviewed_on = _date(cells.get("reviewed_at", ""), name, row, problems)
    if len(problems) == before and all(a is None for a in answers.values()):
        problems.append(f"{name}: row {row}: every category is N/A: nothing to score")
    if len(problems) > before:
        return None
    return ReviewRow(
        row=row,
        contact_id=cells["contact_id"],
        reviewer=cells["reviewer"],
        agent=cells.get("agent") or None,
        reviewed_on=reviewed_on,
        answers=answers,
        comment=cells.get("comment") or None,
    )


def _answer(category: Category, text: str, name: str, row: int, problems: list[str]) -> Answer:
    value: Answer
    if text.lower() in NA:
        value = None
    elif _WHOLE.fullmatch(text):
        value = int(float(text))
    else:
        why = "missing" if not text else "not a whole number"
        problems.append(cell_problem(name, row, category.key, text, f"{why}; {category.allowed()}"))
        return None
    problem = category.problem(value)
    if problem is not None:
        problems.append(cell_problem(name, row, category.key, text, problem))
    return value


def _date(text: str, name: str, row: int, problems: list[str]) -> date | None:
    if not text:
        return None
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return date.fromisoformat(match[1])
    except ValueError:
        problems.append(
            cell_problem(name, row, "reviewed_at", text, "not a date; use ISO, e.g. 2026-10-14")
        )
        return None


def _refuse(name: str, problems: list[str]) -> NoReturn:
    message = problems[0] if len(problems) == 1 else f"{name}: {len(problems)} problems"
    raise InvalidInput(message, problems)
