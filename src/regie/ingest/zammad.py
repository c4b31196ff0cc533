"""Zammad tickets JSON (the REST API's ticket objects) into canonical contacts.

The file holds a list of tickets as ``GET /api/v1/tickets`` returns them (with or
without ``expand=true``), ``{"tickets": [...]}``, or the ``assets.Ticket`` map of a
search. API times are UTC (``…Z``); a time without an offset is read in ``--tz``.

Mapping:

- ``source_id`` = id (not the human ticket number); ``customer_key`` = customer_id;
  ``agent_key`` = owner_id, except owner 1: Zammad's placeholder user "-" that means
  *unassigned*, which becomes null; ``queue`` = group (name) or else group_id;
  ``priority`` = the priority's name without its number ("2 normal" → normal), or
  from priority_id (1 low, 2 normal, 3 high).
- ``created_at`` = created_at; ``first_response_at`` = first_response_at;
  ``resolved_at`` and ``closed_at`` = close_at (Zammad has no separate solve). The
  ``*_in_min`` and ``*_diff_in_min`` figures are not read: Zammad computes them in the
  SLA's business hours at the time and never recalculates them; Regie recomputes from
  the timestamps against the contract's calendar.
- ``channel`` from create_article_type (or its id, as Zammad seeds them): email, web →
  email; phone → phone; chat → chat; twitter, facebook, telegram, whatsapp → social;
  sms, fax, note and anything else → other.
- Zammad has no satisfaction rating: ``csat_score`` stays null. title → ``subject``;
  ``tags`` when the objects carry them.

Rejected rows: no or duplicate id, a created_at that is missing or not a date-time, a
first response or close before creation, or a first_response_at / close_at that is not
a date-time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from regie.domain.errors import InvalidInput
from regie.ingest.helpdesk import (
    Check,
    before_creation,
    classify,
    finish,
    flatten,
    load_json,
    missing_creation,
    not_a_time,
    objects,
    parsed,
    tags,
    text,
)
from regie.ingest.reading import Reading, ReadOptions
from regie.ingest.sniff import expect_format, require_keys
from regie.ingest.timestamps import to_utc

SOURCE = "zammad"
PATHS = (
    "id",
    "title",
    "group",
    "group_id",
    "priority",
    "priority_id",
    "customer_id",
    "owner_id",
    "created_at",
    "first_response_at",
    "close_at",
    "create_article_type",
    "create_article_type_id",
    "tags",
)
ARTICLE_TYPES = {
    "1": "email",
    "2": "sms",
    "3": "chat",
    "4": "fax",
    "5": "phone",
    "6": "twitter status",
    "7": "twitter direct-message",
    "8": "facebook feed post",
    "9": "facebook feed comment",
    "10": "note",
    "11": "web",
    "12": "telegram personal-message",
    "13": "facebook direct-message",
    "14": "whatsapp message",
}
PRIORITIES = {"1": "low", "2": "normal", "3": "high"}
CHANNELS = (
    (r"^(e-?mail|web)$", "email"),
    (r"^phone", "phone"),
    (r"^chat", "chat"),
    (r"^(twitter|facebook|telegram|whatsapp|instagram)", "social"),
)
UNASSIGNED = "1"
EXAMPLE = "2024-03-08T15:00:00Z"


def read(path: Path, options: ReadOptions) -> Reading:
    """Read a Zammad tickets JSON file (UTC times)."""
    expect_format(path, SOURCE)
    tickets = _tickets(load_json(path), path)
    require_keys(tickets, ("id", "created_at"), path, "Zammad tickets file")
    raw = _named_types(flatten(tickets, PATHS))
    return finish(SOURCE, path, raw, "id", _fields(options.tz), _checks())


def _tickets(document: Any, path: Path) -> list[dict[str, Any]]:
    if isinstance(document, dict) and isinstance(document.get("assets"), dict):
        document = list((document["assets"].get("Ticket") or {}).values())
    elif isinstance(document, dict):
        document = document.get("tickets", document)
    tickets = objects(document, path, "the tickets")
    if not tickets:
        raise InvalidInput(f"{path.name}: no tickets: expected a list of Zammad ticket objects")
    return tickets


def _named_types(frame: pl.DataFrame) -> pl.DataFrame:
    """The article type's name, from the id where the export has only ids."""
    by_id = text("create_article_type_id").replace_strict(ARTICLE_TYPES, default=None)
    return frame.with_columns(
        pl.coalesce(text("create_article_type"), by_id).alias("create_article_type")
    )


def _fields(tz: str | None) -> dict[str, pl.Expr]:
    owner = text("owner_id")
    named_priority = text("priority").str.replace(r"^\d+\s+", "").str.to_lowercase()
    return {
        "channel": classify("create_article_type", CHANNELS),
        "queue": pl.coalesce(text("group"), text("group_id")),
        "priority": pl.coalesce(
            named_priority, text("priority_id").replace_strict(PRIORITIES, default=None)
        ),
        "created_at": to_utc("created_at", tz),
        "first_response_at": to_utc("first_response_at", tz),
        "resolved_at": to_utc("close_at", tz),
        "closed_at": parsed("resolved_at"),
        "customer_key": text("customer_id"),
        "agent_key": pl.when(owner != UNASSIGNED).then(owner),
        "tags": tags("tags", r","),
        "subject": text("title"),
    }


def _checks() -> list[Check]:
    return [
        not_a_time("created_at", "created_at", EXAMPLE),
        missing_creation("created_at"),
        not_a_time("first_response_at", "first_response_at", EXAMPLE),
        before_creation("first_response_at", "first_response_at", "first response before creation"),
        not_a_time("close_at", "resolved_at", EXAMPLE),
        before_creation("close_at", "resolved_at", "closed before creation"),
    ]
