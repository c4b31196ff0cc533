"""Settings, read once from ``REGIE_*`` environment variables and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["en", "nl"]


class Settings(BaseSettings):
    """Runtime settings. Every field can be set as ``REGIE_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="REGIE_", extra="ignore")

    lang: Language = Field(default="en", description="Language of user-facing text.")
    workspace: Path = Field(
        default=Path("regie-workspace"), description="Folder holding the database and facts."
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is SQLite inside the workspace."
    )
    seed: int = Field(default=20250101, description="Default seed for Monte Carlo draws.")
    draws: int = Field(default=100_000, ge=1_000, le=10_000_000, description="Monte Carlo draws.")
