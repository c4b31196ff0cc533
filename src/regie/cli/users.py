"""``regie user add|passwd|list|token``: the people who sign in to the web app."""

from __future__ import annotations

import getpass
import os
import secrets
from pathlib import Path

import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.services import accounts

app = typer.Typer(help="Users of the web app and their API tokens.", no_args_is_help=True)
PASSWORD_ENV = "REGIE_PASSWORD"
ADMIN_PASSWORD_ENV = "REGIE_ADMIN_PASSWORD"


def actor() -> str:
    """Who changes things from the command line, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _password(new: bool) -> str:
    """From REGIE_PASSWORD, else asked twice on the terminal (never on the command line)."""
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    first = typer.prompt("Password" if new else "New password", hide_input=True)
    if typer.prompt("Repeat", hide_input=True) != first:
        raise typer.BadParameter("the two passwords differ")
    return str(first)


def first_admin(root: Path, username: str) -> None:
    """The admin created with a new workspace."""
    password = os.environ.get(ADMIN_PASSWORD_ENV) or secrets.token_urlsafe(12)
    store = bootstrap.accounts(root)
    accounts.add_user(store, actor(), username, password, "admin")
    if os.environ.get(ADMIN_PASSWORD_ENV):
        console.print(f"Admin {username!r} created with the password in {ADMIN_PASSWORD_ENV}.")
    else:
        console.print(f"Admin {username!r} created; password (shown once): {password}")


@app.command("add")
@guarded
def add(
    username: str = typer.Argument(..., help="The user name to sign in with."),
    role: str = typer.Option(..., "--role", help="admin, manager, viewer or vendor."),
    vendor: str | None = typer.Option(None, "--vendor", help="A vendor user's vendor."),
    lang: str = typer.Option("en", "--lang", help="Language of the user's pages: en or nl."),
    workspace: Path | None = WORKSPACE,
) -> None:
    """Add a user; the password comes from REGIE_PASSWORD or is asked twice."""
    found = None
    if vendor is not None:
        info = bootstrap.store(workspace).vendor(vendor)
        found = (info.id, info.name)
    store = bootstrap.accounts(workspace)
    user = accounts.add_user(store, actor(), username, _password(True), role, found, lang)
    suffix = f" for {user.vendor}" if user.vendor else ""
    console.print(f"Added user {user.username!r} ({user.role}{suffix}).")


@app.command("passwd")
@guarded
def passwd(
    username: str = typer.Argument(..., help="Whose password."),
    workspace: Path | None = WORKSPACE,
) -> None:
    """Set a new password (REGIE_PASSWORD or asked twice); it ends the user's sessions."""
    accounts.change_password(bootstrap.accounts(workspace), actor(), username, _password(False))
    console.print(f"Password of {username!r} changed.")


@app.command("list")
@guarded
def list_users(workspace: Path | None = WORKSPACE, json: bool = JSON) -> None:
    """List the users."""
    users = bootstrap.accounts(workspace).users()
    rows = [
        {
            "username": u.username,
            "role": str(u.role),
            "vendor": u.vendor,
            "lang": u.lang,
            "created_at": u.created_at.isoformat(),
        }
        for u in users
    ]
    if json:
        print_json(rows)
        return
    table = Table("user", "role", "vendor", "language", "added", title="Users")
    for r in rows:
        table.add_row(*(str(r[k] or "") for k in ("username", "role", "vendor", "lang")),
                      str(r["created_at"])[:16])  # fmt: skip
    console.print(table)


@app.command("token")
@guarded
def token(
    username: str = typer.Argument(..., help="Whose token."),
    name: str = typer.Option("api", "--name", help="What the token is for."),
    workspace: Path | None = WORKSPACE,
) -> None:
    """Issue an API token (Authorization: Bearer …); it is shown once."""
    value = accounts.issue_token(bootstrap.accounts(workspace), actor(), username, name)
    console.print(value)
