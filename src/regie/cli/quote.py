"""``regie quote``: Quotes from vendors: a form to send, import, and compare on TCO."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.db.quotes import quote_data
from regie.domain.errors import Conflict, InvalidInput
from regie.domain.quotes import COVERAGES, HORIZONS, Coverage
from regie.files.case_loader import load_case
from regie.files.quote_form import CHANNEL_KEY, DEFAULT_CHANNELS, choice_code
from regie.i18n import Locale, resolve_language
from regie.services.quotes import (
    ImportedQuote,
    QuoteComparison,
    QuoteInfo,
    compare_quotes,
    comparison_json,
    flag_text,
    import_quote,
    item_label,
    stored_quotes,
)

app = typer.Typer(
    help="Quotes from vendors: a form to send, import, and compare on TCO.", no_args_is_help=True
)
LANG = typer.Option(None, "--lang", help="Language: en or nl (default REGIE_LANG, else en).")
VENDORS = typer.Option(None, "--vendor", help="Only this vendor (repeat for more).")


@app.command("template")
@guarded
def template(
    xlsx: Path = typer.Option(..., "--xlsx", help="Where to write the quote form (XLSX)."),
    lang: str | None = LANG,
    channels: str = typer.Option(
        ",".join(DEFAULT_CHANNELS), "--channels", help="Channel keys, comma-separated."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    json: bool = JSON,
) -> None:
    """Write the quote form to send to vendors, with drop-downs and checked number cells."""
    from regie.reports.quote_template import write_quote_template

    loc = Locale(resolve_language(lang))
    if xlsx.exists() and not force:
        raise Conflict(f"{xlsx}: already exists; use --force to overwrite it")
    keys = _channels(channels)
    write_quote_template(xlsx, loc, keys)
    if json:
        print_json({"file": str(xlsx), "lang": loc.lang, "channels": keys})
        return
    console.print(loc.t("Wrote {path}", path=xlsx))


def _channels(text: str) -> list[str]:
    import re

    keys = [k.strip().lower() for k in text.split(",") if k.strip()]
    wrong = [k for k in keys if not re.match(CHANNEL_KEY, k)]
    if not keys or wrong or len(set(keys)) != len(keys):
        raise InvalidInput(
            f"--channels {text!r}: give distinct channel keys in lower case, e.g. phone,email,chat"
        )
    return keys


@app.command("import")
@guarded
def import_command(
    path: Path = typer.Argument(..., help="The filled quote form (XLSX)."),
    vendor: str = typer.Option(..., "--vendor", help="The vendor who sent it."),
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Read a filled quote form and store it as the vendor's active quote."""
    loc = Locale(resolve_language(lang))
    book = bootstrap.quotes(workspace)
    imported = import_quote(bootstrap.store(workspace), book, path, vendor)
    if json:
        print_json(
            {
                **_info_json(imported.info),
                "unchanged": imported.unchanged,
                "missing": list(imported.missing),
            }
        )
        return
    _print_import(imported, loc)


def _print_import(imported: ImportedQuote, loc: Locale) -> None:
    info = imported.info
    names = {"file": info.file_name, "version": info.version, "vendor": info.vendor}
    if imported.unchanged:
        text = loc.t(
            "{file} is already version {version} of {vendor}'s quote; nothing changed.", **names
        )
    else:
        text = loc.t("Stored {file} as version {version} of {vendor}'s quote.", **names)
    console.print(text)
    if imported.missing:
        heading = loc.t("Missing items (unforeseen-cost risks):")
        console.print(f"[yellow]{heading}[/]")
        for key in imported.missing:
            console.print(f"  • {item_label(key, loc)}")


@app.command("list")
@guarded
def list_quotes(
    vendor: list[str] | None = VENDORS,
    history: bool = typer.Option(False, "--history", help="Every version, not only the active."),
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """The stored quotes: the active one of each vendor, or every version."""
    loc = Locale(resolve_language(lang))
    book = bootstrap.quotes(workspace)
    found = stored_quotes(bootstrap.store(workspace), book, vendor or [], history)
    if json:
        print_json([_info_json(q) for q in found])
        return
    table = Table(
        loc.t("Vendor"),
        loc.t("Version"),
        loc.t("Active"),
        loc.t("File"),
        loc.t("Imported"),
        "SHA-256",
        title=loc.t("Quotes"),
    )
    for q in found:
        table.add_row(
            q.vendor,
            str(q.version),
            loc.t("yes") if q.active else loc.t("no"),
            q.file_name,
            f"{q.imported_at:%Y-%m-%d %H:%M}",
            q.sha256[:12],
        )
    console.print(table)


def _info_json(info: QuoteInfo) -> dict[str, Any]:
    fields = {f.name: getattr(info, f.name) for f in dataclasses.fields(info)}
    fields.pop("id")
    return {**fields, "imported_at": info.imported_at.isoformat(), "quote": quote_data(info.quote)}


@app.command("compare")
@guarded
def compare(
    case: Path = typer.Option(..., "--case", help="The business case (TOML) giving the scope."),
    vendor: list[str] | None = VENDORS,
    coverage: str | None = typer.Option(
        None,
        "--coverage",
        help="Days you need covered: weekdays, weekdays_saturday, all_week, 24/7.",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Also write quote-comparison.html, .pdf and .xlsx here."
    ),
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Price every quote on the case's scope: TCO over 12 and 24 months, ranked on TCO."""
    loc = Locale(resolve_language(lang))
    book = bootstrap.quotes(workspace)
    quotes = stored_quotes(bootstrap.store(workspace), book, vendor or [])
    result = compare_quotes(load_case(case), quotes, _coverage(coverage))
    written = _reports(result, out, loc) if out is not None else []
    if json:
        print_json({**comparison_json(result, loc), "files": [str(p) for p in written]})
        return
    render(result, loc)
    for path in written:
        console.print(loc.t("Wrote {path}", path=path))


def _coverage(text: str | None) -> Coverage | None:
    if text is None:
        return None
    code = choice_code("coverage", text)
    if code is None:
        raise InvalidInput(f"--coverage {text}: use one of {', '.join(COVERAGES)}")
    return next(c for c in COVERAGES if c == code)


def _reports(result: QuoteComparison, out: Path, loc: Locale) -> list[Path]:
    from regie.reports.quote_compare_report import write_quote_comparison

    return write_quote_comparison(result, out, loc)


def render(c: QuoteComparison, loc: Locale) -> None:
    """The comparison as a terminal table, then each quote's findings."""
    long = max(HORIZONS)
    table = Table(
        title=loc.t(
            "Quotes compared on {case} (ranked on TCO over {months} months)",
            case=c.case.name,
            months=long,
        )
    )
    headers = [loc.t("Rank"), loc.t("Vendor"), loc.t("Hourly rate"), loc.t("Onboarding")]
    headers += [loc.t("TCO {months} months", months=h) for h in HORIZONS]
    headers += [loc.t("Cost per ticket, {months} months", months=long), loc.t("Missing items")]
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i in (1,) else "right")
    for p in c.quotes:
        rate = p.info.quote.hourly_rate
        table.add_row(
            str(p.rank or "—"),
            p.info.vendor,
            "—" if rate is None else loc.money(rate),
            loc.money(p.onboarding),
            *(_money(p.tco(h), loc) for h in HORIZONS),
            _money(p.cost_per_ticket(long), loc),
            str(len(p.missing)),
        )
    table.add_section()
    inhouse = [loc.money(c.inhouse[h].inhouse_tco) for h in HORIZONS]
    unit = loc.money(c.inhouse[long].cost_per_ticket_inhouse)
    table.add_row("", loc.t("In-house"), "", "", *inhouse, unit, "")
    console.print(table)
    for w in c.warnings:
        warning = loc.t("Warning")
        console.print(f"[bold yellow]{warning}:[/] {flag_text(w, loc)}")
    for p in c.quotes:
        if p.flags:
            console.print(f"\n[bold]{p.info.vendor}[/]")
        for f in p.flags:
            style = {"missing": "yellow", "scope": "magenta", "risk": "red"}.get(f.kind, "")
            console.print(f"  [{style}]•[/] {flag_text(f, loc)}")


def _money(value: float | None, loc: Locale) -> str:
    return "—" if value is None else loc.money(value)
