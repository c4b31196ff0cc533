"""The demo company's people: one user per role, with passwords printed by ``make demo``.

These passwords are for the demo only; they are public in this file and in the docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from regie import bootstrap
from regie.demo.plan import CHOSEN
from regie.services import accounts


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    vendor: str | None = None
    lang: str = "en"


USERS: Final = (
    DemoUser("admin", "demo-admin-2025", "admin"),
    DemoUser("manager", "demo-manager-2025", "manager"),
    DemoUser("controller", "demo-viewer-2025", "viewer", lang="nl"),
    DemoUser("noordzee", "demo-vendor-2025", "vendor", CHOSEN.name, lang="nl"),
)


def add_users(root: Path) -> tuple[DemoUser, ...]:
    """Add the demo users to the workspace at ``root``."""
    store, book = bootstrap.store(root), bootstrap.accounts(root)
    for user in USERS:
        vendor = None
        if user.vendor is not None:
            info = store.vendor(user.vendor)
            vendor = (info.id, info.name)
        accounts.add_user(book, "demo", user.username, user.password, user.role, vendor,
                          user.lang)  # fmt: skip
    return USERS
