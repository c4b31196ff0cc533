"""The formulas of the live business-case workbook (sheet "Calculation").

Every monthly quantity of :func:`regie.domain.costing.project` becomes one column whose
cells are formulas on the named input cells of the Inputs sheet, mirroring the model
term by term; the results block sums those columns. Each formula also carries Regie's
own value as its cached result, so viewers that never recalculate show the right numbers.

Formula templates refer to other columns as ``[id]`` (same row), ``[id^]`` (first month)
and ``[id*]`` (all months); :func:`resolve` turns them into cell references.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from regie.domain.costing import (
    Array,
    PricingBlock,
    Projection,
    Value,
    agents,
    staffing_factors,
    vendor_fee,
)
from regie.domain.scenarios import likely
from regie.i18n import Locale
from regie.services.business_case import CaseEvaluation, Figures

Cached = float | str
_REF = re.compile(r"\[(\w+)([*^]?)\]")
_CELL_LIKE = re.compile(r"^([a-z]{1,3}\d+|r\d*c\d*|[rc])$", re.IGNORECASE)
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
RESERVED_NAMES = ("horizon_months", "include_exit_fee")


@dataclass(frozen=True)
class Column:
    """One monthly quantity: a formula template per row and Regie's values (the cache)."""

    id: str
    header: str
    template: str | None  # None: constant values (the month number)
    values: Sequence[Cached]
    style: str
    total: bool = False


@dataclass(frozen=True)
class Result:
    """One named result cell of the results block."""

    name: str
    label: str
    template: str
    value: Cached
    style: str


def excel_name(text: str) -> str:
    """A valid workbook name for ``text``; never one that reads as a cell reference."""
    name = _NOT_NAME.sub("_", text)
    if not name or name[0].isdigit() or _CELL_LIKE.match(name):
        name = f"in_{name}"
    return name


def input_names(keys: Iterable[str]) -> dict[str, str]:
    """Workbook name of each parameter key: ``channels.email.aht_hours`` → ``email_aht_hours``."""
    names: dict[str, str] = {}
    taken = set(RESERVED_NAMES)
    for key in keys:
        name = excel_name(key.removeprefix("channels.").replace(".", "_"))
        if name.lower() in taken:
            name = excel_name(key.replace(".", "_"))
        taken.add(name.lower())
        names[key] = name
    return names


def input_unit(key: str, loc: Locale) -> tuple[str, str]:
    """(unit label, number style) of a parameter key."""
    leaf = key.rsplit(".", 1)[-1]
    units = {
        "volume_per_month": (loc.t("tickets/month"), "number"),
        "included_tickets": (loc.t("tickets/month"), "number"),
        "aht_hours": (loc.t("hours"), "hours"),
        "productive_hours_per_month": (loc.t("hours/month"), "hours"),
        "onboarding_hours_per_agent": (loc.t("hours/agent"), "hours"),
        "minimum_fte": (loc.t("FTE"), "fte"),
        "transition_months": (loc.t("months"), "number"),
        "hourly_rate": (loc.t("€/hour"), "money"),
        "onboarding_rate": (loc.t("€/hour"), "money"),
        "ticket_rate": (loc.t("€/ticket"), "money"),
        "overage_rate": (loc.t("€/ticket"), "money"),
        "fte_monthly_rate": (loc.t("€/FTE-month"), "money"),
        "licences_per_agent_month": (loc.t("€/agent/month"), "money"),
        "overhead_per_fte_month": (loc.t("€/FTE-month"), "money"),
        "integration": (loc.t("€ (one-off)"), "money"),
        "other": (loc.t("€ (one-off)"), "money"),
        "onboarding_fee": (loc.t("€ (one-off)"), "money"),
        "exit_fee": (loc.t("€ (one-off)"), "money"),
    }
    if "_pct" in leaf:
        return "%", "pct"
    return units.get(leaf, (loc.t("€/month"), "money"))


def resolve(template: str, letters: Mapping[str, str], row: int, first: int, last: int) -> str:
    """The formula of ``template`` in Excel row ``row`` (months in rows first..last)."""

    def ref(match: re.Match[str]) -> str:
        col, kind = letters[match.group(1)], match.group(2)
        if kind == "*":
            return f"${col}${first}:${col}${last}"
        if kind == "^":
            return f"{col}${first}"
        return f"{col}{row}"

    return "=" + _REF.sub(ref, template)


def _values(array: Value) -> list[float]:
    return [float(x) for x in np.atleast_1d(np.asarray(array, dtype=np.float64))]


def _plus(ids: Iterable[str]) -> str:
    return "(" + "+".join(f"[{i}]" for i in ids) + ")"


def calculation_columns(ev: CaseEvaluation, names: Mapping[str, str], loc: Locale) -> list[Column]:
    """All columns of the Calculation sheet, in order."""
    proj = ev.realistic.projection
    months = [float(m) for m in range(1, proj.months + 1)]
    columns = [Column("month", loc.t("Month"), None, months, "month")]
    columns += _channel_columns(ev, names, loc)
    columns += _staffing_columns(ev, names, loc)
    columns += _vendor_columns(ev, names, loc)
    columns += _outsourced_columns(ev, names, loc)
    columns += _cumulative_columns(ev, loc)
    return columns


def _channel_columns(ev: CaseEvaluation, n: Mapping[str, str], loc: Locale) -> list[Column]:
    proj = ev.realistic.projection
    growth = n["volume_growth_pct_per_month"]
    columns = []
    for c in ev.case.structure.channels:
        volume, aht = n[f"channels.{c}.volume_per_month"], n[f"channels.{c}.aht_hours"]
        columns += [
            Column(
                f"vol_{c}",
                loc.t("Volume {channel}", channel=c),
                f"{volume}*(1+{growth}/100)^([month]-1)",
                _values(proj.volume[c]),
                "number",
                total=True,
            ),
            Column(
                f"hrs_{c}",
                loc.t("Workload hours {channel}", channel=c),
                f"[vol_{c}]*{aht}",
                _values(proj.hours[c]),
                "hours",
                total=True,
            ),
        ]
        columns += _live_columns(ev, c, loc)
        columns.append(
            Column(
                f"fte_{c}",
                loc.t("FTE {channel}", channel=c),
                f"[{_hours_id(ev, c)}]/{n['productive_hours_per_month']}",
                _values(proj.fte[c]),
                "fte",
            )
        )
    return columns


def _live_columns(ev: CaseEvaluation, c: str, loc: Locale) -> list[Column]:
    """For an Erlang-staffed channel: Regie's staffing factor and the staffed hours."""
    if not ev.case.structure.is_live(c):
        return []
    proj = ev.realistic.projection
    factor = staffing_factors(ev.case.structure, proj)[f"staffing_factor.{c}"]
    return [
        Column(f"erl_{c}", loc.t("Erlang agent-hours per workload hour {channel} (Regie)",
               channel=c), None, _values(factor), "number"),
        Column(f"stf_{c}", loc.t("Staffed hours {channel}", channel=c), f"[hrs_{c}]*[erl_{c}]",
               _values(proj.staffed_hours[c]), "hours", total=True),
    ]  # fmt: skip


def _staffing_columns(ev: CaseEvaluation, n: Mapping[str, str], loc: Locale) -> list[Column]:
    proj = ev.realistic.projection
    channels = ev.case.structure.channels
    minimum = n["inhouse.minimum_fte"]
    per_fte = (
        f"({n['inhouse.gross_monthly_salary']}*(1+{n['inhouse.employer_charges_pct']}/100)"
        f"+{n['inhouse.overhead_per_fte_month']})"
    )
    fixed, variable = proj.split("inhouse")
    return [
        Column(
            "vol_total",
            loc.t("Volume total"),
            _plus(f"vol_{c}" for c in channels),
            _values(proj.volume_total),
            "number",
            total=True,
        ),
        Column("fte_total", loc.t("FTE total"), _plus(f"fte_{c}" for c in channels),
               _values(proj.fte_total), "fte"),
        Column("agents", loc.t("Agents (whole)"), "MAX(0,ROUNDUP([fte_total]-1E-9,0))",
               _values(agents(proj.fte_total)), "count"),
        Column("staffed", loc.t("In-house FTE staffed"), f"MAX([fte_total],{minimum})",
               _values(proj.inhouse_fte), "fte"),
        Column("in_fixed", loc.t("In-house fixed"),
               f"{minimum}*{per_fte}+{n['inhouse.other_per_month']}",
               _values(fixed), "money", total=True),
        Column("in_var", loc.t("In-house variable"), f"([staffed]-{minimum})*{per_fte}",
               _values(variable), "money", total=True),
        Column("in_total", loc.t("In-house cost"), "[in_fixed]+[in_var]",
               _values(proj.inhouse_monthly), "money", total=True),
    ]  # fmt: skip


def block_fee(block: PricingBlock, p: Mapping[str, Value], proj: Projection) -> tuple[Array, Array]:
    """Monthly (fixed, variable) vendor fee of one pricing block, for the cache."""
    fixed, variable = vendor_fee(block, p, proj.volume, proj.staffed_hours, proj.fte)
    ones = np.ones(proj.months)
    return np.asarray(fixed * ones, dtype=np.float64), np.asarray(variable * ones, dtype=np.float64)


def _hours_id(ev: CaseEvaluation, channel: str) -> str:
    """The column holding a channel's billed/staffed hours: workload, or Erlang-staffed."""
    return f"stf_{channel}" if ev.case.structure.is_live(channel) else f"hrs_{channel}"


def _vendor_columns(ev: CaseEvaluation, n: Mapping[str, str], loc: Locale) -> list[Column]:
    proj = ev.realistic.projection
    p = likely(ev.case.estimates)
    columns = []
    for i, block in enumerate(ev.case.structure.pricing):
        k, chans = block.key, block.channels
        who = ", ".join(chans)
        vol, hrs = _plus(f"vol_{c}" for c in chans), _plus(_hours_id(ev, c) for c in chans)
        ftes = _plus(f"fte_{c}" for c in chans)
        variable = (
            f"{n[k + '.hourly_rate']}*{hrs}+{n[k + '.fte_monthly_rate']}*{ftes}"
            f"+{n[k + '.ticket_rate']}*{vol}"
            f"+{n[k + '.overage_rate']}*MAX({vol}-{n[k + '.included_tickets']},0)"
        )
        fixed_values, variable_values = block_fee(block, p, proj)
        columns += [
            Column(f"vf{i}", loc.t("Vendor base fee ({channels})", channels=who),
                   n[k + ".monthly_fee"], _values(fixed_values), "money", total=True),
            Column(f"vv{i}", loc.t("Vendor variable fee ({channels})", channels=who),
                   variable, _values(variable_values), "money", total=True),
        ]  # fmt: skip
    return columns


def _outsourced_columns(ev: CaseEvaluation, n: Mapping[str, str], loc: Locale) -> list[Column]:
    proj = ev.realistic.projection
    items = proj.outsourced
    blocks = range(len(ev.case.structure.pricing))
    onboarding = (
        f"IF([month]=1,{n['one_off.onboarding_fee']}+{n['one_off.onboarding_hours_per_agent']}"
        f"*{n['one_off.onboarding_rate']}*[agents],0)"
    )
    exit_fee = f"IF(AND([month]=horizon_months,include_exit_fee),{n['contractual.exit_fee']},0)"
    specs = [
        ("licences", loc.t("Licences"), f"{n['recurring.licences_per_agent_month']}*[agents]"),
        ("management_qa", loc.t("Management and QA"), n["recurring.management_qa_per_month"]),
        ("telephony", loc.t("Telephony"), n["recurring.telephony_per_month"]),
        ("penalties", loc.t("Penalties"), n["contractual.expected_penalties_per_month"]),
        ("onboarding", loc.t("Onboarding"), onboarding),
        ("integration", loc.t("Integration and other one-off"),
         f"IF([month]=1,{n['one_off.integration']}+{n['one_off.other']},0)"),
        ("transition", loc.t("Transition (in-house overlap)"),
         f"MAX(0,MIN(1,{n['one_off.transition_months']}-([month]-1)))*[in_total]"),
        ("exit_fee", loc.t("Exit fee"), exit_fee),
    ]  # fmt: skip
    columns = [Column(i, h, t, _values(items[i]), "money", total=True) for i, h, t in specs]
    fixed_ids = [f"vf{b}" for b in blocks] + [i for i, _, _ in specs if i != "licences"]
    variable_ids = [f"vv{b}" for b in blocks] + ["licences"]
    fixed, variable = proj.split("outsourced")
    return [
        *columns,
        Column("out_fixed", loc.t("Outsourced fixed"), _plus(fixed_ids)[1:-1],
               _values(fixed), "money", total=True),
        Column("out_var", loc.t("Outsourced variable"), _plus(variable_ids)[1:-1],
               _values(variable), "money", total=True),
        Column("out_total", loc.t("Outsourced cost"), "[out_fixed]+[out_var]",
               _values(proj.outsourced_monthly), "money", total=True),
    ]  # fmt: skip


def _cumulative_columns(ev: CaseEvaluation, loc: Locale) -> list[Column]:
    proj = ev.realistic.projection
    cum_in = np.cumsum(proj.inhouse_monthly)
    cum_out = np.cumsum(proj.outsourced_monthly)
    flags: list[Cached] = [
        float(m + 1) if o <= i + 1e-9 else ""
        for m, (i, o) in enumerate(zip(cum_in, cum_out, strict=True))
    ]
    return [
        Column("cum_in", loc.t("Cumulative in-house"), "SUM([in_total^]:[in_total])",
               _values(cum_in), "money"),
        Column("cum_out", loc.t("Cumulative outsourced"), "SUM([out_total^]:[out_total])",
               _values(cum_out), "money"),
        Column("break_even", loc.t("Break-even reached (month)"),
               'IF([cum_out]<=[cum_in]+1E-9,[month],"")', flags, "month"),
    ]  # fmt: skip


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _finite(value: float) -> Cached:
    return value if math.isfinite(value) else ""


def results(ev: CaseEvaluation, loc: Locale) -> list[Result]:
    """The results block: named cells with formulas on the monthly columns."""
    return _cost_results(ev.realistic, loc) + _ratio_results(ev.realistic, loc)


def _cost_results(r: Figures, loc: Locale) -> list[Result]:
    in_fixed, in_var = r.projection.split("inhouse")
    out_fixed, out_var = r.projection.split("outsourced")
    return [
        Result("result_inhouse_tco", loc.t("In-house TCO"), "SUM([in_total*])",
               r.inhouse_tco, "money"),
        Result("result_inhouse_fixed", loc.t("In-house fixed costs"), "SUM([in_fixed*])",
               float(in_fixed.sum()), "money"),
        Result("result_inhouse_variable", loc.t("In-house variable costs"), "SUM([in_var*])",
               float(in_var.sum()), "money"),
        Result("result_outsourced_tco", loc.t("Outsourced TCO"), "SUM([out_total*])",
               r.outsourced_tco, "money"),
        Result("result_outsourced_fixed", loc.t("Outsourced fixed costs"), "SUM([out_fixed*])",
               float(out_fixed.sum()), "money"),
        Result("result_outsourced_variable", loc.t("Outsourced variable costs"), "SUM([out_var*])",
               float(out_var.sum()), "money"),
    ]  # fmt: skip


def _ratio_results(r: Figures, loc: Locale) -> list[Result]:
    proj = r.projection
    none = loc.t("none")
    be: Cached = none if r.break_even_month is None else float(r.break_even_month)
    return [
        Result("result_saving", loc.t("Saving"), "result_inhouse_tco-result_outsourced_tco",
               r.saving, "money"),
        Result("result_saving_pct", loc.t("Saving %"),
               "IF(result_inhouse_tco=0,0,result_saving/result_inhouse_tco*100)",
               r.saving_pct, "pct"),
        Result("result_roi_pct", loc.t("ROI %"), "result_saving/result_outsourced_tco*100",
               _finite(r.roi_pct), "pct"),
        Result("result_volume", loc.t("Tickets over the horizon"), "SUM([vol_total*])",
               r.volume, "number"),
        Result("result_cost_per_ticket_inhouse", loc.t("Cost per ticket in-house"),
               "IF(result_volume=0,0,result_inhouse_tco/result_volume)",
               r.cost_per_ticket_inhouse, "money"),
        Result("result_cost_per_ticket_outsourced", loc.t("Cost per ticket outsourced"),
               "IF(result_volume=0,0,result_outsourced_tco/result_volume)",
               r.cost_per_ticket_outsourced, "money"),
        Result("result_fte_total", loc.t("FTE required in month 1"), "[fte_total^]",
               float(proj.fte_total[0]), "fte"),
        Result("result_inhouse_fte", loc.t("In-house FTE staffed in month 1"), "[staffed^]",
               float(proj.inhouse_fte[0]), "fte"),
        Result("result_break_even_month", loc.t("Break-even month"),
               f"IF(COUNT([break_even*])=0,{_text(none)},MIN([break_even*]))", be, "month"),
    ]  # fmt: skip
