"""``regie select``: Selection: the scorecard of vendors and due diligence."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.domain.diligence import Assessment, Checklist, ItemState
from regie.domain.errors import Conflict, InvalidInput
from regie.files.scorecard_template import scorecard_template
from regie.i18n import Locale, resolve_language
from regie.services import diligence as dd
from regie.services import selection as sel
from regie.services.diligence import DiligenceStore
from regie.services.ports import ContactStore
from regie.services.selection import QuotedTco, Selection

app = typer.Typer(
    help="Selection: the scorecard of vendors and due diligence.", no_args_is_help=True
)
LANG = typer.Option(None, "--lang", help="Language: en or nl.")
VENDOR = typer.Option(..., "--vendor", help="The vendor.")
STYLE = {"yes": "green", "no": "bold red", "partial": "yellow", "unknown": "dim"}


@app.command("new")
@guarded
def new(
    path: Path = typer.Argument(..., help="Where to write the commented scorecard template."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the comments: en or nl."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    json: bool = JSON,
) -> None:
    """Write a commented scorecard template with the criteria of DOMAIN §2."""
    language = resolve_language(lang)
    if path.exists() and not force:
        raise Conflict(f"{path}: already exists; use --force to overwrite it")
    path.write_text(scorecard_template(language), encoding="utf-8")
    if json:
        print_json({"path": str(path)})
        return
    console.print(Locale(language).t("Wrote {path}", path=path))


@app.command("score")
@guarded
def score(
    scorecard: Path = typer.Argument(..., help="The scorecard file (TOML)."),
    case: Path | None = typer.Option(
        None, "--case", help="Take each vendor's TCO from the quotes, priced on this case."
    ),
    horizon: int | None = typer.Option(
        None, "--horizon", help="Months of the quotes' TCO (12 or 24; default 24)."
    ),
    diligence: bool = typer.Option(
        False, "--diligence", help="Show each vendor's due diligence (from the workspace)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Also write <scorecard>.html, .pdf and .xlsx here."
    ),
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Rank the vendors on weighted criteria, and show how robust the ranking is."""
    loc = Locale(resolve_language(lang))
    if horizon is not None and case is None:
        raise InvalidInput("--horizon: the months of the quotes' TCO; give --case too")
    quoted = _quoted(case, horizon, workspace) if case is not None else None
    found = sel.score(scorecard, quoted)
    if diligence:
        found = sel.with_diligence(found, *_stores(workspace))
    written: list[Path] = []
    if out is not None:
        from regie.reports.scorecard_report import write_scorecard

        written = write_scorecard(found, out, loc, scorecard.stem)
    if json:
        print_json({**sel.selection_json(found), "files": [str(p) for p in written]})
        return
    _render_selection(found, loc)
    for path in written:
        console.print(loc.t("Wrote {path}", path=path))


def _quoted(case: Path, horizon: int | None, workspace: Path | None) -> QuotedTco:
    from regie.files.case_loader import load_case

    business_case = load_case(case)
    return sel.workspace_tco(
        business_case, bootstrap.store(workspace), bootstrap.quotes(workspace), horizon
    )


def _render_selection(s: Selection, loc: Locale) -> None:
    """Criteria down, vendors across (best first): fits a terminal for any criteria."""
    card, vendors = s.sheet.card, [r.vendor for r in s.ranking]
    table = Table(loc.t("Criterion"), loc.t("Share"), *map(escape, vendors),
                  title=escape(s.sheet.title or loc.t("Selection scorecard")))  # fmt: skip
    for key in card.criteria:
        scores = [loc.number(card.scores[v][key], 2) for v in vendors]
        table.add_row(sel.criterion_label(key, loc), loc.percent(s.weights[key] * 100, 1), *scores)
    if card.tco:
        table.add_row(loc.t("TCO"), "", *(loc.money(card.tco[v], 0) for v in vendors))
    table.add_section()
    totals = [f"[bold]{loc.number(r.total, 2)}[/]" for r in s.ranking]
    total = loc.t("Weighted total")
    table.add_row(f"[bold]{total}[/]", "", *totals)
    table.add_row(loc.t("Rank"), "", *(str(r.rank) for r in s.ranking))
    if s.diligence:
        table.add_row(loc.t("Due diligence"), "", *(_ready(s.diligence[v], loc) for v in vendors))
    console.print(table)
    if s.flips:
        console.print(_flip_table(s, loc))


def _ready(a: Assessment, loc: Locale) -> str:
    if a.ready_to_sign:
        return "[green]" + loc.t("ready to sign") + "[/]"
    return "[red]" + loc.t("open gaps: {count}", count=len(a.open_gaps)) + "[/]"


def _flip_table(s: Selection, loc: Locale) -> Table:
    table = Table(loc.t("Runner-up"), loc.t("Gap"), loc.t("Pair transfer"),
                  loc.t("Smallest change in all (L1)"), loc.t("One weight alone"),
                  title=loc.t("How robust is the ranking?"))  # fmt: skip
    for f in s.flips:
        texts = (sel.pair_text(f, loc), sel.l1_text(f, loc), sel.single_text(f, loc))
        table.add_row(escape(f.runner_up), loc.number(f.gap, 3), *map(escape, texts))
    return table


# due diligence ---------------------------------------------------------------------------
def _stores(workspace: Path | None) -> tuple[ContactStore, DiligenceStore]:
    return bootstrap.store(workspace), bootstrap.diligence(workspace)


@app.command("checklist")
@guarded
def checklist(
    vendor: str = VENDOR,
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Both checklists (SLA/contract, GDPR/security) with each item's status and evidence."""
    found = dd.assessment(*_stores(workspace), vendor)
    if json:
        print_json(dd.assessment_json(found))
        return
    loc = Locale(resolve_language(lang))
    for kind in Checklist:
        states = [s for s in found.states if s.item.checklist is kind]
        console.print(_checklist_table(found.vendor, kind, states, loc))
    console.print(escape(dd.verdict(found, loc)))


def _checklist_table(vendor: str, kind: Checklist, states: list[ItemState], loc: Locale) -> Table:
    title = f"{dd.checklist_title(kind, loc)} — {escape(vendor)}"
    table = Table(title=title)
    table.add_column(loc.t("Key"), no_wrap=True, min_width=max(len(s.item.key) for s in states))
    for header in (loc.t("Item"), loc.t("Status"), loc.t("Evidence"), loc.t("Checked on"),
                   loc.t("Accepted")):  # fmt: skip
        table.add_column(header)
    for s in states:
        check = s.check
        status = dd.status_text(s.status, loc)
        table.add_row(
            s.item.key,
            dd.item_label(s.item.key, loc),
            f"[{STYLE[s.status.value]}]{status}[/]",
            escape("" if check is None else check.evidence or ""),
            "—" if check is None else check.checked_on.isoformat(),
            escape(dd.acceptance_text(s, loc)),
        )
    return table


@app.command("check")
@guarded
def check(
    item: str = typer.Argument(..., help="The item's key, e.g. gdpr.dpa (see `checklist`)."),
    status: str = typer.Argument(..., help="yes, no, partial or unknown."),
    vendor: str = VENDOR,
    evidence: str | None = typer.Option(
        None, "--evidence", help="What shows it: a document, a clause, a conversation."
    ),
    on: datetime | None = typer.Option(
        None, "--date", formats=["%Y-%m-%d"], help="When it was checked (default today)."
    ),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Record the status of one checklist item for a vendor (the latest one counts)."""
    today = date.today()
    store, book = _stores(workspace)
    day = today if on is None else on.date()
    recorded = dd.record_check(store, book, vendor, item, status, evidence, day, today)
    if json:
        print_json({"vendor": store.vendor(vendor).name, **dd.check_json(recorded)})
        return
    console.print(f"{recorded.item}: {recorded.status.value} ({recorded.checked_on}).")


@app.command("accept")
@guarded
def accept(
    item: str = typer.Argument(..., help="The item's key, e.g. gdpr.audit_rights."),
    vendor: str = VENDOR,
    by: str = typer.Option(..., "--by", help="The name of the person who accepts the gap."),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Accept the current gap (no, partial, unknown) of one item, explicitly, by name."""
    state, accepted = dd.accept_gap(*_stores(workspace), vendor, item, by)
    if json:
        print_json({
            "vendor": vendor, "item": accepted.item, "status": state.status.value,
            "accepted_by": accepted.accepted_by, "accepted_at": accepted.accepted_at.isoformat(),
        })  # fmt: skip
        return
    console.print(
        f"{accepted.item} ({state.status.value}): accepted by {escape(accepted.accepted_by)} "
        f"at {accepted.accepted_at:%Y-%m-%d %H:%M} UTC."
    )


@app.command("status")
@guarded
def status(
    vendor: str = VENDOR,
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Ready to sign, or the open gaps as named risks."""
    found = dd.assessment(*_stores(workspace), vendor)
    if json:
        print_json(dd.assessment_json(found))
        return
    loc = Locale(resolve_language(lang))
    style = "bold green" if found.ready_to_sign else "bold red"
    console.print(f"[{style}]{escape(dd.verdict(found, loc))}[/]")
    for s in found.risks:
        note = escape(dd.acceptance_text(s, loc) or loc.t("open"))
        console.print(f"  • {escape(dd.risk_name(s, loc))} [dim]{s.item.key}[/] — {note}")
