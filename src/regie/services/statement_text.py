"""Words and formatted figures for a monthly statement, shared by the terminal and reports.

Every text is an English message id translated through :class:`regie.i18n.Locale`.
"""

from __future__ import annotations

from decimal import Decimal

from regie.domain.contract import Direction
from regie.domain.penalties import EarnBack, Status
from regie.domain.statement import Judged
from regie.i18n import Locale

CHANNELS = {
    "phone": "Phone",
    "email": "E-mail",
    "chat": "Chat",
    "social": "Social",
    "other": "Other",
}
SHARES = {"within_norm", "csat_top2", "fcr", "fcr_no_recontact", "escalation_rate",
          "reopen_rate", "availability"}  # fmt: skip


def target_label(judged: Judged, loc: Locale) -> str:
    """What the line is about: "E-mail: response within 2 h (office)", "FCR", ..."""
    kind, _, name = judged.key.partition(".")
    if kind == "response":
        channel = channel_name(name, loc)
        return loc.t(
            "{channel}: answered within {time} ({calendar})",
            channel=channel,
            time=duration(judged.norm_seconds or 0.0, loc),
            calendar=judged.calendar or "24/7",
        )
    return measure_label(judged.measure, loc)


def channel_name(channel: str, loc: Locale) -> str:
    names = {
        "phone": loc.t("Phone"),
        "email": loc.t("E-mail"),
        "chat": loc.t("Chat"),
        "social": loc.t("Social"),
        "other": loc.t("Other"),
    }
    return names.get(channel, channel.title())


def measure_label(measure: str, loc: Locale) -> str:
    labels = {
        "within_norm": loc.t("share answered within the norm"),
        "service_level_ignored": loc.t("service level, abandoned calls ignored"),
        "service_level_against": loc.t("service level, abandoned calls counted against"),
        "service_level_for": loc.t("service level, abandoned calls counted for"),
        "csat_mean": loc.t("CSAT, mean score (1–5)"),
        "csat_top2": loc.t("CSAT, top-2-box share"),
        "nps": loc.t("NPS"),
        "fcr": loc.t("FCR, agent's flag"),
        "fcr_no_recontact": loc.t("FCR, no new contact from the customer within N days"),
        "escalation_rate": loc.t("escalation rate"),
        "reopen_rate": loc.t("reopen rate"),
        "aht_band": loc.t("AHT band"),
        "availability": loc.t("availability"),
    }
    return labels.get(measure, measure)


def duration(seconds: float, loc: Locale) -> str:
    """``30 s``, ``1 min``, ``2 h``, ``1 h 30 min``: the way a contract states a norm."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    parts.append(f"{secs} s" if secs or whole == 0 else "")
    return " ".join(p for p in parts if p)


def is_share(judged: Judged) -> bool:
    return judged.measure in SHARES or judged.measure.startswith("service_level")


def value_text(judged: Judged, loc: Locale) -> str:
    value = judged.outcome.value
    return "—" if value is None else figure(judged, value, loc)


def figure(judged: Judged, value: float, loc: Locale) -> str:
    if is_share(judged):
        return loc.percent(value * 100, 1 if judged.measure != "availability" else 2)
    if judged.measure == "aht_band":
        return f"{loc.number(value, 0)} s"
    if judged.measure == "nps":
        return loc.number(value, 1)
    return loc.number(value, 2)


def target_text(judged: Judged, loc: Locale) -> str:
    low = figure(judged, judged.target, loc)
    if judged.direction is Direction.WITHIN and judged.target_high is not None:
        return f"{low} – {figure(judged, judged.target_high, loc)}"
    return f"< {low}" if judged.direction is Direction.BELOW else f"≥ {low}"


def margin_text(judged: Judged, loc: Locale) -> str:
    margin = judged.outcome.margin
    if margin is None:
        return "—"
    sign = "+" if margin >= 0 else "−"
    if is_share(judged):
        return f"{sign}{loc.number(abs(margin) * 100, 1)} pp"
    return f"{sign}{figure(judged, abs(margin), loc)}"


def interval_text(judged: Judged, loc: Locale) -> str:
    if judged.low is None or judged.high is None:
        return "—"
    return f"{loc.number(judged.low * 100, 1)}–{loc.number(judged.high * 100, 1)} %"


def status_text(status: Status, loc: Locale) -> str:
    return {
        Status.MET: loc.t("met"),
        Status.MISSED: loc.t("missed"),
        Status.INSUFFICIENT: loc.t("insufficient sample"),
    }[status]


def note_text(note: str | None, loc: Locale) -> str:
    if note is None:
        return ""
    notes = {
        "no outage log covers the month": loc.t("no outage log covers the month"),
        "ratings on more than one scale: no mean": loc.t("ratings on more than one scale: no mean"),
    }
    return notes.get(note, note)


def earn_back_text(status: EarnBack, loc: Locale) -> str:
    return {
        EarnBack.NONE: loc.t("no earn-back"),
        EarnBack.PENDING: loc.t("pending"),
        EarnBack.WAIVED: loc.t("earned back"),
        EarnBack.KEPT: loc.t("kept"),
    }[status]


def money(amount: Decimal | None, loc: Locale) -> str:
    return "—" if amount is None else loc.money(float(amount))
