"""Intercom conversations JSON (the REST API's conversation objects) into canonical contacts.

The file holds ``{"conversations": [...]}`` as ``GET /conversations`` returns it, a list
of such pages, or a bare list of conversations. Intercom's times are Unix seconds,
hence UTC; an ISO time is accepted too (with ``--tz`` when it has no offset).

Mapping:

- ``source_id`` = id; ``customer_key`` = the first contact's id
  (``contacts.contacts[0].id``, or ``user.id`` in older API versions);
  ``agent_key`` = admin_assignee_id; ``queue`` = team_assignee_id; ``priority``:
  Intercom's flag "priority" → high, "not_priority" → normal.
- ``created_at`` = created_at; ``first_response_at`` =
  ``statistics.first_admin_reply_at``; ``resolved_at`` and ``closed_at`` =
  ``statistics.last_close_at`` unless the conversation is open or snoozed again (then
  it is not resolved: null). The ``statistics.time_to_*`` figures (office hours
  removed) and ``sla_applied`` are not read: Regie judges SLAs against the contract.
- ``reopens`` = ``statistics.count_reopens``.
- ``channel`` from ``source.type``: email → email; phone/call → phone; facebook,
  twitter, instagram, whatsapp → social; sms → other; anything else (the Messenger's
  "conversation", push, …) → chat.
- ``csat_score`` = ``conversation_rating.rating`` (1–5) with ``csat_scale`` 5.
- ``tags`` = the tag names as ``a,b``; title (or the source's subject) → ``subject``,
  the first message body → ``description``.

Rejected rows: no or duplicate id; a created_at that is missing or not a time; a first
reply or close before creation or not a time; a rating outside 1–5; an unreadable
reopen count.
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
    not_a_number,
    number,
    objects,
    parsed,
    tags,
    text,
    unknown,
    whole,
)
from regie.ingest.reading import Reading, ReadOptions
from regie.ingest.sniff import expect_format, require_keys
from regie.ingest.timestamps import from_unix, to_utc

SOURCE = "intercom"
PATHS = (
    "id",
    "created_at",
    "state",
    "priority",
    "title",
    "source.type",
    "source.subject",
    "source.body",
    "team_assignee_id",
    "admin_assignee_id",
    "contacts.contacts.0.id",
    "user.id",
    "statistics.first_admin_reply_at",
    "statistics.last_close_at",
    "statistics.count_reopens",
    "conversation_rating.rating",
    "tags.tags",
)
FIRST_REPLY = "statistics.first_admin_reply_at"
LAST_CLOSE = "statistics.last_close_at"
REOPENS = "statistics.count_reopens"
RATING = "conversation_rating.rating"
CHANNELS = (
    (r"^e-?mail", "email"),
    (r"^(phone|call)", "phone"),
    (r"^(facebook|twitter|instagram|whatsapp)", "social"),
    (r"^sms", "other"),
)
RATINGS = ("1", "2", "3", "4", "5")
PRIORITIES = {"priority": "high", "not_priority": "normal"}
EXAMPLE = "Unix seconds, e.g. 1709910000"


def read(path: Path, options: ReadOptions) -> Reading:
    """Read an Intercom conversations JSON file (Unix-second times)."""
    expect_format(path, SOURCE)
    conversations = _conversations(load_json(path), path)
    require_keys(conversations, ("id", "created_at"), path, "Intercom conversations file")
    raw = flatten(conversations, PATHS)
    return finish(SOURCE, path, raw, "id", _fields(options.tz), _checks(options.tz))


def _conversations(document: Any, path: Path) -> list[dict[str, Any]]:
    pages = document if isinstance(document, list) else [document]
    if any(isinstance(p, dict) and "conversations" in p for p in pages):
        found = [c for p in objects(pages, path, "the file") for c in p.get("conversations") or []]
    else:
        found = pages
    conversations = objects(found, path, '"conversations"')
    if not conversations:
        raise InvalidInput(f'{path.name}: no conversations: expected {{"conversations": [...]}}')
    return conversations


def _instant(column: str, tz: str | None) -> pl.Expr:
    return pl.coalesce(from_unix(column), to_utc(column, tz))


def _fields(tz: str | None) -> dict[str, pl.Expr]:
    reopened = text("state").is_in(["open", "snoozed"])
    return {
        "channel": classify("source.type", CHANNELS, default="chat"),
        "queue": text("team_assignee_id"),
        "priority": text("priority").replace_strict(PRIORITIES, default=None),
        "created_at": _instant("created_at", tz),
        "first_response_at": _instant(FIRST_REPLY, tz),
        "resolved_at": pl.when(~reopened).then(_instant(LAST_CLOSE, tz)),
        "closed_at": parsed("resolved_at"),
        "csat_score": pl.when(text(RATING).is_in(RATINGS)).then(number(RATING)),
        "csat_scale": pl.when(parsed("csat_score").is_not_null()).then(pl.lit(5, pl.Int16)),
        "reopens": whole(REOPENS),
        "customer_key": pl.coalesce(text("contacts.contacts.0.id"), text("user.id")),
        "agent_key": text("admin_assignee_id"),
        "tags": tags("tags.tags", r","),
        "subject": pl.coalesce(text("title"), text("source.subject")),
        "description": text("source.body"),
    }


def _not_a_time(column: str, tz: str | None) -> Check:
    bad = text(column).is_not_null() & number(column).is_null() & to_utc(column, tz).is_null()
    return Check(column, bad, f"not a date-time; expected {EXAMPLE}")


def _checks(tz: str | None) -> list[Check]:
    last_close = _instant(LAST_CLOSE, tz)
    return [
        _not_a_time("created_at", tz),
        missing_creation("created_at"),
        _not_a_time(FIRST_REPLY, tz),
        before_creation(FIRST_REPLY, "first_response_at", "first response before creation"),
        _not_a_time(LAST_CLOSE, tz),
        Check(LAST_CLOSE, last_close < parsed("created_at"), "closed before creation"),
        not_a_number(REOPENS, whole(REOPENS), "a whole number"),
        unknown(RATING, RATINGS, "rating (conversation_rating.rating)"),
    ]
