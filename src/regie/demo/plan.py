"""The demo company's fixed story: who, when and how much.

An energy retailer ("Stroomkracht") outsources its customer service. Its timeline is
fixed, so the same seed always tells the same story, whatever today's date:

- September 2024: the business case; October 2024: three vendors' quotes;
  November 2024: due diligence;
- 6 January 2025: a 90-day pilot on the phone with two vendors, each taking half of the
  contacts; the decision at day 60;
- 1 May 2025 – 30 April 2026: twelve months of operations with the chosen vendor under
  the contract; from month 8 its quality slowly declines (:func:`default_story`).

Volumes scale with the size (:data:`~regie.demo.operations.SIZES`); money that grows
with the volume (monthly fees, onboarding, pilot fees) scales with it, rates per contact
or hour do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import numpy as np

from regie.demo.arrivals import (
    CHANNELS,
    default_campaigns,
    default_profiles,
    expected_per_hour,
    hour_grid,
)
from regie.demo.operations import SIZES, Size, add_months
from regie.demo.service import Profile

COMPANY: Final = "Stroomkracht Energie"
CASE_DATE: Final = date(2024, 9, 16)
QUOTE_DATE: Final = date(2024, 10, 7)
QUOTES_VALID_UNTIL: Final = date(2025, 1, 31)
COMPARED_ON: Final = date(2024, 10, 31)
CHECKED_ON: Final = date(2024, 11, 18)
PILOT_START: Final = date(2025, 1, 6)
PILOT_DAYS: Final = 90
PILOT_MONTHS: Final = 3
"""6 January + 3 months = 6 April: exactly the 90 pilot days."""
PILOT_SHARE: Final = 0.5
DECISION_DAY: Final = 60
OPERATIONS_START: Final = date(2025, 5, 1)
OPERATIONS_MONTHS: Final = 12
ACCEPTED_BY: Final = "Anne de Vries"
"""The client's vendor manager, who accepts the chosen vendor's gaps by name."""


@dataclass(frozen=True)
class Vendor:
    """A vendor of the story and the way it works."""

    name: str
    role: str
    """``chosen``, ``runner_up`` (piloted, not chosen) or ``quote_only``."""
    profile: Profile

    @property
    def slug(self) -> str:
        """The name as a file name: ``noordzee-klantcontact``."""
        return self.name.lower().replace(" ", "-")


CHOSEN: Final = Vendor("Noordzee Klantcontact", "chosen", Profile())
RUNNER_UP: Final = Vendor(
    "Polder Service Groep",
    "runner_up",
    Profile(fcr=(0.66, 0.60, 0.63, 0.55), csat=4.0, wait=75.0, delay=1.8, handle=1.45),
)
QUOTE_ONLY: Final = Vendor("Kustlijn Contact", "quote_only", Profile())
VENDORS: Final = (CHOSEN, RUNNER_UP, QUOTE_ONLY)
PILOTED: Final = (CHOSEN, RUNNER_UP)


def scale(size: Size) -> float:
    """The volume scale of ``size`` (1 for ``small``)."""
    return SIZES[size]


def euros(amount: float, size: Size, step: int = 100) -> int:
    """``amount`` (for size ``small``) scaled to ``size`` and rounded to ``step`` euros."""
    return max(step, round(amount * scale(size) / step) * step)


def operations_end() -> date:
    return add_months(OPERATIONS_START, OPERATIONS_MONTHS)


def months() -> list[str]:
    """The operations' months, ``YYYY-MM``."""
    return [f"{add_months(OPERATIONS_START, i):%Y-%m}" for i in range(OPERATIONS_MONTHS)]


def pilot_dates() -> tuple[date, date]:
    """The pilot's first day and the day after its last."""
    return PILOT_START, PILOT_START + timedelta(days=PILOT_DAYS)


def expected_volumes(first: date, last: date, size: Size, share: float = 1.0) -> dict[str, float]:
    """Expected contacts per channel from ``first`` up to ``last`` (exclusive), with the
    operations' campaign peaks when the range is the operations' year."""
    grid = hour_grid(first, last)
    peaks = default_campaigns(first) if first == OPERATIONS_START else ()
    found = {}
    for profile in default_profiles(scale(size) * share):
        mean, _ = expected_per_hour(grid, profile, peaks)
        found[profile.channel] = float(np.sum(mean))
    return {c: found[c] for c in CHANNELS}


def monthly_volumes(size: Size) -> dict[str, int]:
    """Expected contacts a month per channel over the operations' year (whole numbers)."""
    year = expected_volumes(OPERATIONS_START, operations_end(), size)
    return {c: round(v / OPERATIONS_MONTHS) for c, v in year.items()}


def seed_for(seed: int, part: int) -> int:
    """An independent seed for one part of the story (0: operations, 1, 2: the pilot's
    vendors, 3: QA reviews), derived from the user's seed."""
    state = np.random.SeedSequence([seed, part]).generate_state(1)
    return int(state[0])
