"""``regie qa template|sample|import|iqs`` end to end, as a user runs them.

The contacts and reviews are those of ``tests/integration/test_qa.py``: IQS 48.38 over
three reviews (one auto-failed), a calibration session kept out of it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.e2e.cli import regie
from tests.integration.test_qa import CALIBRATION, IQS, REVIEWS, VENDOR, october


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qa")
    root = folder / "ws"
    pl.DataFrame(october()).write_csv(folder / "october.csv")
    (folder / "reviews.csv").write_text("\n".join(REVIEWS) + "\n", encoding="utf-8")
    (folder / "calibration.csv").write_text("\n".join(CALIBRATION) + "\n", encoding="utf-8")
    for command in (
        ("init", root),
        ("vendor", "add", VENDOR, "-w", root),
        ("import", "csv", folder / "october.csv", "--vendor", VENDOR, "-w", root),
        ("qa", "template", folder / "scorecard.toml"),
    ):
        result = regie(*command)
        assert result.code == 0, result.stderr
    return root


def test_the_template_is_written_once_in_either_language(workspace: Path) -> None:
    folder = workspace.parent
    assert "[categories.process_compliance]" in (folder / "scorecard.toml").read_text("utf-8")
    again = regie("qa", "template", folder / "scorecard.toml")
    assert again.code == 1 and "already exists; use --force" in again.stderr
    dutch = regie("qa", "template", folder / "nl.toml", "--lang", "nl")
    assert dutch.code == 0 and "Vriendelijkheid" in (folder / "nl.toml").read_text("utf-8")


def test_sample_writes_the_review_form_and_prints_json(workspace: Path) -> None:
    folder = workspace.parent
    found = regie("qa", "sample", "--vendor", VENDOR, "--month", "2026-10", "--size", "10",
                  "--seed", "7", "--scorecard", folder / "scorecard.toml", "--out",
                  folder / "sample.csv", "-w", workspace, "--json").json()  # fmt: skip
    assert (found["seed"], found["drawn"]) == (7, 10)
    assert found["strata"]["phone"] == {"population": 14, "drawn": 3}
    assert len(found["contacts"]) == 10
    form = pl.read_csv(folder / "sample.csv", infer_schema=False)
    assert form.height == 10 and "process_compliance" in form.columns
    shown = regie("qa", "sample", "--vendor", VENDOR, "--month", "2026-10", "--size", "10",
                  "--seed", "7", "-w", workspace)  # fmt: skip
    assert shown.code == 0 and "give --seed 7 to draw the same sample again" in shown.stdout


def test_a_bad_reviews_file_is_refused_line_by_line(workspace: Path) -> None:
    folder = workspace.parent
    bad = folder / "bad.csv"
    bad.write_text(REVIEWS[0] + "\ncsv:E1,Anna,,7,3,N/A,5,2,\ncsv:E2,Anna,,5,5,x,3,n/a,\n", "utf-8")
    result = regie("qa", "import", bad, "--vendor", VENDOR, "--scorecard",
                   folder / "scorecard.toml", "-w", workspace)  # fmt: skip
    assert result.code == 1
    assert result.stderr.splitlines() == [
        'error: bad.csv: row 2, column friendliness = "7": out of the scale; give a whole '
        "number from 1 to 5",
        'error: bad.csv: row 3, column product_knowledge = "x": not a whole number; give a '
        "whole number from 1 to 5 or N/A",
    ]


def test_import_then_iqs_with_calibration_kept_out(workspace: Path) -> None:
    folder = workspace.parent
    card = folder / "scorecard.toml"
    done = regie("qa", "import", folder / "reviews.csv", "--vendor", VENDOR, "--scorecard", card,
                 "-w", workspace, "--json").json()  # fmt: skip
    assert (done["reviews"], done["auto_failed"], done["comments_dropped"]) == (3, 1, 2)
    session = regie("qa", "import", folder / "calibration.csv", "--vendor", VENDOR,
                    "--scorecard", card, "--calibration", "-w", workspace)  # fmt: skip
    assert session.code == 0 and "Imported 4 reviews" in session.stdout
    again = regie("qa", "import", folder / "reviews.csv", "--vendor", VENDOR, "--scorecard",
                  card, "-w", workspace)  # fmt: skip
    assert again.code == 1 and "nothing imported" in again.stderr
    found = regie("qa", "iqs", "--vendor", VENDOR, "--month", "2026-10", "-w", workspace,
                  "--json", "--out", folder / "reports").json()  # fmt: skip
    assert found["iqs"]["n"] == 3 and abs(found["iqs"]["mean"] - IQS) < 1e-9
    assert (found["warning"], found["min_reviews"], found["auto_failed"]) == (True, 50, 1)
    assert found["calibration"]["reviews"] == 4
    assert found["calibration"]["overall"]["pairs"] == 6
    assert [Path(p).suffix for p in found["files"]] == [".html", ".pdf", ".xlsx"]
    assert "Anna" not in str(found) and "Friendly" not in str(found)


def test_iqs_in_dutch_on_the_terminal(workspace: Path) -> None:
    result = regie("qa", "iqs", "--vendor", VENDOR, "--month", "2026-10", "-w", workspace,
                   "--lang", "nl")  # fmt: skip
    assert result.code == 0, result.stderr
    assert "48,4" in result.stdout  # the IQS, in Dutch number format
    missing = regie("qa", "iqs", "--vendor", VENDOR, "--month", "2026-09", "-w", workspace)
    assert missing.code == 1 and "no QA reviews for 2026-09" in missing.stderr
