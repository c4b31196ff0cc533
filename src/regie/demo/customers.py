"""Who is behind each contact: customer numbers with realistic repeat contacts.

Derived first-contact resolution (``regie.analytics.kpi_rows.with_derived_fcr``) counts a
contact as resolved when the same customer does not come back within seven days. For
that measure to mean something in the demo, customer numbers are not drawn at random
but linked:

1. A contact that needs a follow-up (not resolved at first contact, or given up) is
   followed by the first contact that arrives about ``FOLLOW_UP_DAYS`` later (an
   exponential delay, 10 minutes to 6.5 days, any channel): that contact becomes the
   same customer's. Where several want the same contact, they take it and the contacts
   right after it in turn (customers who all call back on Monday morning).
2. Of the remaining first contacts, a share are customers coming back after a long time
   (at least ``RETURN_GAP_DAYS``): they take an earlier first contact's customer.
3. Every chain is resolved to its first contact by pointer jumping; each first contact
   gets a fresh customer number.

So repeat contacts within a week follow exactly from unresolved contacts, and a
customer's unrelated contacts lie weeks apart.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from regie.demo.arrivals import DAY

Ints = NDArray[np.int64]

FOLLOW_UP_DAYS: Final = 1.2
MIN_DELAY: Final = 600
MAX_DELAY: Final = int(6.5 * DAY)
RETURN_SHARE: Final = 0.3
RETURN_GAP_DAYS: Final = 45
FIRST_NUMBER: Final = 1_000_001


def follow_ups(at: Ints, needs: NDArray[np.bool_], rng: np.random.Generator) -> Ints:
    """For each contact, the index of the contact it follows up (-1: none).

    ``at`` must be sorted; ``needs`` marks contacts whose customer comes back.
    """
    previous = np.full(len(at), -1, dtype=np.int64)
    waiting = np.flatnonzero(needs)
    delay = rng.exponential(FOLLOW_UP_DAYS * DAY, size=len(waiting))
    delay = np.clip(delay, MIN_DELAY, MAX_DELAY).astype(np.int64)
    wanted = np.searchsorted(at, at[waiting] + delay, side="left")
    order = np.argsort(wanted, kind="stable")
    slot = distinct_slots(wanted[order])
    claimant = waiting[order]
    reach = at[np.minimum(slot, len(at) - 1)] - at[claimant]
    ok = (slot < len(at)) & (reach <= MAX_DELAY + DAY // 4)
    previous[slot[ok]] = claimant[ok]
    return previous


def distinct_slots(wanted: Ints) -> Ints:
    """For sorted wanted positions, the first free position of each in turn:
    ``[3, 3, 3, 9]`` → ``[3, 4, 5, 9]`` (a running maximum, no loop)."""
    rank = np.arange(len(wanted), dtype=np.int64)
    return rank + np.maximum.accumulate(wanted - rank) if len(wanted) else wanted


def returning(at: Ints, previous: Ints, rng: np.random.Generator) -> Ints:
    """``previous`` plus, for some first contacts, an earlier first contact of the same
    customer at least ``RETURN_GAP_DAYS`` before."""
    linked = previous.copy()
    first = np.flatnonzero(previous == -1)
    earlier = np.searchsorted(at[first], at[first] - RETURN_GAP_DAYS * DAY, side="right")
    back = (rng.random(len(first)) < RETURN_SHARE) & (earlier > 0)
    pick = np.floor(rng.random(len(first)) * earlier).astype(np.int64)
    linked[first[back]] = first[pick[back]]
    return linked


def roots(linked: Ints) -> Ints:
    """The first contact of each contact's chain (``linked`` points back in time)."""
    parent = np.where(linked >= 0, linked, np.arange(len(linked)))
    while True:
        jumped = parent[parent]
        if np.array_equal(jumped, parent):
            return parent
        parent = jumped


def customer_numbers(at: Ints, needs: NDArray[np.bool_], rng: np.random.Generator) -> Ints:
    """A customer number per contact: repeat contacts after unresolved ones share it."""
    root = roots(returning(at, follow_ups(at, needs, rng), rng))
    firsts = np.flatnonzero(root == np.arange(len(root)))
    numbers = np.zeros(len(root), dtype=np.int64)
    numbers[firsts] = FIRST_NUMBER + rng.permutation(len(firsts))
    return numbers[root]
