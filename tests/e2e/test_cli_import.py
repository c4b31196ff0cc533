"""``regie init / vendor / import / batches`` end to end, as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from tests.e2e.cli import regie

CSV = """source_id,channel,created_at,first_response_at,customer_key,agent_key,csat_score,csat_scale
T-1,email,2024-03-08T15:00:00Z,2024-03-08T16:30:00Z,cust-1,agent-7,5,5
T-2,chat,2024-03-09T10:00:00Z,2024-03-09T10:01:00Z,cust-2,agent-7,,
T-3,phone,not a date,,cust-3,,,
T-4,social,2024-03-10T08:00:00Z,2024-03-10T07:00:00Z,cust-1,agent-8,,
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    assert regie("init", root).code == 0
    assert regie("vendor", "add", "Nearshore BV", "-w", root).code == 0
    return root


def test_init_refuses_an_existing_workspace(workspace: Path) -> None:
    result = regie("init", workspace)
    assert result.code == 1
    assert "already a Regie workspace" in result.stderr


def test_commands_on_a_missing_workspace_say_how_to_make_one(tmp_path: Path) -> None:
    result = regie("batches", "-w", tmp_path / "nothing")
    assert result.code == 1
    assert "no Regie workspace here; create one with `regie init" in result.stderr


def test_vendors_are_listed_as_json(workspace: Path) -> None:
    listed = regie("vendor", "list", "-w", workspace, "--json").json()
    assert [v["name"] for v in listed] == ["Nearshore BV"]


def test_an_import_reports_counts_and_quarantines_rejected_rows(
    workspace: Path, tmp_path: Path
) -> None:
    data = tmp_path / "contacts.csv"
    data.write_text(CSV)
    result = regie("import", "csv", data, "--vendor", "Nearshore BV", "-w", workspace, "--json")
    assert result.code == 0, result.stderr
    batch = result.json()
    assert (batch["rows_read"], batch["imported"], batch["rejected"], batch["duplicates"]) == (
        4,
        2,
        2,
        0,
    )
    quarantine = pl.read_csv(workspace / "quarantine" / batch["quarantine_file"])
    assert sorted(quarantine["row"].to_list()) == [4, 5]
    again = regie(
        "import", "csv", data, "--vendor", "Nearshore BV", "-w", workspace, "--json"
    ).json()
    assert (again["imported"], again["duplicates"]) == (0, 2)
    listed = regie("batches", "-w", workspace, "--json").json()
    assert [b["id"] for b in listed] == [batch["id"], again["id"]]


def test_strict_imports_nothing_and_names_each_rejection(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "contacts.csv"
    data.write_text(CSV)
    result = regie("import", "csv", data, "--vendor", "Nearshore BV", "-w", workspace, "--strict")
    assert result.code == 1
    assert "contacts.csv: row 4, column created_at = 'not a date'" in result.stderr
    assert regie("batches", "-w", workspace, "--json").json() == []


def test_a_batch_can_be_removed(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "contacts.csv"
    data.write_text(CSV)
    batch = regie(
        "import", "csv", data, "--vendor", "Nearshore BV", "-w", workspace, "--json"
    ).json()
    removed = regie("batches", "rm", str(batch["id"]), "-w", workspace)
    assert removed.code == 0 and "Removed batch" in removed.stdout
    assert regie("batches", "-w", workspace, "--json").json() == []
    assert list((workspace / "facts").glob("batch-*")) == []


def _big_csv(path: Path, rows: int) -> None:
    rng = np.random.default_rng(1)
    pl.DataFrame(
        {
            "source_id": np.arange(rows).astype(str),
            "channel": rng.choice(["phone", "email"], rows),
            "created_at": ["2024-03-08T15:00:00Z"] * rows,
            "customer_key": rng.integers(0, 10**9, rows).astype(str),
        }
    ).write_csv(path)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill -9"])
def test_an_import_killed_midway_leaves_no_batch_and_no_file(
    workspace: Path, tmp_path: Path, how: signal.Signals
) -> None:
    data = tmp_path / "big.csv"
    _big_csv(data, 3_000_000)
    env = {**os.environ, "COLUMNS": "200"}
    command = [sys.executable, "-m", "regie", "import", "csv", str(data), "--vendor",
               "Nearshore BV", "-w", str(workspace), "--json"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.5)
    assert process.poll() is None, "the import finished before it could be interrupted"
    process.send_signal(how)
    process.wait(timeout=60)
    listed = regie("batches", "-w", workspace, "--json")
    assert listed.code == 0 and json.loads(listed.stdout) == []
    leftovers = [p.name for p in (workspace / "facts").iterdir() if p.name != ".lock"]
    assert leftovers == []


ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT.parent / "shared/data/external/anonymous-bank-1999/01_January.txt"


def test_a_real_call_log_imports_through_its_mapping(workspace: Path) -> None:
    mapping = ROOT / "examples/mappings/anonymous-bank-1999.toml"
    result = regie("import", "mapped", BANK, "--vendor", "Nearshore BV", "--mapping", mapping,
                   "-w", workspace, "--json")  # fmt: skip
    assert result.code == 0, result.stderr
    batch = result.json()
    assert (batch["rows_read"], batch["imported"], batch["skipped"], batch["rejected"]) == (
        31_599,
        30_161,
        1_438,
        0,
    )


def test_a_zendesk_export_without_tz_is_refused_with_the_fix(workspace: Path) -> None:
    export = ROOT / "tests/fixtures/zendesk/tickets.csv"
    result = regie("import", "zendesk", export, "--vendor", "Nearshore BV", "-w", workspace)
    assert result.code == 1
    assert "give --tz" in result.stderr
    assert regie("batches", "-w", workspace, "--json").json() == []


def test_kpi_tables_come_from_the_imported_contacts(workspace: Path) -> None:
    mapping = ROOT / "examples/mappings/anonymous-bank-1999.toml"
    imported = regie("import", "mapped", BANK, "--vendor", "Nearshore BV", "--mapping", mapping,
                     "-w", workspace)  # fmt: skip
    assert imported.code == 0, imported.stderr
    rows = regie("kpi", "--vendor", "Nearshore BV", "--from", "1998-12-31", "--to", "1999-02-01",
                 "--by", "channel,month", "-w", workspace, "--json").json()  # fmt: skip
    assert sum(r["offered"] for r in rows) == 30_161
    assert {r["channel"] for r in rows} == {"phone"}
    refused = regie("kpi", "--vendor", "Nearshore BV", "--from", "1999-02-01", "--to", "1999-01-01",
                    "-w", workspace)  # fmt: skip
    assert refused.code == 1 and "is before --from" in refused.stderr
