"""The one error tree of Regie.

Every error a user can cause or meet is a ``RegieError``: it carries a human ``message``
and a stable machine ``code``; the edges (CLI, web) turn it into an exit code or an HTTP
response and never show a traceback for it::

    RegieError                  code "error"
    ├── InvalidInput            code "invalid_input"      bad value in a file or argument
    │   └── CaseFileError       code "invalid_case_file"  a business-case file that fails validation
    ├── NotFound                code "not_found"          a named thing does not exist
    ├── Conflict                code "conflict"           the change clashes with stored state
    ├── PermissionDenied        code "permission_denied"  the user may not do this
    └── Infeasible              code "infeasible"         a target no staffing can meet

``InvalidInput`` carries ``problems``: one line per problem, each naming the file, key (or
row and column), the bad value and what is allowed, e.g.
``case.toml: channels.email.aht_minutes = -3: must be greater than 0``.
"""

from __future__ import annotations

from collections.abc import Sequence


class RegieError(Exception):
    """Base of every error Regie raises on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(RegieError):
    """Input that breaks a rule; ``problems`` lists each offending value."""

    code = "invalid_input"

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)


class CaseFileError(InvalidInput):
    """A business-case file that cannot be read or fails validation."""

    code = "invalid_case_file"


class NotFound(RegieError):
    """A named thing (file, vendor, contract, ...) does not exist."""

    code = "not_found"


class Conflict(RegieError):
    """The requested change clashes with what is stored."""

    code = "conflict"


class PermissionDenied(RegieError):
    """The user's role does not allow this."""

    code = "permission_denied"


class Infeasible(InvalidInput):
    """A target that no number of agents can meet (e.g. SL 100 % at 0 s)."""

    code = "infeasible"
