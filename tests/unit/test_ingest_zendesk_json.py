"""The Zendesk API JSON reader: tickets joined to their metrics and ratings, in UTC.

Expectations are computed by hand from tests/fixtures/zendesk-json/tickets.json.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from regie.domain.errors import InvalidInput
from regie.ingest import zendesk_json
from regie.ingest.reading import Reading, ReadOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "zendesk-json"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def reading() -> Reading:
    return zendesk_json.read(FIXTURES / "tickets.json", ReadOptions())


def ticket(reading: Reading, source_id: str) -> dict[str, Any]:
    rows = reading.canonical(keep_text=True).collect().filter(source_id=source_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_every_ticket_is_either_imported_or_rejected(reading: Reading) -> None:
    assert (reading.rows_read, reading.canonical().collect().height) == (13, 7)


@pytest.mark.parametrize(
    ("source_id", "created", "first_response", "resolved"),
    [
        ("3001", "2024-03-04 08:15", "2024-03-04 09:00", "2024-03-04 10:02"),  # + 45 min
        ("3002", "2024-03-09 23:10", "2024-03-11 09:00", "2024-03-11 12:00"),  # + 2030 min
        ("3003", "2024-03-31 00:59", "2024-03-31 01:01", "2024-03-31 01:05"),
        ("3006", "2024-12-25 06:05", "2024-12-25 06:35", "2024-12-26 10:00"),  # +01:00 offset
    ],
)
def test_times_are_utc_and_first_response_is_creation_plus_calendar_reply_minutes(
    reading: Reading, source_id: str, created: str, first_response: str, resolved: str
) -> None:
    row = ticket(reading, source_id)
    assert (row["created_at"], row["first_response_at"], row["resolved_at"]) == (
        utc(created),
        utc(first_response),
        utc(resolved),
    )


def test_empty_or_absent_metrics_give_null_never_zero(reading: Reading) -> None:
    empty = ticket(reading, "3004")  # reply_time_in_minutes.calendar is null
    assert (empty["first_response_at"], empty["resolved_at"], empty["reopens"]) == (None, None, 1)
    absent = ticket(reading, "3005")  # no ticket_metrics entry at all
    assert (absent["first_response_at"], absent["reopens"]) == (None, None)


@pytest.mark.parametrize(
    ("source_id", "channel"),
    [
        ("3001", "email"),
        ("3002", "email"),  # web form
        ("3003", "chat"),
        ("3004", "phone"),  # voice
        ("3005", "social"),  # twitter
        ("3006", "chat"),  # native_messaging
        ("3012", "social"),  # facebook
    ],
)
def test_via_channel_maps_to_the_channel(reading: Reading, source_id: str, channel: str) -> None:
    assert ticket(reading, source_id)["channel"] == channel


@pytest.mark.parametrize(
    ("source_id", "score"),
    [
        ("3001", 2.0),  # good in satisfaction_ratings
        ("3002", 1.0),  # good, later changed to bad: the latest rating wins
        ("3003", None),  # offered
        ("3004", 2.0),  # only the ticket's own satisfaction_rating: good
        ("3005", None),  # no rating anywhere
    ],
)
def test_ratings_are_good_2_and_bad_1_on_a_two_point_scale(
    reading: Reading, source_id: str, score: float | None
) -> None:
    row = ticket(reading, source_id)
    assert (row["csat_score"], row["csat_scale"]) == (score, None if score is None else 2)


def test_identifiers_queue_priority_and_tags_come_from_the_ticket(reading: Reading) -> None:
    row = ticket(reading, "3001")
    assert (row["customer_key"], row["agent_key"], row["queue"]) == ("80001", "60001", "40001")
    assert (row["priority"], row["tags"], row["contact_id"]) == (
        "normal",
        "billing,refund",
        "zendesk-json:3001",
    )
    unassigned = ticket(reading, "3012")
    assert (unassigned["agent_key"], unassigned["queue"], unassigned["priority"]) == (
        None,
        None,
        None,
    )


def test_rejections_name_the_record_field_value_and_reason(reading: Reading) -> None:
    assert reading.rejections.drop("file").rows() == [
        (7, "id", "3003", "duplicate of row 3"),
        (
            8,
            "ticket_metrics.reply_time_in_minutes.calendar",
            "-10",
            "first response before creation",
        ),
        (9, "created_at", "06/05/2024 9am", "not a date-time; expected 2024-03-08T15:00:00Z"),
        (10, "ticket_metrics.solved_at", "2024-06-03T11:00:00Z", "resolved before creation"),
        (
            11,
            "satisfaction_ratings.score",
            "excellent",
            "unknown satisfaction score; expected one of: bad, good, offered, unoffered",
        ),
        (12, "created_at", "", "no creation time: every contact needs one"),
    ]


def test_paged_api_responses_with_metric_sets_are_merged() -> None:
    reading = zendesk_json.read(FIXTURES / "tickets-paged.json", ReadOptions())
    rows = reading.canonical().collect()
    assert rows["source_id"].to_list() == ["3001", "3002", "3003", "3004"]
    assert rows["first_response_at"].to_list()[:2] == [
        utc("2024-03-04 09:00"),
        utc("2024-03-11 09:00"),
    ]
    assert rows["csat_score"].to_list() == [2.0, 1.0, None, 2.0]


def test_a_truncated_file_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput, match=r"tickets-truncated\.json: not valid JSON .*truncated"):
        zendesk_json.read(FIXTURES / "tickets-truncated.json", ReadOptions())


def test_a_file_without_tickets_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    path.write_text('{"ticket_metrics": []}')
    with pytest.raises(InvalidInput, match=r"tickets\.json: no tickets"):
        zendesk_json.read(path, ReadOptions())


def test_missing_required_keys_are_named(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    path.write_text('{"tickets": [{"id": 1, "via": {"channel": "email"}}]}')
    with pytest.raises(InvalidInput) as caught:
        zendesk_json.read(path, ReadOptions())
    assert caught.value.message == (
        "tickets.json: missing key 'created_at': is this a Zendesk API tickets file?"
    )
