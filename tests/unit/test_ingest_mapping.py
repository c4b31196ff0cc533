"""The mapping format and the mapped reader, on small invented exports in tests/fixtures/mapped."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from regie.domain.errors import InvalidInput, NotFound
from regie.ingest.mapped import read
from regie.ingest.mapping import (
    FieldRule,
    Fields,
    Mapping,
    SkipRule,
    load_mapping,
    parse_mapping,
)
from regie.ingest.reading import Reading, ReadOptions, rejection_lines

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mapped"
CALLS = FIXTURES / "calls.tsv"
TICKETS = FIXTURES / "tickets.csv"
MINIMAL = """
source = "test"
[fields]
source_id = { column = "id" }
channel = { value = "chat" }
created_at = { column = "created" }
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_mapping(text, "m.toml")
    return list(caught.value.problems)


def read_calls(**options: object) -> Reading:
    return read(CALLS, ReadOptions(mapping=FIXTURES / "calls.toml", **options))  # type: ignore[arg-type]


def read_inline(tmp_path: Path, table: str, fields: str, **extra: str) -> Reading:
    """A comma-separated table and a mapping built from MINIMAL plus ``fields``."""
    (tmp_path / "in.csv").write_text(table)
    head = "".join(f'{key} = "{value}"\n' for key, value in extra.items())
    (tmp_path / "m.toml").write_text(head + MINIMAL + fields)
    return read(tmp_path / "in.csv", ReadOptions(mapping=tmp_path / "m.toml"))


def by_id(reading: Reading) -> dict[str, dict[str, object]]:
    return {r["source_id"]: r for r in reading.canonical().collect().iter_rows(named=True)}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# --- the mapping file -------------------------------------------------------------------


def test_the_shipped_example_mappings_are_valid() -> None:
    for path in (Path(__file__).resolve().parents[2] / "examples" / "mappings").glob("*.toml"):
        assert load_mapping(path).source


def test_a_missing_mapping_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such mapping file"):
        load_mapping(tmp_path / "absent.toml")


def test_reading_without_a_mapping_says_to_give_one() -> None:
    with pytest.raises(InvalidInput, match="needs a mapping file: give --mapping"):
        read(CALLS, ReadOptions())


def test_a_mapping_that_is_not_toml_is_refused_with_its_name() -> None:
    assert problems_of("source = ")[0].startswith("m.toml: not valid TOML")


def test_a_mapping_without_required_fields_names_each_missing_key() -> None:
    found = problems_of('source = "x"\n[fields]\nchannel = { value = "phone" }\n')
    assert "m.toml: fields.source_id: missing: this key is required" in found
    assert "m.toml: fields.created_at: missing: this key is required" in found


def test_a_misspelt_field_gets_the_nearest_canonical_name() -> None:
    found = problems_of(MINIMAL + 'wait_secnds = { column = "w" }\n')
    assert found == ["m.toml: fields.wait_secnds = {…}: unknown key; did you mean 'wait_seconds'?"]


def test_a_misspelt_option_gets_the_nearest_option() -> None:
    found = problems_of(MINIMAL + 'queue = { colum = "q" }\n')
    assert "m.toml: fields.queue.colum = \"q\": unknown key; did you mean 'column'?" in found


def test_a_misspelt_skip_condition_gets_a_suggestion() -> None:
    found = problems_of(MINIMAL + '[[skip]]\nreason = "r"\nwhn = { a = "b" }\n')
    assert "m.toml: skip.0.whn = {…}: unknown key; did you mean 'when'?" in found


def test_an_unknown_unit_lists_the_allowed_units() -> None:
    found = problems_of(MINIMAL + 'handle_seconds = { column = "h", unit = "sec" }\n')
    assert found == [
        "m.toml: fields.handle_seconds.unit = \"sec\": must be 's', 'min', 'h' or 'HH:MM:SS'"
    ]


def test_a_field_needs_exactly_one_place_its_value_comes_from() -> None:
    found = problems_of(MINIMAL.replace('{ column = "id" }', '{ column = "id", value = "1" }'))
    assert found == [
        "m.toml: fields.source_id: give exactly one of: column, columns, date + time, "
        "between, value"
    ]


def test_a_date_without_a_time_is_refused() -> None:
    found = problems_of(MINIMAL.replace('{ column = "created" }', '{ date = "d" }'))
    assert found == [
        "m.toml: fields.created_at: date and time go together: give both (or use column)"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'abandoned = { column = "o", values = { A = "no" } }',
            'fields.abandoned.values.A = "no": must be true or false',
        ),
        ("nps_score = { value = 7.5 }", "fields.nps_score.value = 7.5: must be a whole number"),
        (
            'queue = { column = "q", unit = "s" }',
            "fields.queue.unit: not for queue, a text field; unit is for seconds fields",
        ),
        (
            'wait_seconds = { between = ["created_at", "resolved_at"] }',
            'fields.wait_seconds.between: "resolved_at" is not mapped in this file',
        ),
        (
            'resolved_at = { column = "r", format = "DD-MM-YYYY hh:mm" }',
            'fields.resolved_at.format = "DD-MM-YYYY hh:mm": unknown letters',
        ),
        (
            'closed_at = { date = "d", time = "t", after = "created_at" }',
            'fields.closed_at.after = "created_at": must name another field that',
        ),
    ],
)
def test_an_option_that_does_not_fit_its_field_is_refused(line: str, expected: str) -> None:
    found = problems_of(MINIMAL + line + "\n")
    assert any(p.startswith(f"m.toml: {expected}") for p in found), found


def test_a_channel_constant_must_be_a_known_channel() -> None:
    found = problems_of(MINIMAL.replace('"chat"', '"fax"'))
    assert found == [
        'm.toml: fields.channel.value = "fax": must be one of phone, email, chat, social, other'
    ]


def test_a_bad_source_name_and_time_zone_say_what_is_allowed() -> None:
    found = problems_of(MINIMAL.replace('"test"', '"Bank X"\ntime_zone = "Mars/Olympus"'))
    assert found == [
        'm.toml: source = "Bank X": must be a short lower-case name such as "anonymous-bank"',
        'm.toml: time_zone = "Mars/Olympus": not a known IANA time zone (e.g. Europe/Amsterdam)',
    ]


def test_a_column_the_file_lacks_is_named_with_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_inline(
            tmp_path,
            "id,created,wait\n1,2024-01-01T00:00:00Z,3\n",
            'wait_seconds = { column = "wiat" }\n',
        )
    assert caught.value.problems == (
        "in.csv: no column 'wiat' (named at fields.wait_seconds in m.toml); did you mean 'wait'?",
    )


def test_local_times_without_a_time_zone_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"fields\.resolved_at holds local times: set time_zone"):
        read_inline(
            tmp_path,
            "id,created,d,t\n1,2024-01-01T00:00:00Z,2024-01-01,10:00\n",
            'resolved_at = { date = "d", time = "t" }\n',
        )


# --- reading with a mapping ---------------------------------------------------------------


def test_a_date_and_a_time_of_day_combine_into_utc_in_the_mapping_time_zone() -> None:
    calls = by_id(read_calls())
    assert calls["L1/1001"]["created_at"] == utc(2024, 3, 8, 8, 0, 5)  # CET, UTC+1
    assert calls["L1/1006"]["created_at"] == utc(2024, 10, 27, 0, 30)  # repeated hour: the first


def test_the_tz_option_overrides_the_mapping_time_zone() -> None:
    calls = by_id(read_calls(tz="UTC"))
    assert calls["L1/1001"]["created_at"] == utc(2024, 3, 8, 9, 0, 5)


def test_a_time_after_midnight_that_follows_created_at_is_on_the_next_day() -> None:
    call = by_id(read_calls())["L2/1001"]
    assert call["created_at"] == utc(2024, 3, 8, 22, 59, 50)
    assert call["first_response_at"] == utc(2024, 3, 8, 23, 0, 20)


def test_between_two_times_of_day_gives_seconds_even_across_midnight() -> None:
    calls = by_id(read_calls())
    assert calls["L1/1001"]["wait_seconds"] == 30
    assert calls["L2/1001"]["wait_seconds"] == 25


def test_a_value_listed_as_missing_means_did_not_happen_and_is_null() -> None:
    calls = by_id(read_calls())
    assert calls["L1/1002"]["wait_seconds"] is None
    assert calls["L1/1002"]["customer_key"] is None
    assert calls["L2/1003"]["agent_key"] is None


def test_a_field_with_a_condition_is_null_where_the_condition_does_not_hold() -> None:
    hung_up = by_id(read_calls())["L2/1003"]
    assert hung_up["abandoned"] is True
    assert hung_up["first_response_at"] is None
    assert hung_up["handle_seconds"] is None


def test_value_maps_turn_codes_into_canonical_values() -> None:
    calls = by_id(read_calls())
    assert [calls[i]["priority"] for i in ("L1/1001", "L1/1002", "L2/1001")] == [
        "high",
        "regular",
        "regular",
    ]
    assert calls["L1/1001"]["abandoned"] is False


def test_skip_rules_leave_rows_out_as_skipped_not_rejected() -> None:
    reading = read_calls()
    assert (reading.rows_read, reading.skipped) == (13, 2)
    assert reading.rows_read == reading.skipped + reading.rejections.height + 5
    assert "L2/1004" not in by_id(reading)


def test_every_rejection_names_file_row_column_value_and_reason() -> None:
    assert rejection_lines(read_calls().rejections) == [
        "calls.tsv: row 7, column line + call = 'L1/1001': duplicate id: first on row 2",
        "calls.tsv: row 8, column arrived = '2:30:00': not a time in Europe/Amsterdam: "
        "skipped by a daylight-saving change",
        "calls.tsv: row 10, column day = '240230': not a date as YYMMDD",
        "calls.tsv: row 11, column arrived = '25:61:00': not a time of day (H:MM:SS)",
        "calls.tsv: row 12, column result = 'TRANSFER': not one of the mapped values: AGENT, HANG",
        "calls.tsv: row 13, column talk = '2:30': not a number of seconds",
    ]


def test_contact_ids_join_the_source_and_the_composite_id() -> None:
    call = by_id(read_calls())["L1/1001"]
    assert (call["contact_id"], call["source"], call["channel"]) == (
        "test-acd:L1/1001",
        "test-acd",
        "phone",
    )


def test_units_minutes_hours_and_hh_mm_ss_become_seconds() -> None:
    tickets = by_id(read(TICKETS, ReadOptions(mapping=FIXTURES / "tickets.toml")))
    assert tickets["T-1"]["wait_seconds"] == 750  # 12,5 min
    assert tickets["T-1"]["hold_seconds"] == 1800  # 0,5 h
    assert tickets["T-1"]["handle_seconds"] == 600  # 0:10:00
    assert tickets["T-2"]["handle_seconds"] == 3723  # 1:02:03


def test_a_timestamp_column_with_a_format_is_read_in_the_time_zone() -> None:
    reading = read(TICKETS, ReadOptions(mapping=FIXTURES / "tickets.toml"))
    tickets = by_id(reading)
    assert tickets["T-1"]["created_at"] == utc(2024, 3, 8, 15)  # CET
    assert tickets["T-2"]["created_at"] == utc(2024, 7, 9, 8)  # CEST
    assert (tickets["T-1"]["tags"], tickets["T-2"]["escalated"]) == ("Réclame", True)
    assert rejection_lines(reading.rejections) == [
        "tickets.csv: row 4, column Aangemaakt = '09-03-2024 25:00': "
        "not a timestamp as DD-MM-YYYY HH:mm",
        "tickets.csv: row 5, column Kanaal = 'Fax': "
        "not one of the mapped values: E-mail, Telefoon, Chat",
        "tickets.csv: row 6, column csat_score = '7': must lie between 0 and csat_scale",
        "tickets.csv: row 7, column Afhandeltijd = '1:75:00': not a duration in HH:MM:SS",
    ]


@pytest.mark.parametrize(("policy", "expected"), [("null", None), ("keep", "Other")])
def test_unmapped_values_can_become_null_or_be_kept(
    tmp_path: Path, policy: str, expected: str | None
) -> None:
    table = "id,created,q\n1,2024-01-01T00:00:00Z,Other\n"
    fields = f'queue = {{ column = "q", values = {{ A = "alpha" }}, unmapped = "{policy}" }}\n'
    reading = read_inline(tmp_path, table, fields)
    assert (by_id(reading)["1"]["queue"], reading.rejections.height) == (expected, 0)


def test_unless_keeps_a_value_only_where_the_condition_does_not_hold(tmp_path: Path) -> None:
    table = "id,created,h,kind\n1,2024-01-01T00:00:00Z,30,real\n2,2024-01-01T00:00:00Z,0,test\n"
    reading = read_inline(
        tmp_path, table, 'handle_seconds = { column = "h", unless = { kind = "test" } }\n'
    )
    assert [r["handle_seconds"] for r in by_id(reading).values()] == [30, None]


def test_between_two_mapped_timestamps_gives_seconds(tmp_path: Path) -> None:
    table = "id,created,answered\n1,2024-01-01T10:00:00Z,2024-01-01T10:02:30+00:00\n"
    fields = 'first_response_at = { column = "answered" }\n'
    fields += 'wait_seconds = { between = ["created_at", "first_response_at"] }\n'
    assert by_id(read_inline(tmp_path, table, fields))["1"]["wait_seconds"] == 150


def test_local_timestamps_without_an_offset_need_a_time_zone(tmp_path: Path) -> None:
    table = "id,created\n1,2024-01-01 10:00:00\n2,2024-01-01T10:00:00Z\n"
    reading = read_inline(tmp_path, table, "")
    assert list(by_id(reading)) == ["2"]
    assert "for local times set time_zone or --tz" in rejection_lines(reading.rejections)[0]


def test_xlsx_and_parquet_exports_read_like_the_csv(tmp_path: Path) -> None:
    frame = pl.read_csv(CALLS, separator="\t", infer_schema=False)
    frame.write_excel(tmp_path / "calls.xlsx")
    frame.write_parquet(tmp_path / "calls.parquet")
    expected = read_calls().canonical().collect().drop("_row")
    for name in ("calls.xlsx", "calls.parquet"):
        other = read(tmp_path / name, ReadOptions(mapping=FIXTURES / "calls.toml"))
        assert other.canonical().collect().drop("_row").equals(expected), name


def test_parquet_rows_are_numbered_from_one(tmp_path: Path) -> None:
    pl.read_csv(CALLS, separator="\t", infer_schema=False).write_parquet(tmp_path / "calls.parquet")
    reading = read(tmp_path / "calls.parquet", ReadOptions(mapping=FIXTURES / "calls.toml"))
    assert reading.rejections["row"][0] == 6


def test_every_key_of_the_mapping_format_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import-mapping.md").read_text()
    documented = set(re.findall(r"`(\w+)`", doc))
    keys = {
        *Mapping.model_fields,
        *Fields.model_fields,
        *FieldRule.model_fields,
        *SkipRule.model_fields,
    }
    assert sorted(keys - documented) == []
