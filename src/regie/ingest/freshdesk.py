"""Freshdesk ticket CSV export into canonical contacts.

Like Zendesk's, the CSV holds wall-clock times of the account's time zone: ``--tz`` is
required, and a value with an offset is honoured as written.

Mapping:

- ``source_id`` = Ticket ID; ``customer_key`` = Contact ID (or Requester ID / Customer
  ID, whichever the export has; never the requester's e-mail or name); ``agent_key`` =
  Agent ID when present, else the Agent name (the import service hashes it);
  ``queue`` = Group; ``priority`` lower-cased (low, medium, high, urgent).
- ``created_at`` = Created time; ``resolved_at`` = Resolved time; ``closed_at`` =
  Closed time. ``first_response_at`` = Initial response time when it holds a
  timestamp; else Created time + the duration it holds; else Created time + "First
  response time (in hrs)" (``HH:MM:SS`` or decimal hours, taken as elapsed time). The
  SLA verdict columns ("First response status", "Resolution status") are not read:
  Regie judges SLAs against the contract, from the timestamps.
- ``channel`` from Source: Email, Portal, Outbound Email → email; Phone → phone; Chat →
  chat; Twitter, Facebook, Instagram, WhatsApp, … → social; Feedback Widget and
  anything else → other.
- ``csat_score`` from Survey results: the seven ratings of Freshdesk's surveys on a
  seven-point scale (Extremely Unhappy = 1 … Neutral = 4 … Extremely Happy = 7); the
  classic three-answer survey on a three-point scale (Not Good = 1, Just Okay = 2,
  Awesome = 3). ``csat_scale`` says which, per row.
- ``tags`` = Tags as ``a,b``; Subject and Description → ``subject``/``description``.

Rejected rows: no or duplicate Ticket ID; a Created time that is missing or not a
date-time; a first response, resolution or close before creation; an unreadable
duration; an unknown survey result.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from regie.ingest.helpdesk import (
    Check,
    before_creation,
    classify,
    finish,
    has,
    hours,
    local_time,
    lookup,
    missing_creation,
    named,
    not_a_number,
    parsed,
    plus_seconds,
    require_tz,
    tags,
    text,
    unknown,
)
from regie.ingest.reading import Reading, ReadOptions
from regie.ingest.sniff import expect_format, require_columns
from regie.ingest.tables import read_text_table
from regie.ingest.timestamps import to_utc

SOURCE = "freshdesk"
REQUIRED = ("Ticket ID", "Created time")
CUSTOMER_IDS = ("Contact ID", "Requester ID", "Customer ID")
COLUMNS = (
    *REQUIRED,
    *CUSTOMER_IDS,
    "Subject",
    "Description",
    "Priority",
    "Source",
    "Agent ID",
    "Agent",
    "Group",
    "Resolved time",
    "Closed time",
    "Initial response time",
    "First response time (in hrs)",
    "Tags",
    "Survey results",
)
EXAMPLE = "2024-03-08 16:00:00 (the account's local time)"
CHANNELS = (
    (r"^(e-?mail|portal|outbound e-?mail)", "email"),
    (r"^phone", "phone"),
    (r"^chat", "chat"),
    (r"^(twitter|x\b|facebook|instagram|whatsapp|line|telegram|wechat|apple)", "social"),
)
SEVEN_POINTS = {
    "extremely unhappy": 1.0,
    "very unhappy": 2.0,
    "unhappy": 3.0,
    "neutral": 4.0,
    "happy": 5.0,
    "very happy": 6.0,
    "extremely happy": 7.0,
}
THREE_POINTS = {"not good": 1.0, "just okay": 2.0, "awesome": 3.0}
WHY_TZ = "Freshdesk CSV exports hold the account's local time"
INITIAL = "Initial response time"
FIRST_HOURS = "First response time (in hrs)"


def read(path: Path, options: ReadOptions) -> Reading:
    """Read a Freshdesk ticket CSV export; times are local to ``options.tz``."""
    expect_format(path, SOURCE)
    tz = require_tz(options, path, WHY_TZ)
    frame = read_text_table(path)
    require_columns(frame, REQUIRED, path, "Freshdesk ticket export")
    agent = "Agent ID" if has(frame, "Agent ID") else "Agent"
    customer = next((c for c in CUSTOMER_IDS if has(frame, c)), CUSTOMER_IDS[0])
    raw = named(frame, COLUMNS)
    return finish(SOURCE, path, raw, "Ticket ID", _fields(tz, agent, customer), _checks(tz))


def _fields(tz: str, agent: str, customer: str) -> dict[str, pl.Expr]:
    return {
        "channel": classify("Source", CHANNELS),
        "queue": text("Group"),
        "priority": text("Priority").str.to_lowercase(),
        "created_at": to_utc("Created time", tz),
        "first_response_at": pl.coalesce(
            to_utc(INITIAL, tz),
            plus_seconds(parsed("created_at"), hours(INITIAL)),
            plus_seconds(parsed("created_at"), hours(FIRST_HOURS)),
        ),
        "resolved_at": to_utc("Resolved time", tz),
        "closed_at": to_utc("Closed time", tz),
        "csat_score": lookup("Survey results", {**SEVEN_POINTS, **THREE_POINTS}),
        "csat_scale": _scale(),
        "customer_key": text(customer),
        "agent_key": text(agent),
        "tags": tags("Tags", r"\s*,\s*"),
        "subject": text("Subject"),
        "description": text("Description"),
    }


def _scale() -> pl.Expr:
    answer = text("Survey results").str.to_lowercase()
    seven = pl.when(answer.is_in(list(SEVEN_POINTS))).then(pl.lit(7, pl.Int16))
    return seven.when(answer.is_in(list(THREE_POINTS))).then(pl.lit(3, pl.Int16))


def _checks(tz: str) -> list[Check]:
    initial = text(INITIAL).is_not_null() & to_utc(INITIAL, tz).is_null() & hours(INITIAL).is_null()
    return [
        *local_time("Created time", "created_at", tz, EXAMPLE),
        missing_creation("Created time"),
        Check(INITIAL, initial, f"not a date-time or a duration; expected {EXAMPLE}"),
        not_a_number(FIRST_HOURS, hours(FIRST_HOURS), "a duration; expected HH:MM:SS or hours"),
        before_creation(INITIAL, "first_response_at", "first response before creation"),
        *local_time("Resolved time", "resolved_at", tz, EXAMPLE),
        before_creation("Resolved time", "resolved_at", "resolved before creation"),
        *local_time("Closed time", "closed_at", tz, EXAMPLE),
        before_creation("Closed time", "closed_at", "closed before creation"),
        unknown("Survey results", {*SEVEN_POINTS, *THREE_POINTS}, "survey result"),
    ]
