"""``regie qa``: Quality assurance: samples, reviews, IQS and calibration."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import polars as pl
import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.domain.errors import Conflict
from regie.domain.qa import CONFIDENCE, MIN_REVIEWS, MeanInterval
from regie.files.qa_scorecard_loader import load_scorecard
from regie.files.qa_template import scorecard_template
from regie.i18n import Locale, resolve_language
from regie.services.ports import ContactStore
from regie.services.qa import (
    DEFAULT_TIMEZONE,
    QaMonth,
    QaStore,
    ReviewImport,
    Sample,
    SampleInfo,
    draw_sample,
    import_reviews,
    month_results,
)
from regie.services.statement_text import channel_name

app = typer.Typer(
    help="Quality assurance: samples, reviews, IQS and calibration.", no_args_is_help=True
)
VENDOR = typer.Option(..., "--vendor", help="The vendor.")
MONTH = typer.Option(..., "--month", help="The month, YYYY-MM.")
TIMEZONE = typer.Option(
    DEFAULT_TIMEZONE, "--timezone", help="Where months begin and end (IANA time zone)."
)
LANG = typer.Option(None, "--lang", help="Language: en or nl.")


def _stores(workspace: Path | None) -> tuple[ContactStore, QaStore]:
    return bootstrap.store(workspace), bootstrap.qa(workspace)


@app.command("template")
@guarded
def template(
    path: Path = typer.Argument(..., help="Where to write the commented scorecard template."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the comments: en or nl."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented QA scorecard: five categories, weights, scale 1–5, one critical."""
    language = resolve_language(lang)
    if path.exists() and not force:
        raise Conflict(f"{path}: already exists; use --force to overwrite it")
    path.write_text(scorecard_template(language), encoding="utf-8")
    console.print(Locale(language).t("Wrote {path}", path=path))


@app.command("sample")
@guarded
def sample(
    vendor: str = VENDOR,
    month: str = MONTH,
    size: int = typer.Option(MIN_REVIEWS, "--size", help="How many contacts to draw."),
    seed: int | None = typer.Option(None, "--seed", help="Draw the same sample again."),
    out: Path | None = typer.Option(None, "--out", help="Write the sample: FILE.csv or .xlsx."),
    scorecard: Path | None = typer.Option(
        None, "--scorecard", help="Add a column per category: the file becomes a review form."
    ),
    timezone: str = TIMEZONE,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Draw a random sample of the month's contacts, stratified by channel, and record it."""
    from regie.reports.qa_report import write_sample

    card = None if scorecard is None else load_scorecard(scorecard).scorecard
    drawn = draw_sample(*_stores(workspace), vendor, month, size, seed, timezone)
    written = None if out is None else write_sample(drawn, out, card)
    if json:
        contacts = drawn.contacts.with_columns(pl.col("created_at").cast(pl.String))
        print_json({**sample_json(drawn.info), "contacts": contacts.to_dicts(), "file": written})
        return
    _print_sample(drawn, Locale(resolve_language()), written)


def sample_json(info: SampleInfo) -> dict[str, Any]:
    s = info.sample
    return {
        "id": info.id,
        "vendor": info.vendor,
        "month": s.month,
        "timezone": s.timezone,
        "size": s.size,
        "drawn": len(s.contact_ids),
        "seed": s.seed,
        "strata": {c: {"population": p, "drawn": d} for c, (p, d) in s.strata.items()},
        "drawn_at": info.drawn_at.isoformat(),
    }


def _print_sample(drawn: Sample, loc: Locale, written: Path | None) -> None:
    s = drawn.info.sample
    table = Table(
        loc.t("Channel"),
        loc.t("Contacts"),
        loc.t("Drawn"),
        title=loc.t(
            "Sample {id}: {vendor} — {month}",
            id=drawn.info.id,
            vendor=drawn.info.vendor,
            month=s.month,
        ),
    )
    for channel, (population, picked) in s.strata.items():
        table.add_row(channel_name(channel, loc), f"{population:,}", f"{picked:,}")
    console.print(table)
    console.print(
        loc.t("Seed {seed}: give --seed {seed} to draw the same sample again.", seed=s.seed)
    )
    if written is not None:
        console.print(loc.t("Wrote {path}", path=written))


@app.command("import")
@guarded
def import_command(
    path: Path = typer.Argument(..., help="The reviews file (CSV or XLSX)."),
    vendor: str = VENDOR,
    scorecard: Path = typer.Option(..., "--scorecard", help="The scorecard (TOML)."),
    calibration: bool = typer.Option(
        False, "--calibration", help="A calibration session: kept out of the IQS."
    ),
    keep_text: bool = typer.Option(
        False, "--keep-text", help="Keep comments (in the workspace database only)."
    ),
    timezone: str = TIMEZONE,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Import reviews scored on a scorecard: every review or none."""
    store, qa = _stores(workspace)
    done = import_reviews(store, qa, path, vendor, scorecard, calibration, keep_text, timezone)
    if json:
        print_json(import_json(done))
        return
    loc = Locale(resolve_language())
    console.print(
        loc.t(
            "Imported {n} reviews from {file} for {vendor}.",
            n=done.info.reviews,
            file=done.info.file_name,
            vendor=done.info.vendor,
        )
    )
    for month, count in sorted(done.months.items()):
        console.print(f"  {month}: {count}")
    if done.auto_failed:
        console.print(
            loc.t(
                "{n} reviews scored 0: a critical category below its threshold.", n=done.auto_failed
            )
        )
    if done.comments_dropped:
        console.print(
            loc.t(
                "{n} comments dropped (personal data); --keep-text keeps them.",
                n=done.comments_dropped,
            )
        )


def import_json(done: ReviewImport) -> dict[str, Any]:
    i = done.info
    return {
        "id": i.id,
        "vendor": i.vendor,
        "file": i.file_name,
        "scorecard": i.scorecard_name,
        "calibration": i.calibration,
        "reviews": i.reviews,
        "months": done.months,
        "auto_failed": done.auto_failed,
        "comments_dropped": done.comments_dropped,
        "imported_at": i.imported_at.isoformat(),
    }


@app.command("iqs")
@guarded
def iqs(
    vendor: str = VENDOR,
    month: str = MONTH,
    out: Path | None = typer.Option(
        None, "--out", help="Also write qa-<vendor>-<month>.html, .pdf and .xlsx here."
    ),
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """The month's IQS with its 95 % interval, per category and channel, and calibration."""
    loc = Locale(resolve_language(lang))
    found = month_results(*_stores(workspace), vendor, month)
    written: list[Path] = []
    if out is not None:
        from regie.reports.qa_report import write_qa

        written = write_qa(found, out, loc)
    if json:
        print_json({**month_json(found), "files": [str(p) for p in written]})
        return
    _print_month(found, loc)
    for path in written:
        console.print(loc.t("Wrote {path}", path=path))


def _interval(found: MeanInterval) -> dict[str, Any]:
    return {"n": found.n, "mean": found.mean, "sd": found.sd, "low": found.low, "high": found.high}


def month_json(m: QaMonth) -> dict[str, Any]:
    """The ``--json`` contract of ``regie qa iqs``."""
    cal = m.calibration
    return {
        "vendor": m.vendor,
        "month": m.month,
        "scorecards": list(m.scorecards),
        "iqs": {**_interval(m.iqs), "confidence": CONFIDENCE},
        "min_reviews": MIN_REVIEWS,
        "warning": m.warning,
        "auto_failed": m.auto_failed,
        "categories": [
            {
                "key": c.key,
                "label": c.label,
                "weight": c.weight,
                "critical": c.critical,
                "na": c.na,
                **_interval(c.scores),
            }
            for c in m.categories
        ],
        "channels": [{"channel": ch, **_interval(found)} for ch, found in m.channels],
        "calibration": {
            "reviews": cal.reviews,
            "reviewers": cal.reviewers,
            "overall": asdict(cal.overall),
            "categories": [{"key": c.key, **asdict(a)} for c, a in cal.categories],
            "reviewer_bias": [asdict(b) for b in cal.bias],
        },
        "samples": [sample_json(s) for s in m.samples],
        "reviews": [
            {
                "contact_id": r.contact_id,
                "channel": r.channel,
                "agent_key": r.agent_key,
                "reviewer_key": r.reviewer_key,
                "reviewed_on": r.reviewed_on,
                "score": r.score,
                "weighted": r.weighted,
                "auto_failed": list(r.auto_failed),
                "categories": r.category_scores,
            }
            for r in m.reviews
        ],
    }


def _number(value: float | None, loc: Locale, decimals: int = 1) -> str:
    return "—" if value is None else loc.number(value, decimals)


def _range(found: MeanInterval, loc: Locale) -> str:
    if found.low is None or found.high is None:
        return "—"
    return f"{loc.number(found.low, 1)} – {loc.number(found.high, 1)}"


def _print_month(m: QaMonth, loc: Locale) -> None:
    title = loc.t("QA {vendor} — {month}", vendor=m.vendor, month=m.month)
    table = Table("", loc.t("Value"), title=title, show_header=False)
    table.add_row("IQS", _number(m.iqs.mean, loc))
    table.add_row(loc.t("95 % interval"), _range(m.iqs, loc))
    table.add_row(loc.t("Reviews (n)"), f"{m.iqs.n:,}")
    table.add_row(loc.t("Auto-failed reviews"), f"{m.auto_failed:,}")
    table.add_row(loc.t("Scorecards"), ", ".join(m.scorecards))
    console.print(table)
    if m.warning:
        warning = loc.t(
            "Only {n} reviews this month: fewer than {minimum}, too few for reliable QA figures.",
            n=m.iqs.n,
            minimum=MIN_REVIEWS,
        )
        console.print(f"[yellow]{warning}[/]")
    console.print(_categories_table(m, loc))
    channels = Table(loc.t("Channel"), "n", "IQS", loc.t("95 % interval"))
    for channel, found in m.channels:
        channels.add_row(
            channel_name(channel, loc), str(found.n), _number(found.mean, loc), _range(found, loc)
        )
    console.print(channels)
    if m.calibration.reviews:
        console.print(_calibration_table(m, loc))


def _categories_table(m: QaMonth, loc: Locale) -> Table:
    table = Table(
        loc.t("Category"),
        loc.t("Weight"),
        "n",
        loc.t("N/A"),
        loc.t("Mean score"),
        loc.t("95 % interval"),
        title=loc.t("Categories"),
    )
    for c in m.categories:
        label = c.label + (f" [red]({loc.t('critical')})[/]" if c.critical else "")
        table.add_row(
            label,
            f"{c.weight:g}",
            str(c.scores.n),
            str(c.na),
            _number(c.scores.mean, loc),
            _range(c.scores, loc),
        )
    return table


def _calibration_table(m: QaMonth, loc: Locale) -> Table:
    cal = m.calibration
    table = Table(
        "",
        loc.t("Contacts"),
        loc.t("Pairs"),
        loc.t("Mean absolute difference"),
        loc.t("Exact agreement"),
        loc.t("Krippendorff's alpha"),
        title=loc.t("Calibration"),
    )
    rows = [(loc.t("Review score"), cal.overall), *((c.label, a) for c, a in cal.categories)]
    for label, a in rows:
        exact = "—" if a.exact_share is None else loc.percent(a.exact_share * 100, 0)
        table.add_row(
            label,
            str(a.units),
            str(a.pairs),
            _number(a.mean_abs_diff, loc),
            exact,
            _number(a.alpha, loc, 3),
        )
    return table
