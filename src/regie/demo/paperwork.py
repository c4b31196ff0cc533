"""The demo company's files: the business case, the contract and the outage log.

Each is the text a client would write by hand, in the documented formats
(``docs/case-file.md``, ``docs/contracts.md``), with the story's figures:

- **case.toml**: the four channels with the volumes the generator expects a month over
  the year of operations (a range around them), handle times matching the simulated
  ones, an in-house team's costs and a per-ticket estimate of outsourcing;
- **contract.toml**: the chosen vendor's price (its quote: a monthly fee plus a rate
  per handled contact), the norms of the issue (phone 30 s, e-mail 2 business hours on
  an office calendar with Dutch holidays, chat 1 min, social 1 h on the social team's
  hours), CSAT, FCR, escalation, an AHT band and availability, penalties and a bonus
  with caps and earn-back. The targets sit below what the vendor delivers in months
  1–7 and above what its declining FCR and satisfaction give from about month 9;
- **outages.csv**: a planned maintenance window and three unplanned outages, one on
  the day of the outage peak of the contacts (day 250).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from regie.demo.arrivals import TIMEZONE
from regie.demo.operations import Size
from regie.demo.plan import (
    CASE_DATE,
    CHOSEN,
    COMPANY,
    OPERATIONS_START,
    euros,
    monthly_volumes,
    scale,
)

AHT_MINUTES: Final = {
    "phone": (5.5, 6.2, 7.0),
    "email": (7.5, 8.4, 10.0),
    "chat": (9.0, 10.5, 12.0),
    "social": (3.5, 4.0, 5.0),
}
"""Handle times per channel (low, likely, high) around the simulated means."""
MONTHLY_FEE: Final = 2500.0
TICKET_RATE: Final = 2.95
"""The chosen vendor's price (size ``small``): a monthly fee plus a rate per contact."""
OUTAGE_PEAK_DAY: Final = 250


def _range(value: float, low: float = 0.9, high: float = 1.15) -> str:
    return f"[{round(value * low)}, {round(value)}, {round(value * high)}]"


def _numbers(values: tuple[float, ...]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def case_text(size: Size, seed: int) -> str:
    """The business case of the demo company (``case.toml``)."""
    volume = monthly_volumes(size)
    channels = "\n".join(_channel(c, v) for c, v in volume.items())
    return f"""# {COMPANY} — should we outsource customer service?
# Written by `regie demo` (size {size}, seed {seed}) on behalf of the client, dated
# {CASE_DATE}. Volumes: the contacts expected a month over the year of operations.
# Reference: docs/case-file.md. Evaluate with:  regie case show case.toml

[case]
name = "{COMPANY} — customer service"
horizon_months = 24
productive_hours = "1000/year"      # net of holidays, sickness and training

{channels}
[inhouse]
gross_monthly_salary = 3100
employer_charges_pct = [28, 32, 36]
overhead_per_fte_month = 750
minimum_fte = 2                     # a team lead and cover, whatever the volume

[outsourced]
vendor = "Partner to be chosen"
region = "nearshore"

[outsourced.pricing]
model = "per_ticket"
ticket_rate = [2.8, 3.2, 3.9]       # market estimate before the quotes

[one_off]
onboarding_fee = {_range(euros(9000, size), 0.8, 1.4)}
integration = [5000, 8000, 15000]   # telephony, Zendesk and Intercom hand-over
transition_months = 1

[recurring]
licences_per_agent_month = [25, 40]
management_qa_per_month = {euros(2500, size)}

[quality_risk]
customers = {round(60000 * scale(size))}
clv = [250, 400, 600]
churn_change_pp = [0, 0.3, 1]

[decision]
strategic_value = 4                 # service matters: pilot first
data_sensitivity = "medium"
complexity = "medium"

[simulation]
draws = 20000
seed = {seed}
distribution = "pert"
"""


STAFFING: Final = {
    "phone": ("30", "68", "patience_seconds = 300"),
    "chat": ("60", "73", "concurrency = 2"),
}
"""Live channels: (threshold seconds, open hours a week, extra line) for Erlang staffing."""


def _channel(channel: str, volume: int) -> str:
    text = f"""[channels.{channel}]
volume_per_month = {_range(volume)}
aht_minutes = {_numbers(AHT_MINUTES[channel])}
"""
    if channel not in STAFFING:
        return text
    threshold, hours, extra = STAFFING[channel]
    return (
        text
        + f"""
[channels.{channel}.staffing]
method = "erlang"
service_level = 0.8
threshold_seconds = {threshold}
open_hours_per_week = {hours}
{extra}
"""
    )


def contract_text(size: Size) -> str:
    """The SLA contract with the chosen vendor (``contract.toml``)."""
    return f"""# SLA contract of {COMPANY} with {CHOSEN.name}, effective {OPERATIONS_START}.
# Written by `regie demo`. Reference: docs/contracts.md.
# Store it with:  regie contract add contract.toml --vendor "{CHOSEN.name}"

[contract]
vendor = "{CHOSEN.name}"
effective_from = {OPERATIONS_START}
timezone = "Europe/Amsterdam"
monthly_fee = {euros(MONTHLY_FEE, size)}                 # management, reporting, licences

[fee]
model = "mixed"
ticket_rate = {TICKET_RATE}                 # per handled contact, every channel
{_CALENDARS}{_NORMS}{_KPIS}{_RULES}"""


def _week(days: tuple[str, ...], hours: str) -> str:
    return "".join(f'{day} = ["{hours}"]\n' for day in days)


WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri")
WEEK: Final = (*WEEKDAYS, "sat", "sun")
_CALENDARS: Final = f"""
[calendars.office]                  # the e-mail team
timezone = "Europe/Amsterdam"
holidays = {{ country = "NL" }}

[calendars.office.hours]
{_week(WEEKDAYS, "08:00-18:00")}
[calendars.social_team]
timezone = "Europe/Amsterdam"
holidays = false

[calendars.social_team.hours]
{_week(WEEK, "08:00-22:00")}"""
_NORMS: Final = """
[response.phone]
target_seconds = 30
required_share = 0.70
abandons = "against"
short_abandon_seconds = 5

[response.email]
target_seconds = 7200               # 2 business hours
required_share = 0.70
calendar = "office"

[response.chat]
target_seconds = 60
required_share = 0.75

[response.social]
target_seconds = 3600
required_share = 0.75
calendar = "social_team"
"""
_KPIS: Final = """
[kpis.csat_top2]
target = 0.62                       # share of 4s and 5s (Zendesk: Good)
min_sample = 50

[kpis.fcr]
target = 0.74
method = "agent_flag"               # the wrap-up code of calls
min_sample = 100

[kpis.escalation_rate]
target = 0.10
min_sample = 100

[kpis.aht_band]
min_seconds = 240
max_seconds = 480
min_sample = 100

[kpis.availability]
target = 0.995
"""
_RULES: Final = """
[[penalties]]
name = "response times"
applies_to = ["response.phone", "response.email", "response.chat", "response.social"]
tiers = [{ beyond = 0, percent_of_fee = 3 }, { beyond = 0.10, percent_of_fee = 6 }]

[[penalties]]
name = "first-contact resolution"
applies_to = ["kpi.fcr"]
tiers = [{ beyond = 0, percent_of_fee = 2 }, { beyond = 0.04, percent_of_fee = 5 }]

[[penalties]]
name = "customer satisfaction"
applies_to = ["kpi.csat_top2"]
tiers = [{ beyond = 0, percent_of_fee = 2 }, { beyond = 0.08, percent_of_fee = 4 }]

[[penalties]]
name = "availability"
applies_to = ["kpi.availability"]
tiers = [{ beyond = 0, percent_of_fee = 5 }]

[[bonuses]]
name = "satisfied customers"
applies_to = ["kpi.csat_top2"]
tiers = [{ beyond = 0.06, percent_of_fee = 1 }]

[caps]
penalty_percent_of_fee = 10
bonus_percent_of_fee = 2

[earn_back]
months = 3
"""

OUTAGES: Final = (
    # (day after the start, local start time, minutes, service, planned, description)
    (44, "02:00", 120, "telephony", True, "Planned upgrade of the telephony platform"),
    (125, "10:12", 35, "telephony", False, "Carrier failure: calls did not reach the queue"),
    (OUTAGE_PEAK_DAY, "08:40", 165, "telephony", False, "Power failure at the contact centre"),
    (322, "14:05", 45, "crm", False, "CRM unreachable: agents could not see customers"),
)


def outages_text() -> str:
    """The vendor's outage log (``outages.csv``): local times with an offset."""
    zone = ZoneInfo(TIMEZONE)
    lines = ["start,end,service,planned,description"]
    for day, clock, minutes, service, planned, text in OUTAGES:
        when = OPERATIONS_START + timedelta(days=day)
        start = datetime.combine(when, time.fromisoformat(clock), zone)
        end = start + timedelta(minutes=minutes)  # no window crosses a clock change
        times = f"{start.isoformat()},{end.isoformat()}"
        lines.append(f"{times},{service},{'yes' if planned else 'no'},{text}")
    return "\n".join(lines) + "\n"
