"""The pilot (DOMAIN §3): five KPI thresholds, judged at day 30, 60 and 90.

Pure rules, no I/O:

- a :class:`Threshold` per KPI (CSAT, FRT, AHT, FCR, cost per ticket) says which side is
  better (``higher``, ``lower`` or ``inside`` a band) and the minimum sample;
- :func:`judge` puts a :class:`Measurement` *within target*, *missed* or *insufficient
  sample* (n below the minimum). Proportions are judged on their point estimate; their
  95 % Wilson interval says whether the verdict is *conclusive* (the whole interval on
  one side of the target);
- :func:`decide` applies the rule of DOMAIN §3: from day 60 (or the pilot's last day,
  when it is shorter) **4 of the 5 KPIs within target → scale up in phases, else stop**
  and analyse per KPI; before that an *early read* (on track / at risk); at day 90 the
  *exit evaluation* (continue / exit) by the same 4-of-5 mark. An insufficient sample
  counts as **not** within target: a KPI the data cannot show met is not met;
- :func:`trend`: the least-squares slope of the daily values, and whether it moves the
  KPI towards better or worse;
- :func:`analyse`: for a KPI not within target, by how much, its trend and suggested
  remedies (training topics and process changes) from :data:`REMEDIES`.

Texts are English message ids marked with :func:`t`; the edges translate them.
Documented for users in ``docs/pilot.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Final, Literal

from regie.domain.calendar import BusinessCalendar
from regie.domain.errors import InvalidInput

KPIS: Final = ("csat", "frt", "aht", "fcr", "cost_per_ticket")
REQUIRED_WITHIN: Final = 4  # of the five KPIs, at the decision (DOMAIN §3)
DECISION_DAY: Final = 60
EXIT_DAY: Final = 90
MIN_DAYS, MAX_DAYS = 30, 90
MAX_VENDORS: Final = 3
TREND_POINTS: Final = 3  # fewer daily values give no trend
FLAT_SHARE: Final = 0.02  # a fitted change below 2 % of the threshold over the pilot is flat


def t(message: str) -> str:
    """Mark an English message id for extraction; :class:`regie.i18n.Locale` translates it."""
    return message


class Better(StrEnum):
    HIGHER = "higher"  # within when value ≥ target
    LOWER = "lower"  # within when value ≤ target
    INSIDE = "inside"  # within when target ≤ value ≤ high (a band)


class Status(StrEnum):
    WITHIN = "within target"
    MISSED = "missed"
    INSUFFICIENT = "insufficient sample"


@dataclass(frozen=True)
class Threshold:
    """One KPI's target. ``statistic`` names what is measured (``top2``, ``mean``,
    ``median``, ``agent_flag``, ``fee_per_handled``); ``high`` is a band's upper end."""

    kpi: str
    better: Better
    target: float
    statistic: str
    min_sample: int = 30
    high: float | None = None

    def __post_init__(self) -> None:
        if self.kpi not in KPIS:
            raise InvalidInput(f"pilot KPI {self.kpi!r}: must be one of {', '.join(KPIS)}")
        if (self.better is Better.INSIDE) != (self.high is not None):
            raise InvalidInput(f"pilot KPI {self.kpi!r}: a band needs both ends, others one")

    def gap(self, value: float) -> float:
        """How far ``value`` lies past the threshold, in the KPI's units: > 0 missed by that
        much, ≤ 0 within with that margin (negated)."""
        if self.better is Better.HIGHER:
            return self.target - value
        if self.better is Better.LOWER:
            return value - self.target
        high = self.high if self.high is not None else self.target
        return max(self.target - value, value - high)

    def side(self, value: float) -> Literal["low", "high"]:
        """Which side of the target ``value`` misses on."""
        if self.better is Better.HIGHER:
            return "low"
        if self.better is Better.LOWER:
            return "high"
        return "low" if value < self.target else "high"

    def scale(self) -> float:
        """The size of the threshold, for relative gaps and flat trends."""
        return abs(self.high if self.high is not None else self.target)


@dataclass(frozen=True)
class Measurement:
    """A KPI's value over the pilot so far, its n and, for a proportion, hits and interval."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    hits: int | None = None


@dataclass(frozen=True)
class Judgement:
    threshold: Threshold
    measurement: Measurement
    status: Status
    gap: float | None  # see Threshold.gap; None without a value
    conclusive: bool | None  # interval wholly on the verdict's side; None: no interval

    @property
    def kpi(self) -> str:
        return self.threshold.kpi


DIGITS = 9  # gaps are rounded so that 0.70 − 0.70 is exactly on the target


def judge(threshold: Threshold, measured: Measurement) -> Judgement:
    """Within target, missed, or insufficient sample (n below the minimum, or no value)."""
    if measured.value is None or measured.n < max(threshold.min_sample, 1):
        gap = None if measured.value is None else round(threshold.gap(measured.value), DIGITS)
        return Judgement(threshold, measured, Status.INSUFFICIENT, gap, None)
    gap = round(threshold.gap(measured.value), DIGITS)
    status = Status.WITHIN if gap <= 0 else Status.MISSED
    return Judgement(threshold, measured, status, gap, _conclusive(threshold, measured, status))


def _conclusive(threshold: Threshold, m: Measurement, status: Status) -> bool | None:
    if m.low is None or m.high is None or threshold.better is Better.INSIDE:
        return None
    worst = m.low if threshold.better is Better.HIGHER else m.high
    best = m.high if threshold.better is Better.HIGHER else m.low
    if status is Status.WITHIN:
        return threshold.gap(worst) <= 0
    return threshold.gap(best) > 0


class Phase(StrEnum):
    EARLY_READ = "early read"
    DECISION = "decision"
    EXIT_EVALUATION = "exit evaluation"


class Verdict(StrEnum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    SCALE_UP = "scale up in phases"
    STOP = "stop and analyse per KPI"
    CONTINUE = "continue"
    EXIT = "exit"


VERDICTS: Final = {
    Phase.EARLY_READ: (Verdict.ON_TRACK, Verdict.AT_RISK),
    Phase.DECISION: (Verdict.SCALE_UP, Verdict.STOP),
    Phase.EXIT_EVALUATION: (Verdict.CONTINUE, Verdict.EXIT),
}


@dataclass(frozen=True)
class Decision:
    phase: Phase
    verdict: Verdict
    within: int
    required: int = REQUIRED_WITHIN
    total: int = len(KPIS)


def phase(day: int, length: int) -> Phase:
    """Exit evaluation from day 90; the decision from day 60 (or the last day of a shorter
    pilot); an early read before."""
    if day >= EXIT_DAY:
        return Phase.EXIT_EVALUATION
    if day >= min(DECISION_DAY, length):
        return Phase.DECISION
    return Phase.EARLY_READ


def decide(day: int, length: int, statuses: Sequence[Status]) -> Decision:
    """The 4-of-5 rule: insufficient samples count as not within target."""
    if len(statuses) != len(KPIS):
        raise InvalidInput(f"the pilot rule needs {len(KPIS)} KPIs, got {len(statuses)}")
    within = sum(s is Status.WITHIN for s in statuses)
    stage = phase(day, length)
    passed, failed = VERDICTS[stage]
    return Decision(stage, passed if within >= REQUIRED_WITHIN else failed, within)


@dataclass(frozen=True)
class Trend:
    """Least-squares slope of the daily values (KPI units per day) over ``days`` days."""

    slope: float | None
    days: int
    direction: Literal["better", "worse", "flat"] | None


def trend(points: Sequence[tuple[int, float]], threshold: Threshold, value: float) -> Trend:
    """The trend of daily values ``(day, value)``; ``value`` (the KPI so far) tells a band
    which way is better: towards its middle. Flat when the fitted change over the days
    spanned is under 2 % of the threshold; no trend from fewer than 3 days."""
    if len(points) < TREND_POINTS:
        return Trend(None, len(points), None)
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    if spread == 0:
        return Trend(None, len(points), None)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread
    change = slope * (max(xs) - min(xs))
    if abs(change) < FLAT_SHARE * threshold.scale():
        return Trend(slope, len(points), "flat")
    up_is_better = _up_is_better(threshold, value)
    return Trend(slope, len(points), "better" if (slope > 0) == up_is_better else "worse")


def _up_is_better(threshold: Threshold, value: float) -> bool:
    if threshold.better is Better.INSIDE:
        high = threshold.high if threshold.high is not None else threshold.target
        return value < (threshold.target + high) / 2
    return threshold.better is Better.HIGHER


@dataclass(frozen=True)
class Remedy:
    kind: Literal["training", "process"]
    text: str  # an English message id


def _training(text: str) -> Remedy:
    return Remedy("training", text)


def _process(text: str) -> Remedy:
    return Remedy("process", text)


# (kpi, side of the miss or "insufficient") -> suggested remedies; training hours follow the
# training plan of DOMAIN §4 (product 16–24 h, systems 8–16 h, role play 8–16 h, QA 8–24 h)
REMEDIES: Final[dict[tuple[str, str], tuple[Remedy, ...]]] = {
    ("csat", "low"): (
        _training(t("Tone of voice and empathy: role play on the contact reasons rated lowest")),
        _training(t("Product knowledge for the top contact reasons (16–24 h)")),
        _process(t("Read every low rating in the weekly coaching and call the customer back")),
    ),
    ("frt", "high"): (
        _process(t("Staff to the daily peak: compare the intraday forecast with the roster")),
        _process(t("Triage the queue by priority and send an acknowledgement with an answer time")),
        _training(t("Templates and macros for the ten most frequent questions")),
    ),
    ("aht", "high"): (
        _training(t("Systems and scripts: CRM navigation and knowledge-base search (8–16 h)")),
        _process(t("Cut after-contact work: shorter wrap-up codes and prefilled forms")),
        _process(t("Give the vendor's team leads a second line for complex cases")),
    ),
    ("aht", "low"): (
        _training(t("Probing questions and complete answers: mock contacts (8–16 h)")),
        _process(t("QA sample of the shortest contacts: are questions fully solved?")),
    ),
    ("fcr", "low"): (
        _training(t("Product knowledge for the top contact reasons (16–24 h)")),
        _process(t("Widen first-line authority: refunds, replacements and exceptions")),
        _process(t("Close the knowledge-base gaps found in repeat contacts")),
    ),
    ("cost_per_ticket", "high"): (
        _process(t("Check the volume against the forecast the fee was based on")),
        _process(t("Deflect simple questions to FAQ or a bot (30–40 % is typical)")),
        _process(t("Blended staffing: junior agents for simple questions, seniors for the rest")),
    ),
}
INSUFFICIENT_REMEDIES: Final[dict[str, tuple[Remedy, ...]]] = {
    "csat": (_process(t("Send the satisfaction survey after every pilot contact")),),
    "fcr": (_process(t("Have agents flag first-contact resolution on every contact")),),
}
MORE_VOLUME: Final = (_process(t("Route more real volume to the vendor, peaks included")),)


@dataclass(frozen=True)
class Analysis:
    """Why a KPI is not within target: by how much, its trend and what to do."""

    kpi: str
    status: Status
    gap: float | None  # in the KPI's units, > 0: missed by
    relative_gap: float | None  # gap / threshold
    side: Literal["low", "high"] | None
    trend: Trend
    remedies: tuple[Remedy, ...] = field(default=())


def analyse(judged: Judgement, daily: Sequence[tuple[int, float]]) -> Analysis:
    """The analysis of one KPI not within target (DOMAIN §3: "analyse per KPI")."""
    threshold, value = judged.threshold, judged.measurement.value
    found = trend(daily, threshold, value) if value is not None else Trend(None, 0, None)
    if judged.status is Status.INSUFFICIENT:
        fixes = INSUFFICIENT_REMEDIES.get(judged.kpi, MORE_VOLUME)
        return Analysis(judged.kpi, judged.status, judged.gap, None, None, found, fixes)
    side = threshold.side(value) if value is not None else None
    gap = judged.gap
    relative = None if gap is None or threshold.scale() == 0 else gap / threshold.scale()
    fixes = REMEDIES.get((judged.kpi, side or ""), ())
    return Analysis(judged.kpi, judged.status, gap, relative, side, found, fixes)


@dataclass(frozen=True)
class PilotVendor:
    """A vendor in the pilot: the fee for the whole pilot and/or a price per handled contact."""

    name: str
    fee: Decimal = Decimal(0)
    ticket_rate: Decimal = Decimal(0)

    def cost(self, day: int, length: int, handled: int) -> float:
        """The fee of the first ``day`` days: the fixed fee spread evenly over the pilot's
        days plus the rate for each handled contact."""
        return float(self.fee) * min(day, length) / length + float(self.ticket_rate) * handled


@dataclass(frozen=True)
class Pilot:
    name: str
    channel: str
    start: date
    days: int
    timezone: str
    vendors: tuple[PilotVendor, ...]
    thresholds: tuple[Threshold, ...]
    calendar: BusinessCalendar | None = None  # FRT in business hours; None: 24/7

    def __post_init__(self) -> None:
        if [x.kpi for x in self.thresholds] != list(KPIS):
            raise InvalidInput(f"a pilot needs the thresholds {', '.join(KPIS)}, in that order")
        if not MIN_DAYS <= self.days <= MAX_DAYS:
            raise InvalidInput(f"pilot days = {self.days}: must be {MIN_DAYS} to {MAX_DAYS}")
        if not 1 <= len(self.vendors) <= MAX_VENDORS:
            raise InvalidInput(f"a pilot has 1 to {MAX_VENDORS} vendors")

    def threshold(self, kpi: str) -> Threshold:
        return self.thresholds[KPIS.index(kpi)]

    def date_of(self, day: int) -> date:
        """The local date of pilot day ``day`` (day 1 is the start date)."""
        return self.start + timedelta(days=day - 1)

    def day_of(self, when: date) -> int:
        return (when - self.start).days + 1
