"""Staffing for live channels (phone, chat): agents per interval for a service target.

Arrays in, arrays out: every interval is solved at once, with no Python loop per interval.
Without patience the queue is Erlang C (M/M/n, see :mod:`staffing_erlang`); with a mean
patience it is Erlang A (M/M/n+M, see :mod:`staffing_abandon`). Chat with concurrency ``k``
is a queue of ``agents × k`` slots. The required staffing is the smallest number of agents
meeting every target given (service level, ASA, maximum occupancy — the latter only when
asked), found by a vectorised bisection over all intervals. ``fractional`` gives the
continuous extension (real-valued agents) instead of whole agents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from regie.domain import staffing_abandon as erlang_a
from regie.domain import staffing_erlang as erlang
from regie.domain.errors import Infeasible, InvalidInput
from regie.domain.staffing_erlang import Floats, as_floats


class Abandons(StrEnum):
    """How calls abandoned within the threshold count in the service level."""

    IGNORED = "ignored"  # left out of offered: answered / (offered − abandoned within t)
    AGAINST = "against"  # missed: answered within t / offered
    FOR = "for"  # met: (answered + abandoned within t) / offered


@dataclass(frozen=True)
class ServiceLevelRule:
    """A contract's service-level definition; short abandons leave the offered calls."""

    abandons: Abandons = Abandons.AGAINST
    short_abandon_seconds: float = 0.0


@dataclass(frozen=True)
class Demand:
    """Per-interval demand: calls (or chats), handle time, interval, patience, concurrency."""

    calls: Floats
    aht_seconds: Floats
    interval_seconds: float
    patience_seconds: float | None = None
    concurrency: int = 1

    @property
    def traffic(self) -> Floats:
        """Offered load in Erlangs: calls × AHT / interval length."""
        return self.calls * self.aht_seconds / self.interval_seconds


@dataclass(frozen=True)
class Target:
    """What the staffing must reach; ``None`` leaves a target out."""

    service_level: float | None = None
    threshold_seconds: float = 20.0
    asa_seconds: float | None = None
    max_occupancy: float | None = None


@dataclass(frozen=True)
class Outcome:
    """Staffing and what it achieves, one value per interval."""

    agents: Floats
    traffic_erlangs: Floats
    service_level: Floats
    p_wait: Floats
    asa_seconds: Floats
    occupancy: Floats
    abandon_rate: Floats | None


def demand(
    calls: ArrayLike,
    aht_seconds: ArrayLike,
    interval_seconds: float,
    patience_seconds: float | None = None,
    concurrency: int = 1,
) -> Demand:
    """Build a checked :class:`Demand`; negative or missing values raise ``InvalidInput``."""
    calls_a, aht = np.broadcast_arrays(as_floats(calls), as_floats(aht_seconds))
    _require(bool(np.all(np.isfinite(calls_a)) and np.all(calls_a >= 0)), "calls", calls_a, ">= 0")
    _require(bool(np.all(np.isfinite(aht)) and np.all(aht > 0)), "aht_seconds", aht, "> 0")
    _require(interval_seconds > 0, "interval_seconds", interval_seconds, "> 0")
    if patience_seconds is not None:
        _require(patience_seconds > 0, "patience_seconds", patience_seconds, "> 0")
    _require(
        int(concurrency) == concurrency >= 1, "concurrency", concurrency, "a whole number >= 1"
    )
    return Demand(calls_a.copy(), aht.copy(), interval_seconds, patience_seconds, int(concurrency))


def _require(ok: bool, name: str, value: object, allowed: str) -> None:
    if not ok:
        shown = value.min() if isinstance(value, np.ndarray) else value
        message = f"{name} = {shown}: must be {allowed}"
        raise InvalidInput(message)


def check_target(target: Target, rule: ServiceLevelRule) -> None:
    """Reject targets that are malformed (InvalidInput) or unreachable (Infeasible)."""
    level = target.service_level
    if level is not None and not 0 < level <= 1:
        raise InvalidInput(f"target service level = {level}: must be above 0 and below 1")
    if level is not None and level >= 1:
        raise Infeasible(
            f"target service level = {level}: 100 % is unreachable, as random arrivals "
            "always make some calls wait; choose a target below 1"
        )
    _require(target.threshold_seconds >= 0, "threshold_seconds", target.threshold_seconds, ">= 0")
    if target.asa_seconds is not None and target.asa_seconds <= 0:
        _require(target.asa_seconds == 0, "target ASA seconds", target.asa_seconds, "> 0")
        raise Infeasible("target ASA = 0 s is unreachable: some calls always wait")
    occ = target.max_occupancy
    _require(occ is None or 0 < occ <= 1, "max_occupancy", occ, "above 0 and at most 1")
    short = rule.short_abandon_seconds
    _require(
        0 <= short <= target.threshold_seconds,
        "short_abandon_seconds",
        short,
        f"between 0 and the threshold ({target.threshold_seconds} s)",
    )
    if level is None and target.asa_seconds is None and occ is None:
        raise InvalidInput("no target: give a service level, an ASA or a maximum occupancy")


def shrinkage_fte(agents: ArrayLike, shrinkage: float, fractional: bool = False) -> Floats:
    """Scheduled FTE so that ``agents`` are available: ceil(agents / (1 − shrinkage))."""
    _require(0 <= shrinkage < 1, "shrinkage", shrinkage, "at least 0 and below 1")
    raw = as_floats(agents) / (1.0 - shrinkage)
    return raw if fractional else np.ceil(np.round(raw, 9))


def _erlang_c_level(d: Demand, servers: Floats, t: float) -> Floats:
    return erlang.service_level(servers, d.traffic, d.aht_seconds, t)


def _erlang_a_law(d: Demand, servers: Floats) -> erlang_a.WaitLaw:
    assert d.patience_seconds is not None
    queue = erlang_a.AbandonQueue(
        d.calls / d.interval_seconds, d.aht_seconds, as_floats(d.patience_seconds)
    )
    return erlang_a.wait_law(queue, servers)


def service_level_share(
    answered: ArrayLike, abandoned: ArrayLike, short: ArrayLike, rule: ServiceLevelRule
) -> Floats:
    """Service level from shares of offered calls under the contract's definition.

    ``answered``: answered within the threshold; ``abandoned``: abandoned within it;
    ``short``: abandoned within the short-abandon threshold (left out of offered calls).
    """
    ok, gone, early = as_floats(answered), as_floats(abandoned), as_floats(short)
    with np.errstate(divide="ignore", invalid="ignore"):
        if rule.abandons is Abandons.IGNORED:
            level = ok / (1.0 - gone)
        elif rule.abandons is Abandons.AGAINST:
            level = ok / (1.0 - early)
        else:
            level = (ok + gone - early) / (1.0 - early)
    return np.clip(np.nan_to_num(level, nan=1.0), 0.0, 1.0)


def abandon_level(law: erlang_a.WaitLaw, t: float, rule: ServiceLevelRule) -> Floats:
    """Service level of an Erlang A queue under the contract's definition."""
    answered = erlang_a.answered_within(law, t)
    gone = erlang_a.abandon_within(law, t)
    short = erlang_a.abandon_within(law, rule.short_abandon_seconds)
    return service_level_share(answered, gone, short, rule)


def _level(d: Demand, servers: Floats, target: Target, rule: ServiceLevelRule) -> Floats:
    if d.patience_seconds is None:
        return _erlang_c_level(d, servers, target.threshold_seconds)
    return abandon_level(_erlang_a_law(d, servers), target.threshold_seconds, rule)


def _asa(d: Demand, servers: Floats) -> Floats:
    if d.patience_seconds is None:
        return erlang.average_speed_of_answer(servers, d.traffic, d.aht_seconds)
    return erlang_a.answered_wait_mean(_erlang_a_law(d, servers))


Passes = Callable[[Floats, NDArray[np.intp]], NDArray[np.bool_]]


def _meets(d: Demand, target: Target, rule: ServiceLevelRule) -> Passes:
    def passes(servers: Floats, rows: NDArray[np.intp]) -> NDArray[np.bool_]:
        part = _subset(d, rows)
        ok = servers > 0
        if target.service_level is not None:
            ok &= _level(part, servers, target, rule) >= target.service_level
        if target.asa_seconds is not None:
            ok &= _asa(part, servers) <= target.asa_seconds
        return ok

    return passes


def _bracket(passes: Passes, low: Floats, high: Floats) -> tuple[Floats, Floats]:
    """Grow ``high`` until every interval passes there; ``low`` stays a failing count."""
    everyone = np.arange(low.size)
    for _ in range(64):
        ok = passes(high, everyone)
        if ok.all():
            return low, high
        gap = high - low
        low, high = np.where(ok, low, high), np.where(ok, high, high + 2.0 * gap)
    raise Infeasible("the target cannot be met by any number of agents")


def _bisect(passes: Passes, low: Floats, high: Floats, whole: bool) -> Floats:
    """Smallest passing count between a failing ``low`` and a passing ``high``."""
    low, high = low.copy(), high.copy()
    tolerance = 1.0 if whole else 1e-7
    for _ in range(200):
        rows = np.flatnonzero(high - low > tolerance)
        if rows.size == 0:
            break
        mid = (low[rows] + high[rows]) / 2.0
        mid = np.floor(mid) if whole else mid
        ok = passes(mid, rows)
        low[rows], high[rows] = np.where(ok, low[rows], mid), np.where(ok, mid, high[rows])
    return high


def _start(d: Demand) -> tuple[Floats, Floats]:
    load = d.traffic
    low = np.floor(load) if d.patience_seconds is None else np.zeros_like(load)
    return low, np.floor(load) + np.ceil(2.0 * np.sqrt(load)) + 2.0


def _required_servers(
    d: Demand, target: Target, rule: ServiceLevelRule, fractional: bool
) -> Floats:
    servers = np.zeros_like(d.traffic)
    if target.service_level is not None or target.asa_seconds is not None:
        passes = _meets(d, target, rule)
        low, high = _bracket(passes, *_start(d))
        servers = _bisect(passes, low, high, whole=True)
        if fractional:
            servers = _bisect(passes, np.maximum(servers - 1.0, 0.0), servers, whole=False)
    if target.max_occupancy is not None:
        floor = d.traffic / target.max_occupancy
        servers = np.maximum(servers, floor if fractional else np.ceil(np.round(floor, 9)))
    return servers


def required_agents(
    d: Demand, target: Target, rule: ServiceLevelRule | None = None, fractional: bool = False
) -> Outcome:
    """Smallest staffing per interval that meets ``target``; 0 agents where there are no calls."""
    rule = rule or ServiceLevelRule()
    check_target(target, rule)
    live = d.calls > 0
    agents = np.zeros_like(d.traffic)
    if np.any(live):
        servers = _required_servers(_subset(d, live), target, rule, fractional)
        slots = servers / d.concurrency
        agents[live] = slots if fractional else np.ceil(np.round(slots, 9))
    return evaluate(d, agents, target.threshold_seconds, rule)


def _subset(d: Demand, mask: NDArray[np.bool_] | NDArray[np.intp]) -> Demand:
    return replace(d, calls=d.calls[mask], aht_seconds=d.aht_seconds[mask])


def evaluate(
    d: Demand, agents: ArrayLike, threshold_seconds: float, rule: ServiceLevelRule | None = None
) -> Outcome:
    """What ``agents`` achieve per interval: service level, P(wait), ASA, occupancy, abandons."""
    rule = rule or ServiceLevelRule()
    staff = np.broadcast_to(as_floats(agents), d.traffic.shape).copy()
    _require(bool(np.all(staff >= 0)), "agents", staff, ">= 0")
    servers = staff * d.concurrency
    if d.patience_seconds is None:
        return _evaluate_erlang_c(d, staff, servers, threshold_seconds)
    return _evaluate_erlang_a(d, staff, servers, threshold_seconds, rule)


def _evaluate_erlang_c(d: Demand, staff: Floats, servers: Floats, t: float) -> Outcome:
    load = d.traffic
    p_wait = erlang.erlang_c(servers, load)
    return Outcome(
        agents=staff,
        traffic_erlangs=load,
        service_level=erlang.service_level(servers, load, d.aht_seconds, t, p_wait),
        p_wait=p_wait,
        asa_seconds=erlang.average_speed_of_answer(servers, load, d.aht_seconds, p_wait),
        occupancy=erlang.occupancy(servers, load),
        abandon_rate=None,
    )


def _evaluate_erlang_a(
    d: Demand, staff: Floats, servers: Floats, t: float, rule: ServiceLevelRule
) -> Outcome:
    load = d.traffic
    live = (load > 0) & (servers > 0)
    idle = load == 0
    level, p_wait = np.where(idle, 1.0, 0.0), np.where(idle, 0.0, 1.0)
    asa, gone = np.where(idle, 0.0, np.inf), np.where(idle, 0.0, 1.0)
    if np.any(live):
        law = _erlang_a_law(_subset(d, live), servers[live])
        level[live] = abandon_level(law, t, rule)
        p_wait[live] = law.p_wait
        asa[live] = erlang_a.answered_wait_mean(law)
        gone[live] = erlang_a.abandon_beyond(law, 0.0)
    busy = erlang.occupancy(servers, load * (1.0 - gone))
    return Outcome(staff, load, level, p_wait, asa, busy, gone)
