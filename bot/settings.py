"""Gateway settings, read from the environment (and an optional `.env` in the project root).

| variable               | default                      | meaning                                                   |
|------------------------|------------------------------|-----------------------------------------------------------|
| DATABASE_URL           | sqlite:///var/tanpancha.db   | conversation store; a relative SQLite path is taken from  |
|                        |                              | the project root (var/ is created); PostgreSQL as         |
|                        |                              | postgresql+psycopg://user:pw@host/db (postgresql:// ok)   |
| RASA_URL               | http://127.0.0.1:5005        | Rasa server (REST channel at /webhooks/rest/webhook)      |
| ACTION_SERVER_URL      | http://127.0.0.1:5055        | Rasa action server (health at /health)                    |
| GATEWAY_HOST           | 127.0.0.1                    | where `python -m bot` listens                             |
| GATEWAY_PORT           | 8000                         |                                                           |
| RASA_TIMEOUT_SECONDS   | 10                           | per request to Rasa; past it the user gets the            |
|                        |                              | "temporarily unavailable" reply                           |
| LOG_LEVEL              | INFO                         | DEBUG, INFO, WARNING, ERROR                               |
| MAX_BODY_BYTES         | 65536                        | larger request bodies are refused with 413                |
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Gateway configuration. Field names map to the upper-case environment variables above."""

    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    database_url: str = "sqlite:///var/tanpancha.db"
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(default=8000, ge=1, le=65535)
    rasa_timeout_seconds: float = Field(default=10.0, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    max_body_bytes: int = Field(default=65536, ge=1024)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
