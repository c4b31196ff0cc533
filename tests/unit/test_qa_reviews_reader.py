"""The reviews file: one row per review and a column per category, every problem named by
file, row, column, value and what is allowed (tests/fixtures/qa)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from regie.domain.errors import InvalidInput, NotFound
from regie.files.qa_scorecard_loader import load_scorecard
from regie.ingest.qa_reviews import read_reviews

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qa"
CARD = load_scorecard(FIXTURES / "scorecard.toml").scorecard
HEADER = ",".join(("contact_id", "reviewer", *CARD.keys))


def write(tmp_path: Path, *lines: str, name: str = "reviews.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems_of(path: Path) -> tuple[str, ...]:
    with pytest.raises(InvalidInput) as caught:
        read_reviews(path, CARD)
    return caught.value.problems


def test_a_semicolon_file_with_na_words_dates_and_a_blank_row() -> None:
    first, second, third = read_reviews(FIXTURES / "reviews.csv", CARD)
    assert (first.row, first.contact_id, first.reviewer, first.agent) == (
        2, "zendesk:1001", "Anna de Vries", "Piet",
    )  # fmt: skip
    assert first.answers == {"friendliness": 4, "professionalism": 3, "product_knowledge": None,
                             "process_compliance": 5, "resolution": 2}  # fmt: skip
    assert first.reviewed_on == second.reviewed_on == date(2026, 10, 14)
    assert first.comment == "Friendly but did not solve it"
    assert second.answers["product_knowledge"] is None and second.answers["resolution"] is None
    assert (second.agent, second.comment) == (None, None)
    assert third.row == 5  # the blank row 4 is skipped, but counted
    assert third.comment == "Skipped the identity check; coach on GDPR"


def test_every_problem_of_a_bad_file_at_once() -> None:
    assert problems_of(FIXTURES / "reviews-bad.csv") == (
        'reviews-bad.csv: row 2, column friendliness = "7": out of the scale; give a whole '
        "number from 1 to 5",
        'reviews-bad.csv: row 3, column reviewer = "": missing; this column is required',
        'reviews-bad.csv: row 3, column professionalism = "goed": not a whole number; give a '
        "whole number from 1 to 5",
        'reviews-bad.csv: row 3, column process_compliance = "N/A": N/A is not allowed here; '
        "give a whole number from 1 to 5",
        'reviews-bad.csv: row 3, column reviewed_at = "14-10-2026": not a date; use ISO, '
        "e.g. 2026-10-14",
        'reviews-bad.csv: row 4, column friendliness = "": missing; give a whole number from '
        "1 to 5",
        "reviews-bad.csv: row 5: contact zendesk:1001 is reviewed by the same reviewer in "
        "row 2; keep one of the two",
    )


def test_a_missing_category_column_and_an_unknown_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,reviewer,frendliness,professionalism,product_knowledge,process_compliance,notes",
        "zendesk:1,Anna,4,4,4,4,x",
    )
    assert problems_of(path) == (
        "reviews.csv: row 1: missing column friendliness, resolution; the scorecard 'Customer "
        "service scorecard' needs a column per category: friendliness, professionalism, "
        "product_knowledge, process_compliance, resolution",
        'reviews.csv: row 1: unknown column "frendliness" (did you mean friendliness?), '
        '"notes"; allowed columns: contact_id, reviewer, friendliness, professionalism, '
        "product_knowledge, process_compliance, resolution, agent, reviewed_at, comment",
    )


def test_missing_required_columns(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER.replace("contact_id,reviewer,", ""), "4,4,4,4,4")
    assert problems_of(path)[0] == (
        "reviews.csv: row 1: missing column contact_id, reviewer; required: contact_id, "
        "reviewer and a column per category"
    )


def test_a_row_that_is_all_na_has_nothing_to_score(tmp_path: Path) -> None:
    card_path = tmp_path / "qa.toml"
    card_path.write_text('[scorecard]\nname = "x"\n[categories.a]\nweight = 1\n'
                         "[categories.b]\nweight = 1\n", encoding="utf-8")  # fmt: skip
    path = write(tmp_path, "contact_id,reviewer,a,b", "zendesk:1,Anna,N/A,n.v.t.")
    with pytest.raises(InvalidInput) as caught:
        read_reviews(path, load_scorecard(card_path).scorecard)
    assert caught.value.problems == ("reviews.csv: row 2: every category is N/A: nothing to score",)


def test_the_columns_of_a_sample_file_are_ignored_and_case_does_not_matter(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "Contact_ID,source,source_id,channel,created_at,queue,agent_key,Reviewer,reviewed_at,"
        "friendliness,professionalism,product_knowledge,process_compliance,resolution,comment",
        "csv:7,csv,7,email,2026-10-05T10:00:00+02:00,,abc,Anna,,5,4,3,2,1,",
    )
    (review,) = read_reviews(path, CARD)
    assert (review.contact_id, review.reviewer, review.answers["resolution"]) == (
        "csv:7",
        "Anna",
        1,
    )


def test_whole_numbers_written_as_decimals_are_read(tmp_path: Path) -> None:
    (review,) = read_reviews(write(tmp_path, HEADER, "z:1,Anna,4.0,3,NA,5,2"), CARD)
    assert review.answers["friendliness"] == 4
    assert problems_of(write(tmp_path, HEADER, "z:1,Anna,4.5,3,NA,5,2"))[0].endswith(
        'column friendliness = "4.5": not a whole number; give a whole number from 1 to 5'
    )


def test_an_xlsx_file_reads_like_the_csv(tmp_path: Path) -> None:
    path = tmp_path / "reviews.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.split(","))
    sheet.write_row(1, 0, ["z:1", "Anna", 4, 3, "N/A", 5, 2])
    sheet.write_row(2, 0, ["z:2", "Bram", 9, 3, "N/A", 5, 2])
    book.close()
    assert problems_of(path) == (
        'reviews.xlsx: row 3, column friendliness = "9": out of the scale; give a whole number '
        "from 1 to 5",
    )
    frame = pl.read_excel(path)
    assert frame.height == 2


def test_no_file_and_no_rows(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_reviews(tmp_path / "none.csv", CARD)
    with pytest.raises(InvalidInput, match="no rows"):
        read_reviews(write(tmp_path, HEADER), CARD)
