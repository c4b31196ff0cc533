"""Canonical CSV and Parquet files: the header already uses Regie's column names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from regie.domain.errors import InvalidInput
from regie.ingest import canonical
from regie.ingest.reading import Reading, ReadOptions, rejection_lines

HEADER = "source_id,channel,created_at"


def read(path: Path, options: ReadOptions) -> Reading:
    """The canonical reader streams; the tests look at its rows in memory."""
    return canonical.read(path, options).collect()


def read_csv(tmp_path: Path, text: str, **options: bool) -> Reading:
    path = tmp_path / "contacts.csv"
    path.write_text(text)
    return read(path, ReadOptions(**options))


def rows(reading: Reading, keep_text: bool = False) -> list[dict[str, object]]:
    return list(reading.canonical(keep_text).collect().iter_rows(named=True))


def lines(reading: Reading) -> list[str]:
    return rejection_lines(reading.rejections)


def test_a_canonical_csv_imports_with_types_and_contact_ids(tmp_path: Path) -> None:
    text = (
        "Source_ID,Channel,Created_At,first_response_at,handle_seconds,abandoned,nps_score,"
        "csat_score,csat_scale,reopens,queue,other\n"
        'T1,Email,2024-03-08T16:00:00+01:00,2024-03-08 15:05:00,"12,5",no,9,4,5,2,billing,x\n'
    )
    reading = read_csv(tmp_path, text)
    row = rows(reading)[0]
    assert (reading.source, reading.rows_read, reading.rejections.height) == ("csv", 1, 0)
    assert (row["contact_id"], row["source"], row["channel"]) == ("csv:T1", "csv", "email")
    assert row["created_at"] == datetime(2024, 3, 8, 15, tzinfo=UTC)
    assert row["first_response_at"] == datetime(2024, 3, 8, 15, 5, tzinfo=UTC)
    assert (row["handle_seconds"], row["abandoned"], row["nps_score"]) == (12.5, False, 9)
    assert (row["csat_score"], row["csat_scale"], row["reopens"], row["queue"]) == (
        4,
        5,
        2,
        "billing",
    )


def test_a_timestamp_without_an_offset_is_utc(tmp_path: Path) -> None:
    row = rows(read_csv(tmp_path, f"{HEADER}\n1,chat,2024-07-01 12:00:00\n"))[0]
    assert row["created_at"] == datetime(2024, 7, 1, 12, tzinfo=UTC)


def test_a_source_column_names_the_source(tmp_path: Path) -> None:
    reading = read_csv(tmp_path, f"source,{HEADER}\nzendesk,7,email,2024-01-01T00:00:00Z\n")
    assert (reading.source, rows(reading)[0]["contact_id"]) == ("zendesk", "zendesk:7")


def test_a_file_with_several_sources_is_refused(tmp_path: Path) -> None:
    text = f"source,{HEADER}\na,1,email,2024-01-01T00:00:00Z\nb,2,email,2024-01-01T00:00:00Z\n"
    with pytest.raises(InvalidInput, match=r"several sources in one file \(a, b\)"):
        read_csv(tmp_path, text)


def test_a_file_without_the_required_columns_points_to_mappings(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"no column channel, created_at: .*--mapping"):
        read_csv(tmp_path, "source_id,created\n1,2024-01-01\n")


@pytest.mark.parametrize(
    ("word", "expected"),
    [("true", True), ("FALSE", False), ("1", True), ("0", False), ("Yes", True), ("no", False)],
)
def test_booleans_are_true_false_one_zero_yes_or_no(
    tmp_path: Path, word: str, expected: bool
) -> None:
    row = rows(read_csv(tmp_path, f"{HEADER},escalated\n1,chat,2024-01-01T00:00:00Z,{word}\n"))[0]
    assert row["escalated"] is expected


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("created_at", "31-02-2024", "not an ISO timestamp"),
        ("handle_seconds", "ten", "not a number of seconds"),
        ("abandoned", "maybe", "not a boolean (allowed: true, false, 1, 0, yes, no)"),
        ("reopens", "1.5", "not a whole number"),
        ("nps_score", "11", "must be from 0 to 10"),
        ("wait_seconds", "-3", "must not be negative"),
        ("csat_scale", "1", "must be 2 or more"),
    ],
)
def test_a_bad_value_rejects_its_row_with_row_column_value_and_reason(
    tmp_path: Path, column: str, value: str, reason: str
) -> None:
    header = HEADER if column == "created_at" else f"{HEADER},{column}"
    good = "1,chat,2024-01-01T00:00:00Z" + ("" if column == "created_at" else ",")
    bad = "2,chat," + (value if column == "created_at" else f"2024-01-01T00:00:00Z,{value}")
    reading = read_csv(tmp_path, f"{header}\n{good}\n{bad}\n")
    assert [r["source_id"] for r in rows(reading)] == ["1"]
    assert lines(reading)[0].startswith(
        f"contacts.csv: row 3, column {column} = '{value}': {reason}"
    )


def test_a_channel_outside_the_list_is_rejected(tmp_path: Path) -> None:
    reading = read_csv(tmp_path, f"{HEADER}\n1,fax,2024-01-01T00:00:00Z\n2,,2024-01-01T00:00:00Z\n")
    assert lines(reading) == [
        "contacts.csv: row 2, column channel = 'fax': not a channel "
        "(allowed: phone, email, chat, social, other)",
        "contacts.csv: row 3, column channel = '': missing: every contact needs a channel",
    ]


def test_a_csat_score_must_lie_within_its_scale(tmp_path: Path) -> None:
    text = f"{HEADER},csat_score,csat_scale\n1,chat,2024-01-01T00:00:00Z,6,5\n"
    text += "2,chat,2024-01-01T00:00:00Z,4,\n3,chat,2024-01-01T00:00:00Z,5,5\n"
    reading = read_csv(tmp_path, text)
    assert [r["source_id"] for r in rows(reading)] == ["3"]
    assert [line.split(": ", 1)[1] for line in lines(reading)] == [
        "row 2, column csat_score = '6': must lie between 0 and csat_scale",
        "row 3, column csat_score = '4': a score needs csat_scale (e.g. 5)",
    ]


def test_a_first_response_before_creation_is_rejected(tmp_path: Path) -> None:
    text = f"{HEADER},first_response_at\n1,chat,2024-01-01T10:00:00Z,2024-01-01T09:00:00Z\n"
    assert lines(read_csv(tmp_path, text)) == [
        "contacts.csv: row 2, column first_response_at = '2024-01-01T09:00:00Z': before created_at"
    ]


def test_rows_without_an_id_and_repeated_ids_are_rejected_after_the_first(tmp_path: Path) -> None:
    text = f"{HEADER}\n1,chat,2024-01-01T00:00:00Z\n,chat,2024-01-01T00:00:00Z\n"
    text += "1,email,2024-01-02T00:00:00Z\n"
    reading = read_csv(tmp_path, text)
    assert [r["channel"] for r in rows(reading)] == ["chat"]
    assert lines(reading) == [
        "contacts.csv: row 3, column source_id = '': missing: every contact needs an id",
        "contacts.csv: row 4, column source_id = '1': duplicate id: first on row 2",
    ]


def test_free_text_is_kept_only_when_asked(tmp_path: Path) -> None:
    text = f"{HEADER},subject\n1,chat,2024-01-01T00:00:00Z,Where is my parcel?\n"
    assert "subject" not in rows(read_csv(tmp_path, text))[0]
    kept = read_csv(tmp_path, text, keep_text=True)
    assert rows(kept, keep_text=True)[0]["subject"] == "Where is my parcel?"


def test_a_typed_parquet_file_imports_like_the_csv(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "source_id": ["a", "b"],
            "channel": ["phone", "email"],
            "created_at": [datetime(2024, 3, 8, 16), datetime(2024, 3, 8, 17)],
            "wait_seconds": [12.0, None],
            "abandoned": [True, False],
            "nps_score": pl.Series([7, None], dtype=pl.Int16),
        }
    ).with_columns(pl.col("created_at").dt.replace_time_zone("Europe/Amsterdam"))
    frame.write_parquet(tmp_path / "contacts.parquet")
    reading = read(tmp_path / "contacts.parquet", ReadOptions())
    first = rows(reading)[0]
    assert (reading.source, reading.rejections.height) == ("csv", 0)
    assert first["created_at"] == datetime(2024, 3, 8, 15, tzinfo=UTC)
    assert (first["wait_seconds"], first["abandoned"], first["nps_score"], first["_row"]) == (
        12,
        True,
        7,
        1,
    )


def test_a_naive_parquet_datetime_is_utc_and_bad_rows_carry_record_numbers(tmp_path: Path) -> None:
    pl.DataFrame(
        {
            "source_id": ["a", "b"],
            "channel": ["chat", "pigeon"],
            "created_at": [datetime(2024, 3, 8, 16), datetime(2024, 3, 8, 17)],
        }
    ).write_parquet(tmp_path / "contacts.parquet")
    reading = read(tmp_path / "contacts.parquet", ReadOptions())
    assert rows(reading)[0]["created_at"] == datetime(2024, 3, 8, 16, tzinfo=UTC)
    assert lines(reading)[0].startswith("contacts.parquet: row 2, column channel = 'pigeon'")


def test_a_damaged_parquet_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "contacts.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InvalidInput, match=r"contacts\.parquet: not a readable Parquet file"):
        read(tmp_path / "contacts.parquet", ReadOptions())
