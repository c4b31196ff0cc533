"""Users, their sessions and API tokens, and the audit log.

Passwords are hashed with argon2id (argon2-cffi's defaults); session and API tokens are
random 32-byte strings of which only the SHA-256 is stored, so a copy of the database
opens no door. Every change goes to the audit log with who, when and what.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from regie.domain.access import Principal, Role, parse_role
from regie.domain.errors import InvalidInput, PermissionDenied

SESSION_HOURS = 12
MIN_PASSWORD = 10
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist (same time as a real one).

    Made on first use: an argon2 hash costs 64 MiB and a tenth of a second, which every
    command that merely imports this module should not pay."""
    return _HASHER.hash("timing-equaliser-not-a-password")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    role: Role
    lang: str
    vendor_id: int | None
    vendor: str | None
    created_at: datetime
    password_hash: str = field(repr=False, default="")

    def principal(self) -> Principal:
        return Principal(self.id, self.username, self.role, self.lang, self.vendor_id, self.vendor)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, object]


@dataclass(frozen=True)
class TokenInfo:
    id: int
    username: str
    name: str
    created_at: datetime


class AccountStore(Protocol):
    """Where users, sessions, tokens and the audit log are kept."""

    def add_user(
        self, username: str, password_hash: str, role: Role, vendor_id: int | None, lang: str
    ) -> UserInfo: ...

    def user(self, username: str) -> UserInfo | None: ...

    def user_by_id(self, user_id: int) -> UserInfo | None: ...

    def users(self) -> list[UserInfo]: ...

    def set_password(self, username: str, password_hash: str) -> None: ...

    def set_language(self, user_id: int, lang: str) -> None: ...

    def add_session(self, user_id: int, token_hash: str, csrf: str, expires: datetime) -> None: ...

    def session(self, token_hash: str, now: datetime) -> tuple[UserInfo, str] | None:
        """The user and CSRF token of a live session."""
        ...

    def drop_session(self, token_hash: str) -> None: ...

    def add_token(self, user_id: int, name: str, token_hash: str) -> TokenInfo: ...

    def token_user(self, token_hash: str) -> UserInfo | None: ...

    def tokens(self) -> list[TokenInfo]: ...

    def audit(self, actor: str, action: str, target: str, details: dict[str, object]) -> None: ...

    def audit_log(self, limit: int = 200) -> list[AuditEntry]: ...


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"password: {len(password)} characters; at least {MIN_PASSWORD} are needed"
        )


def add_user(
    store: AccountStore,
    actor: str,
    username: str,
    password: str,
    role: str,
    vendor: tuple[int, str] | None = None,
    lang: str = "en",
) -> UserInfo:
    """A new user; a vendor user must name its vendor, other roles must not."""
    chosen = parse_role(role)
    name = username.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise InvalidInput(f"user name {username!r}: 1–100 characters, no spaces")
    if (chosen is Role.VENDOR) != (vendor is not None):
        raise InvalidInput(f"role {chosen}: a vendor user needs --vendor, other roles none")
    if lang not in ("en", "nl"):
        raise InvalidInput(f"language {lang!r}: use en or nl")
    check_password(password)
    user = store.add_user(name, _HASHER.hash(password), chosen, vendor and vendor[0], lang)
    store.audit(actor, "user.add", name, {"role": str(chosen), "vendor": vendor and vendor[1]})
    return user


def change_password(store: AccountStore, actor: str, username: str, password: str) -> None:
    check_password(password)
    store.set_password(username, _HASHER.hash(password))
    store.audit(actor, "user.passwd", username, {})


def authenticate(store: AccountStore, username: str, password: str) -> UserInfo:
    """The user whose password this is; one message for every failure (no user probing)."""
    user = store.user(username.strip())
    try:
        _HASHER.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user = None
    if user is None:
        raise PermissionDenied("user name or password is wrong")
    return user


def open_session(store: AccountStore, user: UserInfo) -> tuple[str, str]:
    """A new session: the cookie's token and the session's CSRF token."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(hours=SESSION_HOURS)
    store.add_session(user.id, digest(token), csrf, expires)
    store.audit(user.username, "session.open", user.username, {})
    return token, csrf


def session_user(store: AccountStore, token: str) -> tuple[UserInfo, str] | None:
    return store.session(digest(token), datetime.now(UTC))


def close_session(store: AccountStore, token: str) -> None:
    store.drop_session(digest(token))


def issue_token(store: AccountStore, actor: str, username: str, name: str) -> str:
    """A new API token for ``username``; only its hash is kept, so show it once."""
    user = store.user(username)
    if user is None:
        raise InvalidInput(f"user {username!r} does not exist")
    token = "rg_" + secrets.token_urlsafe(32)
    store.add_token(user.id, name, digest(token))
    store.audit(actor, "token.add", username, {"name": name})
    return token


def token_user(store: AccountStore, token: str) -> UserInfo | None:
    return store.token_user(digest(token))
