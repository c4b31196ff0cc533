"""The Zammad tickets JSON reader: UTC timestamps, ids to names, rejections.

Expectations are computed by hand from tests/fixtures/zammad/tickets.json.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from regie.domain.errors import InvalidInput
from regie.ingest import zammad
from regie.ingest.reading import Reading, ReadOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "zammad"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def reading() -> Reading:
    return zammad.read(FIXTURES / "tickets.json", ReadOptions())


def ticket(reading: Reading, source_id: str) -> dict[str, Any]:
    rows = reading.canonical(keep_text=True).collect().filter(source_id=source_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_every_ticket_is_either_imported_or_rejected(reading: Reading) -> None:
    assert (reading.rows_read, reading.canonical().collect().height) == (13, 7)


@pytest.mark.parametrize(
    ("source_id", "created", "first_response", "closed"),
    [
        ("101", "2024-03-04 08:15:00", "2024-03-04 08:40:12", "2024-03-04 11:00:00"),
        ("103", "2024-03-31 00:30:00", "2024-03-31 01:10:00", "2024-03-31 01:30:00"),
        ("105", "2024-10-27 00:45:00", "2024-10-27 01:15:00", "2024-10-27 01:20:00"),
        ("112", "2024-11-11 07:59:59.123", "2024-11-11 08:00:00", None),
    ],
)
def test_api_times_are_read_as_utc(
    reading: Reading, source_id: str, created: str, first_response: str, closed: str | None
) -> None:
    row = ticket(reading, source_id)
    close = None if closed is None else utc(closed)
    assert (row["created_at"], row["first_response_at"]) == (utc(created), utc(first_response))
    assert (row["resolved_at"], row["closed_at"]) == (close, close)


def test_an_offset_is_honoured(reading: Reading) -> None:
    assert ticket(reading, "106")["created_at"] == utc("2024-12-25 06:00")


def test_an_unanswered_ticket_has_no_first_response_rather_than_zero(reading: Reading) -> None:
    row = ticket(reading, "104")
    assert (row["first_response_at"], row["resolved_at"], row["csat_score"]) == (None, None, None)


@pytest.mark.parametrize(
    ("source_id", "channel"),
    [
        ("101", "email"),
        ("102", "email"),  # only create_article_type_id 11: web
        ("103", "phone"),
        ("104", "chat"),
        ("105", "social"),  # only create_article_type_id 14: whatsapp message
        ("106", "other"),  # note
        ("112", "social"),  # twitter status
    ],
)
def test_the_creating_article_type_maps_to_the_channel(
    reading: Reading, source_id: str, channel: str
) -> None:
    assert ticket(reading, source_id)["channel"] == channel


def test_expanded_names_and_bare_ids_give_queue_and_priority(reading: Reading) -> None:
    expanded = ticket(reading, "101")
    assert (expanded["queue"], expanded["priority"]) == ("Support", "normal")  # "2 normal"
    bare = ticket(reading, "102")
    assert (bare["queue"], bare["priority"]) == ("2", "high")  # group_id 2, priority_id 3


def test_owner_1_is_zammads_nobody_and_gives_no_agent(reading: Reading) -> None:
    assert ticket(reading, "102")["agent_key"] is None
    row = ticket(reading, "101")
    assert (row["agent_key"], row["customer_key"], row["contact_id"]) == ("3", "601", "zammad:101")


def test_title_and_tags_are_read(reading: Reading) -> None:
    row = ticket(reading, "106")
    assert (row["subject"], row["tags"]) == ("Christmas note", "holiday,billing")


def test_rejections_name_the_record_field_value_and_reason(reading: Reading) -> None:
    not_a_date = "not a date-time; expected 2024-03-08T15:00:00Z"
    assert reading.rejections.drop("file").rows() == [
        (7, "id", "103", "duplicate of row 3"),
        (8, "first_response_at", "2024-05-06T08:59:00.000Z", "first response before creation"),
        (9, "created_at", "yesterday", not_a_date),
        (10, "close_at", "2024-06-03T11:00:00.000Z", "closed before creation"),
        (11, "created_at", "", "no creation time: every contact needs one"),
        (12, "first_response_at", "not-a-date", not_a_date),
    ]


def test_a_truncated_file_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput, match=r"tickets-truncated\.json: not valid JSON .*truncated"):
        zammad.read(FIXTURES / "tickets-truncated.json", ReadOptions())


def test_a_search_result_with_assets_is_read(tmp_path: Path) -> None:
    path = tmp_path / "search.json"
    path.write_text(
        '{"tickets": [7], "assets": {"Ticket": {"7": {"id": 7, "created_at": '
        '"2024-01-02T03:04:05Z", "create_article_type_id": 5, "first_response_in_min": 3}}}}'
    )
    row = zammad.read(path, ReadOptions()).canonical().collect().row(0, named=True)
    assert (row["source_id"], row["channel"], row["created_at"]) == (
        "7",
        "phone",
        utc("2024-01-02 03:04:05"),
    )


def test_an_empty_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    path.write_text("[]")
    with pytest.raises(InvalidInput, match=r"tickets\.json: no tickets"):
        zammad.read(path, ReadOptions())
