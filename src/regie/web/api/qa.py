"""API: QA — the IQS of a vendor's month (``regie qa iqs``) and its samples."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from regie.domain.access import Principal
from regie.domain.qa import CONFIDENCE, MIN_REVIEWS, MeanInterval
from regie.services.qa import QaMonth, SampleInfo, month_results
from regie.web.access import READ
from regie.web.context import Context, context
from regie.web.pages.qa import MONTH, vendor_samples

router = APIRouter(prefix="/qa", tags=["qa"])
VENDOR = Query(..., min_length=1, max_length=200)
MONTH_QUERY = Query(..., pattern=MONTH)


class Interval(BaseModel):
    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


class CategoryScore(Interval):
    key: str
    label: str
    weight: float
    critical: bool
    na: int


class ChannelScore(Interval):
    channel: str


class Agreement(BaseModel):
    units: int
    pairs: int
    mean_abs_diff: float | None
    exact_share: float | None
    alpha: float | None


class CategoryAgreement(Agreement):
    key: str


class ReviewerBias(BaseModel):
    rater: str
    units: int
    mean_difference: float


class Calibration(BaseModel):
    reviews: int
    reviewers: int
    overall: Agreement
    categories: list[CategoryAgreement]
    reviewer_bias: list[ReviewerBias]


class Stratum(BaseModel):
    population: int
    drawn: int


class Sample(BaseModel):
    id: int
    vendor: str
    month: str
    timezone: str
    size: int
    drawn: int
    seed: int
    strata: dict[str, Stratum]
    drawn_at: datetime


class Iqs(BaseModel):
    vendor: str
    month: str
    scorecards: list[str]
    iqs: Interval
    confidence: float
    min_reviews: int
    warning: bool
    auto_failed: int
    categories: list[CategoryScore]
    channels: list[ChannelScore]
    calibration: Calibration
    samples: list[Sample]


def _interval(found: MeanInterval) -> Interval:
    return Interval(n=found.n, mean=found.mean, sd=found.sd, low=found.low, high=found.high)


def sample_model(info: SampleInfo) -> Sample:
    s = info.sample
    strata = {c: Stratum(population=p, drawn=d) for c, (p, d) in s.strata.items()}
    return Sample(id=info.id, vendor=info.vendor, month=s.month, timezone=s.timezone,
                  size=s.size, drawn=len(s.contact_ids), seed=s.seed, strata=strata,
                  drawn_at=info.drawn_at)  # fmt: skip


def _calibration(m: QaMonth) -> Calibration:
    cal = m.calibration
    return Calibration(
        reviews=cal.reviews,
        reviewers=cal.reviewers,
        overall=Agreement(**asdict(cal.overall)),
        categories=[CategoryAgreement(key=c.key, **asdict(a)) for c, a in cal.categories],
        reviewer_bias=[ReviewerBias(**asdict(b)) for b in cal.bias],
    )


def iqs_model(m: QaMonth) -> Iqs:
    categories = [
        CategoryScore(
            key=c.key,
            label=c.label,
            weight=c.weight,
            critical=c.critical,
            na=c.na,
            **_interval(c.scores).model_dump(),
        )
        for c in m.categories
    ]
    channels = [ChannelScore(channel=ch, **_interval(f).model_dump()) for ch, f in m.channels]
    return Iqs(vendor=m.vendor, month=m.month, scorecards=list(m.scorecards),
               iqs=_interval(m.iqs), confidence=CONFIDENCE, min_reviews=MIN_REVIEWS,
               warning=m.warning, auto_failed=m.auto_failed, categories=categories,
               channels=channels, calibration=_calibration(m),
               samples=[sample_model(s) for s in m.samples])  # fmt: skip


@router.get("/iqs", name="api.qa.iqs", response_model=Iqs)
def iqs(
    vendor: str = VENDOR,
    month: str = MONTH_QUERY,
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Iqs:
    """The month's IQS with its 95 % interval, per category and channel, and calibration."""
    user.require_vendor(vendor)
    return iqs_model(month_results(ctx.store, ctx.qa, vendor, month))


@router.get("/samples", name="api.qa.samples", response_model=list[Sample])
def samples(
    vendor: str = VENDOR,
    month: str = MONTH_QUERY,
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> list[Sample]:
    """The samples drawn of the vendor's contacts of ``month``."""
    return [sample_model(s) for s in vendor_samples(ctx, user, vendor, month)]
