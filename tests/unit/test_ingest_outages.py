"""The outage log reader: offsets, local times, planned flags, and every problem at once.

Expectations are computed by hand from tests/fixtures/outages/ (Europe/Amsterdam is CEST,
UTC+2, until 2026-10-25 03:00 and CET, UTC+1, after; the clocks skip 02:00–03:00 on
2026-03-29).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from regie.domain.availability import Outage
from regie.domain.errors import InvalidInput, NotFound
from regie.ingest.outages import read_outages

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "outages"
EXAMPLE = "use ISO 8601, e.g. 2026-10-02T14:30:00+02:00"
NO_OFFSET = (
    "no UTC offset; add one, e.g. 2026-10-02T14:30:00+02:00 or 2026-10-02T12:30:00Z, "
    "or give the log's time zone (e.g. Europe/Amsterdam)"
)


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def problems(name: str, timezone: str | None = None) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_outages(FIXTURES / name, timezone)
    return list(caught.value.problems)


def test_a_good_file_with_mixed_offsets() -> None:
    assert read_outages(FIXTURES / "good.csv") == [
        Outage(t("2026-10-01T07:00:00Z"), t("2026-10-01T07:45:00Z"), "portal", False),
        Outage(t("2026-10-03T22:00:00Z"), t("2026-10-03T23:30:00Z"), "telephony", False),
        Outage(t("2026-10-10T00:00:00Z"), t("2026-10-10T04:00:00Z"), "portal", True),
        # "2026-10-25 01:30:00-04:00" (space, negative offset) → "…T06:15Z" (no seconds)
        Outage(t("2026-10-25T05:30:00Z"), t("2026-10-25T06:15:00Z"), None, False),
    ]


def test_instants_come_back_in_utc_and_descriptions_are_dropped() -> None:
    outages = read_outages(FIXTURES / "good.csv")
    assert (
        {o.start.utcoffset() for o in outages}
        == {o.end.utcoffset() for o in outages}
        == {timedelta(0)}
    )
    assert [f.name for f in dataclasses.fields(Outage)] == ["start", "end", "service", "planned"]
    assert "502" not in repr(outages)
    assert "maintenance" not in repr(outages)


def test_a_semicolon_file_with_bom_capitalised_header_and_dutch_flags() -> None:
    assert read_outages(FIXTURES / "semicolon.csv") == [
        Outage(t("2026-10-05T06:00:00Z"), t("2026-10-05T06:20:00Z"), "chat", False),  # nee
        Outage(t("2026-10-06T12:00:00Z"), t("2026-10-06T12:05:00Z"), "chat", True),  # JA
    ]


def test_a_header_only_file_has_no_outages() -> None:
    assert read_outages(FIXTURES / "header-only.csv") == []


def test_a_bad_file_reports_every_problem_at_once() -> None:
    assert problems("bad.csv") == [
        f'bad.csv: row 3, column end = "2026-10-02 25:00": not a date and time; {EXAMPLE}',
        "bad.csv: row 4: end 2026-10-01T10:00:00Z is before start 2026-10-01T11:00:00Z",
        'bad.csv: row 5, column start = "": missing; give a date and time, e.g. '
        "2026-10-02T14:30:00+02:00",
        'bad.csv: row 6, column planned = "maybe": not yes or no; use true/false, yes/no, '
        "ja/nee or 1/0 (empty is false)",
        # row 7 is blank and skipped, but counted as a spreadsheet counts it
        f'bad.csv: row 8, column start = "2026-10-07 10:00": {NO_OFFSET}',
        "bad.csv: row 9: end 2026-10-08T10:00:00Z equals start 2026-10-08T10:00:00Z; "
        "an outage must last longer than 0 seconds",
        "bad.csv: row 10: 6 fields but the header has 5 columns; quote a value that "
        "contains the delimiter",
        f'bad.csv: row 11, column start = "31-10-2026 10:00": not a date and time; {EXAMPLE}',
    ]


def test_the_error_message_counts_the_problems() -> None:
    with pytest.raises(InvalidInput, match=r"^bad\.csv: 7 problems$"):
        read_outages(FIXTURES / "bad.csv", "Europe/Amsterdam")  # row 8 is then fine


def test_naive_timestamps_without_a_timezone_are_errors_naming_row_and_column() -> None:
    assert problems("naive.csv") == [
        f'naive.csv: row 2, column start = "2026-10-01 09:00": {NO_OFFSET}',
        f'naive.csv: row 2, column end = "2026-10-01 10:30": {NO_OFFSET}',
        f'naive.csv: row 3, column start = "2026-10-25 02:30": {NO_OFFSET}',
        f'naive.csv: row 3, column end = "2026-10-25 03:30": {NO_OFFSET}',
    ]


def test_naive_timestamps_with_a_timezone_are_local_times() -> None:
    assert read_outages(FIXTURES / "naive.csv", "Europe/Amsterdam") == [
        Outage(t("2026-10-01T07:00:00Z"), t("2026-10-01T08:30:00Z"), "portal"),  # CEST
        # 02:30 occurs twice on 25 October: the first (CEST); 03:30 is CET
        Outage(t("2026-10-25T00:30:00Z"), t("2026-10-25T02:30:00Z"), "portal"),
        Outage(t("2026-11-02T09:00:00Z"), t("2026-11-02T10:00:00Z"), "portal"),  # offset kept
    ]


def test_a_local_time_the_clocks_skip_is_an_error() -> None:
    assert problems("naive-gap.csv", "Europe/Amsterdam") == [
        'naive-gap.csv: row 2, column start = "2026-03-29 02:30": does not exist in '
        "Europe/Amsterdam: the clocks skip it (DST change)"
    ]


def test_a_missing_required_column_names_the_columns_found() -> None:
    assert problems("missing-column.csv") == [
        'missing-column.csv: row 1: missing column end; the header has "start", "service", '
        '"description"; required: start, end'
    ]


def test_a_misspelt_column_is_both_missing_and_unknown() -> None:
    assert problems("unknown-column.csv") == [
        'unknown-column.csv: row 1: missing column start; the header has "strat", "end", '
        '"service", "impact"; required: start, end',
        'unknown-column.csv: row 1: unknown columns "strat" (did you mean start?), "impact"; '
        "allowed columns: start, end, service, planned, description",
    ]


def test_an_extra_column_is_refused_rather_than_ignored() -> None:
    assert problems("extra-column.csv") == [
        'extra-column.csv: row 1: unknown column "Notes"; allowed columns: start, end, '
        "service, planned, description"
    ]


def test_an_unknown_timezone_is_refused() -> None:
    with pytest.raises(InvalidInput, match='timezone "Europe/Amsterdm": not an IANA time zone'):
        read_outages(FIXTURES / "naive.csv", "Europe/Amsterdm")


def test_a_missing_file_is_not_found() -> None:
    with pytest.raises(NotFound):
        read_outages(FIXTURES / "no-such-file.csv")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "outages.csv: the file is empty: it needs a header line with at least start, end"),
        (b"start,end\n2026-10-01T08:00Z,2026-10-01T09:00Z,\xe9\n", "not UTF-8 text"),
        (b'start,end\n"2026-10-01T08:00Z,2026-10-01T09:00Z\n', "not a well-formed CSV file"),
        (b"start,end,start\n", 'column "start" appears twice in the header'),
        (b"start,end,\n", "column 3 of the header has no name"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "outages.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=message):
        read_outages(path)


def test_a_multi_line_description_is_one_row(tmp_path: Path) -> None:
    path = tmp_path / "outages.csv"
    path.write_text(
        'start,end,description\n2026-10-01T08:00Z,2026-10-01T09:00Z,"line one\nline two"\n'
        "2026-10-01T10:00Z,later,\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        read_outages(path)
    assert caught.value.problems == (
        f'outages.csv: row 3, column end = "later": not a date and time; {EXAMPLE}',
    )
