"""Language and locale: translated text (gettext catalogs read with Babel) and numbers,
money and dates formatted the way a reader in that language expects (``€ 40.500,00`` in nl).

Message ids are the English text; ``src/regie/locale/<lang>/LC_MESSAGES/regie.po`` holds
the translations. English needs no catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from regie.config import Language, get_settings
from regie.domain.errors import InvalidInput

LANGUAGES: tuple[Language, ...] = ("en", "nl")
_LOCALES: dict[Language, str] = {"en": "en_IE", "nl": "nl_NL"}
_LOCALE_DIR = Path(__file__).parent / "locale"


def resolve_language(explicit: str | None = None) -> Language:
    """The language to use: the explicit choice, else ``REGIE_LANG``, else English."""
    if explicit is None:
        return get_settings().lang
    chosen = explicit.strip().lower()
    if chosen not in LANGUAGES:
        raise InvalidInput(f"--lang {explicit}: not supported; use one of en, nl")
    return chosen


@cache
def _catalog(lang: Language) -> dict[str, str]:
    if lang == "en":
        return {}
    path = _LOCALE_DIR / lang / "LC_MESSAGES" / "regie.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


@dataclass(frozen=True)
class Locale:
    """Translate and format for one language."""

    lang: Language = "en"

    @property
    def babel_locale(self) -> str:
        return _LOCALES[self.lang]

    def t(self, message: str, /, **values: object) -> str:
        """The translation of ``message``, with ``{name}`` fields filled from ``values``."""
        text = _catalog(self.lang).get(message, message)
        return text.format(**values) if values else text

    def money(self, amount: float, decimals: int = 2) -> str:
        digits = "#,##0" + ("." + "0" * decimals if decimals else "")
        pattern = f"¤ {digits};¤ -{digits}" if self.lang == "nl" else f"¤{digits};-¤{digits}"
        return str(
            format_currency(
                amount, "EUR", format=pattern, locale=self.babel_locale, currency_digits=False
            )
        )

    def number(self, value: float, decimals: int = 2) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(value, format=pattern, locale=self.babel_locale))

    def percent(self, value_pct: float, decimals: int = 1) -> str:
        """Format a value already in percent (50.6 -> ``50.6 %``)."""
        return f"{self.number(value_pct, decimals)} %"

    def date(self, value: date) -> str:
        return str(format_date(value, format="long", locale=self.babel_locale))


def known_messages(lang: Language) -> frozenset[str]:
    """The message ids that have a translation in ``lang`` (for tests and tooling)."""
    return frozenset(_catalog(lang))
