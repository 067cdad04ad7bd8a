"""Settings from the environment (pydantic-settings).

`DATABASE_URL` has no prefix because every deployment tool already knows that
name; the rest take `KC1551_API_`.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_sqlite_url() -> str:
    """The embedded default: an SQLite file in the user's data folder."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    folder = Path(data_home) / "kc1551"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'api.sqlite3'}"


def normalize_database_url(url: str) -> str:
    """Bare `postgresql://` URLs get the psycopg 3 driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KC1551_API_", extra="ignore")

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "KC1551_API_DATABASE_URL")
    )
    token_lifetime_hours: int = 12
    screen_pop_appeals_limit: int = 20
    seed_reference_data: bool = True
    # Where classifier.json & co. live; None means the repository's resources/.
    resources_dir: Path | None = None

    def resolved_database_url(self) -> str:
        return normalize_database_url(self.database_url or default_sqlite_url())
