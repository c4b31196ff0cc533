"""The commented pilot template (``regie pilot new``), filled with the user's choices.

``templates/pilot.<lang>.toml`` holds ``$name``-style fields (:class:`string.Template`);
:func:`pilot_template` fills them with the vendors, channel, start date, length and the
five thresholds (defaults: DOMAIN §3) and lines the trailing comments up again. A vendor
without a fee gets its ``fee`` line commented out, so ``regie pilot check`` asks for it
instead of silently using € 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files
from string import Template

from regie.config import Language

COMMENT_COLUMN = 36
_KEY_LINE = re.compile(r'^([a-z_]+ = (?:"[^"]*"|[^#"]*?))\s*(#.*)$')
_NO_FEE = {
    "en": "# fill in: the pilot fee in euros (or ticket_rate)",
    "nl": "# invullen: de pilotvergoeding in euro (of ticket_rate)",
}


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


@dataclass(frozen=True)
class PilotChoices:
    """What ``regie pilot new`` was told; thresholds default to DOMAIN §3."""

    vendors: Sequence[str] = ("Vendor A", "Vendor B")
    fees: Sequence[Decimal] = ()  # one per vendor, or one for all; none: fill in later
    channel: str = "email"
    start: date = field(default_factory=lambda: next_monday(date.today()))
    days: int = 60
    name: str = "Pilot"
    timezone: str = "Europe/Amsterdam"
    csat_target: float = 0.85
    frt_seconds: float = 3600.0
    aht_min: float = 180.0
    aht_max: float = 600.0
    fcr_target: float = 0.70
    cost_max: Decimal = Decimal("4.00")


def pilot_template(lang: Language, choices: PilotChoices | None = None) -> str:
    """The commented pilot file in ``lang``, filled with ``choices``."""
    c = choices or PilotChoices()
    text = (files("regie.files.templates") / f"pilot.{lang}.toml").read_text(encoding="utf-8")
    filled = Template(text).substitute(
        name=_string(c.name)[1:-1],
        channel=c.channel,
        start=c.start.isoformat(),
        days=str(c.days),
        timezone=c.timezone,
        vendors=_vendors(lang, c),
        csat_target=_number(c.csat_target),
        frt_seconds=_number(c.frt_seconds),
        aht_min=_number(c.aht_min),
        aht_max=_number(c.aht_max),
        fcr_target=_number(c.fcr_target),
        cost_max=f"{c.cost_max:.2f}",
    )
    return "\n".join(_align(line) for line in filled.splitlines()) + "\n"


def _vendors(lang: Language, c: PilotChoices) -> str:
    fees = list(c.fees) * len(c.vendors) if len(c.fees) == 1 else list(c.fees)
    blocks = []
    for i, vendor in enumerate(c.vendors):
        fee = (
            f"fee = {fees[i]}"
            if i < len(fees)
            else "# fee = 0".ljust(COMMENT_COLUMN) + _NO_FEE[lang]
        )
        blocks.append(f"[[vendors]]\nname = {_string(vendor)}\n{fee}\n# ticket_rate = 2.50\n")
    return "\n".join(blocks)


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    return f"{value:.2f}" if 0 < value < 1 else f"{value:g}"


def _align(line: str) -> str:
    found = _KEY_LINE.match(line)
    if found is None:
        return line
    key, comment = found.group(1).rstrip(), found.group(2)
    return f"{key.ljust(COMMENT_COLUMN - 1)} {comment}"
