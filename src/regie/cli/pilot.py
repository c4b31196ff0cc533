"""``regie pilot``: define a pilot (``new``), read it back (``show``) and check it (``check``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.domain.errors import Conflict, InvalidInput
from regie.domain.pilot import Status
from regie.files.pilot_loader import load_pilot
from regie.files.pilot_template import PilotChoices, next_monday
from regie.i18n import Locale, resolve_language
from regie.reports import pilot_xlsx as words
from regie.services.pilot import PilotCheck, VendorCheck, check_pilot, pilot_file
from regie.services.pilot_json import check_json, pilot_json

app = typer.Typer(help="The pilot: 30/60/90-day gates on five KPIs.", no_args_is_help=True)
STYLE = {Status.WITHIN: "green", Status.MISSED: "bold red", Status.INSUFFICIENT: "yellow"}


@app.command("new")
@guarded
def new(
    path: Path = typer.Argument(..., help="Where to write the commented pilot file."),
    vendor: list[str] = typer.Option([], "--vendor", help="A vendor (1–3; repeat the option)."),
    fee: list[float] = typer.Option(
        [], "--fee", help="Pilot fee in euros for the whole pilot, per --vendor (or one for all)."
    ),
    channel: str = typer.Option("email", "--channel", help="phone, email, chat, social, other."),
    start: datetime | None = typer.Option(
        None, "--start", formats=["%Y-%m-%d"], help="Day 1 (default: next Monday)."
    ),
    days: int = typer.Option(60, "--days", help="Length: 30 to 90 days."),
    name: str = typer.Option("Pilot", "--name", help="The pilot's name."),
    csat: float = typer.Option(0.85, "--csat", help="CSAT top-2-box share to reach."),
    frt_minutes: float = typer.Option(60, "--frt-minutes", help="Maximum median FRT."),
    aht_min: float = typer.Option(180, "--aht-min", help="AHT band: lowest seconds."),
    aht_max: float = typer.Option(600, "--aht-max", help="AHT band: highest seconds."),
    fcr: float = typer.Option(0.70, "--fcr", help="FCR share to reach."),
    cost: float = typer.Option(4.00, "--cost-per-ticket", help="Maximum cost per ticket (€)."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the comments: en or nl."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    json: bool = JSON,
) -> None:
    """Write a pilot file: vendors, channel, start, length and the five KPI thresholds."""
    language = resolve_language(lang)
    if path.exists() and not force:
        raise Conflict(f"{path}: already exists; use --force to overwrite it")
    vendors = tuple(vendor) or PilotChoices().vendors
    choices = PilotChoices(
        vendors=vendors, fees=_fees(fee, len(vendors)), channel=channel,
        start=start.date() if start else next_monday(datetime.now().date()),
        days=days, name=name, csat_target=csat, frt_seconds=frt_minutes * 60,
        aht_min=aht_min, aht_max=aht_max, fcr_target=fcr, cost_max=Decimal(str(cost)),
    )  # fmt: skip
    text, pilot = pilot_file(choices, language, source=path.name)
    path.write_text(text, encoding="utf-8")
    unpriced = [] if len(fee) == 1 else list(choices.vendors[len(fee) :])
    if json:
        print_json({"file": str(path), **pilot_json(pilot), "fees_missing": unpriced})
        return
    loc = Locale(language)
    console.print(loc.t("Wrote {path}", path=path))
    if unpriced:
        console.print(loc.t("Fill in the pilot fee of: {vendors}", vendors=", ".join(unpriced)))


def _fees(fees: list[float], vendors: int) -> tuple[Decimal, ...]:
    if len(fees) > 1 and len(fees) != vendors:
        raise InvalidInput(
            f"--fee given {len(fees)} times for {vendors} vendors: give one per --vendor, "
            "or one for all"
        )
    return tuple(Decimal(str(f)) for f in fees)


@app.command("show")
@guarded
def show(
    path: Path = typer.Argument(..., help="The pilot file (TOML)."),
    lang: str | None = typer.Option(None, "--lang", help="Language: en or nl."),
    json: bool = JSON,
) -> None:
    """Validate a pilot file: every problem on its own line, or what it says."""
    pilot = load_pilot(path)
    if json:
        print_json(pilot_json(pilot))
        return
    loc = Locale(resolve_language(lang))
    table = Table(loc.t("KPI"), loc.t("Target value"), "min n", title=escape(pilot.name))
    for th in pilot.thresholds:
        table.add_row(words.kpi_label(th, loc), words.target_text(th, loc), str(th.min_sample))
    console.print(table)
    vendors = ", ".join(v.name for v in pilot.vendors)
    console.print(escape(f"{pilot.channel} · {pilot.start} · {pilot.days} d · {vendors}"))


@app.command("check")
@guarded
def check(
    path: Path = typer.Argument(..., help="The pilot file (TOML)."),
    day: int | None = typer.Option(
        None, "--day", help="Pilot day to check, e.g. 30, 60 or 90 (default: latest with data)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Also write pilot-<name>-day<N>.html, .pdf and .xlsx here."
    ),
    lang: str | None = typer.Option(None, "--lang", help="Language: en or nl."),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Each vendor's five KPIs against their thresholds, the 4-of-5 rule and the analysis."""
    loc = Locale(resolve_language(lang))
    pilot = load_pilot(path)
    found = check_pilot(bootstrap.store(workspace), pilot, day)
    written: list[Path] = []
    if out is not None:
        from regie.reports.pilot_report import write_pilot

        written = write_pilot(found, out, loc)
    if json:
        print_json({**check_json(found), "files": [str(p) for p in written]})
        return
    render(found, loc)
    for file in written:
        console.print(loc.t("Wrote {path}", path=file))


def render(found: PilotCheck, loc: Locale) -> None:
    """The check as terminal tables."""
    console.print(f"[bold]{escape(words.title(found, loc))}[/]")
    facts = " · ".join(f"{label}: {value}" for label, value in words.facts(found, loc))
    console.print(escape(facts))
    for v in found.vendors:
        _vendor(v, found.through, loc)
    if len(found.vendors) > 1:
        console.print(_comparisons(found, loc))


def _vendor(v: VendorCheck, through: date, loc: Locale) -> None:
    headers = ("KPI", "Value", "Target value", "n", "95 % interval", "Margin", "Status")
    table = Table(*(loc.t(h) if h != "n" else h for h in headers), title=escape(v.vendor))
    for j in v.judgements:
        th, m = j.threshold, j.measurement
        note = words.conclusive_text(j, loc)
        table.add_row(
            words.kpi_label(th, loc), words.value_text(m, th, loc), words.target_text(th, loc),
            f"{m.n:,}", words.interval_text(m, loc), words.margin_text(j, loc),
            f"[{STYLE[j.status]}]{words.status_text(j.status, loc)}[/]"
            + (f" ({note})" if note else ""),
        )  # fmt: skip
    console.print(table)
    console.print(escape(words.volumes_text(v, through, loc)))
    passed = v.decision.within >= v.decision.required
    console.print(
        f"[{'bold green' if passed else 'bold red'}]{words.decision_text(v.decision, loc)}[/]"
    )
    for a in v.analyses:
        th = next(j.threshold for j in v.judgements if j.kpi == a.kpi)
        gap = (
            ""
            if a.gap is None or a.gap <= 0
            else " " + loc.t("missed by {gap}", gap=words.amount_text(th, a.gap, loc))
        )
        console.print(
            f"  [bold]{words.kpi_label(th, loc)}[/]:{gap}; {words.trend_text(a.trend, th, loc)}"
        )
        for r in a.remedies:
            console.print(f"    - {words.remedy_kind(r, loc)}: {words.remedy_text(r, loc)}")


def _comparisons(found: PilotCheck, loc: Locale) -> Table:
    headers = [loc.t("KPI"), loc.t("Vendors"), loc.t("Test"), "p", loc.t("p (Holm)"),
               loc.t("n needed per group"), loc.t("More needed")]  # fmt: skip
    table = Table(*headers, title=loc.t("Side by side"))
    for c in found.comparisons:
        th = found.pilot.threshold(c.kpi)
        shown = [words.figure(th, x, loc) if x is not None else "—" for x in c.values]
        table.add_row(
            words.kpi_label(th, loc),
            escape(f"{c.vendors[0]} {shown[0]} – {c.vendors[1]} {shown[1]}"),
            words.test_text(c.test.test if c.test else None, loc),
            words.p_text(c.test.p_value if c.test else None, loc), words.p_text(c.p_holm, loc),
            words.needed_text(c, loc), "—" if c.more is None else f"{c.more:,}",
        )  # fmt: skip
    return table
