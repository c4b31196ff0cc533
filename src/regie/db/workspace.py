"""A workspace on disk: a folder with the SQL database (or a URL), the facts and a secret.

```
regie-workspace/
  regie.db            SQLite database (unless REGIE_DATABASE_URL names another)
  secret.key          32 random bytes: the key of the pseudonymising hash (mode 0600)
  facts/              one immutable Parquet file per import batch
  quarantine/         rejected rows of each batch (file, row, column, value, reason)
```
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from regie.db import migrate
from regie.domain.errors import Conflict, NotFound

SECRET = "secret.key"
FACTS = "facts"
QUARANTINE = "quarantine"


@dataclass(frozen=True)
class Workspace:
    root: Path
    database_url: str

    @property
    def facts(self) -> Path:
        return self.root / FACTS

    @property
    def quarantine(self) -> Path:
        return self.root / QUARANTINE

    @property
    def secret(self) -> bytes:
        return (self.root / SECRET).read_bytes()

    def engine(self) -> Engine:
        return make_engine(self.database_url)


def sqlite_url(root: Path) -> str:
    return f"sqlite:///{(root / 'regie.db').resolve()}"


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets foreign keys on and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_workspace(root: Path, database_url: str | None = None) -> Workspace:
    """Make the folder, the secret and the database at the newest schema."""
    if (root / SECRET).exists():
        raise Conflict(f"{root}: already a Regie workspace")
    for folder in (root, root / FACTS, root / QUARANTINE):
        folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(root / SECRET, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    workspace = Workspace(root, database_url or sqlite_url(root))
    migrate.upgrade(workspace.engine())
    return workspace


def open_workspace(root: Path, database_url: str | None = None) -> Workspace:
    """An existing workspace; a clear error when there is none or it needs migrating."""
    if not (root / SECRET).is_file():
        raise NotFound(f"{root}: no Regie workspace here; create one with `regie init {root}`")
    workspace = Workspace(root, database_url or sqlite_url(root))
    found, newest = migrate.current(workspace.engine()), migrate.head()
    if found != newest:
        raise Conflict(
            f"{root}: the database is at schema {found or 'none'}, Regie needs {newest}: "
            "run `regie db upgrade`"
        )
    return workspace
