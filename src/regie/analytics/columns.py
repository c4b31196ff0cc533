"""The canonical contact schema: every importer produces exactly these columns.

One row is one contact (ticket, chat, call). Times are UTC. A value the source does not
have is null — never an invented 0. ``escalated`` means handed to tier 2 or a supervisor,
not an SLA breach (which helpdesks also call "escalation"). ``customer_key`` and
``agent_key`` are pseudonyms (keyed hashes): raw identifiers never reach disk.
Documented for users in ``docs/contacts.md``.
"""

from __future__ import annotations

from typing import Final, TypeVar

import polars as pl

CHANNELS: Final = ("phone", "email", "chat", "social", "other")
UTC = pl.Datetime("us", "UTC")

SCHEMA: Final[dict[str, pl.DataType]] = {
    "contact_id": pl.String(),
    "source": pl.String(),
    "source_id": pl.String(),
    "vendor": pl.String(),
    "channel": pl.String(),
    "queue": pl.String(),
    "priority": pl.String(),
    "created_at": UTC,
    "first_response_at": UTC,
    "resolved_at": UTC,
    "closed_at": UTC,
    "handle_seconds": pl.Float64(),
    "talk_seconds": pl.Float64(),
    "hold_seconds": pl.Float64(),
    "after_call_work_seconds": pl.Float64(),
    "wait_seconds": pl.Float64(),
    "abandoned": pl.Boolean(),
    "csat_score": pl.Float64(),
    "csat_scale": pl.Int16(),
    "nps_score": pl.Int16(),
    "resolved_first_contact": pl.Boolean(),
    "escalated": pl.Boolean(),
    "reopens": pl.Int32(),
    "customer_key": pl.String(),
    "agent_key": pl.String(),
    "tags": pl.String(),
}
"""Column name → Polars type, in file order."""

REQUIRED: Final = ("source_id", "channel", "created_at")
"""Columns every imported row must have."""

IDENTIFIERS: Final = ("customer_key", "agent_key")
"""Personal identifiers: pseudonymised with the workspace's keyed hash on import."""

TEXT: Final = ("subject", "description")
"""Free text an importer may read; dropped on import unless ``--keep-text``."""

TIMESTAMPS: Final = ("created_at", "first_response_at", "resolved_at", "closed_at")


def empty() -> pl.DataFrame:
    """A frame with the canonical columns and no rows."""
    return pl.DataFrame(schema=SCHEMA)


Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def conform(frame: Frame, keep_text: bool = False, keep: tuple[str, ...] = ()) -> Frame:
    """``frame`` with exactly the canonical columns (missing ones null), cast, in order.

    ``keep`` names further columns to carry along unchanged (e.g. the source row).
    """
    names = frame.collect_schema().names()
    extra = [pl.col(c).cast(pl.String) for c in TEXT if keep_text and c in names]
    extra += [pl.col(c) for c in keep if c in names]
    columns = [
        (pl.col(name) if name in names else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in SCHEMA.items()
    ]
    return frame.select(columns + extra)
