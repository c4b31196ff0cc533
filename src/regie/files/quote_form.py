"""The quote form's layout: sheets, cells, kinds of value and drop-down choices.

The writer (:mod:`regie.reports.quote_template`) and the reader
(:mod:`regie.files.quote_reader`) share these definitions, so a cell is always read
from where it was written. Three sheets, in either language:

- **Quote** (*Offerte*): one item a row; column A the item, B its unit, C the value
  (the only cell a vendor fills), D what to enter;
- **Pricing** (*Tarieven*): row 6 the general price list, then one row per channel
  with its own prices (blank: the general list applies); column A the channel key,
  B the model, C–H the rates;
- **Channels** (*Kanalen*): one row per channel from row 6: in scope, the response
  target with its unit and share, the days and hours a day covered.

Labels and hints are English message ids (translated when the form is written);
the drop-down choices are part of the file format, fixed per language, and the reader
accepts either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "date", "money", "number", "percent", "choice"]
Language = Literal["en", "nl"]
LANGS: tuple[Language, ...] = ("en", "nl")
HEADER_ROW = 5  # 1-based, as Excel shows it
FIRST_ROW = 6
MAX_CHANNELS = 20
SPARE_ROWS = 2  # empty channel rows a client may name
DEFAULT_CHANNELS = ("phone", "email", "chat", "social")
CHANNEL_KEY = r"^[a-z][a-z0-9_]*$"


def t(message: str) -> str:
    """Mark ``message`` as a message id for extraction; translated where it is shown."""
    return message


SHEETS: dict[str, dict[Language, str]] = {
    "quote": {"en": "Quote", "nl": "Offerte"},
    "pricing": {"en": "Pricing", "nl": "Tarieven"},
    "channels": {"en": "Channels", "nl": "Kanalen"},
}

CHOICES: dict[str, dict[str, dict[Language, str]]] = {
    "yes_no": {"yes": {"en": "yes", "nl": "ja"}, "no": {"en": "no", "nl": "nee"}},
    "model": {
        "hourly": {"en": "per hour", "nl": "per uur"},
        "fte": {"en": "per FTE-month", "nl": "per FTE-maand"},
        "per_ticket": {"en": "per ticket", "nl": "per ticket"},
        "subscription": {"en": "subscription", "nl": "abonnement"},
        "mixed": {"en": "mixed", "nl": "gemengd"},
    },
    "coverage": {
        "weekdays": {"en": "Mon–Fri", "nl": "ma–vr"},
        "weekdays_saturday": {"en": "Mon–Sat", "nl": "ma–za"},
        "all_week": {"en": "Mon–Sun", "nl": "ma–zo"},
        "24/7": {"en": "24/7", "nl": "24/7"},
    },
    "reporting": {
        "daily": {"en": "daily", "nl": "dagelijks"},
        "weekly": {"en": "weekly", "nl": "wekelijks"},
        "monthly": {"en": "monthly", "nl": "maandelijks"},
        "quarterly": {"en": "quarterly", "nl": "per kwartaal"},
    },
    "location": {
        "eu": {"en": "EU/EEA", "nl": "EU/EER"},
        "non_eu": {"en": "outside the EU/EEA", "nl": "buiten de EU/EER"},
    },
    "unit": {
        "seconds": {"en": "seconds", "nl": "seconden"},
        "minutes": {"en": "minutes", "nl": "minuten"},
        "hours": {"en": "hours", "nl": "uren"},
    },
}
UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0}


@dataclass(frozen=True)
class Field:
    """One value cell: its key, label, unit, kind and allowed range."""

    key: str
    label: str
    unit: str
    hint: str
    kind: Kind
    minimum: float = 0.0
    maximum: float = 1e9
    choices: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]


def _money(key: str, label: str, hint: str) -> Field:
    return Field(key, label, "€", hint, "money")


def _yes_no(key: str, label: str, hint: str) -> Field:
    return Field(key, label, t("yes/no"), hint, "choice", choices="yes_no")


def _number(key: str, label: str, unit: str, hint: str, maximum: float) -> Field:
    return Field(key, label, unit, hint, "number", 0, maximum)


def _choice(key: str, label: str, hint: str, choices: str) -> Field:
    return Field(key, label, t("choice"), hint, "choice", choices=choices)


# fmt: off
SECTIONS: tuple[Section, ...] = (
    Section(t("The quote"), (
        Field("vendor", t("Vendor"), t("name"), t("Your company's name."), "text"),
        Field("quote_date", t("Quote date"), t("date"), t("The date of this quote."), "date"),
        Field("valid_until", t("Valid until"), t("date"), t("The last day the offer holds."),
              "date"),
        _number("minimum_term_months", t("Minimum term"), t("months"),
                t("The shortest contract you offer, in months."), 120),
    )),
    Section(t("Onboarding and training"), (
        _money("onboarding_fee", t("Onboarding fee"),
               t("One-off set-up fee; 0 when onboarding is included.")),
        _number("onboarding_hours_per_agent", t("Onboarding hours per agent"), t("hours"),
                t("Knowledge-transfer hours billed per agent on top of the fee; 0 if none."),
                1000),
        Field("onboarding_rate", t("Onboarding rate"), t("€ per hour"),
              t("Rate of a billed onboarding hour; blank: the general hourly rate."), "money"),
        _number("training_hours_per_agent", t("Training time per agent"), t("hours"),
                t("Training each new agent gets before handling contacts (usual: 40–80 h)."),
                1000),
        _number("scale_up_weeks", t("Scale-up time"), t("weeks"),
                t("Weeks needed to add agents for a peak or launch."), 104),
    )),
    Section(t("Quality and reporting"), (
        _choice("reporting", t("Reporting frequency"), t("How often you report KPIs to us."),
                "reporting"),
        _number("qa_reviews_per_agent_month", t("QA reviews per agent"), t("per month"),
                t("Interactions reviewed per agent a month."), 10000),
        Field("qa_sample_pct", t("QA sample rate"), t("% of contacts"),
              t("Or: the share of all contacts reviewed."), "percent", 0, 100),
    )),
    Section(t("GDPR and security"), (
        _yes_no("dpa", t("Data processing agreement (DPA)"),
                t("Will you sign our data processing agreement?")),
        _choice("data_location", t("Data location"),
                t("Where our customers' data is stored and processed."), "location"),
        _yes_no("encryption_at_rest", t("Encryption at rest"), t("Is stored data encrypted?")),
        _yes_no("encryption_in_transit", t("Encryption in transit"),
                t("Is data encrypted in transit?")),
        _yes_no("iso_27001", t("ISO 27001 certified"), t("A current ISO 27001 certificate?")),
        _yes_no("soc_2", t("SOC 2 report"), t("A current SOC 2 type II report?")),
    )),
    Section(t("Exit"), (
        _number("exit_notice_months", t("Notice period"), t("months"),
                t("Months of notice to end the contract."), 36),
        _yes_no("exit_data_return", t("Data return at exit"),
                t("All data and the knowledge base returned at the end?")),
        _money("exit_fee", t("Exit fee"), t("Fee charged when the contract ends; 0 if none.")),
    )),
)
# fmt: on


def general_rows() -> list[tuple[int, Section | Field]]:
    """Each section title and field with its 1-based row on the Quote sheet."""
    rows: list[tuple[int, Section | Field]] = []
    row = FIRST_ROW
    for section in SECTIONS:
        rows.append((row, section))
        row += 1
        for f in section.fields:
            rows.append((row, f))
            row += 1
        row += 1
    return rows


def general_fields() -> dict[str, tuple[int, Field]]:
    return {f.key: (row, f) for row, f in general_rows() if isinstance(f, Field)}


# fmt: off
RATE_FIELDS: tuple[Field, ...] = (
    Field("model", t("Model"), "", t("How you charge: pick a model."), "choice", choices="model"),
    _money("hourly_rate", t("Hourly rate"), t("€ per agent hour.")),
    _money("fte_monthly_rate", t("FTE rate"), t("€ per FTE a month.")),
    _money("ticket_rate", t("Ticket rate"), t("€ per handled contact.")),
    _money("monthly_fee", t("Monthly fee"),
           t("Fixed fee a month (subscription, or the base of a mixed price).")),
    _number("included_tickets", t("Included contacts"), t("per month"),
            t("Contacts a month included in the monthly fee."), 1e9),
    _money("overage_rate", t("Overage rate"), t("€ per contact above the included contacts.")),
)

CHANNEL_FIELDS: tuple[Field, ...] = (
    _yes_no("in_scope", t("In scope"), t("Do you offer this channel?")),
    _number("response_target", t("Response target"), "",
            t("First response within this time (with the unit beside it)."), 1e6),
    Field("response_unit", t("Unit"), "", t("Unit of the response target."), "choice",
          choices="unit"),
    Field("response_share_pct", t("Share within target"), "%",
          t("Share of contacts answered within the target, in %."), "percent", 0, 100),
    Field("coverage", t("Days covered"), "", t("The days of the week you staff the channel."),
          "choice", choices="coverage"),
    _number("hours_per_day", t("Hours a day"), t("hours"),
            t("Hours staffed on each covered day (24/7: leave blank or 24)."), 24),
)
# fmt: on


def column(index: int) -> str:
    """0 → ``A``: the column letter of a zero-based index (up to Z)."""
    return chr(ord("A") + index)


def choice_label(choices: str, code: str, lang: Language) -> str:
    return CHOICES[choices][code][lang]


def choice_labels(choices: str, lang: Language) -> list[str]:
    return [names[lang] for names in CHOICES[choices].values()]


def choice_code(choices: str, text: str) -> str | None:
    """The code of a drop-down value in either language (or the code itself), else None."""
    wanted = " ".join(text.split()).casefold()
    for code, names in CHOICES[choices].items():
        if wanted == code.casefold() or wanted in (n.casefold() for n in names.values()):
            return code
    return None


def sheet_language(names: list[str]) -> Language | None:
    """The language whose sheet names a workbook has, else None."""
    for lang in LANGS:
        if all(sheet[lang] in names for sheet in SHEETS.values()):
            return lang
    return None


ITEM_LABELS: dict[str, str] = {
    # a missing item's key (regie.domain.quotes.missing_items): its name in reports
    "minimum_term": t("Minimum term"),
    "pricing": t("Tariff model and rates"),
    "onboarding": t("Onboarding costs"),
    "onboarding_rate": t("Onboarding rate"),
    "training": t("Training time per agent"),
    "scale_up": t("Scale-up time"),
    "reporting": t("Reporting frequency"),
    "qa_sample": t("QA sample rate"),
    "gdpr_dpa": t("Data processing agreement (DPA)"),
    "gdpr_location": t("Data location"),
    "gdpr_encryption": t("Encryption at rest and in transit"),
    "gdpr_certification": t("Certifications (ISO 27001, SOC 2)"),
    "exit_notice": t("Notice period"),
    "exit_data_return": t("Data return at exit"),
    "exit_fee": t("Exit fee"),
    "sla": t("Response target ({channel})"),
    "hours": t("Hours covered ({channel})"),
    "pricing.": t("Prices ({channel})"),
}


def item_label_id(key: str) -> tuple[str, str]:
    """(English label id, channel) of a missing item's key (``sla.phone`` → SLA, phone)."""
    if "." not in key:
        return ITEM_LABELS[key], ""
    prefix, channel = key.split(".", 1)
    return ITEM_LABELS["pricing." if prefix == "pricing" else prefix], channel


FIELD_ITEMS: dict[str, str] = {
    # a form field's key: the item (regie.domain.quotes.missing_items) it belongs to
    "minimum_term_months": "minimum_term",
    "onboarding_fee": "onboarding",
    "onboarding_hours_per_agent": "onboarding",
    "onboarding_rate": "onboarding_rate",
    "training_hours_per_agent": "training",
    "scale_up_weeks": "scale_up",
    "reporting": "reporting",
    "qa_reviews_per_agent_month": "qa_sample",
    "qa_sample_pct": "qa_sample",
    "dpa": "gdpr_dpa",
    "data_location": "gdpr_location",
    "encryption_at_rest": "gdpr_encryption",
    "encryption_in_transit": "gdpr_encryption",
    "iso_27001": "gdpr_certification",
    "soc_2": "gdpr_certification",
    "exit_notice_months": "exit_notice",
    "exit_data_return": "exit_data_return",
    "exit_fee": "exit_fee",
}
