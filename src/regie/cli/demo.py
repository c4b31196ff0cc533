"""``regie demo [DIR]``: make a reproducible demo company that exercises the whole product.

The work is :func:`regie.demo.company.build_company`; this module shows its progress
(one Rich bar over its phases) and its summary, or prints it as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import cast

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from regie.cli.output import console, guarded, print_json
from regie.demo.company import DEFAULT_SEED, PHASES, Company, DemoRequest, build_company
from regie.demo.operations import SIZES, Size
from regie.demo.plan import CHOSEN, DECISION_DAY, VENDORS, Vendor
from regie.demo.summary import company_json
from regie.demo.users import USERS
from regie.domain.errors import InvalidInput
from regie.i18n import Locale, resolve_language
from regie.services.case_text import decision_label

PUBLIC_SIZES = ("small", "full")  # "tiny" (for tests) is accepted but not advertised
LANG = typer.Option(None, "--lang", help="Language: en or nl (default REGIE_LANG, else en).")


def phase_label(key: str, loc: Locale) -> str:
    labels = {
        "workspace": loc.t("Workspace"),
        "case": loc.t("Business case"),
        "quotes": loc.t("Quotes"),
        "diligence": loc.t("Due diligence"),
        "pilot": loc.t("Pilot"),
        "operations": loc.t("Operations"),
        "governance": loc.t("Contract and statements"),
        "qa": loc.t("Quality"),
    }
    return labels[key]


def parse_size(text: str) -> Size:
    wanted = text.strip().lower()
    if wanted not in SIZES:
        raise InvalidInput(f"--size {text!r}: use {' or '.join(PUBLIC_SIZES)}")
    return cast(Size, wanted)


@guarded
def demo(
    directory: Path = typer.Argument(
        Path("regie-demo"), help="Folder for the demo company (its workspace: DIR/workspace)."
    ),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", min=0, help="The same seed, the same data."),
    size: str = typer.Option(
        "small", "--size", help="small: about 70,000 contacts; full: about 1.5 million."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing demo workspace."),
    out: Path | None = typer.Option(
        None, "--out", help="Also write every report here, with an index.html that links them."
    ),
    lang: str | None = LANG,
    json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Make a demo company: business case, quotes, due diligence, a pilot and a year of
    operations with contract, statements and QA, all through Regie's own importers."""
    language = resolve_language(lang)
    loc = Locale(language)
    request = DemoRequest(directory, seed, parse_size(size), language, force)
    with _progress(loc, json) as listener:
        company = build_company(request, listener)
    index = _showcase(company, out, loc, json) if out is not None else None
    if json:
        print_json({**company_json(company), "index": None if index is None else str(index)})
        return
    show(company, loc)
    if index is not None:
        console.print(escape(loc.t("Open {path} in a browser: every report is linked there.",
                                   path=index)), soft_wrap=True)  # fmt: skip


def _showcase(company: Company, out: Path, loc: Locale, quiet: bool) -> Path:
    from regie.demo.showcase import write_showcase

    with console.status(loc.t("Writing the reports…"), spinner="dots") as status:
        if quiet:
            status.stop()
        return write_showcase(company, out, loc).index


@contextmanager
def _progress(loc: Locale, quiet: bool) -> Iterator[_Listener]:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True, disable=quiet) as progress:
        task = progress.add_task("", total=len(PHASES))
        yield _Listener(progress, task, loc)


class _Listener:
    """Moves the bar on as each phase starts."""

    def __init__(self, progress: Progress, task: TaskID, loc: Locale) -> None:
        self.progress, self.task, self.loc, self.started = progress, task, loc, 0

    def __call__(self, phase: str) -> None:
        label = phase_label(phase, self.loc)
        self.progress.update(self.task, completed=self.started, description=label)
        self.started += 1


def show(c: Company, loc: Locale) -> None:
    r = c.request
    title = loc.t("Demo company in {folder} (size {size}, seed {seed})",
                  folder=r.folder, size=r.size, seed=r.seed)  # fmt: skip
    table = Table(show_header=False, title=escape(title), title_justify="left")
    for key in PHASES:
        seconds = f"{loc.number(c.timings.get(key, 0.0), 1)} s"
        table.add_row(phase_label(key, loc), escape(phase_text(c, key, loc)), seconds)
    console.print(table)
    console.print(vendor_table(c, loc))
    console.print(month_table(c, loc))
    console.print(login_table(loc))
    command = f'regie evaluate -w {r.workspace} --vendor "{CHOSEN.name}" --month 2026-02'
    console.print(escape(loc.t("Next: {command}", command=command)), soft_wrap=True)


def login_table(loc: Locale) -> Table:
    """The demo's log-ins for `regie serve`, one per role."""
    title = loc.t("Log-ins for the web app (demo only)")
    headers = (loc.t("User"), loc.t("Password"), loc.t("Role"), loc.t("Vendor"))
    table = Table(*headers, title=title, title_justify="left")
    for u in USERS:
        table.add_row(u.username, u.password, loc.t(u.role), u.vendor or "")
    return table


def phase_text(c: Company, key: str, loc: Locale) -> str:
    """One line on what a phase made."""
    return PHASE_TEXTS[key](c, loc)


def _workspace(c: Company, loc: Locale) -> str:
    return str(c.request.workspace)


def _case(c: Company, loc: Locale) -> str:
    ev = c.evaluation
    decision = decision_label(ev.recommendation.decision, loc)
    saving, months = loc.money(ev.realistic.saving, 0), ev.case.structure.horizon_months
    return loc.t("{decision}: saving {saving} over {months} months",
                 decision=decision, saving=saving, months=months)  # fmt: skip


def _quotes(c: Company, loc: Locale) -> str:
    found = c.quotes.comparison
    return loc.t("{count} quotes; lowest TCO over {months} months: {vendor}",
                 count=len(found.quotes), months=found.ranked_on,
                 vendor=found.quotes[0].info.vendor)  # fmt: skip


def _diligence(c: Company, loc: Locale) -> str:
    ready = [name for name, done in c.diligence.ready.items() if done]
    return " ".join(loc.t("{vendor}: ready to sign.", vendor=name) for name in ready)


def _pilot(c: Company, loc: Locale) -> str:
    checks = c.pilot.checks[DECISION_DAY].vendors
    verdicts = "; ".join(f"{v.vendor} — {loc.t(v.decision.verdict.value)}" for v in checks)
    return f"{loc.t('Day')} {DECISION_DAY}: {verdicts}"


def _operations(c: Company, loc: Locale) -> str:
    return loc.t("{contacts} contacts imported in {batches} batches",
                 contacts=loc.number(c.year.imported, 0), batches=len(c.year.batches))  # fmt: skip


def _governance(c: Company, loc: Locale) -> str:
    net = float(sum((m.net_adjustment for m in c.governance.months), Decimal(0)))
    return loc.t("{count} monthly statements; net invoice adjustments {total}",
                 count=len(c.governance.months), total=loc.money(net))  # fmt: skip


def _qa(c: Company, loc: Locale) -> str:
    return loc.t("{reviews} reviews and {calibration} calibration reviews over {months} months",
                 reviews=c.qa.reviews, calibration=c.qa.calibration_reviews,
                 months=len(c.qa.samples))  # fmt: skip


PHASE_TEXTS: dict[str, Callable[[Company, Locale], str]] = {
    "workspace": _workspace, "case": _case, "quotes": _quotes, "diligence": _diligence,
    "pilot": _pilot, "operations": _operations, "governance": _governance, "qa": _qa,
}  # fmt: skip


def vendor_table(c: Company, loc: Locale) -> Table:
    months = c.quotes.comparison.ranked_on
    heads = (loc.t("Vendor"), loc.t("Rank"), loc.t("TCO {months} months", months=months),
             loc.t("Missing items"), loc.t("Due diligence"),
             f"{loc.t('Pilot')}, {loc.t('Day')} {DECISION_DAY}")  # fmt: skip
    table = Table(*heads)
    for vendor in VENDORS:
        table.add_row(*map(escape, vendor_row(c, vendor, loc)))
    return table


def vendor_row(c: Company, vendor: Vendor, loc: Locale) -> list[str]:
    priced = next(p for p in c.quotes.comparison.quotes if p.info.vendor == vendor.name)
    tco = priced.tco(c.quotes.comparison.ranked_on)
    ready = c.diligence.ready[vendor.name]
    gaps = loc.t("open gaps: {count}", count=c.diligence.open_gaps[vendor.name])
    checks = {v.vendor: v for v in c.pilot.checks[DECISION_DAY].vendors}
    pilot = checks.get(vendor.name)
    return [
        vendor.name,
        str(priced.rank or "—"),
        "—" if tco is None else loc.money(tco, 0),
        str(len(priced.missing)),
        loc.t("ready to sign") if ready else gaps,
        "—" if pilot is None else loc.t(pilot.decision.verdict.value),
    ]


def month_table(c: Company, loc: Locale) -> Table:
    table = Table(loc.t("Month"), loc.t("missed"), loc.t("net invoice adjustment"))
    for m in c.governance.months:
        table.add_row(
            m.month, escape(", ".join(m.missed) or "—"), loc.money(float(m.net_adjustment))
        )
    return table
