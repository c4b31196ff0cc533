"""``regie case``: write, evaluate and report a business case."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.panel import Panel
from rich.table import Table

from regie.cli.output import console, guarded, print_json
from regie.domain.errors import Conflict
from regie.files.case_loader import load_case
from regie.files.templates import case_template
from regie.i18n import Locale, resolve_language
from regie.services.business_case import CaseEvaluation, evaluate, staffing_rows, to_json
from regie.services.case_text import decision_label, input_label, reasons

app = typer.Typer(help="Business case: should we outsource customer service?", no_args_is_help=True)

LANG = typer.Option(
    None, "--lang", help="Language of the output: en or nl (default REGIE_LANG, else en)."
)
DRAWS = typer.Option(
    None, "--draws", min=1000, help="Monte Carlo draws (default: the case file's)."
)


@app.command("new")
@guarded
def new(
    path: Path = typer.Argument(..., help="Where to write the commented case template."),
    lang: str | None = LANG,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented business-case template to PATH."""
    language = resolve_language(lang)
    if path.exists() and not force:
        raise Conflict(f"{path}: already exists; use --force to overwrite it")
    path.write_text(case_template(language), encoding="utf-8")
    loc = Locale(language)
    console.print(loc.t("Wrote {path}. Edit it, then run: regie case show {path}", path=path))


@app.command("show")
@guarded
def show(
    path: Path = typer.Argument(..., help="The case file (TOML)."),
    json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    lang: str | None = LANG,
    draws: int | None = DRAWS,
) -> None:
    """Evaluate a case file and print its figures and recommendation."""
    loc = Locale(resolve_language(lang))
    evaluation = evaluate(load_case(path), draws=draws)
    if json:
        print_json(to_json(evaluation, reasons(evaluation.recommendation.reasons, loc)))
        return
    render(evaluation, loc)


@app.command("report")
@guarded
def report(
    path: Path = typer.Argument(..., help="The case file (TOML)."),
    out: Path = typer.Option(
        Path("out"), "--out", help="Folder for case.html, case.pdf, case.xlsx."
    ),
    lang: str | None = LANG,
    draws: int | None = DRAWS,
) -> None:
    """Write case.html, case.pdf and case.xlsx for a case file."""
    from regie.reports.case_report import write_case_reports

    loc = Locale(resolve_language(lang))
    with console.status(loc.t("Evaluating the case…")):
        evaluation = evaluate(load_case(path), draws=draws)
    with console.status(loc.t("Writing reports…")):
        written = write_case_reports(evaluation, out, loc)
    for file in written:
        console.print(loc.t("Wrote {path}", path=file))


def render(ev: CaseEvaluation, loc: Locale) -> None:
    """Rich tables for one evaluated case."""
    console.print(Panel.fit(f"[bold]{ev.case.name}[/]", subtitle=ev.case.source))
    console.print(_staffing_table(ev, loc))
    console.print(_cost_table(ev, loc))
    console.print(_scenario_table(ev, loc))
    mc = ev.monte_carlo
    console.print(
        loc.t(
            "Monte Carlo ({draws} draws): P10 {p10}, P50 {p50}, P90 {p90}; chance that "
            "outsourcing costs more: {p_loss}",
            draws=loc.number(mc.draws, 0),
            p10=loc.money(mc.percentile(10), 0),
            p50=loc.money(mc.percentile(50), 0),
            p90=loc.money(mc.percentile(90), 0),
            p_loss=loc.percent(mc.p_loss * 100),
        )
    )
    if ev.tornado:
        console.print(_tornado_table(ev, loc))
    decision = decision_label(ev.recommendation.decision, loc)
    lines = "\n".join(f"• {t}" for t in reasons(ev.recommendation.reasons, loc))
    style = {"outsource": "green", "pilot_first": "yellow", "keep_in_house": "red"}
    console.print(
        Panel(
            lines,
            title=f"[bold]{loc.t('Recommendation')}: {decision}[/]",
            border_style=style[ev.recommendation.decision],
        )
    )


def _staffing_table(ev: CaseEvaluation, loc: Locale) -> Table:
    hours = ev.case.productive_hours
    table = Table(
        title=loc.t(
            "Staffing, month 1 ({hours} productive hours per agent per month, basis {basis})",
            hours=loc.number(hours.per_month, 2),
            basis=hours.label,
        )
    )
    live = bool(ev.case.structure.live)
    headers = [loc.t("Channel"), loc.t("Method"), loc.t("Volume"), loc.t("Workload hours")]
    headers += (
        [loc.t("FTE (linear)"), loc.t("FTE (Erlang)"), loc.t("Difference")]
        if live
        else [loc.t("FTE")]
    )
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i < 2 else "right")
    methods = {"linear": loc.t("linear"), "erlang": loc.t("Erlang"), "": ""}
    for row in staffing_rows(ev):
        cells = [
            row.channel or loc.t("Total"),
            methods[row.method],
            loc.number(row.volume, 0),
            loc.number(row.workload_hours, 2),
            loc.number(row.fte_linear, 2),
        ]
        if live:
            cells += [loc.number(row.fte, 2), loc.number(row.difference, 2)]
        table.add_row(*cells, style="" if row.channel else "bold")
    return table


def _cost_table(ev: CaseEvaluation, loc: Locale) -> Table:
    r = ev.realistic
    months = ev.case.structure.horizon_months
    table = Table(title=loc.t("Cost over {months} months (realistic)", months=months))
    table.add_column("")
    table.add_column(loc.t("In-house"), justify="right")
    table.add_column(loc.t("Outsourced"), justify="right")
    in_fixed, in_var = r.projection.split("inhouse")
    out_fixed, out_var = r.projection.split("outsourced")
    table.add_row(
        loc.t("Fixed"), loc.money(float(in_fixed.sum())), loc.money(float(out_fixed.sum()))
    )
    table.add_row(
        loc.t("Variable"), loc.money(float(in_var.sum())), loc.money(float(out_var.sum()))
    )
    table.add_row(loc.t("TCO"), loc.money(r.inhouse_tco), loc.money(r.outsourced_tco), style="bold")
    table.add_row(
        loc.t("Cost per ticket"),
        loc.money(r.cost_per_ticket_inhouse),
        loc.money(r.cost_per_ticket_outsourced),
    )
    table.caption = loc.t(
        "Saving {saving} ({pct}); ROI {roi}; break-even month {month}",
        saving=loc.money(r.saving),
        pct=loc.percent(r.saving_pct),
        roi=loc.percent(r.roi_pct),
        month=r.break_even_month if r.break_even_month is not None else loc.t("none"),
    )
    return table


def _scenario_table(ev: CaseEvaluation, loc: Locale) -> Table:
    table = Table(title=loc.t("Scenarios"))
    table.add_column(loc.t("Scenario"))
    for header in (
        loc.t("In-house TCO"),
        loc.t("Outsourced TCO"),
        loc.t("Saving"),
        loc.t("ROI"),
        loc.t("Break-even"),
    ):
        table.add_column(header, justify="right")
    names = {
        "pessimistic": loc.t("Pessimistic"),
        "realistic": loc.t("Realistic"),
        "optimistic": loc.t("Optimistic"),
    }
    for name, f in ev.scenarios.items():
        table.add_row(
            names[name],
            loc.money(f.inhouse_tco, 0),
            loc.money(f.outsourced_tco, 0),
            f"{loc.money(f.saving, 0)} ({loc.percent(f.saving_pct)})",
            loc.percent(f.roi_pct),
            str(f.break_even_month) if f.break_even_month else loc.t("none"),
        )
    return table


def _tornado_table(ev: CaseEvaluation, loc: Locale) -> Table:
    table = Table(title=loc.t("What moves the saving most (tornado)"))
    table.add_column(loc.t("Input"))
    table.add_column(loc.t("Range"), justify="right")
    table.add_column(loc.t("Saving at low"), justify="right")
    table.add_column(loc.t("Saving at high"), justify="right")
    for bar in ev.tornado[:8]:
        table.add_row(
            input_label(bar.key, loc),
            f"{loc.number(bar.low, 2)} – {loc.number(bar.high, 2)}",
            loc.money(bar.saving_at_low, 0),
            loc.money(bar.saving_at_high, 0),
        )
    return table
