"""The Intercom conversations JSON reader: Unix seconds to UTC, statistics, ratings.

Expectations are computed by hand from tests/fixtures/intercom/conversations.json.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from regie.domain.errors import InvalidInput
from regie.ingest import intercom
from regie.ingest.reading import Reading, ReadOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intercom"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def reading() -> Reading:
    return intercom.read(FIXTURES / "conversations.json", ReadOptions())


def conversation(reading: Reading, source_id: str) -> dict[str, Any]:
    rows = reading.canonical(keep_text=True).collect().filter(source_id=source_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_every_conversation_is_either_imported_or_rejected(reading: Reading) -> None:
    assert (reading.rows_read, reading.canonical().collect().height) == (13, 7)


@pytest.mark.parametrize(
    ("source_id", "created", "first_reply", "resolved"),
    [
        ("9001", "2024-03-04 08:15:00", "2024-03-04 08:17:30", "2024-03-04 08:40:00"),
        ("9002", "2024-03-09 22:55:00", "2024-03-11 07:30:00", "2024-03-11 09:00:00"),
        # 02:30 CEST and 02:30 CET in Amsterdam: same wall clock, one hour elapsed
        ("9005", "2024-10-27 00:30:00", "2024-10-27 01:30:00", "2024-10-27 01:45:00"),
        ("9012", "2024-09-02 10:00:00", "2024-09-02 10:04:00", "2024-09-02 10:30:00"),  # ISO
    ],
)
def test_unix_seconds_become_utc(
    reading: Reading, source_id: str, created: str, first_reply: str, resolved: str
) -> None:
    row = conversation(reading, source_id)
    assert (row["created_at"], row["first_response_at"], row["resolved_at"]) == (
        utc(created),
        utc(first_reply),
        utc(resolved),
    )
    assert row["closed_at"] == row["resolved_at"]


def test_a_conversation_open_or_snoozed_again_is_not_resolved(reading: Reading) -> None:
    assert conversation(reading, "9003")["resolved_at"] is None  # reopened, state open
    assert conversation(reading, "9006")["resolved_at"] is None  # snoozed


def test_an_unanswered_conversation_has_no_first_response_rather_than_zero(
    reading: Reading,
) -> None:
    row = conversation(reading, "9004")
    assert (row["first_response_at"], row["reopens"], row["csat_score"]) == (None, None, None)


@pytest.mark.parametrize(
    ("source_id", "channel"),
    [
        ("9001", "chat"),  # conversation (Messenger)
        ("9002", "email"),
        ("9004", "social"),  # whatsapp
        ("9005", "phone"),  # phone_call
        ("9006", "chat"),  # push
        ("9012", "other"),  # sms
    ],
)
def test_the_source_type_maps_to_the_channel(
    reading: Reading, source_id: str, channel: str
) -> None:
    assert conversation(reading, source_id)["channel"] == channel


@pytest.mark.parametrize(
    ("source_id", "score"), [("9001", 5.0), ("9002", 2.0), ("9005", 4.0), ("9003", None)]
)
def test_the_rating_is_kept_on_its_five_point_scale(
    reading: Reading, source_id: str, score: float | None
) -> None:
    row = conversation(reading, source_id)
    assert (row["csat_score"], row["csat_scale"]) == (score, None if score is None else 5)


def test_ids_give_customer_agent_and_queue(reading: Reading) -> None:
    row = conversation(reading, "9001")
    assert (row["customer_key"], row["agent_key"], row["queue"]) == ("c-9001", "8001", "7001")
    assert conversation(reading, "9005")["customer_key"] == "u-55"  # older API: user.id
    unassigned = conversation(reading, "9006")
    assert (unassigned["agent_key"], unassigned["queue"]) == (None, None)


def test_priority_reopens_tags_and_title_are_read(reading: Reading) -> None:
    first = conversation(reading, "9001")
    assert (first["priority"], first["reopens"], first["tags"], first["subject"]) == (
        "normal",
        0,
        "billing,refund",
        "Refund question",
    )
    assert conversation(reading, "9002")["priority"] == "high"
    assert conversation(reading, "9003")["reopens"] == 1
    assert first["contact_id"] == "intercom:9001"


def test_rejections_name_the_record_field_value_and_reason(reading: Reading) -> None:
    assert reading.rejections.drop("file").rows() == [
        (7, "id", "9003", "duplicate of row 3"),
        (8, "statistics.first_admin_reply_at", "1714985940", "first response before creation"),
        (9, "created_at", "soon", "not a date-time; expected Unix seconds, e.g. 1709910000"),
        (10, "statistics.last_close_at", "1717412400", "closed before creation"),
        (
            11,
            "conversation_rating.rating",
            "6",
            "unknown rating (conversation_rating.rating); expected one of: 1, 2, 3, 4, 5",
        ),
        (12, "created_at", "", "no creation time: every contact needs one"),
    ]


def test_a_bare_list_of_conversations_is_read(tmp_path: Path) -> None:
    path = tmp_path / "conversations.json"
    path.write_text(
        '[{"id": "1", "created_at": 1704067200, '
        '"statistics": {"first_admin_reply_at": 1704067260}}]'
    )
    row = intercom.read(path, ReadOptions()).canonical().collect().row(0, named=True)
    assert (row["created_at"], row["first_response_at"]) == (
        utc("2024-01-01 00:00"),
        utc("2024-01-01 00:01"),
    )


def test_a_truncated_file_is_refused_with_a_clear_message() -> None:
    with pytest.raises(
        InvalidInput, match=r"conversations-truncated\.json: not valid JSON .*truncated"
    ):
        intercom.read(FIXTURES / "conversations-truncated.json", ReadOptions())
