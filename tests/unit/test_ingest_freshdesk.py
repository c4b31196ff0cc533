"""The Freshdesk ticket CSV reader: local times to UTC, first response, surveys, rejections.

Expectations are computed by hand from tests/fixtures/freshdesk/tickets.csv, read with
--tz Europe/Amsterdam (CET = UTC+1; CEST = UTC+2 from 2024-03-31 02:00 to 2024-10-27 03:00).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from regie.domain.errors import InvalidInput
from regie.ingest import freshdesk
from regie.ingest.reading import Reading, ReadOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "freshdesk"
AMSTERDAM = ReadOptions(tz="Europe/Amsterdam")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def reading() -> Reading:
    return freshdesk.read(FIXTURES / "tickets.csv", AMSTERDAM)


def ticket(reading: Reading, source_id: str) -> dict[str, Any]:
    rows = reading.canonical(keep_text=True).collect().filter(source_id=source_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_every_row_is_either_imported_or_rejected(reading: Reading) -> None:
    assert reading.rows_read == 15
    assert reading.canonical().collect().height == 8
    assert reading.rejections.height == 7


@pytest.mark.parametrize(
    ("source_id", "created"),
    [
        ("5001", "2024-02-05 07:58"),  # Monday 08:58 CET
        ("5002", "2024-02-10 02:12"),  # Saturday 03:12 CET, at night
        ("5003", "2024-03-31 00:45"),  # 01:45 CET, before the clocks go forward
        ("5004", "2024-04-01 09:00"),  # Easter Monday 11:00 CEST
        ("5005", "2024-10-27 00:15"),  # 02:15 happens twice: the first (CEST) is taken
        ("5006", "2024-12-25 22:30"),  # Christmas 23:30 CET
    ],
)
def test_local_times_become_utc_with_the_dst_rules_of_the_zone(
    reading: Reading, source_id: str, created: str
) -> None:
    assert ticket(reading, source_id)["created_at"] == utc(created)


@pytest.mark.parametrize(
    ("source_id", "first_response"),
    [
        ("5001", "2024-02-05 08:20"),  # Initial response time 09:20 CET
        ("5002", "2024-02-12 04:30"),  # no timestamp: created + 50:18:00
        ("5003", "2024-03-31 01:05"),  # 03:05 CEST: 20 minutes after 01:45 CET
        ("5006", "2024-12-26 08:00"),  # 2024-12-26T09:00:00+01:00, offset honoured
        ("5010", "2024-07-15 09:30"),  # created + 1.5 hours
    ],
)
def test_first_response_comes_from_the_timestamp_else_from_the_duration(
    reading: Reading, source_id: str, first_response: str
) -> None:
    assert ticket(reading, source_id)["first_response_at"] == utc(first_response)


def test_resolved_and_closed_times_are_kept_apart(reading: Reading) -> None:
    first = ticket(reading, "5001")
    assert (first["resolved_at"], first["closed_at"]) == (
        utc("2024-02-05 14:00"),
        utc("2024-02-06 14:00"),
    )
    closed_only = ticket(reading, "5014")
    assert (closed_only["resolved_at"], closed_only["closed_at"]) == (None, utc("2024-10-01 07:00"))


def test_empty_sla_columns_give_null_never_zero(reading: Reading) -> None:
    row = ticket(reading, "5004")
    assert (row["first_response_at"], row["resolved_at"], row["csat_score"]) == (None, None, None)
    assert row["reopens"] is None  # the CSV has no reopen count


@pytest.mark.parametrize(
    ("source_id", "channel"),
    [
        ("5001", "email"),  # Email
        ("5002", "email"),  # Portal
        ("5003", "chat"),  # Chat
        ("5004", "phone"),  # Phone
        ("5005", "other"),  # Feedback Widget
        ("5006", "social"),  # Facebook
        ("5010", "email"),  # Outbound Email
    ],
)
def test_source_maps_to_the_channel(reading: Reading, source_id: str, channel: str) -> None:
    assert ticket(reading, source_id)["channel"] == channel


@pytest.mark.parametrize(
    ("source_id", "score", "scale"),
    [
        ("5001", 7.0, 7),  # Extremely Happy
        ("5003", 4.0, 7),  # Neutral
        ("5006", 2.0, 7),  # Very Unhappy
        ("5010", 5.0, 7),  # Happy
        ("5002", 1.0, 3),  # Not Good (classic survey)
        ("5005", 3.0, 3),  # Awesome (classic survey)
        ("5004", None, None),  # no answer
    ],
)
def test_survey_results_map_onto_their_scale(
    reading: Reading, source_id: str, score: float | None, scale: int | None
) -> None:
    row = ticket(reading, source_id)
    assert (row["csat_score"], row["csat_scale"]) == (score, scale)


def test_identifiers_come_from_the_contact_id_never_the_email(reading: Reading) -> None:
    row = ticket(reading, "5001")
    assert (row["customer_key"], row["agent_key"]) == ("7001", "Agent Delta")
    assert ticket(reading, "5014")["agent_key"] is None


def test_queue_priority_tags_and_text_come_from_their_columns(reading: Reading) -> None:
    row = ticket(reading, "5001")
    assert (row["queue"], row["priority"], row["tags"]) == ("Tier 1", "medium", "shipping,late")
    assert (row["subject"], row["description"]) == (
        "Parcel is late",
        "Where is my parcel? Regards, Ann",
    )
    assert row["contact_id"] == "freshdesk:5001"


def test_rejections_name_the_row_column_value_and_reason(reading: Reading) -> None:
    survey = (
        "unknown survey result; expected one of: awesome, extremely happy, extremely unhappy, "
        "happy, just okay, neutral, not good, unhappy, very happy, very unhappy"
    )
    assert reading.rejections.drop("file").rows() == [
        (8, "Ticket ID", "5003", "duplicate of row 4"),
        (9, "Initial response time", "2024-05-13 09:50:00", "first response before creation"),
        (
            10,
            "Created time",
            "2024-13-45 25:00:00",
            "not a date-time; expected 2024-03-08 16:00:00 (the account's local time)",
        ),
        (11, "Resolved time", "2024-06-10 13:00:00", "resolved before creation"),
        (13, "Survey results", "Meh", survey),
        (14, "Created time", "", "no creation time: every contact needs one"),
        (15, "First response time (in hrs)", "n/a", "not a duration; expected HH:MM:SS or hours"),
    ]


def test_without_tz_the_reader_asks_for_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        freshdesk.read(FIXTURES / "tickets.csv", ReadOptions())
    assert caught.value.message == (
        "tickets.csv: Freshdesk CSV exports hold the account's local time: give --tz, "
        "e.g. --tz Europe/Amsterdam"
    )


def test_a_utf8_file_with_a_byte_order_mark_reads_the_same() -> None:
    reading = freshdesk.read(FIXTURES / "tickets-bom.csv", AMSTERDAM)
    rows = reading.canonical().collect()
    assert rows["source_id"].to_list() == ["5001", "5002"]
    assert rows["created_at"].to_list() == [utc("2024-02-05 07:58"), utc("2024-02-10 02:12")]


def test_a_truncated_file_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput, match=r"tickets-truncated\.csv: row 4 .*truncated"):
        freshdesk.read(FIXTURES / "tickets-truncated.csv", AMSTERDAM)


def test_a_file_cut_inside_a_quoted_field_is_refused_as_truncated(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text('Ticket ID,Description,Created time\n1,"Where is my parc')
    with pytest.raises(InvalidInput, match="is it truncated"):
        freshdesk.read(path, AMSTERDAM)


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text("Ticket ID,Subject\n1,Hello\n")
    with pytest.raises(InvalidInput) as caught:
        freshdesk.read(path, AMSTERDAM)
    assert caught.value.message == (
        "tickets.csv: missing column 'Created time': is this a Freshdesk ticket export?"
    )
