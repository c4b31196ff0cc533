"""``regie staffing``: agents for a live channel (Erlang C / Erlang A), one interval or a week."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from regie.cli.output import console, print_json, user_errors
from regie.domain.errors import InvalidInput
from regie.domain.staffing import (
    Abandons,
    Outcome,
    ServiceLevelRule,
    Target,
    demand,
    evaluate,
    required_agents,
    shrinkage_fte,
)
from regie.domain.staffing_plan import PlanCosts
from regie.i18n import Locale, resolve_language
from regie.reports.staffing_xlsx import write_plan_xlsx
from regie.services.staffing_plan import PlanRequest, build_plan, read_profile

app = typer.Typer(
    help="Agents needed for a live channel (phone, chat): Erlang C, or Erlang A with patience.",
    invoke_without_command=True,
    add_completion=False,
)

INTERVAL = typer.Option(30.0, "--interval-minutes", help="Interval length in minutes.")
TARGET_SL = typer.Option(
    None, "--target-sl", help="Service-level target, e.g. 0.8 (default 0.8 if no target given)."
)
TARGET_SECONDS = typer.Option(20.0, "--target-seconds", help="Service-level threshold (s).")
TARGET_ASA = typer.Option(None, "--target-asa-seconds", help="Target average speed of answer.")
PATIENCE = typer.Option(
    None, "--patience-seconds", help="Mean caller patience: switches to Erlang A."
)
SHRINKAGE = typer.Option(None, "--shrinkage", help="Shrinkage, e.g. 0.3: adds FTE.")
MAX_OCC = typer.Option(None, "--max-occupancy", help="Maximum occupancy (only if given).")
FRACTIONAL = typer.Option(False, "--fractional", help="Real-valued agents (continuous Erlang).")
CONCURRENCY = typer.Option(1, "--concurrency", help="Chats one agent handles at once.")
ABANDONS = typer.Option(
    Abandons.AGAINST, "--abandons", help="How abandons within the threshold count in SL."
)
SHORT_ABANDON = typer.Option(
    0.0, "--short-abandon-seconds", help="Abandons within this are left out of offered calls."
)
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
LANG = typer.Option(
    None, "--lang", help="Language of tables: en or nl (default REGIE_LANG, else en)."
)


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _target(sl: float | None, seconds: float, asa: float | None, occ: float | None) -> Target:
    if sl is None and asa is None and occ is None:
        sl = 0.8
    return Target(service_level=sl, threshold_seconds=seconds, asa_seconds=asa, max_occupancy=occ)


def _single(outcome: Outcome, shrinkage: float | None, fractional: bool) -> dict[str, Any]:
    agents = float(outcome.agents[0])
    result: dict[str, Any] = {
        "agents": agents if fractional else int(agents),
        "traffic_erlangs": _number(float(outcome.traffic_erlangs[0])),
        "service_level": _number(float(outcome.service_level[0])),
        "p_wait": _number(float(outcome.p_wait[0])),
        "asa_seconds": _number(float(outcome.asa_seconds[0])),
        "occupancy": _number(float(outcome.occupancy[0])),
    }
    if outcome.abandon_rate is not None:
        result["abandon_rate"] = _number(float(outcome.abandon_rate[0]))
    if shrinkage is not None:
        fte = float(shrinkage_fte(outcome.agents, shrinkage, fractional)[0])
        result["fte"] = fte if fractional else int(fte)
    return result


def _labels(loc: Locale) -> dict[str, str]:
    return {
        "agents": loc.t("Agents"),
        "traffic_erlangs": loc.t("Offered load (Erlang)"),
        "service_level": loc.t("Service level"),
        "p_wait": loc.t("Probability of waiting"),
        "asa_seconds": loc.t("Average speed of answer (s)"),
        "occupancy": loc.t("Occupancy"),
        "abandon_rate": loc.t("Abandonment rate"),
        "fte": loc.t("FTE with shrinkage"),
        "intervals": loc.t("Intervals"),
        "peak_agents": loc.t("Peak agents"),
        "agent_hours": loc.t("Agent hours a week"),
        "paid_hours": loc.t("Paid hours a week"),
        "cost": loc.t("Cost a week"),
        "csv": "CSV",
        "xlsx": "XLSX",
    }


def _shown(name: str, value: Any, loc: Locale) -> str:
    if value is None:
        return "—"
    if name in {"service_level", "p_wait", "occupancy", "abandon_rate"}:
        return loc.percent(float(value) * 100, 2)
    if name == "cost":
        return loc.money(float(value))
    if isinstance(value, float):
        return loc.number(value, 0 if value.is_integer() else 2)
    return str(value)


def _show(title: str, rows: dict[str, Any], loc: Locale) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("figure", style="bold")
    table.add_column("value", justify="right")
    labels = _labels(loc)
    for name, value in rows.items():
        table.add_row(labels.get(name, name), _shown(name, value, loc))
    console.print(table)


@app.callback()
def staffing(
    ctx: typer.Context,
    calls: float | None = typer.Option(None, "--calls", help="Calls (or chats) per interval."),
    interval_minutes: float = INTERVAL,
    aht_seconds: float | None = typer.Option(None, "--aht-seconds", help="Average handle time."),
    target_sl: float | None = TARGET_SL,
    target_seconds: float = TARGET_SECONDS,
    target_asa_seconds: float | None = TARGET_ASA,
    patience_seconds: float | None = PATIENCE,
    shrinkage: float | None = SHRINKAGE,
    max_occupancy: float | None = MAX_OCC,
    agents: float | None = typer.Option(None, "--agents", help="Evaluate N agents instead."),
    fractional: bool = FRACTIONAL,
    concurrency: int = CONCURRENCY,
    abandons: Abandons = ABANDONS,
    short_abandon_seconds: float = SHORT_ABANDON,
    as_json: bool = JSON,
    lang: str | None = LANG,
) -> None:
    """Required agents for one interval (or, with --agents, what N agents achieve)."""
    if ctx.invoked_subcommand is not None:
        return
    with user_errors():
        loc = Locale(resolve_language(lang))
        if calls is None or aht_seconds is None:
            raise InvalidInput("give --calls and --aht-seconds (or use: regie staffing plan FILE)")
        d = demand([calls], [aht_seconds], interval_minutes * 60.0, patience_seconds, concurrency)
        rule = ServiceLevelRule(Abandons(abandons), short_abandon_seconds)
        target = _target(target_sl, target_seconds, target_asa_seconds, max_occupancy)
        if agents is None:
            outcome = required_agents(d, target, rule, fractional)
        else:
            outcome = evaluate(d, [agents], target_seconds, rule)
        result = _single(outcome, shrinkage, fractional)
    if as_json:
        print_json(result)
    else:
        _show("Erlang A" if patience_seconds else "Erlang C", result, loc)


@app.command("plan")
def plan(
    profile: Path = typer.Argument(
        ..., help="Weekly profile CSV: weekday,start,calls[,aht_seconds]."
    ),
    interval_minutes: int = typer.Option(30, "--interval-minutes", help="15, 30 or 60."),
    aht_seconds: float | None = typer.Option(None, "--aht-seconds", help="AHT if not in the CSV."),
    target_sl: float | None = TARGET_SL,
    target_seconds: float = TARGET_SECONDS,
    target_asa_seconds: float | None = TARGET_ASA,
    patience_seconds: float | None = PATIENCE,
    shrinkage: float = typer.Option(0.0, "--shrinkage", help="Shrinkage, e.g. 0.3."),
    max_occupancy: float | None = MAX_OCC,
    fractional: bool = FRACTIONAL,
    concurrency: int = CONCURRENCY,
    abandons: Abandons = ABANDONS,
    short_abandon_seconds: float = SHORT_ABANDON,
    hours_per_fte: float = typer.Option(40.0, "--hours-per-fte", help="Paid hours of one FTE."),
    hourly_cost: float | None = typer.Option(None, "--hourly-cost", help="Cost per paid hour."),
    out: Path = typer.Option(Path("."), "--out", help="Folder for the CSV and XLSX."),
    as_json: bool = JSON,
    lang: str | None = LANG,
) -> None:
    """Staff a weekly arrival profile: writes staffing-plan.csv and staffing-plan.xlsx."""
    with user_errors():
        loc = Locale(resolve_language(lang))
        request = PlanRequest(
            interval_minutes=interval_minutes,
            target=_target(target_sl, target_seconds, target_asa_seconds, max_occupancy),
            rule=ServiceLevelRule(Abandons(abandons), short_abandon_seconds),
            aht_seconds=aht_seconds,
            patience_seconds=patience_seconds,
            concurrency=concurrency,
            costs=PlanCosts(shrinkage, hours_per_fte, hourly_cost),
            fractional=fractional,
        )
        result, table = build_plan(read_profile(profile, interval_minutes), request)
        if out.exists() and not out.is_dir():
            raise InvalidInput(f"--out {out}: exists and is not a folder")
        out.mkdir(parents=True, exist_ok=True)
        csv_path = out / "staffing-plan.csv"
        table.write_csv(csv_path)
        xlsx_path = write_plan_xlsx(out / "staffing-plan.xlsx", table, result)
    summary: dict[str, Any] = {
        "intervals": table.height,
        "peak_agents": float(result.outcome.agents.max(initial=0.0)),
        "agent_hours": round(result.agent_hours, 4),
        "paid_hours": round(result.paid_hours, 4),
        "fte": round(result.fte, 4),
        "cost": None if result.cost is None else round(result.cost, 2),
        "csv": str(csv_path),
        "xlsx": str(xlsx_path),
    }
    if as_json:
        print_json({**summary, "plan": table.to_dicts()})
    else:
        _show(loc.t("Staffing plan"), summary, loc)
