"""Alembic environment: runs migrations on the connection Regie hands it."""

from __future__ import annotations

from alembic import context

from regie.db.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Regie always passes a connection
    raise RuntimeError("run migrations through `regie db upgrade`")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
