"""The demo's pilot: 90 days on the phone with two vendors, judged on five KPIs.

From 6 January 2025 each piloted vendor answers half of the company's calls, working to
its own :class:`~regie.demo.service.Profile`: the chosen vendor resolves more calls at
the first contact, satisfies more callers and keeps calls shorter than the runner-up.
Each vendor's call log is generated (no campaigns, no decline), imported through the
mapped importer as the pilot queue (:mod:`regie.demo.loading`), and the pilot file is
written from the real template (:func:`regie.files.pilot_template.pilot_template`) with
the thresholds below — then checked on days 30, 60 and 90 by the real use case.

Thresholds: CSAT ≥ 65 % top-2, median answer time ≤ 20 s, AHT 180–480 s, FCR ≥ 72 %
(the wrap-up code), cost per call ≤ € 3.50. The fee of each vendor is its price per call
times the calls it is expected to answer. At day 60 the chosen vendor meets 4 or 5 KPIs
(scale up in phases), the runner-up about 2 (stop).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final

from regie.config import Language
from regie.demo.loading import import_exports, use_pilot_queue
from regie.demo.operations import Size, generate
from regie.demo.plan import (
    COMPANY,
    DECISION_DAY,
    PILOT_DAYS,
    PILOT_MONTHS,
    PILOT_SHARE,
    PILOT_START,
    PILOTED,
    expected_volumes,
    pilot_dates,
    seed_for,
)
from regie.demo.service import Story
from regie.files.pilot_loader import load_pilot
from regie.files.pilot_template import PilotChoices, pilot_template
from regie.services.pilot import PilotCheck, check_pilot
from regie.services.ports import ContactStore

CHANNEL: Final = "phone"
PRICE_PER_CALL: Final = (Decimal("3.10"), Decimal("2.80"))
"""Per piloted vendor, in :data:`~regie.demo.plan.PILOTED` order."""
CHECK_DAYS: Final = (30, DECISION_DAY, PILOT_DAYS)


@dataclass(frozen=True)
class PilotOutcome:
    file: Path
    call_logs: dict[str, Path]
    calls: dict[str, int]
    """Calls imported per vendor (the call log's lines less those ended in the menu)."""
    checks: dict[int, PilotCheck]
    """The pilot checked on days 30, 60 and 90."""


def fees(size: Size) -> tuple[Decimal, ...]:
    """Each piloted vendor's fee for the 90 days: its price per expected call, in tens."""
    calls = Decimal(expected_volumes(*pilot_dates(), size, PILOT_SHARE)[CHANNEL])
    return tuple((price * calls / 10).quantize(Decimal(1)) * 10 for price in PRICE_PER_CALL)


def pilot_file(size: Size, lang: Language) -> str:
    """The pilot file (``pilot.toml``) in ``lang``, filled from the real template."""
    choices = PilotChoices(
        vendors=tuple(v.name for v in PILOTED),
        fees=fees(size),
        channel=CHANNEL,
        start=PILOT_START,
        days=PILOT_DAYS,
        name=f"{COMPANY}: telephony pilot",
        csat_target=0.65,
        frt_seconds=20.0,
        aht_min=180.0,
        aht_max=480.0,
        fcr_target=0.72,
        cost_max=Decimal("3.50"),
    )
    return pilot_template(lang, choices)


def run_pilot(
    store: ContactStore, folder: Path, size: Size, seed: int, lang: Language
) -> PilotOutcome:
    """Generate and import both vendors' pilot calls, write the pilot file, check it."""
    logs: dict[str, Path] = {}
    calls: dict[str, int] = {}
    for part, vendor in enumerate(PILOTED, start=1):
        operations = generate(
            folder / "pilot" / vendor.slug,
            PILOT_START,
            months=PILOT_MONTHS,
            size=size,
            seed=seed_for(seed, part),
            story=Story(),
            campaigns=(),
            profile=vendor.profile,
            share=PILOT_SHARE,
        )
        use_pilot_queue(operations)
        (batch,) = import_exports(store, operations, vendor.name, formats=("mapped",))
        logs[vendor.name], calls[vendor.name] = operations.exports["mapped"], batch.imported
    path = folder / "pilot.toml"
    path.write_text(pilot_file(size, lang), encoding="utf-8")
    pilot = load_pilot(path)
    checks = {day: check_pilot(store, pilot, day) for day in CHECK_DAYS}
    return PilotOutcome(path, logs, calls, checks)
