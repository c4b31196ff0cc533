"""The open-time timeline of a business calendar: UTC open intervals and their running sum.

Business time is measured on a timeline. For a span of local days, every opening range
of every open day becomes one interval of UTC instants (microseconds since the Unix
epoch); the running sum of their lengths gives, for any instant ``t``, its *position*:
the open microseconds from the start of the timeline up to ``t``. Business time between
two instants is the difference of their positions; the deadline ``n`` business
microseconds after ``t`` is the first instant whose position is ``position(t) + n``.
Both are array operations (a bucket lookup, then gathers), never a loop per timestamp.

Time zones and daylight saving time: a local opening or closing time becomes the *first
instant at which the local clock shows that time or later*. So a time that occurs twice
(the autumn fold) means its first occurrence, and a time the spring change skips (02:30
on the night clocks jump from 02:00 to 03:00) means the moment of the change (03:00).
This keeps the mapping monotonic, so a day's ranges never overlap in UTC, and a 24-hour
day is 23 or 25 hours long on the change days.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from regie.domain.calendar_hours import DayHours
from regie.domain.errors import InvalidInput

Micros = NDArray[np.int64]
NAT = int(np.iinfo(np.int64).min)
MICROS = 1_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX = int(np.iinfo(np.int64).max)
_TABLE_BITS = 18  # the bucket table holds at most about 2**18 entries
_BLOCK = 1 << 15  # instants per block of array work


def as_micros(values: npt.ArrayLike, what: str = "timestamps") -> Micros:
    """UTC timestamps as int64 microseconds since the epoch; missing values become ``NAT``.

    Accepts ``datetime64`` of any unit (NaT is missing), integers (already microseconds),
    floats (microseconds; NaN is missing) and ISO-8601 strings without a zone.
    """
    array = np.asarray(values)
    kind = array.dtype.kind
    if kind in "US":
        try:
            array = array.astype("datetime64[us]")
        except ValueError as error:
            raise InvalidInput(f"{what}: not ISO-8601 timestamps ({error})") from error
        kind = "M"
    if kind == "M":
        return array.astype("datetime64[us]").view(np.int64)
    if kind in "iu":
        return array.astype(np.int64, copy=False)
    if kind == "f":
        return np.rint(np.where(np.isnan(array), float(NAT), array)).astype(np.int64)
    raise InvalidInput(
        f"{what}: dtype {array.dtype} is not supported: give numpy datetime64 values or "
        "int64 microseconds since 1970-01-01 UTC"
    )


def span_of(values: Sequence[Micros]) -> tuple[int, int] | None:
    """Earliest and latest non-missing instant over the arrays; None when all are missing."""
    lows: list[int] = []
    highs: list[int] = []
    for array in values:
        high = int(array.max()) if array.size else NAT
        if high == NAT:
            continue
        low = int(array.min())
        lows.append(low if low != NAT else int(array[array != NAT].min()))
        highs.append(high)
    return (min(lows), max(highs)) if lows else None


def utc_date(micros: int) -> date:
    return (EPOCH + timedelta(microseconds=micros)).date()


def first_instant(zone: ZoneInfo, wall: datetime) -> int:
    """The first instant (UTC µs) at which the local clock shows ``wall`` or later."""
    earliest = _micros(wall.replace(tzinfo=zone, fold=0))
    if _wall(zone, earliest) == wall:
        return earliest  # the time exists; for a fold, fold=0 is its first occurrence
    low, high = _micros(wall.replace(tzinfo=zone, fold=1)), earliest  # skipped: bisect
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if _wall(zone, middle) >= wall else (middle, high)
    return high


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def _wall(zone: ZoneInfo, micros: int) -> datetime:
    return (EPOCH + timedelta(microseconds=micros)).astimezone(zone).replace(tzinfo=None)


@dataclass(frozen=True, eq=False)
class Timeline:
    """Open intervals in UTC with running sums; index 0 is an empty interval at ``first``.

    ``shift[i] = open µs before interval i − its start``, so inside interval ``i`` the
    position of ``t`` is ``t + shift[i]``, capped at ``ends[i]`` once it has closed.
    """

    first: int  # first covered instant
    last: int  # last covered instant
    opens: Micros  # interval starts, sorted
    next_opens: Micros  # start of the following interval (int64 max after the last)
    shift: Micros
    ends: Micros  # position at the end of each interval
    buckets: NDArray[np.intp]  # last interval opened at or before each bucket's start
    bits: int  # a bucket spans 2**bits µs
    steps: int  # most interval starts inside one bucket
    end_buckets: NDArray[np.intp]  # the same for positions: first interval ending at or after
    end_bits: int
    end_steps: int

    def position(self, instants: Micros) -> Micros:
        """Open µs from ``first`` up to each instant (instants outside: undefined)."""
        found = np.empty_like(instants)
        for block in _blocks(instants.size):
            found[block] = self._position(instants[block])
        return found

    def open_seconds(self, start: Micros, end: Micros) -> NDArray[np.float64]:
        """Open seconds from each start to its end (negative when the end is earlier)."""
        found = np.empty(start.shape, dtype=np.float64)
        for block in _blocks(start.size):
            found[block] = self._position(end[block]) - self._position(start[block])
        found /= MICROS
        return found

    def instant(self, positions: Micros) -> Micros:
        """The first instant whose position reaches each value (values ≤ ``ends[-1]``)."""
        found = np.empty_like(positions)
        for block in _blocks(positions.size):
            wanted = positions[block]
            bucket = wanted >> self.end_bits
            np.clip(bucket, 0, self.end_buckets.size - 1, out=bucket)
            index = self.end_buckets[bucket]
            for _ in range(self.end_steps):
                index += self.ends[index] < wanted
            found[block] = wanted - self.shift[index]
        return found

    def _position(self, instants: Micros) -> Micros:
        bucket = instants - self.first
        bucket >>= self.bits
        np.clip(bucket, 0, self.buckets.size - 1, out=bucket)
        index = self.buckets[bucket]
        for _ in range(self.steps):
            index += self.next_opens[index] <= instants
        found: Micros = np.minimum(instants + self.shift[index], self.ends[index])
        return found

    @property
    def total(self) -> int:
        return int(self.ends[-1])


def _blocks(size: int) -> list[slice]:
    """Cache-sized slices: block-wise array work is several times faster than whole-array."""
    return [slice(low, low + _BLOCK) for low in range(0, size, _BLOCK)]


def build_timeline(
    zone: ZoneInfo, week: Sequence[DayHours], closed: Collection[date], first: date, last: date
) -> Timeline:
    """The timeline of local days ``first`` … ``last``, skipping ``closed`` dates."""
    start = first_instant(zone, datetime.combine(first, time()))
    stop = first_instant(zone, datetime.combine(last + timedelta(days=1), time()))
    opens, closes = _merged(*_open_intervals(zone, week, closed, first, last))
    opens = np.concatenate(([start], opens))
    closes = np.concatenate(([start], closes))
    ends = np.cumsum(closes - opens)
    bits, buckets, steps = _bucket_table(opens, start, stop, "right")
    end_bits, end_buckets, end_steps = _bucket_table(ends, 0, int(ends[-1]), "left")
    return Timeline(
        first=start,
        last=stop,
        opens=opens,
        next_opens=np.append(opens[1:], _MAX),
        shift=ends - closes,
        ends=ends,
        buckets=buckets,
        bits=bits,
        steps=steps,
        end_buckets=end_buckets,
        end_bits=end_bits,
        end_steps=end_steps,
    )


def _open_intervals(
    zone: ZoneInfo, week: Sequence[DayHours], closed: Collection[date], first: date, last: date
) -> tuple[list[int], list[int]]:
    opens: list[int] = []
    closes: list[int] = []
    for offset in range((last - first).days + 1):  # a loop over days, not over rows
        day = first + timedelta(days=offset)
        if day in closed:
            continue
        midnight = datetime.combine(day, time())
        for begin, end in week[day.weekday()]:
            opened = first_instant(zone, midnight + timedelta(seconds=begin))
            closing = first_instant(zone, midnight + timedelta(seconds=end))
            if closing > opened:
                opens.append(opened)
                closes.append(closing)
    return opens, closes


def _merged(opens: list[int], closes: list[int]) -> tuple[Micros, Micros]:
    """Join intervals that touch (a day ending at 24:00 and the next opening at 00:00)."""
    start = np.array(opens, dtype=np.int64)
    stop = np.array(closes, dtype=np.int64)
    if start.size == 0:
        return start, stop
    new = np.ones(start.size, dtype=bool)
    new[1:] = start[1:] != stop[:-1]
    last = np.append(new[1:], True)
    return start[new], stop[last]


def _bucket_table(
    edges: Micros, start: int, stop: int, side: Literal["left", "right"]
) -> tuple[int, NDArray[np.intp], int]:
    """A table of buckets of 2**bits µs over ``start`` … ``stop``, so a lookup needs no
    binary search per value: the bucket gives an index, at most ``steps`` edges later.

    ``side="right"``: the last edge ≤ the value; ``side="left"``: the first edge ≥ it.
    """
    bits = max(20, (max(stop - start, 1) >> _TABLE_BITS).bit_length())
    starts = start + (np.arange(((stop - start) >> bits) + 1, dtype=np.int64) << bits)
    low = np.searchsorted(edges, starts, side=side)
    high = np.searchsorted(edges, starts + ((1 << bits) - 1), side=side)
    table = np.minimum(low - (side == "right"), edges.size - 1)
    return bits, table.astype(np.intp), int((high - low).max())
