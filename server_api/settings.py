"""Settings from the environment (pydantic-settings).

`DATABASE_URL` has no prefix because every deployment tool already knows that
name; the rest take `KC1551_API_`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_sqlite_url() -> str:
    """The embedded default: an SQLite file in the user's data folder."""
    folder = platformdirs.user_data_path("kc1551", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'api.sqlite3'}"


def normalize_database_url(url: str) -> str:
    """Bare `postgresql://` URLs get the psycopg 3 driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class CallingWindow(TypedDict):
    calling_hours: str
    calling_days: str


# The calling window opened round the clock: the demo and the tests run at any hour.
ROUND_THE_CLOCK: CallingWindow = {"calling_hours": "00:00-24:00", "calling_days": "all"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KC1551_API_", extra="ignore")

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "KC1551_API_DATABASE_URL")
    )
    token_lifetime_hours: int = 12
    screen_pop_appeals_limit: int = 20
    seed_reference_data: bool = True
    # Where classifier.json & co. live; None means the installed kc1551_resources.
    resources_dir: Path | None = None
    # The feedback department's verification callbacks (server_api/worklist).
    verification_term_days: int = Field(default=3, ge=0, le=60)  # working days
    lease_minutes: int = Field(default=10, ge=1, le=240)
    retry_delay_minutes: int = Field(default=120, ge=0, le=7 * 24 * 60)
    max_unanswered_attempts: int = Field(default=3, ge=1, le=20)
    calling_hours: str = Field(default="09:00-20:00", pattern=r"^\d\d:\d\d-\d\d:\d\d$")
    calling_timezone: str = "Europe/Kyiv"
    calling_days: str = Field(default="working", pattern="^(working|all)$")
    scheduled_grace_minutes: int = Field(default=15, ge=0, le=24 * 60)
    # The shift lead's live board (server_api/board).
    board_shift_starts: str = Field(default="08:00,20:00",
                                    pattern=r"^\d\d:\d\d(,\d\d:\d\d)*$")
    board_timezone: str = "Europe/Kyiv"
    board_service_level_s: int = Field(default=20, ge=1, le=600)
    board_service_level_target_pct: int = Field(default=80, ge=1, le=100)
    board_heartbeat_timeout_s: int = Field(default=30, ge=5, le=600)
    # Seconds in a state before the board colours it: "state" or "state:reason" keys.
    board_state_limits_s: dict[str, int] = Field(default_factory=lambda: {
        "ringing": 10, "wrap_up": 120, "not_ready:break": 900, "not_ready": 1800,
        "on_call": 900})
    board_surge_calls: int = Field(default=5, ge=2, le=1000)
    board_surge_window_min: int = Field(default=15, ge=1, le=24 * 60)
    board_message_max: int = Field(default=500, ge=1, le=4000)
    board_sweep_interval_s: float = Field(default=1.0, gt=0, le=60)
    # Signs the lead's listen / whisper / barge tokens; unset, the API makes one and
    # keeps it in the database (every worker the same). Its tokens start a session
    # within this many seconds.
    monitor_secret: str | None = Field(default=None, min_length=16)
    monitor_token_ttl_s: int = Field(default=60, ge=5, le=600)

    def resolved_database_url(self) -> str:
        return normalize_database_url(self.database_url or default_sqlite_url())
