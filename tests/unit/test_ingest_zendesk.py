"""The Zendesk ticket CSV reader: local times to UTC, mappings, rejections, bad files.

Expectations are computed by hand from tests/fixtures/zendesk/tickets.csv, read with
--tz Europe/Amsterdam (CET = UTC+1; CEST = UTC+2 from 2024-03-31 02:00 to 2024-10-27 03:00).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from regie.domain.errors import InvalidInput
from regie.ingest import zendesk
from regie.ingest.reading import Reading, ReadOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "zendesk"
AMSTERDAM = ReadOptions(tz="Europe/Amsterdam")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def reading() -> Reading:
    return zendesk.read(FIXTURES / "tickets.csv", AMSTERDAM)


def ticket(reading: Reading, source_id: str) -> dict[str, Any]:
    rows = reading.canonical(keep_text=True).collect().filter(source_id=source_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_every_row_is_either_imported_or_rejected(reading: Reading) -> None:
    assert reading.rows_read == 17
    assert reading.canonical().collect().height == 11
    assert reading.rejections.height == 6


@pytest.mark.parametrize(
    ("source_id", "created"),
    [
        ("1001", "2024-03-04 08:15"),  # Monday 09:15 CET
        ("1002", "2024-03-08 22:47"),  # Friday night 23:47 CET
        ("1003", "2024-03-09 13:20"),  # Saturday 14:20 CET
        ("1004", "2024-03-31 00:30"),  # 01:30 CET, half an hour before the clocks go forward
        ("1005", "2024-03-31 01:30"),  # 03:30 CEST, just after
        ("1007", "2024-04-01 08:00"),  # Easter Monday 10:00 CEST
        ("1008", "2024-04-27 09:00"),  # King's Day 11:00 CEST
        ("1009", "2024-10-27 00:30"),  # 02:30 happens twice: the first (CEST) is taken
        ("1010", "2024-12-25 07:05"),  # Christmas 08:05 CET
    ],
)
def test_local_times_become_utc_with_the_dst_rules_of_the_zone(
    reading: Reading, source_id: str, created: str
) -> None:
    assert ticket(reading, source_id)["created_at"] == utc(created)


def test_a_time_with_an_offset_is_honoured_even_with_tz(reading: Reading) -> None:
    assert ticket(reading, "1014")["created_at"] == utc("2024-07-01 07:00")


@pytest.mark.parametrize(
    ("source_id", "first_response"),
    [
        ("1001", "2024-03-04 09:00"),  # + 45 min
        ("1002", "2024-03-09 09:00"),  # + 613 min across the night
        ("1004", "2024-03-31 02:00"),  # + 90 min: 04:00 CEST on the wall, 90 min elapsed
        ("1008", "2024-04-28 10:00"),  # + 1500 min
        ("1009", "2024-10-27 01:30"),  # + 60 min inside the repeated hour
    ],
)
def test_first_response_is_creation_plus_the_calendar_minutes(
    reading: Reading, source_id: str, first_response: str
) -> None:
    assert ticket(reading, source_id)["first_response_at"] == utc(first_response)


def test_solved_at_becomes_resolved_at_in_utc(reading: Reading) -> None:
    assert ticket(reading, "1002")["resolved_at"] == utc("2024-03-11 09:30")
    assert ticket(reading, "1009")["resolved_at"] == utc("2024-10-27 02:15")  # 03:15 CET


def test_empty_sla_columns_give_null_never_zero(reading: Reading) -> None:
    row = ticket(reading, "1005")
    assert row["first_response_at"] is None
    assert row["resolved_at"] is None
    assert row["reopens"] is None
    assert row["csat_score"] is None


@pytest.mark.parametrize(
    ("source_id", "channel"),
    [
        ("1001", "email"),  # Mail
        ("1002", "email"),  # Web form
        ("1003", "chat"),  # Chat
        ("1004", "phone"),  # Voice
        ("1005", "social"),  # Twitter
        ("1007", "chat"),  # Web Widget
        ("1008", "social"),  # WhatsApp
        ("1009", "social"),  # Facebook
        ("1014", "other"),  # API
        ("1016", "phone"),  # Phone call (inbound)
    ],
)
def test_via_maps_to_the_channel(reading: Reading, source_id: str, channel: str) -> None:
    assert ticket(reading, source_id)["channel"] == channel


@pytest.mark.parametrize(
    ("source_id", "score", "scale"),
    [("1001", 2.0, 2), ("1002", 1.0, 2), ("1003", None, None), ("1004", None, None)],
)
def test_good_is_2_and_bad_is_1_on_a_two_point_scale_and_offered_is_no_rating(
    reading: Reading, source_id: str, score: float | None, scale: int | None
) -> None:
    row = ticket(reading, source_id)
    assert (row["csat_score"], row["csat_scale"]) == (score, scale)


def test_queue_priority_tags_and_reopens_come_from_their_columns(reading: Reading) -> None:
    row = ticket(reading, "1010")
    assert (row["queue"], row["priority"], row["tags"], row["reopens"]) == (
        "Billing",
        "normal",
        "holiday,billing",
        2,
    )


def test_identifiers_are_the_requester_id_and_the_assignee_never_an_email(
    reading: Reading,
) -> None:
    row = ticket(reading, "1001")
    assert (row["customer_key"], row["agent_key"]) == ("90001", "Agent Alpha")
    keys = reading.canonical().collect()["customer_key"].to_list()
    assert not any("@" in key for key in keys)


def test_the_contact_id_joins_source_and_ticket_id_and_the_vendor_is_left_to_the_service(
    reading: Reading,
) -> None:
    row = ticket(reading, "1001")
    assert (row["contact_id"], row["source"], row["vendor"]) == ("zendesk:1001", "zendesk", None)


def test_the_subject_is_free_text_kept_only_on_request(reading: Reading) -> None:
    assert ticket(reading, "1001")["subject"] == "Refund not received"
    assert "subject" not in reading.canonical().collect_schema().names()


def test_rejections_name_the_row_column_value_and_reason(reading: Reading) -> None:
    gap = "not a time in Europe/Amsterdam: the clocks jump forward over it (daylight saving)"
    not_a_date = "not a date-time; expected 2024-03-08 16:00:00 (the account's local time)"
    assert reading.rejections.drop("file").rows() == [
        (7, "Created at", "2024-03-31 02:30:00", gap),
        (12, "ID", "1004", "duplicate of row 5"),
        (13, "First reply time in minutes", "-15", "first response before creation"),
        (14, "Created at", "31-02-2024 10:00", not_a_date),
        (15, "Solved at", "2024-06-03 11:00:00", "resolved before creation"),
        (
            17,
            "Satisfaction Score",
            "Great",
            "unknown satisfaction score; expected one of: bad, bad with comment, good, "
            "good with comment, not offered, offered, unoffered",
        ),
    ]
    assert set(reading.rejections["file"]) == {"tickets.csv"}


def test_without_tz_the_reader_asks_for_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        zendesk.read(FIXTURES / "tickets.csv", ReadOptions())
    assert caught.value.message == (
        "tickets.csv: Zendesk CSV exports hold the account's local time: give --tz, "
        "e.g. --tz Europe/Amsterdam"
    )


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="--tz Europe/Amsterdm: not a time zone name"):
        zendesk.read(FIXTURES / "tickets.csv", ReadOptions(tz="Europe/Amsterdm"))


def test_a_dutch_excel_export_with_semicolons_and_cp1252_reads_the_same() -> None:
    reading = zendesk.read(FIXTURES / "tickets-nl-semicolon-cp1252.csv", AMSTERDAM)
    rows = {
        r["source_id"]: r for r in reading.canonical(keep_text=True).collect().iter_rows(named=True)
    }
    assert reading.rejections.height == 0
    assert rows["2001"]["subject"] == "Vraag over factuur – € 12,50 te veel"
    assert rows["2001"]["created_at"] == utc("2024-03-29 16:45")  # Good Friday 17:45 CET
    assert rows["2001"]["first_response_at"] == utc("2024-03-29 16:57:30")  # 12,5 minutes
    assert rows["2001"]["resolved_at"] == utc("2024-04-02 07:10")  # 09:10 CEST
    assert rows["2001"]["customer_key"] == "91001"  # header "Requester id"
    assert rows["2002"]["first_response_at"] is None
    assert rows["2003"]["created_at"] == utc("2024-10-26 23:59")  # 01:59 CEST
    assert rows["2003"]["first_response_at"] == utc("2024-10-27 01:00")
    assert (rows["2003"]["channel"], rows["2003"]["csat_score"]) == ("phone", 1.0)


def test_a_truncated_file_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput, match=r"tickets-truncated\.csv: row 5 .*truncated"):
        zendesk.read(FIXTURES / "tickets-truncated.csv", AMSTERDAM)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "tickets.csv"
    empty.write_text("")
    with pytest.raises(InvalidInput, match=r"tickets\.csv: the file is empty"):
        zendesk.read(empty, AMSTERDAM)


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text("Id,Subject,Status\n1,Hello,Open\n")
    with pytest.raises(InvalidInput) as caught:
        zendesk.read(path, AMSTERDAM)
    assert caught.value.message == (
        "tickets.csv: missing column 'Created at': is this a Zendesk ticket export?"
    )


def test_an_assignee_id_column_wins_over_the_assignee_name(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(
        "ID,Requester ID,Assignee,Assignee ID,Via,Created at\n"
        "1,7,Agent Alpha,555,Mail,2024-01-15 10:00:00\n"
    )
    row = zendesk.read(path, AMSTERDAM).canonical().collect().row(0, named=True)
    assert (row["agent_key"], row["created_at"]) == ("555", utc("2024-01-15 09:00"))
