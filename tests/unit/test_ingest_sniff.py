"""Recognising an export by its header or keys, so the wrong importer says which is right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from regie.domain.errors import InvalidInput
from regie.ingest import freshdesk, intercom, sniff, zammad, zendesk, zendesk_json
from regie.ingest.reading import Reading, ReadOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AMSTERDAM = ReadOptions(tz="Europe/Amsterdam")


@pytest.mark.parametrize(
    ("fixture", "source"),
    [
        ("zendesk/tickets.csv", "zendesk"),
        ("zendesk/tickets-nl-semicolon-cp1252.csv", "zendesk"),
        ("zendesk-json/tickets.json", "zendesk-json"),
        ("zendesk-json/tickets-paged.json", "zendesk-json"),
        ("freshdesk/tickets.csv", "freshdesk"),
        ("freshdesk/tickets-bom.csv", "freshdesk"),
        ("zammad/tickets.json", "zammad"),
        ("intercom/conversations.json", "intercom"),
    ],
)
def test_each_fixture_is_recognised_as_its_format(fixture: str, source: str) -> None:
    assert sniff.detect_format(FIXTURES / fixture) == source


def test_a_file_of_canonical_contacts_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("source_id,channel,created_at\n1,email,2024-01-01T00:00:00Z\n")
    assert sniff.detect_format(path) == "csv"


def test_an_unknown_header_is_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("call_id;start;end\n1;2024-01-01 10:00;2024-01-01 10:05\n")
    assert sniff.detect_format(path) is None


@pytest.mark.parametrize(
    ("reader", "fixture", "message"),
    [
        (
            zendesk.read,
            "freshdesk/tickets.csv",
            "tickets.csv: this looks like a Freshdesk export, not a Zendesk one: "
            "use `regie import freshdesk`",
        ),
        (
            freshdesk.read,
            "zendesk/tickets.csv",
            "tickets.csv: this looks like a Zendesk export, not a Freshdesk one: "
            "use `regie import zendesk`",
        ),
        (
            zendesk_json.read,
            "intercom/conversations.json",
            "conversations.json: this looks like an Intercom export, not a Zendesk API (JSON) one: "
            "use `regie import intercom`",
        ),
        (
            intercom.read,
            "zammad/tickets.json",
            "tickets.json: this looks like a Zammad export, not an Intercom one: "
            "use `regie import zammad`",
        ),
        (
            zammad.read,
            "zendesk-json/tickets.json",
            "tickets.json: this looks like a Zendesk API (JSON) export, not a Zammad one: "
            "use `regie import zendesk-json`",
        ),
    ],
)
def test_an_export_given_to_the_wrong_importer_names_the_right_command(
    reader: Callable[[Path, ReadOptions], Reading], fixture: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        reader(FIXTURES / fixture, AMSTERDAM)
    assert caught.value.message == message
