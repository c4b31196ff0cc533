"""Settings, read once from ``REGIE_*`` environment variables and passed in."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from regie.domain.errors import InvalidInput

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


@cache
def get_settings() -> Settings:
    """The settings of this process, built once; a bad variable is one clear error."""
    try:
        return Settings()
    except ValidationError as error:
        problems = [
            f"REGIE_{str(e['loc'][0]).upper()} = {e['input']!r}: "
            f"{e['msg'].replace('Input should be', 'must be')}"
            for e in error.errors()
        ]
        raise InvalidInput(problems[0], problems) from None
