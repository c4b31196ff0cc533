"""The governance API's request and response bodies: the same JSON as the CLI's ``--json``
(``regie evaluate``, ``regie contract list|check``, ``regie watch``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Money = str  # euros with two decimals, "1250.00": no float rounds it


class VendorOut(BaseModel):
    name: str
    created_at: datetime
    contract_versions: int
    recorded_months: int
    last_recorded_month: str | None


class RecordedMonthOut(BaseModel):
    vendor: str
    month: str
    revision: int
    revisions: int
    recorded_at: datetime
    contract_version: int
    met: int
    missed: int
    insufficient: int
    net_adjustment: Money


class ContractRef(BaseModel):
    version: int
    effective_from: str
    sha256: str
    earn_back_months: int | None


class Volume(BaseModel):
    channel: str
    offered: int
    handled: int
    abandoned: int


class Outcome(BaseModel):
    status: str
    value: float | None
    margin: float | None
    n: int | None


class Judged(BaseModel):
    key: str
    measure: str
    direction: str
    target: float
    target_high: float | None
    outcome: Outcome
    hits: int | None
    low: float | None
    high: float | None
    note: str | None
    norm_seconds: float | None
    calendar: str | None


class Adjustment(BaseModel):
    kind: str
    rule: str
    target: str
    tier: int
    amount: Money


class Penalty(Adjustment):
    charged: Money


class Settlement(BaseModel):
    penalties: list[Penalty]
    bonuses: list[Adjustment]
    penalty_total: Money
    bonus_total: Money
    penalty_cap: Money | None
    bonus_cap: Money | None
    penalty_charged: Money
    bonus_paid: Money
    net: Money


class EarnBack(BaseModel):
    month: str
    penalty: Adjustment
    charged: Money
    status: str
    refund: Money


class Record(BaseModel):
    revision: int
    recorded_at: str
    recorded_now: bool


class StatementOut(BaseModel):
    """A month's statement as ``regie evaluate --json`` prints it; ``record`` None: a draft."""

    vendor: str
    month: str
    timezone: str
    contract: ContractRef
    batches: list[int]
    cutoff: str | None
    monthly_fee: Money
    volumes: list[Volume]
    cost_per_contact: Money | None
    judged: list[Judged]
    settlement: Settlement
    earn_backs: list[EarnBack]
    refunds: Money
    net_adjustment: Money
    record: Record | None
    files: list[str] = []


class EvaluateIn(BaseModel):
    """``regie evaluate`` options: a draft, or recorded (a new revision with recalculate)."""

    model_config = ConfigDict(extra="forbid")
    draft: bool = False
    recalculate: bool = False
    billed_hours: Annotated[float, Field(ge=0, le=1e7)] | None = None
    billed_fte: Annotated[float, Field(ge=0, le=1e5)] | None = None


Cell = str | int | float | bool | None


class ExplanationOut(BaseModel):
    """``regie evaluate --explain --json``: the contacts counting against a target."""

    target: str
    figure: str
    total: int
    contacts: list[dict[str, Cell]]


class ContractOut(BaseModel):
    """A stored version as ``regie contract list --json`` gives it (``text``: the file)."""

    vendor: str
    version: int
    effective_from: str
    file: str
    sha256: str
    added_at: str
    monthly_fee: Money
    norms: list[str]
    kpis: list[str]
    text: str | None = None


class ContractIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file_name: str = Field("contract.toml", min_length=1, max_length=200)
    text: str = Field(..., min_length=1, max_length=1_000_000)


class ContractCheckOut(BaseModel):
    """``regie contract check --json``."""

    effective_from: str
    monthly_fee: Money
    norms: list[str]
    kpis: list[str]


class BaselineOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str


class SignalOut(BaseModel):
    channel: str
    kpi: str
    measure: str
    direction: str
    since: str
    last_beyond: str
    beyond_now: bool
    baseline: BaselineOut
    baseline_mean: float
    statistic: float
    limit: float
    target: float | None
    target_first_missed: str | None


class NoBaselineOut(BaseModel):
    channel: str
    kpi: str
    problem: str | None


class WatchOut(BaseModel):
    """``regie watch --json``: the open signals and the series without a baseline."""

    vendor: str
    until: str
    method: str
    open_days: int
    watched: int
    signals: list[SignalOut]
    no_baseline: list[NoBaselineOut]
