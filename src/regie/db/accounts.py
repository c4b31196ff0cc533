"""Users, web sessions, API tokens and the audit log (migration 0006).

Only SHA-256 digests of session and API tokens are stored; passwords as argon2 hashes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from regie.db.tables import Base, UtcDateTime, vendor_name
from regie.db.workspace import Workspace
from regie.domain.access import Role
from regie.domain.errors import Conflict, NotFound
from regie.services.accounts import AuditEntry, TokenInfo, UserInfo


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), nullable=True)
    lang: Mapped[str] = mapped_column(String(5))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class WebSession(Base):
    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditRecord(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class SqlAccountStore:
    """:class:`regie.services.accounts.AccountStore` on SQLAlchemy."""

    def __init__(self, workspace: Workspace) -> None:
        self._sessions = sessionmaker(workspace.engine(), expire_on_commit=False)

    # users ---------------------------------------------------------------------------
    def add_user(
        self, username: str, password_hash: str, role: Role, vendor_id: int | None, lang: str
    ) -> UserInfo:
        row = User(
            username=username,
            password_hash=password_hash,
            role=str(role),
            vendor_id=vendor_id,
            lang=lang,
            disabled=False,
            created_at=datetime.now(UTC),
        )
        try:
            with self._sessions.begin() as session:
                session.add(row)
                session.flush()
                return _user(row, session)
        except IntegrityError:
            raise Conflict(f"user {username!r} already exists") from None

    def user(self, username: str) -> UserInfo | None:
        with self._sessions() as session:
            row = session.scalar(select(User).where(User.username == username))
            return None if row is None or row.disabled else _user(row, session)

    def user_by_id(self, user_id: int) -> UserInfo | None:
        with self._sessions() as session:
            row = session.get(User, user_id)
            return None if row is None or row.disabled else _user(row, session)

    def users(self) -> list[UserInfo]:
        with self._sessions() as session:
            return [_user(r, session) for r in session.scalars(select(User).order_by(User.id))]

    def set_password(self, username: str, password_hash: str) -> None:
        with self._sessions.begin() as session:
            row = session.scalar(select(User).where(User.username == username))
            if row is None:
                raise NotFound(f"user {username!r} does not exist")
            row.password_hash = password_hash
            session.execute(delete(WebSession).where(WebSession.user_id == row.id))

    def set_language(self, user_id: int, lang: str) -> None:
        with self._sessions.begin() as session:
            row = session.get(User, user_id)
            if row is not None:
                row.lang = lang

    # sessions ------------------------------------------------------------------------
    def add_session(self, user_id: int, token_hash: str, csrf: str, expires: datetime) -> None:
        now = datetime.now(UTC)
        with self._sessions.begin() as session:
            session.execute(delete(WebSession).where(WebSession.expires_at < now))
            session.add(
                WebSession(
                    token_hash=token_hash,
                    user_id=user_id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=expires,
                )
            )

    def session(self, token_hash: str, now: datetime) -> tuple[UserInfo, str] | None:
        with self._sessions() as session:
            row = session.scalar(select(WebSession).where(WebSession.token_hash == token_hash))
            if row is None or row.expires_at <= now:
                return None
            user = session.get(User, row.user_id)
            if user is None or user.disabled:
                return None
            return _user(user, session), row.csrf_token

    def drop_session(self, token_hash: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))

    # tokens --------------------------------------------------------------------------
    def add_token(self, user_id: int, name: str, token_hash: str) -> TokenInfo:
        row = ApiToken(
            user_id=user_id, name=name, token_hash=token_hash, created_at=datetime.now(UTC)
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return _token(row, session)

    def token_user(self, token_hash: str) -> UserInfo | None:
        with self._sessions() as session:
            row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))
            user = None if row is None else session.get(User, row.user_id)
            return None if user is None or user.disabled else _user(user, session)

    def tokens(self) -> list[TokenInfo]:
        with self._sessions() as session:
            rows = session.scalars(select(ApiToken).order_by(ApiToken.id))
            return [_token(r, session) for r in rows]

    # audit ---------------------------------------------------------------------------
    def audit(self, actor: str, action: str, target: str, details: dict[str, object]) -> None:
        row = AuditRecord(
            at=datetime.now(UTC), actor=actor, action=action, target=target, details=details
        )
        with self._sessions.begin() as session:
            session.add(row)

    def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        query = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)
        with self._sessions() as session:
            return [
                AuditEntry(r.id, r.at, r.actor, r.action, r.target, dict(r.details))
                for r in session.scalars(query)
            ]


def _user(row: User, session: Session) -> UserInfo:
    vendor = None if row.vendor_id is None else vendor_name(session, row.vendor_id)
    return UserInfo(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        lang=row.lang,
        vendor_id=row.vendor_id,
        vendor=vendor,
        created_at=row.created_at,
        password_hash=row.password_hash,
    )


def _token(row: ApiToken, session: Session) -> TokenInfo:
    user = session.get(User, row.user_id)
    return TokenInfo(row.id, user.username if user else "?", row.name, row.created_at)
