"""Zendesk ticket CSV (the UI export) into canonical contacts.

The CSV holds wall-clock times of the account's time zone, so ``--tz`` is required;
a value that carries an offset is honoured as written. Headers are matched
case-insensitively ("ID"/"Id", "Requester ID"/"Requester id").

Mapping:

- ``source_id`` = ID; ``customer_key`` = Requester ID (never the requester's name or
  e-mail); ``agent_key`` = Assignee ID when the export has it, else the Assignee name
  (the import service hashes both); ``queue`` = Group; ``priority`` lower-cased.
- ``created_at`` = Created at; ``resolved_at`` = Solved at. The CSV has no first-reply
  timestamp: ``first_response_at`` = Created at + "First reply time in minutes"
  (calendar minutes). The "… within business hours" columns are not read: Regie
  computes business time from the contract's own calendar.
- ``channel`` from Via: mail/e-mail/web form → email; voice/phone → phone;
  chat/messaging/web widget/mobile SDK → chat; Twitter/Facebook/Instagram/WhatsApp/… →
  social; anything else (API, closed ticket, …) → other.
- ``csat_score`` from Satisfaction Score on a two-point scale 1–2 (``csat_scale`` = 2,
  the top of the scale, as for every source): Good = 2, Bad = 1, so the share of top
  answers is Zendesk's own satisfaction percentage; Offered and Not Offered are null
  (no rating). A Good/Bad rating is never stretched onto a five-point scale, which
  would invent a mean rating the customer never gave.
- ``reopens`` = Reopens; ``tags`` = Tags (space-separated in Zendesk) as ``a,b``;
  Subject → ``subject`` (free text, kept only with ``--keep-text``).

Rejected rows: no or duplicate ID, a Created at that is missing or not a date-time
(also a local time that does not exist, in the spring-forward gap), a first reply
before creation (negative minutes), Solved at before creation, unreadable numbers and
an unknown Satisfaction Score.
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
    local_time,
    lookup,
    missing_creation,
    named,
    not_a_number,
    number,
    parsed,
    plus_seconds,
    require_tz,
    tags,
    text,
    unknown,
    whole,
)
from regie.ingest.reading import Reading, ReadOptions
from regie.ingest.sniff import expect_format, require_columns
from regie.ingest.tables import read_text_table
from regie.ingest.timestamps import to_utc

SOURCE = "zendesk"
REQUIRED = ("ID", "Created at")
COLUMNS = (
    *REQUIRED,
    "Requester ID",
    "Assignee ID",
    "Assignee",
    "Group",
    "Subject",
    "Tags",
    "Priority",
    "Via",
    "Solved at",
    "Satisfaction Score",
    "Reopens",
    "First reply time in minutes",
)
EXAMPLE = "2024-03-08 16:00:00 (the account's local time)"
CHANNELS = (
    (r"^(e-?mail|mail|web ?form|web_form)\b", "email"),
    (r"^(voice|phone|voicemail|call)", "phone"),
    (r"^(chat|messaging|native messaging|web ?widget|mobile ?sdk|live chat)", "chat"),
    (r"^(twitter|x\b|facebook|instagram|whatsapp|line|wechat|telegram)", "social"),
)
CSAT = {"good": 2.0, "good with comment": 2.0, "bad": 1.0, "bad with comment": 1.0}
NO_RATING = {"offered": None, "not offered": None, "unoffered": None}
WHY_TZ = "Zendesk CSV exports hold the account's local time"


def read(path: Path, options: ReadOptions) -> Reading:
    """Read a Zendesk ticket CSV export; times are local to ``options.tz``."""
    expect_format(path, SOURCE)
    tz = require_tz(options, path, WHY_TZ)
    frame = read_text_table(path)
    require_columns(frame, REQUIRED, path, "Zendesk ticket export")
    agent = "Assignee ID" if has(frame, "Assignee ID") else "Assignee"
    raw = named(frame, COLUMNS)
    return finish(SOURCE, path, raw, "ID", _fields(tz, agent), _checks(tz))


def _fields(tz: str, agent: str) -> dict[str, pl.Expr]:
    minutes = number("First reply time in minutes")
    return {
        "channel": classify("Via", CHANNELS),
        "queue": text("Group"),
        "priority": text("Priority").str.to_lowercase(),
        "created_at": to_utc("Created at", tz),
        "first_response_at": plus_seconds(parsed("created_at"), minutes * 60),
        "resolved_at": to_utc("Solved at", tz),
        "csat_score": lookup("Satisfaction Score", {**CSAT, **NO_RATING}),
        "csat_scale": pl.when(parsed("csat_score").is_not_null()).then(pl.lit(2, pl.Int16)),
        "reopens": whole("Reopens"),
        "customer_key": text("Requester ID"),
        "agent_key": text(agent),
        "tags": tags("Tags", r"\s+"),
        "subject": text("Subject"),
    }


def _checks(tz: str) -> list[Check]:
    return [
        *local_time("Created at", "created_at", tz, EXAMPLE),
        missing_creation("Created at"),
        not_a_number(
            "First reply time in minutes",
            number("First reply time in minutes"),
            "a number of minutes",
        ),
        before_creation(
            "First reply time in minutes", "first_response_at", "first response before creation"
        ),
        *local_time("Solved at", "resolved_at", tz, EXAMPLE),
        before_creation("Solved at", "resolved_at", "resolved before creation"),
        not_a_number("Reopens", whole("Reopens"), "a whole number"),
        unknown("Satisfaction Score", {*CSAT, *NO_RATING}, "satisfaction score"),
    ]
