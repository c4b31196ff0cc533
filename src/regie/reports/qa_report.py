"""QA as reports: the month's IQS page (interactive, offline), its PDF and workbook; samples.

``qa-<vendor>-<month>.html``, ``.pdf`` and ``.xlsx`` hold what ``regie qa iqs`` shows:
the IQS with its 95 % interval and n (a warning under 50 reviews), a chart of the review
scores, the mean score per category (chart and table), per channel, the calibration
agreement and every review counted (pseudonyms only; comments never appear). A sample
(``regie qa sample --out``) is written as CSV or XLSX: the sampled contacts, then the
columns a reviewer fills in.

Each file is written under a temporary name beside its target and renamed into place
when complete, so a reader never finds a half-written file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import polars as pl
import vl_convert as vlc

from regie import __version__
from regie.domain.errors import InvalidInput
from regie.domain.qa import MIN_REVIEWS, Agreement, MeanInterval, Scorecard
from regie.i18n import Locale
from regie.ingest.qa_reviews import SAMPLE_COLUMNS
from regie.reports.case_charts import Spec
from regie.reports.case_report import chart_svg, vega_bundle
from regie.reports.publishing import atomic, publish
from regie.reports.qa_xlsx import write_qa_xlsx, write_sample_xlsx
from regie.reports.statement_report import slug
from regie.services.qa import QaMonth, Sample, StoredReview
from regie.services.statement_text import channel_name

SHOWN_REVIEWS = 200  # reviews listed in the page and PDF; the workbook has all
PSEUDONYM = 10  # characters of a pseudonym shown in the reviews table (all in a tooltip)
WIDTH = 560
FONT = "DejaVu Sans"
COLOURS = ("#1f5f8b", "#c0392b")  # ordinary, critical
FILL_IN = ("reviewer", "reviewed_at")
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("regie.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_D3_LOCALES: dict[str, Any] = {"en": "en-GB", "nl": "nl-NL"}


def qa_stem(m: QaMonth) -> str:
    return f"qa-{slug(m.vendor)}-{m.month}"


def write_qa(m: QaMonth, out: Path, loc: Locale) -> list[Path]:
    """Write ``qa-<vendor>-<month>.html``, ``.pdf`` and ``.xlsx`` into ``out``."""
    charts = {"scores": score_chart(m, loc), "categories": category_chart(m, loc)}
    page = render_html(m, loc, charts)
    printed = render_html(m, loc, charts, interactive=False)
    return publish(out, qa_stem(m), page, printed, lambda p: write_qa_xlsx(m, p, loc))


def write_sample(sample: Sample, path: Path, card: Scorecard | None = None) -> Path:
    """The sample as ``.csv`` or ``.xlsx``: its contacts, then the columns to fill in.

    ``created_at`` is the local time of the sample's time zone, with its offset. With a
    scorecard, a column per category follows ``reviewer`` and ``reviewed_at``, then
    ``comment``: the file is then the reviews file ``regie qa import`` reads.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"--out {path.name}: give a file ending in .csv or .xlsx")
    frame = sample_frame(sample, card)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        atomic(path, lambda p: frame.write_csv(p))
    else:
        atomic(path, lambda p: write_sample_xlsx(frame, p))
    return path


def sample_frame(sample: Sample, card: Scorecard | None = None) -> pl.DataFrame:
    """The sample's contacts as text, plus empty columns for the reviewer."""
    zone = sample.info.sample.timezone
    local = pl.col("created_at").dt.convert_time_zone(zone).dt.strftime("%Y-%m-%dT%H:%M:%S%:z")
    empty = [*FILL_IN, *(card.keys if card else ()), "comment"]
    return sample.contacts.select(
        *(local.alias(c) if c == "created_at" else pl.col(c) for c in SAMPLE_COLUMNS),
        *(pl.lit("").alias(c) for c in empty),
    )


def render_html(
    m: QaMonth, loc: Locale, charts: dict[str, Spec | None], interactive: bool = True
) -> str:
    """The QA page; ``interactive=False`` gives the PDF's (charts as SVG, no script)."""
    shown = {k: v for k, v in charts.items() if v is not None}
    context = qa_context(m, loc)
    context["interactive"] = interactive
    context["charts"] = shown
    context["svgs"] = {} if interactive else {k: chart_svg(v, loc) for k, v in shown.items()}
    if interactive and shown:
        context["bundle"] = vega_bundle()
        context["d3_locale"] = vlc.get_format_locale(_D3_LOCALES[loc.lang])
    return _TEMPLATES.get_template("qa.html.j2").render(**context)


def _score(value: float | None, loc: Locale) -> str:
    return "—" if value is None else loc.number(value, 1)


def interval_text(found: MeanInterval, loc: Locale) -> str:
    if found.low is None or found.high is None:
        return "—"
    return f"{loc.number(found.low, 1)} – {loc.number(found.high, 1)}"


def _agreement(label: str, a: Agreement, loc: Locale) -> dict[str, str]:
    return {
        "label": label,
        "units": loc.number(a.units, 0),
        "pairs": loc.number(a.pairs, 0),
        "mad": _score(a.mean_abs_diff, loc),
        "exact": "—" if a.exact_share is None else loc.percent(a.exact_share * 100, 0),
        "alpha": "—" if a.alpha is None else loc.number(a.alpha, 3),
    }


def qa_context(m: QaMonth, loc: Locale) -> dict[str, Any]:
    """Every figure of the page, formatted for the locale."""
    cal = m.calibration
    return {
        "t": loc.t,
        "lang": loc.lang,
        "version": __version__,
        "today": loc.date(date.today()),
        "m": m,
        "iqs": _score(m.iqs.mean, loc),
        "interval": interval_text(m.iqs, loc),
        "n": loc.number(m.iqs.n, 0),
        "minimum": MIN_REVIEWS,
        "scorecards": ", ".join(m.scorecards),
        "samples": [
            loc.t(
                "sample {id}: {drawn} of {population} contacts, seed {seed}",
                id=s.id,
                drawn=len(s.sample.contact_ids),
                population=sum(p for p, _ in s.sample.strata.values()),
                seed=s.sample.seed,
            )
            for s in m.samples
        ],
        "categories": [
            {
                "label": c.label,
                "key": c.key,
                "short": c.key.replace("_", " "),
                "weight": loc.number(c.weight, 0 if c.weight.is_integer() else 1),
                "critical": c.critical,
                "n": loc.number(c.scores.n, 0),
                "na": loc.number(c.na, 0),
                "mean": _score(c.scores.mean, loc),
                "interval": interval_text(c.scores, loc),
            }
            for c in m.categories
        ],
        "channels": [
            {
                "channel": channel_name(ch, loc),
                "n": loc.number(found.n, 0),
                "iqs": _score(found.mean, loc),
                "interval": interval_text(found, loc),
            }
            for ch, found in m.channels
        ],
        "calibration": [
            _agreement(loc.t("Review score"), cal.overall, loc),
            *(_agreement(c.label, a, loc) for c, a in cal.categories),
        ],
        "bias": [
            {"rater": b.rater, "units": b.units, "diff": loc.number(b.mean_difference, 1)}
            for b in cal.bias
        ],
        "reviews": [_review_row(r, m, loc) for r in m.reviews[:SHOWN_REVIEWS]],
        "shown": min(len(m.reviews), SHOWN_REVIEWS),
    }


def _review_row(r: StoredReview, m: QaMonth, loc: Locale) -> dict[str, Any]:
    return {
        "contact": r.contact_id,
        "channel": channel_name(r.channel, loc),
        "agent": r.agent_key or "—",
        "reviewer": r.reviewer_key,
        "agent_short": (r.agent_key or "—")[:PSEUDONYM],
        "reviewer_short": r.reviewer_key[:PSEUDONYM],
        "score": _score(r.score, loc),
        "failed": ", ".join(r.auto_failed),
        "categories": [_score(r.category_scores.get(c.key), loc) for c in m.categories],
    }


def score_chart(m: QaMonth, loc: Locale) -> Spec | None:
    """Reviews per 10 points of score, with the IQS as a line; None without reviews."""
    if not m.reviews:
        return None
    score_t, count_t = loc.t("Score"), loc.t("Reviews")
    data = alt.Data(values=[{"score": r.score} for r in m.reviews])  # type: ignore[no-untyped-call]
    bars = (
        alt.Chart(data)
        .mark_bar(color=COLOURS[0])
        .encode(
            x=alt.X("score:Q", bin=alt.Bin(extent=[0, 100], step=10), title=score_t),
            y=alt.Y("count():Q", title=count_t),
        )
    )
    mean = alt.Data(values=[{"iqs": m.iqs.mean}])  # type: ignore[no-untyped-call]
    rule = alt.Chart(mean).mark_rule(color="#1d2430", strokeWidth=2).encode(x="iqs:Q")
    title = alt.Title(
        loc.t("Review scores"), subtitle=loc.t("Bars: reviews per 10 points; line: the IQS.")
    )
    return _spec(alt.layer(bars, rule, title=title).properties(width=WIDTH - 120, height=180))


def category_chart(m: QaMonth, loc: Locale) -> Spec | None:
    """Each category's mean score with its 95 % interval; critical ones in red."""
    data = [
        {
            "label": c.label,
            "mean": c.scores.mean,
            "low": c.scores.low,
            "high": c.scores.high,
            "kind": loc.t("critical") if c.critical else loc.t("ordinary"),
        }
        for c in m.categories
        if c.scores.mean is not None
    ]
    if not data:
        return None
    scale = alt.Scale(domain=[0, 100])
    colour = alt.Color(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=[loc.t("ordinary"), loc.t("critical")], range=list(COLOURS)),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=data)).encode(  # type: ignore[no-untyped-call]
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    )
    bars = base.mark_bar(opacity=0.8).encode(
        x=alt.X("mean:Q", title=loc.t("Mean score"), scale=scale), color=colour
    )
    whiskers = base.mark_rule(color="#1d2430").encode(x=alt.X("low:Q", scale=scale), x2="high:Q")
    title = alt.Title(
        loc.t("Mean score per category (95 % interval)"),
        subtitle=loc.t("Bar: the mean of the category's scores; line: its 95 % interval."),
    )
    chart = alt.layer(bars, whiskers, title=title)
    return _spec(chart.properties(width=WIDTH - 220, height=max(60, 30 * len(data))))


def _spec(chart: Any) -> Spec:
    spec: Spec = chart.configure(font=FONT).to_dict()
    spec.pop("$schema", None)
    return spec
