"""Every user-facing text has a Dutch translation, and numbers read right in each locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from regie.i18n import Locale, known_messages

SRC = Path(__file__).resolve().parents[2] / "src" / "regie"
METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2")]


def extracted() -> set[str]:
    found = extract_from_dir(str(SRC), METHODS, keywords={"t": None})
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_message_in_the_source_has_a_dutch_translation() -> None:
    messages = extracted()
    assert len(messages) > 100
    missing = sorted(messages - known_messages("nl"))
    assert missing == [], "run `make i18n` and translate: " + "; ".join(missing)


def test_translations_keep_every_placeholder() -> None:
    nl = Locale("nl")
    for message in known_messages("nl"):
        fields = set(re.findall(r"\{(\w+)\}", message))
        assert set(re.findall(r"\{(\w+)\}", nl.t(message))) == fields, message


@pytest.mark.parametrize(
    ("lang", "money", "negative", "number", "percent"),
    [
        ("en", "€40,500.00", "-€1,234.50", "0.52", "50.6 %"),
        ("nl", "€ 40.500,00", "€ -1.234,50", "0,52", "50,6 %"),
    ],
)
def test_money_numbers_and_percentages_follow_the_locale(
    lang: str, money: str, negative: str, number: str, percent: str
) -> None:
    loc = Locale(lang)  # type: ignore[arg-type]
    assert loc.money(40_500) == money
    assert loc.money(-1234.5) == negative
    assert loc.number(0.52093, 2) == number
    assert loc.percent(50.608) == percent


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    from regie.domain.errors import InvalidInput
    from regie.i18n import resolve_language

    with pytest.raises(InvalidInput, match="use one of en, nl"):
        resolve_language("fr")
