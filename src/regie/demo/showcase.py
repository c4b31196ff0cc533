"""Every report of the demo company in one folder, with an ``index.html`` that links them.

:func:`write_showcase` runs the product's own report writers on the company that
:func:`regie.demo.company.build_company` made: the business case, the quote comparison,
the pilot at day 60 and 90, monthly statements (the first month, the first month with a
miss, the last month) with the contacts behind each miss, the weekly, monthly and
quarterly reports, QA, and the early-warning signals — and says, for each signal, when
it came and when the monthly target was first missed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from regie import bootstrap
from regie.demo.company import Company
from regie.demo.governance import Month
from regie.demo.plan import CHOSEN
from regie.domain.penalties import Status
from regie.i18n import Locale
from regie.reports import cadence_report, case_report, pilot_report, qa_report, statement_report
from regie.reports.quote_compare_report import write_quote_comparison
from regie.reports.watch_charts import series_label
from regie.services import cadence
from regie.services.explain import explain
from regie.services.statement_json import statement_from_json
from regie.services.watch import WatchResult, watch

Listener = Callable[[str], None]


@dataclass(frozen=True)
class Entry:
    """One report on the index: its title, what it shows, and its files."""

    section: str
    title: str
    about: str
    files: tuple[Path, ...]


@dataclass(frozen=True)
class Showcase:
    index: Path
    entries: tuple[Entry, ...]
    signals: tuple[tuple[str, date, date | None], ...]  # series, signal since, first missed


def write_showcase(
    company: Company, out: Path, loc: Locale, listener: Listener = lambda _: None
) -> Showcase:
    """Write every report into ``out`` and ``out/index.html``; return what was written."""
    out.mkdir(parents=True, exist_ok=True)
    entries = [entry for entry in _entries(company, out, loc, listener)]
    warning = watch(
        bootstrap.store(company.request.workspace),
        bootstrap.governance(company.request.workspace),
        CHOSEN.name,
    )
    signals = tuple((series_label(s.series, loc), s.since, s.first_missed) for s in warning.signals)
    index = out / "index.html"
    index.write_text(_index(company, entries, warning, signals, out, loc), encoding="utf-8")
    return Showcase(index, tuple(entries), signals)


def _entries(company: Company, out: Path, loc: Locale, tell: Listener) -> Iterator[Entry]:
    root = company.request.workspace
    store, book = bootstrap.store(root), bootstrap.governance(root)
    tell("case")
    case_files = case_report.write_case_reports(company.evaluation, out / "case", loc)
    yield Entry(loc.t("Decide"), loc.t("Business case"),
                loc.t("In-house against outsourced: TCO, scenarios, Monte Carlo, the advice."),
                tuple(case_files))  # fmt: skip
    tell("quotes")
    quote_files = write_quote_comparison(company.quotes.comparison, out / "quotes", loc)
    yield Entry(loc.t("Select"), loc.t("Quote comparison"),
                loc.t("Three quotes priced on the same case: TCO over 12 and 24 months, gaps."),
                tuple(quote_files))  # fmt: skip
    tell("pilot")
    for day in (60, 90):
        check = company.pilot.checks[day]
        files = pilot_report.write_pilot(check, out / "pilot", loc)
        yield Entry(loc.t("Pilot"), loc.t("Pilot, day {day}", day=day),
                    loc.t("Five KPIs per vendor, the 4-of-5 rule, vendors side by side."),
                    tuple(files))  # fmt: skip
    tell("statements")
    for month in _statement_months(company.governance.months):
        statement = statement_from_json(month.statement)
        missed = [j.key for j in statement.judged if j.outcome.status is Status.MISSED]
        behind = [explain(store, book, CHOSEN.name, month.month, key) for key in missed]
        files = statement_report.write_statement(statement, out / "statements", loc, behind)
        yield Entry(loc.t("Govern"), loc.t("Statement {month}", month=month.month),
                    loc.t("Norms and KPIs met or missed, penalties, bonuses, net adjustment."),
                    tuple(files))  # fmt: skip
    tell("reports")
    yield from _cadence(company, out, loc)


def _statement_months(months: tuple[Month, ...]) -> list[Month]:
    """The first month, the first month with a miss, and the last month."""
    chosen = [months[0], next((m for m in months if m.missed), months[0]), months[-1]]
    return list({m.month: m for m in chosen}.values())


def _cadence(company: Company, out: Path, loc: Locale) -> Iterator[Entry]:
    root = company.request.workspace
    store, book, qa = bootstrap.store(root), bootstrap.governance(root), bootstrap.qa(root)
    months = [m.month for m in company.governance.months]
    last = months[-1]
    first_day = date.fromisoformat(f"{last}-01")
    week = f"{first_day.isocalendar().year}-W{first_day.isocalendar().week + 1:02d}"
    weekly = cadence.weekly(store, book, CHOSEN.name, week)
    yield Entry(loc.t("Govern"), loc.t("Weekly KPI overview {period}", period=week),
                loc.t("Each channel's week against the contract's targets."),
                tuple(cadence_report.write_weekly(weekly, out / "reports", loc)))  # fmt: skip
    for month in sorted({_first_missed_month(company) or last, last}):
        monthly = cadence.monthly(store, book, qa, CHOSEN.name, month)
        yield Entry(loc.t("Govern"), loc.t("Monthly quality analysis {period}", period=month),
                    loc.t("Statement, QA, six-month trends and early-warning control charts."),
                    tuple(cadence_report.write_monthly(monthly, out / "reports", loc)))  # fmt: skip
    quarter = f"{first_day.year}-Q{(first_day.month - 1) // 3}"
    if first_day.month > 3:
        quarterly = cadence.quarterly(store, book, CHOSEN.name, quarter, company.evaluation.case)
        files = cadence_report.write_quarterly(quarterly, out / "reports", loc)
        yield Entry(loc.t("Govern"), loc.t("Quarterly evaluation {period}", period=quarter),
                    loc.t("The business case against actuals, the re-forecast, the advice."),
                    tuple(files))  # fmt: skip
    for month in sorted(company.qa.samples):
        found = cadence.qa_month(store, qa, CHOSEN.name, month)
        if found is not None:
            yield Entry(loc.t("Govern"), loc.t("QA {month}", month=month),
                        loc.t("IQS with its interval, categories, reviewer calibration."),
                        tuple(qa_report.write_qa(found, out / "qa", loc)))  # fmt: skip


def _first_missed_month(company: Company) -> str | None:
    quality = ("kpi.fcr", "kpi.csat_top2", "kpi.csat_mean")
    found = [m.month for m in company.governance.months if set(m.missed) & set(quality)]
    return found[0] if found else None


def _index(
    company: Company,
    entries: list[Entry],
    warning: WatchResult,
    signals: tuple[tuple[str, date, date | None], ...],
    out: Path,
    loc: Locale,
) -> str:
    title = loc.t("Regie demo company")
    rows = "".join(_entry_row(e, out) for e in entries)
    signal_rows = (
        "".join(
            f"<tr><td>{html.escape(name)}</td><td>{since}</td>"
            f"<td>{missed.strftime('%Y-%m') if missed else html.escape(loc.t('not yet'))}</td></tr>"
            for name, since, missed in signals
        )
        or f"<tr><td colspan=3>{html.escape(loc.t('No open signal.'))}</td></tr>"
    )
    story = loc.t(
        "{vendor} was chosen after quotes, due diligence and a 90-day pilot. From month 8 its "
        "quality declines slowly; the control charts see it before the monthly targets do.",
        vendor=CHOSEN.name,
    )
    return _PAGE.format(
        lang=loc.lang,
        title=html.escape(title),
        story=html.escape(story),
        rows=rows,
        signals_title=html.escape(loc.t("Early-warning signals")),
        series=html.escape(loc.t("Series")),
        since=html.escape(loc.t("Signal since")),
        missed=html.escape(loc.t("Target first missed")),
        signal_rows=signal_rows,
        until=html.escape(loc.t("Watched up to {day}", day=warning.until)),
        workspace=html.escape(str(company.request.workspace)),
    )


def _entry_row(entry: Entry, out: Path) -> str:
    links = " · ".join(
        f'<a href="{html.escape(path.relative_to(out).as_posix())}">'
        f"{html.escape(path.suffix.lstrip('.').upper())}</a>"
        for path in entry.files
    )
    return (
        f"<tr><td>{html.escape(entry.section)}</td><td>{html.escape(entry.title)}</td>"
        f"<td>{html.escape(entry.about)}</td><td>{links}</td></tr>"
    )


_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 64rem;
       color: #1f2937; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e5e7eb; }}
th {{ background: #f3f4f6; }} h1 {{ margin-bottom: .2rem; }} .muted {{ color: #6b7280; }}
</style></head><body>
<h1>{title}</h1><p>{story}</p>
<table>{rows}</table>
<h2>{signals_title}</h2><p class="muted">{until}</p>
<table><tr><th>{series}</th><th>{since}</th><th>{missed}</th></tr>{signal_rows}</table>
<p class="muted">{workspace}</p>
</body></html>
"""
