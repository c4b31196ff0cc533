"""`regie init` makes the first admin; `regie user add|passwd|list|token`; the audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regie import bootstrap
from regie.services import accounts
from tests.e2e.cli import regie

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "zendesk" / "tickets.csv"


def _audit(workspace: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(workspace / "regie.db") as db:
        return list(db.execute("SELECT actor, action, target FROM audit_log ORDER BY id"))


def test_init_creates_an_admin_with_a_password_shown_once(tmp_path: Path) -> None:
    done = regie("init", tmp_path / "ws", env={"REGIE_ADMIN_PASSWORD": ""})
    assert done.code == 0, done.stderr
    assert "password (shown once): " in done.stdout
    password = done.stdout.split("password (shown once): ")[1].split()[0]
    user = accounts.authenticate(bootstrap.accounts(tmp_path / "ws"), "admin", password)
    assert user.role == "admin"


def test_users_are_added_listed_and_given_new_passwords(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert regie("init", ws, env={"REGIE_ADMIN_PASSWORD": "first-admin-pw"}).code == 0
    assert regie("vendor", "add", "Acme", "-w", ws).code == 0
    env = {"REGIE_PASSWORD": "acme-team-lead-1"}
    added = regie("user", "add", "lead", "--role", "vendor", "--vendor", "Acme", "-w", ws, env=env)
    assert added.code == 0, added.stderr
    listed = regie("user", "list", "--json", "-w", ws).json()
    assert [(u["username"], u["role"], u["vendor"]) for u in listed] == [
        ("admin", "admin", None),
        ("lead", "vendor", "Acme"),
    ]
    changed = regie("user", "passwd", "lead", "-w", ws, env={"REGIE_PASSWORD": "another-pw-22"})
    assert changed.code == 0
    store = bootstrap.accounts(ws)
    assert accounts.authenticate(store, "lead", "another-pw-22").vendor == "Acme"


def test_bad_users_get_one_clear_line(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    regie("init", ws, env={"REGIE_ADMIN_PASSWORD": "first-admin-pw"})
    short = regie("user", "add", "x", "--role", "viewer", "-w", ws, env={"REGIE_PASSWORD": "short"})
    assert short.code == 1
    assert "at least 10 are needed" in short.stderr
    role = regie("user", "add", "x", "--role", "boss", "-w", ws, env={"REGIE_PASSWORD": "x" * 12})
    assert "role 'boss' is unknown: use one of admin, manager, viewer, vendor" in role.stderr
    twice = regie("user", "add", "admin", "--role", "viewer", "-w", ws,
                  env={"REGIE_PASSWORD": "x" * 12})  # fmt: skip
    assert "user 'admin' already exists" in twice.stderr


def test_changes_on_the_command_line_go_to_the_audit_log(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    regie("init", ws, env={"REGIE_ADMIN_PASSWORD": "first-admin-pw"})
    regie("vendor", "add", "Acme", "-w", ws)
    done = regie("import", "zendesk", FIXTURE, "--vendor", "Acme", "--tz", "Europe/Amsterdam",
                 "-w", ws)  # fmt: skip
    assert done.code == 0, done.stderr
    assert regie("import", "zendesk", FIXTURE, "--vendor", "Nobody", "-w", ws).code == 1
    assert regie("batches", "rm", "1", "-w", ws).code == 0
    actions = [(action, target) for _actor, action, target in _audit(ws)]
    assert actions == [
        ("user.add", "admin"),
        ("vendor add", ""),
        ("import zendesk", "Acme"),
        ("batches rm", "1"),
    ]
    assert all(actor.startswith("cli") for actor, _a, _t in _audit(ws))
