"""Words for a business case: reasons of the recommendation and labels of inputs.

Every text is an English message id translated through :class:`regie.i18n.Locale`.
"""

from __future__ import annotations

from regie.domain.decision import Reason
from regie.i18n import Locale


def decision_label(decision: str, loc: Locale) -> str:
    texts = {
        "outsource": loc.t("Outsource"),
        "pilot_first": loc.t("Pilot first"),
        "keep_in_house": loc.t("Keep in-house"),
    }
    return texts[decision]


def _money(value: object, loc: Locale) -> str:
    return loc.money(float(value), 0) if isinstance(value, int | float) else "—"


def _pct(value: object, loc: Locale, scale: float = 1.0) -> str:
    return loc.percent(float(value) * scale, 1) if isinstance(value, int | float) else "—"


def reason_text(reason: Reason, loc: Locale) -> str:
    """One sentence for one reason, with its figures formatted for the locale."""
    f = reason.figures
    code = reason.code
    if code == "no_saving":
        return loc.t(
            "Outsourcing costs more than in-house over the horizon (saving {saving}).",
            saving=_money(f["saving"], loc),
        )
    if code == "saving":
        return loc.t(
            "Outsourcing saves {saving} ({pct}) over the horizon.",
            saving=_money(f["saving"], loc),
            pct=_pct(f["saving_pct"], loc),
        )
    if code == "break_even":
        if f["month"] is None:
            return loc.t("Cumulative outsourced cost never falls below in-house cost.")
        return loc.t("Break-even in month {month}.", month=f["month"])
    return _risk_text(reason, loc) or _fit_text(reason, loc)


def _risk_text(reason: Reason, loc: Locale) -> str | None:
    f = reason.figures
    figures = {
        "risk": _money(f.get("risk"), loc),
        "share": _pct(f.get("share"), loc, 100.0),
        "saving": _money(f.get("annual_saving"), loc),
    }
    texts = {
        "uncertain_saving": loc.t(
            "The chance that outsourcing costs more is {p} (limit {limit}): test the "
            "assumptions in a pilot.",
            p=_pct(f.get("p_loss"), loc, 100.0),
            limit=_pct(f.get("limit"), loc, 100.0),
        ),
        "risk_unknown": loc.t(
            "No quality risk given: add customers, CLV and churn change to weigh it."
        ),
        "risk_above_limit": loc.t(
            "Quality risk of {risk} a year is {share} of the annual saving of {saving}: "
            "above the 70 % limit, keep the service in-house.",
            **figures,
        ),
        "risk_material": loc.t(
            "Quality risk of {risk} a year is {share} of the annual saving of {saving}: "
            "below the 70 % limit but material; prove quality in a pilot.",
            **figures,
        ),
        "risk_acceptable": loc.t(
            "Quality risk of {risk} a year is {share} of the annual saving of {saving}, "
            "well below the 70 % limit.",
            **figures,
        ),
    }
    return texts.get(reason.code)


def _fit_text(reason: Reason, loc: Locale) -> str:
    f = reason.figures
    volume = loc.number(float(f.get("volume") or 0), 0)
    limit = loc.number(float(f.get("limit") or 0), 0)
    texts = {
        "data_sensitive": loc.t("The data is too sensitive to share with a partner."),
        "strategic_core": loc.t(
            "Customer service is a strategic differentiator (strategic value {value} of 5).",
            value=f.get("value"),
        ),
        "strategic_high": loc.t(
            "Customer service has a high strategic value ({value} of 5): keep control "
            "close and start with a pilot.",
            value=f.get("value"),
        ),
        "volume_too_low": loc.t(
            "The volume of {volume} contacts a month is extremely low (under {limit}).",
            volume=volume,
            limit=limit,
        ),
        "volume_high_complex": loc.t(
            "The volume of {volume} contacts a month is extremely high (over {limit}) and "
            "the work is complex.",
            volume=volume,
            limit=limit,
        ),
    }
    return texts[reason.code]


def reasons(reasons: tuple[Reason, ...], loc: Locale) -> list[str]:
    return [reason_text(r, loc) for r in reasons]


def input_label(key: str, loc: Locale) -> str:
    """A readable name for a key: ``channels.email.aht_hours`` → ``AHT (hours) (email)``."""
    parts = key.split(".")
    if parts[0] == "channels" and len(parts) >= 3:
        return f"{_label(parts[-1], loc)} ({parts[1]})"
    return _label(parts[-1], loc)


def _label(name: str, loc: Locale) -> str:
    labels = {
        "volume_per_month": loc.t("Volume per month"),
        "aht_hours": loc.t("AHT (hours)"),
        "productive_hours_per_month": loc.t("Productive hours per agent per month"),
        "volume_growth_pct_per_month": loc.t("Volume growth % per month"),
        "gross_monthly_salary": loc.t("Gross monthly salary"),
        "employer_charges_pct": loc.t("Employer charges %"),
        "overhead_per_fte_month": loc.t("Overhead per FTE per month"),
        "minimum_fte": loc.t("Minimum in-house FTE"),
        "other_per_month": loc.t("Other in-house cost per month"),
        "hourly_rate": loc.t("Vendor hourly rate"),
        "fte_monthly_rate": loc.t("Vendor rate per FTE-month"),
        "ticket_rate": loc.t("Vendor rate per ticket"),
        "monthly_fee": loc.t("Vendor monthly fee"),
        "included_tickets": loc.t("Tickets included in the fee"),
        "overage_rate": loc.t("Rate per ticket above the included volume"),
        "onboarding_fee": loc.t("Onboarding fee"),
        "onboarding_hours_per_agent": loc.t("Onboarding hours per agent"),
        "onboarding_rate": loc.t("Onboarding rate per hour"),
        "integration": loc.t("Integration (one-off)"),
        "other": loc.t("Other one-off cost"),
        "transition_months": loc.t("Transition months (in-house overlap)"),
        "licences_per_agent_month": loc.t("Licences per agent per month"),
        "management_qa_per_month": loc.t("Management and QA per month"),
        "telephony_per_month": loc.t("Telephony per month"),
        "expected_penalties_per_month": loc.t("Expected contractual charges per month"),
        "exit_fee": loc.t("Exit fee"),
    }
    return labels.get(name, name)
