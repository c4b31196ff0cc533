"""Months of operations of the demo company with its chosen vendor, written as exports.

:func:`generate` draws the arrivals (:mod:`regie.demo.arrivals`), lets the vendor handle
them following a :class:`~regie.demo.service.Story` (:mod:`regie.demo.service`), and
writes the vendor's exports (:mod:`regie.demo.exports`) into a folder, with the truth
beside them:

- ``truth.json``: the settings (seed, size, period, story, campaigns), the contacts per
  channel, the rows of each export (and the call log's self-service lines, which the
  mapping skips), abandoned calls and the ratings each export shows;
- ``truth-weekly.parquet``: per local ISO week and channel the contacts, handled
  contacts, those resolved at first contact, visible ratings and their top-2 answers, and
  the vendor's FCR probability and satisfaction level averaged over the week's days.

The same seed and arguments give byte-identical files. Three independent random streams
(arrivals, service, self-service calls) are spawned from the seed, so changing one stage
leaves the draws of the others as they were.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from regie.demo.arrivals import (
    CHANNELS,
    TIMEZONE,
    Campaign,
    default_campaigns,
    default_profiles,
    sample_arrivals,
    utc_seconds,
)
from regie.demo.exports import visible_rating, write_exports
from regie.demo.service import (
    DEFAULT_PROFILE,
    NEVER,
    PHONE,
    Contacts,
    Profile,
    Story,
    quality,
    simulate,
)

Size = Literal["tiny", "small", "full"]
SIZES: Final[dict[str, float]] = {"tiny": 0.25, "small": 1.0, "full": 21.0}
"""Volume scale: ``small`` is about 75,000 contacts a year, ``full`` about 1.5 million;
``tiny`` (about 6,000 a year) is for tests."""
SELF_SERVICE_SHARE: Final = 0.06
STORY_MONTH: Final = 8


@dataclass(frozen=True)
class Operations:
    """What :func:`generate` wrote."""

    folder: Path
    exports: dict[str, Path]
    """Import format → file: ``zendesk``, ``intercom``, ``mapped`` (and its ``mapping``)."""
    truth: Path
    weekly: Path
    contacts: int


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def default_story(start: date) -> Story:
    """The demo's story: quality starts slipping on the first day of month 8."""
    return Story(decline_start=add_months(start, STORY_MONTH - 1))


def generate(
    folder: Path,
    start: date,
    months: int = 12,
    size: Size = "small",
    seed: int = 0,
    story: Story | None = None,
    campaigns: Sequence[Campaign] | None = None,
    profile: Profile = DEFAULT_PROFILE,
    share: float = 1.0,
) -> Operations:
    """Generate ``months`` of operations from local midnight of ``start`` into ``folder``.

    ``story`` defaults to :func:`default_story`, ``campaigns`` to the default peaks; the
    vendor works to ``profile`` and handles ``share`` of the company's contacts (a pilot
    splits them between vendors).
    """
    if months < 1 or size not in SIZES or not 0 < share <= 1:
        raise ValueError(
            f"months = {months}, size = {size!r}, share = {share}: need months ≥ 1, a known "
            "size and a share in (0, 1]"
        )
    end = add_months(start, months)
    plot = default_story(start) if story is None else story
    peaks = tuple(default_campaigns(start) if campaigns is None else campaigns)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)]
    profiles = default_profiles(SIZES[size] * share)
    arrivals = sample_arrivals(start, end, profiles, peaks, streams[0])
    contacts = simulate(arrivals, plot, streams[1], profile)
    menu = self_service(contacts, streams[2])
    cutoff = utc_seconds(end, TIMEZONE)
    exports = write_exports(folder, contacts, menu, cutoff)
    settings = {"seed": seed, "size": size, "start": start, "end": end, "months": months}
    facts = summary(contacts, len(menu), cutoff, exports)
    truth = folder / "truth.json"
    document = {**settings, "timezone": TIMEZONE, "story": asdict(plot), **facts}
    document["campaigns"] = [asdict(c) for c in peaks]
    document["profile"], document["share"] = asdict(profile), share
    truth.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    weekly = folder / "truth-weekly.parquet"
    weekly_truth(contacts, plot, cutoff, profile).write_parquet(weekly)
    return Operations(folder, exports, truth, weekly, len(contacts))


def self_service(c: Contacts, rng: np.random.Generator) -> NDArray[np.int64]:
    """Arrival times of calls that end in the voice menu: a share of the callers' times,
    half a minute to four minutes before a queued call."""
    phone = c.at[c.channel == PHONE]
    picked = phone[rng.random(len(phone)) < SELF_SERVICE_SHARE]
    earlier: NDArray[np.int64] = picked - rng.integers(30, 240, size=len(picked))
    return earlier


def _by_channel(values: NDArray[np.bool_], channel: NDArray[np.int8]) -> dict[str, int]:
    counts = np.bincount(channel[values], minlength=len(CHANNELS))
    return {name: int(counts[i]) for i, name in enumerate(CHANNELS)}


def summary(c: Contacts, menu: int, cutoff: int, exports: dict[str, Path]) -> dict[str, Any]:
    """The counts the imports must reproduce."""
    every = np.ones(len(c), dtype=np.bool_)
    per = _by_channel(every, c.channel)
    rows = {"zendesk": per["email"] + per["social"], "intercom": per["chat"]}
    rows["mapped"] = per["phone"] + menu
    answered = (c.first_response != NEVER) & (c.first_response < cutoff) & ~c.abandoned
    return {
        "cutoff": cutoff,
        "contacts": per,
        "files": {k: {"file": exports[k].name, "rows": n} for k, n in rows.items()},
        "mapping": exports["mapping"].name,
        "skipped": {"mapped": menu},
        "abandoned": int(c.abandoned.sum()),
        "answered": _by_channel(answered, c.channel),
        "ratings": _by_channel(visible_rating(c, cutoff), c.channel),
        "nps_answers": int(np.sum((c.nps >= 0) & (c.channel == PHONE))),
        "customers": len(np.unique(c.customer)),
    }


def weekly_truth(
    c: Contacts, story: Story, cutoff: int, profile: Profile = DEFAULT_PROFILE
) -> pl.DataFrame:
    """Per local ISO week and channel: volumes, true FCR, visible ratings, and the
    vendor's quality parameters averaged over the week's seven days.

    Only whole numbers are aggregated (a parallel float sum could differ in its last
    bit from run to run); the quality figures come from the week and channel alone.
    """
    day = (c.at + c.offset) // 86_400
    rated = visible_rating(c, cutoff)
    frame = pl.DataFrame(
        {
            "week": day - (day + 3) % 7,
            "code": c.channel,
            "handled": c.handled,
            "resolved_first": c.resolved_first,
            "ratings": rated,
            "ratings_top2": rated & (c.csat >= 4),
        }
    )
    flags = ("handled", "resolved_first", "ratings", "ratings_top2")
    counts = frame.group_by("week", "code").agg(pl.len().alias("contacts"), *map(pl.sum, flags))
    counts = counts.sort("week", "code")
    monday, code = counts["week"].to_numpy(), counts["code"].to_numpy()
    fcr, csat = _weekly_quality(monday, code, story, profile)
    return counts.select(
        pl.col("week").cast(pl.Int32).cast(pl.Date),
        pl.col("code").replace_strict(list(range(len(CHANNELS))), list(CHANNELS)).alias("channel"),
        "contacts",
        *flags,
        pl.Series("fcr_probability", fcr),
        pl.Series("csat_level", csat),
    )


def _weekly_quality(
    monday: NDArray[np.int64], code: NDArray[np.int8], story: Story, profile: Profile
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mean FCR probability and satisfaction level over each week's seven days."""
    days = (monday[:, None] + np.arange(7)).ravel()
    level = quality(np.repeat(code, 7).astype(np.int8), days.astype(np.int64), story, profile)
    return level.fcr.reshape(-1, 7).mean(axis=1), level.csat.reshape(-1, 7).mean(axis=1)
