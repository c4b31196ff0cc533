"""What happens to each contact of the demo company: answer, handling, outcome, rating.

Per contact, over whole NumPy arrays (no loop per contact):

- **phone**: 30 % are answered at once, the rest wait an exponential time; a caller whose
  patience (exponential, mean 5 min) runs out first abandons. About 80 % of calls are
  answered within the 30-second norm on an ordinary day; campaign peaks and a noisy
  daily staffing factor ("strain") push waits and abandonment up.
- **e-mail**: the first reply comes a lognormal number of *business* seconds after
  arrival (median 45 min) on the e-mail team's calendar (Mon–Fri 08–18, closed on Dutch
  public holidays): about 85 % within the 2-business-hour norm.
- **chat**: first reply lognormal (median 25 s; about 90 % within the 1-minute norm);
  2 % of chats are left before anyone answers.
- **social**: first reply lognormal in business seconds (median 20 min) on the social
  team's calendar (every day 08–22): about 90 % within the 1-hour norm.
- handle times are lognormal per channel (a call is talk + hold + wrap-up);
- resolved at first contact with a probability per channel that, from the
  :class:`Story`'s start, drops a little each week; CSAT (1–5) from 10–30 % of the
  handled contacts and NPS (0–10) from about 10 %, both lower after an unresolved or late
  contact and drifting down with the story; escalations, reopens, priorities, topics;
- customer numbers with repeat contacts after unresolved ones (:mod:`regie.demo.customers`)
  and agent numbers per channel.

The figures above are the default :class:`Profile` (the demo's chosen vendor); another
vendor, such as the pilot's runner-up, works to its own profile: FCR, satisfaction,
queue time, reply delays and handle times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
from numpy.typing import NDArray

from regie.demo.arrivals import DAY, TIMEZONE, Arrivals, day_number
from regie.demo.customers import customer_numbers
from regie.domain.calendar import BusinessCalendar

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]

PHONE, EMAIL, CHAT, SOCIAL = 0, 1, 2, 3
NEVER: Final = -1
"""A time that did not happen (no answer, not resolved)."""

NORMS: Final = np.array([30.0, 7200.0, 60.0, 3600.0])
"""Response norms per channel, seconds (e-mail and social in their teams' business time)."""
FCR: Final = (0.78, 0.70, 0.74, 0.66)
BASE_FCR: Final = np.array(FCR)
CSAT_MEAN: Final = 4.35
CSAT_RESPONSE: Final = np.array([0.20, 0.15, 0.30, 0.10])
NPS_RESPONSE: Final = 0.10
DELAY_MEDIAN: Final = np.array([0.0, 45 * 60.0, 25.0, 20 * 60.0])
DELAY_SIGMA: Final = np.array([0.0, 0.9, 0.7, 0.9])
HANDLE_MEDIAN: Final = np.array([260.0, 420.0, 540.0, 200.0])
HANDLE_SIGMA: Final = np.array([0.6, 0.6, 0.55, 0.6])
ANSWERED_AT_ONCE: Final = 0.3
MEAN_WAIT: Final = 22.0
PATIENCE: Final = 300.0
MISSED_CHATS: Final = 0.02
TOPIC_SHARES: Final = (0.34, 0.28, 0.16, 0.12, 0.10)
PRIORITY_SHARES: Final = (0.05, 0.80, 0.12, 0.03)
ORIGIN_SHARES: Final = ((0.88, 0.12), (0.7, 0.3), (1.0,), (0.45, 0.3, 0.15, 0.1))
"""Per channel: phone from an identified / an anonymous caller; e-mail by mail / web
form; chat in the Messenger; social by WhatsApp / Facebook / Instagram / X."""
CONTACTS_PER_AGENT_DAY: Final = np.array([25.0, 35.0, 30.0, 45.0])
MIN_SOLVE: Final = DAY // 24 + 1
"""E-mail and social tickets are solved at least an hour after arrival (a dialogue)."""

EMAIL_TEAM: Final = BusinessCalendar.weekly(
    "e-mail team",
    TIMEZONE,
    {d: ["08:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
)
SOCIAL_TEAM: Final = BusinessCalendar.weekly(
    "social team", TIMEZONE,
    {d: ["08:00-22:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    country=None,
)  # fmt: skip


@dataclass(frozen=True)
class Story:
    """The vendor's slow decline: from ``decline_start`` (a local date) the chance of
    resolving at first contact falls by ``fcr_drift`` and the mean satisfaction (on the
    1–5 scale) by ``csat_drift`` every week, the first step on the start date itself.
    No start: no decline."""

    decline_start: date | None = None
    fcr_drift: float = 0.005
    csat_drift: float = 0.02

    def weeks(self, day: Ints) -> Floats:
        """Weekly steps taken by each local day (days since 1970-01-01): 0 before the start."""
        if self.decline_start is None:
            return np.zeros(len(day))
        since = day - day_number(self.decline_start)
        return np.where(since >= 0, since // 7 + 1, 0).astype(np.float64)


@dataclass(frozen=True)
class Quality:
    """The vendor's quality per contact on its day: FCR probability, mean satisfaction."""

    fcr: Floats
    csat: Floats


@dataclass(frozen=True)
class Profile:
    """One vendor's way of working; the defaults are the module's constants (the demo's
    chosen vendor). ``fcr``: the chance of resolving at first contact per channel (phone,
    e-mail, chat, social); ``csat``: the mean satisfaction on the 1–5 scale; ``wait``:
    the mean queue time of a queued call, seconds; ``delay`` and ``handle``: factors on
    the first-reply delays of the written channels and on handle times."""

    fcr: tuple[float, float, float, float] = FCR
    csat: float = CSAT_MEAN
    wait: float = MEAN_WAIT
    delay: float = 1.0
    handle: float = 1.0


DEFAULT_PROFILE: Final = Profile()


def quality(
    channel: NDArray[np.int8], day: Ints, story: Story, profile: Profile = DEFAULT_PROFILE
) -> Quality:
    """Quality parameters of each contact's channel on its local day."""
    steps = story.weeks(day)
    fcr = np.clip(np.asarray(profile.fcr)[channel] - story.fcr_drift * steps, 0.2, 0.98)
    return Quality(fcr=fcr, csat=profile.csat - story.csat_drift * steps)


@dataclass(frozen=True)
class Contacts:
    """Every contact of one vendor in arrival order; times are UTC seconds, ``NEVER``
    where they did not happen; ``wait`` and the call times are NaN off the phone."""

    at: Ints
    channel: NDArray[np.int8]
    offset: Ints
    topic: Ints
    priority: Ints
    origin: Ints
    abandoned: Flags
    wait: Floats
    first_response: Ints
    late: Flags
    talk: Floats
    hold: Floats
    wrap: Floats
    handle: Floats
    resolved_at: Ints
    resolved_first: Flags
    escalated: Flags
    reopens: Ints
    csat: Ints
    """1–5, 0 = no rating."""
    nps: Ints
    """0–10, -1 = no answer."""
    customer: Ints
    agent: Ints
    """0 = nobody (not handled)."""

    def __len__(self) -> int:
        return len(self.at)

    @property
    def handled(self) -> Flags:
        answered: Flags = (self.first_response != NEVER) & ~self.abandoned
        return answered


@dataclass(frozen=True)
class Response:
    abandoned: Flags
    wait: Floats
    first_response: Ints
    late: Flags


@dataclass(frozen=True)
class Handling:
    talk: Floats
    hold: Floats
    wrap: Floats
    handle: Floats


def lognormal(median: Floats, sigma: Floats, rng: np.random.Generator) -> Floats:
    """Lognormal values with the given medians and log-scale spreads."""
    spread = rng.standard_normal(len(median))
    return np.exp(np.log(np.maximum(median, 1e-9)) + sigma * spread)


def choose(shares: tuple[float, ...], n: int, rng: np.random.Generator) -> Ints:
    """``n`` category codes drawn with ``shares``."""
    return rng.choice(len(shares), size=n, p=np.asarray(shares) / sum(shares)).astype(np.int64)


def strain(arrivals: Arrivals, rng: np.random.Generator) -> Floats:
    """How stretched the vendor is at each contact: the campaign surge (staffing lags
    behind a peak) times a lognormal staffing factor per local day."""
    day = arrivals.local_day()
    first = int(day.min()) if len(day) else 0
    noise = rng.lognormal(0.0, 0.25, size=int(day.max()) - first + 1 if len(day) else 0)
    return arrivals.surge**1.5 * noise[day - first]


def responses(
    arrivals: Arrivals, rng: np.random.Generator, profile: Profile = DEFAULT_PROFILE
) -> Response:
    """Who is answered, after how long (see the module's description)."""
    n, channel, at = len(arrivals), arrivals.channel, arrivals.at
    stretched = strain(arrivals, rng)
    phone = channel == PHONE
    queued = rng.random(n) >= ANSWERED_AT_ONCE
    wait = np.where(queued, rng.exponential(profile.wait * stretched), 0.0)
    patience = rng.exponential(PATIENCE, size=n)
    abandoned = phone & queued & (patience < wait)
    wait = np.where(phone, np.rint(np.where(abandoned, patience, wait)), np.nan)
    delay = lognormal(DELAY_MEDIAN[channel] * stretched * profile.delay, DELAY_SIGMA[channel], rng)
    missed = (channel == CHAT) & (rng.random(n) < MISSED_CHATS * stretched)
    first = at + np.rint(np.where(phone, np.nan_to_num(wait), delay)).astype(np.int64)
    for code, team in ((EMAIL, EMAIL_TEAM), (SOCIAL, SOCIAL_TEAM)):
        mine = channel == code
        found = team.deadline(at[mine].astype("datetime64[s]"), np.rint(delay[mine]))
        first[mine] = found.astype("datetime64[s]").astype(np.int64)
    first = np.where(abandoned | missed, NEVER, first)
    late = np.where(phone, np.nan_to_num(wait) > NORMS[PHONE], delay > NORMS[channel])
    return Response(abandoned, wait, first, late & ~missed)


def handling(
    channel: NDArray[np.int8],
    resolved: Flags,
    rng: np.random.Generator,
    profile: Profile = DEFAULT_PROFILE,
) -> Handling:
    """Handle times: lognormal per channel; a call is talk + hold + wrap-up."""
    n, phone = len(channel), channel == PHONE
    median = HANDLE_MEDIAN[channel] * profile.handle
    work = np.rint(lognormal(median, HANDLE_SIGMA[channel], rng))
    work = np.where(phone & ~resolved, np.rint(work * 1.2), work)
    held = rng.random(n) < 0.25
    hold = np.where(held, np.rint(lognormal(np.full(n, 50.0), np.full(n, 0.7), rng)), 0.0)
    wrap = np.rint(lognormal(np.full(n, 35.0), np.full(n, 0.5), rng))
    nothing = np.full(n, np.nan)
    return Handling(
        talk=np.where(phone, work, nothing),
        hold=np.where(phone, hold, nothing),
        wrap=np.where(phone, wrap, nothing),
        handle=np.where(phone, work + hold + wrap, work),
    )


def solved(
    at: Ints,
    channel: NDArray[np.int8],
    first: Ints,
    handle: Floats,
    resolved: Flags,
    rng: np.random.Generator,
) -> Ints:
    """When each handled contact is solved: a call at its end, a chat after its
    conversation, a ticket a lognormal time after the first reply."""
    n = len(at)
    median = np.where(resolved, 1.5 * 3600.0, 22 * 3600.0)
    later = lognormal(median, np.full(n, 1.0), rng)
    ticket = np.maximum(first + np.rint(later).astype(np.int64), at + MIN_SOLVE)
    talk = first + np.rint(np.where(channel == CHAT, handle * 1.4, handle)).astype(np.int64)
    done = np.where((channel == EMAIL) | (channel == SOCIAL), ticket, talk)
    return np.where(first == NEVER, NEVER, done)


def satisfaction(
    level: Quality,
    channel: NDArray[np.int8],
    good: Flags,
    late: Flags,
    asked: Flags,
    rng: np.random.Generator,
) -> tuple[Ints, Ints]:
    """(CSAT 1–5 or 0, NPS 0–10 or -1): a latent satisfaction, lower after an unresolved
    (``good`` false) or late contact; only ``asked`` contacts can answer."""
    n = len(channel)
    latent = level.csat - 1.1 * ~good - 0.5 * late + rng.normal(0.0, 0.85, size=n)
    rated = asked & (rng.random(n) < CSAT_RESPONSE[channel])
    csat = np.where(rated, np.clip(np.rint(latent), 1, 5), 0).astype(np.int64)
    promoter = 7.4 + 1.6 * (latent - 4.0) + rng.normal(0.0, 1.5, size=n)
    answered = asked & (rng.random(n) < NPS_RESPONSE)
    return csat, np.where(answered, np.clip(np.rint(promoter), 0, 10), -1).astype(np.int64)


def agents(channel: NDArray[np.int8], handled: Flags, days: int, rng: np.random.Generator) -> Ints:
    """Agent numbers (channel × 1000 + seat), drawn from a team sized to the volume."""
    volume = np.bincount(channel[handled], minlength=len(NORMS)).astype(np.float64)
    team = np.maximum(3, np.ceil(volume / max(days, 1) / CONTACTS_PER_AGENT_DAY))
    seat = np.floor(rng.random(len(channel)) * team[channel]).astype(np.int64)
    return np.where(handled, (channel.astype(np.int64) + 1) * 1000 + seat + 1, 0)


def kinds(channel: NDArray[np.int8], rng: np.random.Generator) -> tuple[Ints, Ints, Ints]:
    """(topic, priority, origin) codes of each contact; see the ``*_SHARES``."""
    n = len(channel)
    topic, priority = choose(TOPIC_SHARES, n, rng), choose(PRIORITY_SHARES, n, rng)
    origin = np.zeros(n, dtype=np.int64)
    for code, shares in enumerate(ORIGIN_SHARES):
        origin[channel == code] = choose(shares, int(np.sum(channel == code)), rng)
    return topic, priority, origin


def simulate(
    arrivals: Arrivals,
    story: Story,
    rng: np.random.Generator,
    profile: Profile = DEFAULT_PROFILE,
) -> Contacts:
    """Everything that happens to ``arrivals`` at a vendor working to ``profile`` and
    following ``story``."""
    n, channel = len(arrivals), arrivals.channel
    day = arrivals.local_day()
    topic, priority, origin = kinds(channel, rng)
    level = quality(channel, day, story, profile)
    resolved = rng.random(n) < level.fcr
    answer = responses(arrivals, rng, profile)
    handled = (answer.first_response != NEVER) & ~answer.abandoned
    work = handling(channel, resolved, rng, profile)
    solved_at = solved(arrivals.at, channel, answer.first_response, work.handle, resolved, rng)
    unresolved = handled & ~resolved
    escalated = handled & (rng.random(n) < 0.03 + 0.09 * unresolved)
    reopens = (unresolved & (rng.random(n) < 0.35)) + (unresolved & (rng.random(n) < 0.1))
    csat, nps = satisfaction(level, channel, resolved, answer.late, handled, rng)
    gave_up = ~handled & (rng.random(n) < 0.6)
    days = int(day.max() - day.min() + 1) if n else 1
    return Contacts(
        at=arrivals.at, channel=channel, offset=arrivals.offset, topic=topic,
        priority=priority, origin=origin, abandoned=answer.abandoned, wait=answer.wait,
        first_response=answer.first_response, late=answer.late, talk=_only(handled, work.talk),
        hold=_only(handled, work.hold), wrap=_only(handled, work.wrap),
        handle=_only(handled, work.handle),
        resolved_at=solved_at, resolved_first=resolved & handled, escalated=escalated,
        reopens=reopens.astype(np.int64) * (channel != PHONE), csat=csat, nps=nps,
        customer=customer_numbers(arrivals.at, unresolved | gave_up, rng),
        agent=agents(channel, handled, days, rng),
    )  # fmt: skip


def _only(where: Flags, values: Floats) -> Floats:
    return np.where(where, values, np.nan)
