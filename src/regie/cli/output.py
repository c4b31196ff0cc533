"""How the CLI speaks: JSON on request, Rich on a terminal, one clear line on error."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from regie.domain.errors import RegieError

console = Console()
error_console = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(payload: Any) -> None:
    """Write ``payload`` as JSON to standard output (no colour, no wrapping)."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


def fail(error: RegieError) -> None:
    """Report a user error in one line per problem and exit 1 (never a traceback)."""
    problems = getattr(error, "problems", (error.message,))
    for line in problems:
        error_console.print(f"[bold red]error:[/] {escape(line)}", markup=True, highlight=False)
    raise typer.Exit(code=1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn any ``RegieError`` raised inside into :func:`fail`."""
    try:
        yield
    except RegieError as error:
        fail(error)


def guarded(func: Callable[..., None]) -> Callable[..., None]:
    """Decorator form of :func:`user_errors` for command functions."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        with user_errors():
            func(*args, **kwargs)

    return wrapper
