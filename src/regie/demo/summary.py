"""The demo company as JSON (``regie demo --json``): files, vendors, counts, timings.

Money is a string of euros to the cent (as in the statements), times are seconds,
paths are as given (relative when the folder was).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from regie.demo.company import PHASES, Company
from regie.demo.pilot_data import CHECK_DAYS
from regie.demo.plan import VENDORS, Vendor, monthly_volumes
from regie.services.pilot import VendorCheck
from regie.services.quotes import PricedQuote

JsonDict = dict[str, Any]


def company_json(c: Company) -> JsonDict:
    r = c.request
    return {
        "folder": str(r.folder),
        "seed": r.seed,
        "size": r.size,
        "lang": r.lang,
        "files": files_json(c),
        "case": case_json(c),
        "vendors": [vendor_json(c, v) for v in VENDORS],
        "counts": counts_json(c),
        "months": months_json(c),
        "timings": {key: round(c.timings.get(key, 0.0), 3) for key in PHASES},
        "total_seconds": round(sum(c.timings.values()), 3),
    }


def files_json(c: Company) -> JsonDict:
    operations = c.year.operations
    return {
        "workspace": str(c.request.workspace),
        "case": str(c.case),
        "quotes": {name: str(path) for name, path in c.quotes.files.items()},
        "pilot": str(c.pilot.file),
        "pilot_call_logs": {name: str(path) for name, path in c.pilot.call_logs.items()},
        "operations": {fmt: str(path) for fmt, path in operations.exports.items()},
        "truth": str(operations.truth),
        "contract": str(c.governance.contract),
        "outages": str(c.governance.outages),
        "qa_scorecard": str(c.qa.scorecard),
        "qa_reviews": [str(path) for path in c.qa.files],
    }


def case_json(c: Company) -> JsonDict:
    ev = c.evaluation
    return {
        "name": ev.case.name,
        "volumes_per_month": monthly_volumes(c.request.size),
        "horizon_months": ev.case.structure.horizon_months,
        "saving_eur": round(ev.realistic.saving, 2),
        "recommendation": ev.recommendation.decision,
    }


def _priced(c: Company, name: str) -> PricedQuote:
    return next(p for p in c.quotes.comparison.quotes if p.info.vendor == name)


def quote_json(p: PricedQuote) -> JsonDict:
    return {
        "rank": p.rank,
        "tco_12": None if p.tco(12) is None else round(p.tco(12) or 0.0, 2),
        "tco_24": None if p.tco(24) is None else round(p.tco(24) or 0.0, 2),
        "missing": list(p.missing),
        "scope_mismatches": sum(f.kind == "scope" for f in p.flags),
        "risks": sum(f.kind == "risk" for f in p.flags),
    }


def vendor_json(c: Company, vendor: Vendor) -> JsonDict:
    dd = c.diligence
    found: JsonDict = {
        "name": vendor.name,
        "role": vendor.role,
        "quote": quote_json(_priced(c, vendor.name)),
        "diligence": {
            "ready_to_sign": dd.ready[vendor.name],
            "open_gaps": dd.open_gaps[vendor.name],
            "accepted_gaps": dd.accepted[vendor.name],
        },
        "pilot": None,
    }
    if vendor.name in c.pilot.calls:
        found["pilot"] = pilot_json(c, vendor.name)
    return found


def _check(c: Company, day: int, name: str) -> VendorCheck:
    return next(v for v in c.pilot.checks[day].vendors if v.vendor == name)


def pilot_json(c: Company, name: str) -> JsonDict:
    days: JsonDict = {}
    for day in CHECK_DAYS:
        check = _check(c, day, name)
        days[f"day_{day}"] = {
            "verdict": check.decision.verdict.value,
            "within": check.decision.within,
            "kpis": {j.kpi: j.status.value for j in check.judgements},
        }
    return {"calls": c.pilot.calls[name], "fee": str(_fee(c, name)), **days}


def _fee(c: Company, name: str) -> Decimal:
    pilot = c.pilot.checks[CHECK_DAYS[0]].pilot
    return next(v.fee for v in pilot.vendors if v.name == name)


def counts_json(c: Company) -> JsonDict:
    return {
        "quotes": len(c.quotes.comparison.quotes),
        "pilot_calls": sum(c.pilot.calls.values()),
        "contacts_generated": c.year.operations.contacts,
        "contacts_imported": c.year.imported,
        "batches": len(c.year.batches) + len(c.pilot.calls),
        "statements": len(c.governance.months),
        "outages": c.governance.outage_count,
        "qa_samples": c.qa.samples,
        "qa_reviews": c.qa.reviews,
        "calibration_reviews": c.qa.calibration_reviews,
    }


def months_json(c: Company) -> list[JsonDict]:
    return [
        {
            "month": m.month,
            "net_adjustment": str(m.net_adjustment),
            "penalties": str(m.penalties),
            "bonuses": str(m.bonuses),
            "refunds": str(m.refunds),
            "missed": list(m.missed),
        }
        for m in c.governance.months
    ]
