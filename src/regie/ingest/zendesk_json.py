"""Zendesk API JSON (tickets, ticket_metrics, satisfaction_ratings) into canonical contacts.

The file holds what the Support API returns: ``{"tickets": [...], "ticket_metrics":
[...], "satisfaction_ratings": [...]}`` (``metric_sets``, the side-loaded name of
``?include=metric_sets``, is accepted too), or a list of such pages, or a bare list of
tickets. Metrics and ratings are joined to their ticket on ``ticket_id``. API times are
UTC (``…Z``); a time without an offset is read in ``--tz`` when given.

Mapping:

- ``source_id`` = ticket id; ``customer_key`` = requester_id; ``agent_key`` =
  assignee_id; ``queue`` = group_id; ``priority`` as given (low, normal, high, urgent).
- ``created_at`` = created_at; ``first_response_at`` = created_at +
  ``reply_time_in_minutes.calendar`` of the ticket's metrics (calendar minutes; the
  ``business`` figure is not read, Regie computes business time from the contract's
  calendar); ``resolved_at`` = the metrics' solved_at; ``reopens`` = the metrics' reopens.
- ``channel`` from ``via.channel``: email/web (form) → email; voice → phone;
  chat/native_messaging/web_widget/mobile_sdk → chat; twitter/facebook/instagram/
  whatsapp/… → social; anything else (api, sample_ticket, …) → other.
- ``csat_score`` on the two-point scale of the CSV export: good = 2, bad = 1
  (``csat_scale`` = 2); offered and unoffered are null. The latest rating of a ticket
  in ``satisfaction_ratings`` wins; without one, the ticket's own
  ``satisfaction_rating.score`` is used.
- ``tags`` joined as ``a,b``; subject and description → ``subject``/``description``.

Rejected rows as for the CSV export: no or duplicate id, a created_at that is missing or
not a date-time, a first reply or solve before creation, unreadable numbers, an unknown
score.
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
    lookup,
    missing_creation,
    not_a_number,
    not_a_time,
    number,
    objects,
    parsed,
    plus_seconds,
    tags,
    text,
    unknown,
    whole,
)
from regie.ingest.reading import Reading, ReadOptions
from regie.ingest.sniff import expect_format, require_keys
from regie.ingest.timestamps import to_utc

SOURCE = "zendesk-json"
LISTS = ("tickets", "ticket_metrics", "metric_sets", "satisfaction_ratings")
TICKET_PATHS = (
    "id",
    "created_at",
    "subject",
    "description",
    "priority",
    "via.channel",
    "requester_id",
    "assignee_id",
    "group_id",
    "tags",
    "satisfaction_rating.score",
)
METRIC_PATHS = ("ticket_id", "reply_time_in_minutes.calendar", "solved_at", "reopens")
RATING_PATHS = ("ticket_id", "score", "created_at")
REPLY = "ticket_metrics.reply_time_in_minutes.calendar"
SOLVED = "ticket_metrics.solved_at"
SCORE = "satisfaction_ratings.score"
EXAMPLE = "2024-03-08T15:00:00Z"
CHANNELS = (
    (r"^(e-?mail|mail|web|web_?form)$", "email"),
    (r"^(voice|phone)", "phone"),
    (r"^(chat|native_messaging|messaging|web_widget|mobile_sdk)", "chat"),
    (r"^(twitter|x|facebook|instagram|instagram_dm|whatsapp|line|wechat|telegram)$", "social"),
)
CSAT = {"good": 2.0, "bad": 1.0, "offered": None, "unoffered": None}


def read(path: Path, options: ReadOptions) -> Reading:
    """Read a Zendesk API JSON file of tickets with their metrics and ratings."""
    expect_format(path, SOURCE)
    lists = _lists(load_json(path), path)
    require_keys(lists["tickets"], ("id", "created_at"), path, "Zendesk API tickets file")
    raw = _joined(lists)
    return finish(SOURCE, path, raw, "id", _fields(options.tz), _checks())


def _lists(document: Any, path: Path) -> dict[str, list[dict[str, Any]]]:
    pages = document if isinstance(document, list) else [document]
    if pages and not any(isinstance(p, dict) and p.keys() & set(LISTS) for p in pages):
        pages = [{"tickets": document}]  # a bare list of tickets
    merged: dict[str, list[dict[str, Any]]] = {name: [] for name in LISTS}
    for page in objects(pages, path, "the file"):
        for name in LISTS:
            merged[name].extend(objects(page.get(name) or [], path, f'"{name}"'))
    merged["ticket_metrics"].extend(merged.pop("metric_sets"))
    if not merged["tickets"]:
        raise InvalidInput(
            f'{path.name}: no tickets: expected {{"tickets": [...]}} as the Zendesk API returns'
        )
    return merged


def _joined(lists: dict[str, list[dict[str, Any]]]) -> pl.DataFrame:
    tickets = flatten(lists["tickets"], TICKET_PATHS).with_columns(text("id").alias("_id"))
    metrics = _prefixed(flatten(lists["ticket_metrics"], METRIC_PATHS), "ticket_metrics")
    metrics = metrics.unique("_id", keep="first", maintain_order=True)
    ratings = _prefixed(
        flatten(lists["satisfaction_ratings"], RATING_PATHS), "satisfaction_ratings"
    )
    ratings = ratings.sort("satisfaction_ratings.created_at", nulls_last=False).unique(
        "_id", keep="last"
    )
    joined = tickets.join(metrics, on="_id", how="left").join(ratings, on="_id", how="left")
    score = pl.coalesce(text(SCORE), text("satisfaction_rating.score")).alias(SCORE)
    return joined.sort("_row").drop("_id").with_columns(score)


def _prefixed(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    keyed = frame.drop("_row").with_columns(text("ticket_id").alias("_id"))
    return keyed.rename({c: f"{name}.{c}" for c in keyed.columns if c != "_id"})


def _fields(tz: str | None) -> dict[str, pl.Expr]:
    return {
        "channel": classify("via.channel", CHANNELS),
        "queue": text("group_id"),
        "priority": text("priority").str.to_lowercase(),
        "created_at": to_utc("created_at", tz),
        "first_response_at": plus_seconds(parsed("created_at"), number(REPLY) * 60),
        "resolved_at": to_utc(SOLVED, tz),
        "csat_score": lookup(SCORE, CSAT),
        "csat_scale": pl.when(parsed("csat_score").is_not_null()).then(pl.lit(2, pl.Int16)),
        "reopens": whole("ticket_metrics.reopens"),
        "customer_key": text("requester_id"),
        "agent_key": text("assignee_id"),
        "tags": tags("tags", r","),
        "subject": text("subject"),
        "description": text("description"),
    }


def _checks() -> list[Check]:
    return [
        not_a_time("created_at", "created_at", EXAMPLE),
        missing_creation("created_at"),
        not_a_number(REPLY, number(REPLY), "a number of minutes"),
        before_creation(REPLY, "first_response_at", "first response before creation"),
        not_a_time(SOLVED, "resolved_at", EXAMPLE),
        before_creation(SOLVED, "resolved_at", "resolved before creation"),
        not_a_number("ticket_metrics.reopens", whole("ticket_metrics.reopens"), "a whole number"),
        unknown(SCORE, CSAT, "satisfaction score"),
    ]
