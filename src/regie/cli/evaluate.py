"""``regie evaluate``: the monthly statement of a vendor, and the contacts behind a miss."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.domain.penalties import Status
from regie.domain.statement import Statement
from regie.i18n import Locale, resolve_language
from regie.services import statement_text as words
from regie.services.explain import Explanation, explain
from regie.services.ports import ContactStore, GovernanceStore
from regie.services.statement_records import missed_explanations, record_json
from regie.services.statements import Billed, Evaluation, evaluate

STYLE = {Status.MET: "green", Status.MISSED: "bold red", Status.INSUFFICIENT: "yellow"}


def evaluate_command(
    vendor: str = typer.Option(..., "--vendor", help="The vendor."),
    month: str = typer.Option(..., "--month", help="The month, YYYY-MM."),
    explain_key: str | None = typer.Option(
        None,
        "--explain",
        help="List the contacts behind a target, e.g. response.email or kpi.fcr.",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Also write statement-<vendor>-<month>.html, .pdf and .xlsx here."
    ),
    draft: bool = typer.Option(False, "--draft", help="Compute without recording."),
    recalculate: bool = typer.Option(
        False, "--recalculate", help="Record a new revision when the inputs have changed."
    ),
    billed_hours: float | None = typer.Option(
        None, "--billed-hours", help="Hours on the vendor's invoice (hourly fee)."
    ),
    billed_fte: float | None = typer.Option(
        None, "--billed-fte", help="FTE on the vendor's invoice (FTE fee)."
    ),
    lang: str | None = typer.Option(None, "--lang", help="Language: en or nl."),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """The monthly statement: every norm and KPI met or missed, penalties, bonuses, net."""
    billed = Billed(_decimal(billed_hours), _decimal(billed_fte))
    _run(vendor, month, explain_key, out, draft, recalculate, billed, lang, workspace, json)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@guarded
def _run(
    vendor: str,
    month: str,
    explain_key: str | None,
    out: Path | None,
    draft: bool,
    recalculate: bool,
    billed: Billed,
    lang: str | None,
    workspace: Path | None,
    json: bool,
) -> None:
    loc = Locale(resolve_language(lang))
    store, book = bootstrap.store(workspace), bootstrap.governance(workspace)
    if explain_key is not None:
        _explain(explain(store, book, vendor, month, explain_key), json)
        return
    result = evaluate(store, book, vendor, month, draft, recalculate, billed)
    written = _reports(store, book, result, out, loc) if out is not None else []
    if json:
        print_json(
            {**result.json, "record": record_json(result), "files": [str(p) for p in written]}
        )
        return
    render(result.statement, loc)
    console.print(_record_line(result, loc))
    for path in written:
        console.print(loc.t("Wrote {path}", path=path))


def _reports(
    store: ContactStore, book: GovernanceStore, result: Evaluation, out: Path, loc: Locale
) -> list[Path]:
    """The three files, with the contacts behind every missed target."""
    from regie.reports.statement_report import write_statement

    s = result.statement
    return write_statement(s, out, loc, missed_explanations(store, book, s))


def _record_line(result: Evaluation, loc: Locale) -> str:
    record = result.record
    if record is None:
        return loc.t("Draft: not recorded.")
    if result.recorded_now:
        return loc.t("Recorded as revision {revision}.", revision=record.revision)
    return loc.t(
        "Same figures as revision {revision}, recorded {moment} UTC.",
        revision=record.revision,
        moment=f"{record.recorded_at:%Y-%m-%d %H:%M}",
    )


def render(statement: Statement, loc: Locale) -> None:
    """The statement as terminal tables."""
    title = loc.t(
        "Statement {vendor} — {month} (contract version {version}, from {start})",
        vendor=statement.vendor,
        month=statement.month,
        version=statement.contract_version,
        start=statement.contract_effective_from,
    )
    headers = ("Target", "Value", "Target value", "n", "95 % interval", "Margin", "Status")
    table = Table(*(loc.t(h) if h != "n" else h for h in headers), title=title)
    for j in statement.judged:
        status = words.status_text(j.outcome.status, loc)
        note = words.note_text(j.note, loc)
        table.add_row(
            words.target_label(j, loc),
            words.value_text(j, loc),
            words.target_text(j, loc),
            "—" if j.outcome.n is None else f"{j.outcome.n:,}",
            words.interval_text(j, loc),
            words.margin_text(j, loc),
            f"[{STYLE[j.outcome.status]}]{status}[/]" + (f" ({note})" if note else ""),
        )
    console.print(table)
    console.print(_money_table(statement, loc))


def _money_table(statement: Statement, loc: Locale) -> Table:
    s = statement.settlement
    table = Table(loc.t("Adjustment"), loc.t("Rule"), loc.t("Target"), loc.t("Tier"),
                  loc.t("Amount"), title=loc.t("Penalties and bonuses"))  # fmt: skip
    for p in s.penalties:
        table.add_row(
            loc.t("penalty"), p.rule, p.target, str(p.tier), "−" + words.money(p.amount, loc)
        )
    for b in s.bonuses:
        table.add_row(loc.t("bonus"), b.rule, b.target, str(b.tier), words.money(b.amount, loc))
    for e in statement.earn_backs:
        table.add_row(
            loc.t("earn-back"),
            f"{e.penalty.rule} ({e.month})",
            e.penalty.target,
            words.earn_back_text(e.status, loc),
            words.money(e.refund, loc),
        )
    cap = words.money(s.penalty_cap, loc) if s.penalty_cap is not None else loc.t("none")
    table.add_section()
    table.add_row(loc.t("penalties charged"), loc.t("cap {cap}", cap=cap), "", "",
                  _minus(s.penalty_charged, loc))  # fmt: skip
    bonus_cap = words.money(s.bonus_cap, loc) if s.bonus_cap is not None else loc.t("none")
    table.add_row(loc.t("bonuses paid"), loc.t("cap {cap}", cap=bonus_cap), "", "",
                  words.money(s.bonus_paid, loc))  # fmt: skip
    if statement.refunds:
        table.add_row(loc.t("earned back"), "", "", "", words.money(statement.refunds, loc))
    table.add_row(f"[bold]{loc.t('net invoice adjustment')}[/]", "", "", "",
                  f"[bold]{words.money(statement.net, loc)}[/]")  # fmt: skip
    return table


def _minus(amount: Decimal, loc: Locale) -> str:
    return ("−" if amount else "") + words.money(amount, loc)


def _explain(found: Explanation, json: bool) -> None:
    rows = found.rows.with_columns(pl.col(pl.Date, pl.Datetime).cast(pl.String))
    if json:
        print_json({"target": found.key, "figure": found.figure, "contacts": rows.to_dicts()})
        return
    table = Table(*rows.columns, title=f"{found.key}: {rows.height:,}")
    for row in rows.iter_rows():
        table.add_row(*("—" if v is None else str(v) for v in row))
    console.print(table)
