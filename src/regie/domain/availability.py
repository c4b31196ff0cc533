"""Availability of a service from an outage log: the share of a period it was up.

An :class:`Outage` is a span ``[start, end)`` of UTC instants during which a service was
down, optionally naming the service and marking a *planned* maintenance window.

Formula, for a period ``[start, end)``::

    availability = 1 − downtime / period seconds

Rules for *downtime* (:func:`downtime_seconds`):

- **Planned maintenance windows are excluded** by default: a contract usually lets the
  vendor announce them. ``include_planned=True`` counts them like any other outage.
- **Overlaps are merged**: a second counted once however many outages cover it, so
  overlapping, nested and duplicated outages never count twice.
- **Clipping**: only the part of an outage inside ``[start, end)`` counts; an outage that
  began last month counts from the first instant of this one.
- **Calendar**: without one, every elapsed second counts. With a
  :class:`~regie.domain.calendar.BusinessCalendar`, only the seconds the calendar is open
  count, both in the downtime and in the period seconds: an outage at night on a desk
  open 08:00–17:00 costs nothing, one across opening time counts from opening time, and
  the length of a day follows the calendar's time zone (23 or 25 hours on DST changes).
  A period in which the calendar is never open has no availability (:class:`InvalidInput`).

Instants are aware ``datetime`` values (any offset, normalised to UTC); a naive value is
refused rather than guessed. The work over intervals is done on NumPy arrays of
microseconds since the epoch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from regie.domain.calendar import BusinessCalendar
from regie.domain.errors import InvalidInput

MICROS = 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICRO = timedelta(microseconds=1)

Micros = NDArray[np.int64]


@dataclass(frozen=True)
class Outage:
    """A service down from ``start`` to ``end`` (aware, stored in UTC; ``end > start``)."""

    start: datetime
    end: datetime
    service: str | None = None
    planned: bool = False

    def __post_init__(self) -> None:
        start = _utc(self.start, "outage start")
        end = _utc(self.end, "outage end")
        if end <= start:
            raise InvalidInput(
                f"outage: end {_show(end)} is not after start {_show(start)}: "
                "an outage must last longer than 0 seconds"
            )
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    @property
    def seconds(self) -> float:
        """Elapsed length of the outage in seconds."""
        return (self.end - self.start).total_seconds()


def downtime_seconds(
    outages: Iterable[Outage],
    start: datetime,
    end: datetime,
    calendar: BusinessCalendar | None = None,
    include_planned: bool = False,
) -> float:
    """Seconds of ``[start, end)`` covered by at least one counted outage.

    Counted outages are the unplanned ones (all of them with ``include_planned``).
    Overlapping outages are merged, each is clipped to the period, and with a
    ``calendar`` only its open seconds count.
    """
    begin, finish = _period(start, end)
    starts, ends = merged(_counted(outages, include_planned), begin, finish)
    if starts.size == 0:
        return 0.0
    if calendar is None:
        return int((ends - starts).sum()) / MICROS
    open_seconds = calendar.business_seconds(
        starts.view("datetime64[us]"), ends.view("datetime64[us]")
    )
    return float(open_seconds.sum())


def availability(
    outages: Iterable[Outage],
    start: datetime,
    end: datetime,
    calendar: BusinessCalendar | None = None,
    include_planned: bool = False,
) -> float:
    """``1 − downtime / period seconds`` over ``[start, end)`` (see the module's rules).

    Period seconds are the elapsed seconds, or the calendar's open seconds when a
    ``calendar`` is given; when the calendar is never open in the period this raises
    :class:`InvalidInput`.
    """
    period = period_seconds(start, end, calendar)
    if calendar is not None and period <= 0:
        raise InvalidInput(
            f"availability: calendar {calendar.name!r} is never open from "
            f"{_show(_utc(start, 'period start'))} to {_show(_utc(end, 'period end'))}: "
            "there is no time in which the service had to be available"
        )
    down = downtime_seconds(outages, start, end, calendar, include_planned)
    return 1.0 - down / period


def period_seconds(
    start: datetime, end: datetime, calendar: BusinessCalendar | None = None
) -> float:
    """Seconds in ``[start, end)``: elapsed, or open seconds of ``calendar`` when given."""
    begin, finish = _period(start, end)
    if calendar is None:
        return (finish - begin) / MICROS
    both = np.array([begin, finish], dtype=np.int64).view("datetime64[us]")
    return float(calendar.business_seconds(both[:1], both[1:])[0])


def merged(outages: Iterable[Outage], begin: int, finish: int) -> tuple[Micros, Micros]:
    """Disjoint, sorted ``[start, end)`` intervals (µs since the epoch) the outages cover,
    clipped to ``[begin, finish)``."""
    spans = [(_micros(o.start), _micros(o.end)) for o in outages]
    if not spans:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    table = np.array(spans, dtype=np.int64)
    starts = np.maximum(table[:, 0], begin)
    ends = np.minimum(table[:, 1], finish)
    inside = starts < ends
    starts, ends = starts[inside], ends[inside]
    if starts.size == 0:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)  # the furthest end so far
    first = np.ones(starts.size, dtype=bool)
    first[1:] = starts[1:] > reach[:-1]  # a gap before this interval starts a new group
    last = np.ones(starts.size, dtype=bool)
    last[:-1] = first[1:]
    return starts[first], reach[last]


def _counted(outages: Iterable[Outage], include_planned: bool) -> list[Outage]:
    return [o for o in outages if include_planned or not o.planned]


def _period(start: datetime, end: datetime) -> tuple[int, int]:
    begin, finish = _utc(start, "period start"), _utc(end, "period end")
    if finish <= begin:
        raise InvalidInput(
            f"period: end {_show(finish)} is not after start {_show(begin)}: "
            "give a period that lasts longer than 0 seconds"
        )
    return _micros(begin), _micros(finish)


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"{what} = {moment.isoformat()}: has no time zone: give an aware datetime, "
            "e.g. datetime(2026, 10, 1, tzinfo=UTC)"
        )
    return moment.astimezone(UTC)


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // _ONE_MICRO


def _show(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
