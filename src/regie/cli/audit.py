"""Changes made on the command line go to the workspace's audit log, as web changes do.

:func:`audited` wraps the commands that change stored state: after the command has
succeeded it writes who (``cli:<login>``), what (``import zendesk``) and on what (its
arguments, never a password). A command that failed changed nothing and is not logged.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from typer import _click

from regie.domain.errors import RegieError

CHANGES: dict[str, frozenset[str] | None] = {
    # command group: the subcommands that change state (None: the command itself)
    "import": frozenset({"zendesk", "zendesk-json", "freshdesk", "zammad", "intercom", "csv",
                         "mapped"}),
    "batches": frozenset({"rm"}),
    "vendor": frozenset({"add"}),
    "contract": frozenset({"add"}),
    "outage": frozenset({"import"}),
    "quote": frozenset({"import"}),
    "select": frozenset({"check", "accept"}),
    "qa": frozenset({"sample", "import"}),
    "evaluate": None,
}  # fmt: skip
QUIET = frozenset({"json", "lang", "workspace", "out", "force"})


def audited(name: str, command: _click.Command) -> None:
    """Wrap the state-changing callbacks of command ``name`` (in place)."""
    if name not in CHANGES:
        return
    subcommands = CHANGES[name]
    if subcommands is None:
        _wrap(name, command)
        return
    children: dict[str, _click.Command] = getattr(command, "commands", {})
    for sub in subcommands:
        found = children.get(sub)
        if found is not None:
            _wrap(f"{name} {sub}", found)


def _wrap(action: str, command: _click.Command) -> None:
    callback = command.callback
    if callback is None:
        return

    @functools.wraps(callback)
    def logged(*args: Any, **kwargs: Any) -> Any:
        result = callback(*args, **kwargs)
        if not (kwargs.get("draft") or kwargs.get("explain_key")):
            _record(action, kwargs)
        return result

    command.callback = logged


def _record(action: str, kwargs: dict[str, Any]) -> None:
    from regie import bootstrap
    from regie.cli.users import actor

    details: dict[str, object] = {
        k: str(v) for k, v in kwargs.items() if v not in (None, False) and k not in QUIET
    }
    target = str(kwargs.get("vendor") or kwargs.get("batch_id") or "")
    workspace = kwargs.get("workspace")
    try:
        book = bootstrap.accounts(workspace if isinstance(workspace, Path) else None)
        book.audit(actor(), action, target, details)
    except RegieError:
        return
