"""Use case: import a vendor's outage log, for the availability KPI.

A log covers a span of dates; availability of a month is only judged when a log covers
the whole month, since a month without outages and a month nobody logged look alike.
Unless given, the span is the whole months from the first outage's to the last one's.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from regie.domain.errors import InvalidInput
from regie.ingest.outages import read_outages
from regie.services.ports import ContactStore, GovernanceStore, OutageLogInfo


def import_outages(
    store: ContactStore,
    book: GovernanceStore,
    path: Path,
    vendor: str,
    covers: tuple[date, date] | None = None,
    timezone: str | None = None,
) -> OutageLogInfo:
    """Read ``path`` (all or nothing) and store it as one of the vendor's outage logs."""
    found = store.vendor(vendor)
    outages = read_outages(path, timezone)
    if covers is None:
        if not outages:
            raise InvalidInput(
                f"{path.name}: no outages in the log: say which months it covers with "
                "--covers, e.g. --covers 2026-10 or --covers 2026-10:2026-12"
            )
        zone = ZoneInfo(timezone or "Europe/Amsterdam")
        first = min(o.start for o in outages).astimezone(zone).date().replace(day=1)
        last = _month_end(max(o.end for o in outages).astimezone(zone).date())
        covers = (first, last)
    if covers[1] < covers[0]:
        raise InvalidInput(f"--covers: {covers[1]} is before {covers[0]}")
    return book.add_outage_log(found.id, path.name, covers, outages)


def parse_covers(text: str) -> tuple[date, date]:
    """``2026-10`` or ``2026-10:2026-12`` → first day of the first, last day of the last."""
    parts = text.split(":")
    try:
        if len(parts) > 2:
            raise ValueError
        first, last = (date.fromisoformat(f"{p.strip()}-01") for p in (parts[0], parts[-1]))
    except ValueError:
        raise InvalidInput(
            f"--covers {text!r}: give a month or a range of months, e.g. 2026-10 or 2026-10:2026-12"
        ) from None
    return first, _month_end(last)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)
