"""Who may do what: the four roles and the capabilities each one holds.

Every web page and API endpoint names the one capability it needs; the table below is
the whole policy, and a test walks every route with every role against it::

    capability         admin  manager  viewer  vendor
    read                 ✓       ✓       ✓       ✓ (only its own vendor's data)
    read_selection       ✓       ✓       ✓       ✗ (quotes, business case, diligence, pilot)
    upload               ✓       ✓       ✗       ✓ (only its own vendor's exports)
    change               ✓       ✓       ✗       ✗ (contracts, statements, gaps, reports)
    admin                ✓       ✗       ✗       ✗ (users, audit log)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from regie.domain.errors import InvalidInput, PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    VIEWER = "viewer"
    VENDOR = "vendor"


class Capability(StrEnum):
    READ = "read"
    READ_SELECTION = "read_selection"
    UPLOAD = "upload"
    CHANGE = "change"
    ADMIN = "admin"


POLICY: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.MANAGER: frozenset(Capability) - {Capability.ADMIN},
    Role.VIEWER: frozenset({Capability.READ, Capability.READ_SELECTION}),
    Role.VENDOR: frozenset({Capability.READ, Capability.UPLOAD}),
}


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"role {value!r} is unknown: use one of {allowed}") from None


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the edges see it."""

    user_id: int
    username: str
    role: Role
    lang: str
    vendor_id: int | None = None
    vendor: str | None = None

    def can(self, capability: Capability) -> bool:
        return capability in POLICY[self.role]

    def require(self, capability: Capability) -> None:
        if not self.can(capability):
            raise PermissionDenied(
                f"{self.username} ({self.role}) may not do this: it needs {capability!s}"
            )

    def require_vendor(self, vendor: str) -> None:
        """A vendor user sees only its own vendor; other roles see every vendor."""
        if self.role is Role.VENDOR and vendor != self.vendor:
            raise PermissionDenied(f"{self.username} may only see {self.vendor}")

    def visible(self, vendors: list[str]) -> list[str]:
        """The vendors among ``vendors`` this user may see."""
        if self.role is Role.VENDOR:
            return [v for v in vendors if v == self.vendor]
        return list(vendors)
