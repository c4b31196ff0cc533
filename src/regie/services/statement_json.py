"""A statement as plain JSON (what ``--json`` prints and what the workspace records) and back.

Money is a string of euros with two decimals (``"1250.00"``) so no float ever rounds it;
shares and KPI values are numbers at full precision; dates are ISO 8601.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from regie.domain.contract import Direction
from regie.domain.penalties import Adjustment, EarnBack, Outcome, Settlement, Status
from regie.domain.statement import (
    ChannelVolume,
    EarnBackLine,
    Judged,
    Statement,
    charged_share,
)

JsonDict = dict[str, Any]


def statement_json(s: Statement) -> JsonDict:
    return {
        "vendor": s.vendor,
        "month": s.month,
        "timezone": s.timezone,
        "contract": {
            "version": s.contract_version,
            "effective_from": s.contract_effective_from.isoformat(),
            "sha256": s.contract_sha256,
            "earn_back_months": s.earn_back_months,
        },
        "batches": list(s.batches),
        "cutoff": None if s.cutoff is None else s.cutoff.isoformat(),
        "monthly_fee": str(s.monthly_fee),
        "volumes": [vars(v) for v in s.volumes],
        "cost_per_contact": _money(s.cost_per_contact),
        "judged": [_judged(j) for j in s.judged],
        "settlement": _settlement(s.settlement),
        "earn_backs": [_earn_back(e) for e in s.earn_backs],
        "refunds": str(s.refunds),
        "net_adjustment": str(s.net),
    }


def statement_from_json(raw: JsonDict) -> Statement:
    contract = raw["contract"]
    settlement = raw["settlement"]
    return Statement(
        vendor=raw["vendor"],
        month=raw["month"],
        timezone=raw["timezone"],
        contract_version=contract["version"],
        contract_effective_from=date.fromisoformat(contract["effective_from"]),
        contract_sha256=contract["sha256"],
        earn_back_months=contract["earn_back_months"],
        batches=tuple(raw["batches"]),
        cutoff=None if raw["cutoff"] is None else datetime.fromisoformat(raw["cutoff"]),
        monthly_fee=Decimal(raw["monthly_fee"]),
        volumes=tuple(ChannelVolume(**v) for v in raw["volumes"]),
        cost_per_contact=_decimal(raw["cost_per_contact"]),
        judged=tuple(_judged_from(j) for j in raw["judged"]),
        settlement=Settlement(
            penalties=tuple(_adjustment_from(a) for a in settlement["penalties"]),
            bonuses=tuple(_adjustment_from(a) for a in settlement["bonuses"]),
            penalty_total=Decimal(settlement["penalty_total"]),
            bonus_total=Decimal(settlement["bonus_total"]),
            penalty_cap=_decimal(settlement["penalty_cap"]),
            bonus_cap=_decimal(settlement["bonus_cap"]),
            penalty_charged=Decimal(settlement["penalty_charged"]),
            bonus_paid=Decimal(settlement["bonus_paid"]),
        ),
        earn_backs=tuple(_earn_back_from(e) for e in raw["earn_backs"]),
    )


def outcomes_of(raw: JsonDict) -> dict[str, Outcome]:
    """The outcome of every target in a recorded statement, by key."""
    return {j["key"]: _outcome_from(j["outcome"]) for j in raw["judged"]}


def penalties_of(raw: JsonDict) -> list[tuple[Adjustment, Decimal]]:
    """Each penalty of a recorded statement with what that month charged for it."""
    return [(_adjustment_from(a), Decimal(a["charged"])) for a in raw["settlement"]["penalties"]]


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _outcome(o: Outcome) -> JsonDict:
    return {"status": o.status.value, "value": o.value, "margin": o.margin, "n": o.n}


def _outcome_from(raw: JsonDict) -> Outcome:
    return Outcome(Status(raw["status"]), raw["value"], raw["margin"], raw["n"])


def _judged(j: Judged) -> JsonDict:
    return {
        "key": j.key,
        "measure": j.measure,
        "direction": j.direction.value,
        "target": j.target,
        "target_high": j.target_high,
        "outcome": _outcome(j.outcome),
        "hits": j.hits,
        "low": j.low,
        "high": j.high,
        "note": j.note,
        "norm_seconds": j.norm_seconds,
        "calendar": j.calendar,
    }


def _judged_from(raw: JsonDict) -> Judged:
    return Judged(
        key=raw["key"],
        measure=raw["measure"],
        direction=Direction(raw["direction"]),
        target=raw["target"],
        target_high=raw["target_high"],
        outcome=_outcome_from(raw["outcome"]),
        hits=raw["hits"],
        low=raw["low"],
        high=raw["high"],
        note=raw["note"],
        norm_seconds=raw["norm_seconds"],
        calendar=raw["calendar"],
    )


def _adjustment(a: Adjustment) -> JsonDict:
    return {
        "kind": a.kind,
        "rule": a.rule,
        "target": a.target,
        "tier": a.tier,
        "amount": str(a.amount),
    }


def _adjustment_from(raw: JsonDict) -> Adjustment:
    return Adjustment(raw["kind"], raw["rule"], raw["target"], raw["tier"], Decimal(raw["amount"]))


def _settlement(s: Settlement) -> JsonDict:
    return {
        "penalties": [{**_adjustment(p), "charged": str(charged_share(p, s))} for p in s.penalties],
        "bonuses": [_adjustment(b) for b in s.bonuses],
        "penalty_total": str(s.penalty_total),
        "bonus_total": str(s.bonus_total),
        "penalty_cap": _money(s.penalty_cap),
        "bonus_cap": _money(s.bonus_cap),
        "penalty_charged": str(s.penalty_charged),
        "bonus_paid": str(s.bonus_paid),
        "net": str(s.net),
    }


def _earn_back(e: EarnBackLine) -> JsonDict:
    return {
        "month": e.month,
        "penalty": _adjustment(e.penalty),
        "charged": str(e.charged),
        "status": e.status.value,
        "refund": str(e.refund),
    }


def _earn_back_from(raw: JsonDict) -> EarnBackLine:
    return EarnBackLine(
        month=raw["month"],
        penalty=_adjustment_from(raw["penalty"]),
        charged=Decimal(raw["charged"]),
        status=EarnBack(raw["status"]),
        refund=Decimal(raw["refund"]),
    )
