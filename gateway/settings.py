"""Gateway settings, read from the environment (and an optional `.env` in the project root).

| variable               | default                      | meaning                                                   |
|------------------------|------------------------------|-----------------------------------------------------------|
| DATABASE_URL           | sqlite:///var/tanpancha.db   | conversation store; a relative SQLite path is taken from  |
|                        |                              | the project root (var/ is created); PostgreSQL as         |
|                        |                              | postgresql+psycopg://user:pw@host/db (postgresql:// ok)   |
| RASA_URL               | http://127.0.0.1:5005        | Rasa server(s), comma-separated (REST channel at          |
|                        |                              | /webhooks/rest/webhook); each sender sticks to one server |
|                        |                              | (consistent hashing), re-routed while it is down          |
| RASA_MAX_IN_FLIGHT     | 4                            | turns one gateway process sends one Rasa server at once;  |
|                        |                              | more wait in the gateway, first come first served         |
| RASA_WARM_UP           | true                         | at start, send each Rasa server one turn so the first     |
|                        |                              | user's answer is as fast as the rest                      |
| ACTION_SERVER_URL      | http://127.0.0.1:5055        | Rasa action server (health at /health)                    |
| GATEWAY_HOST           | 127.0.0.1                    | where `python -m gateway` listens                         |
| GATEWAY_PORT           | 8000                         |                                                           |
| RASA_TIMEOUT_SECONDS   | 3                            | a whole turn's wait for Rasa; past it the user is told    |
|                        |                              | the answer is coming (or, late replies off, "unavailable")|
| RASA_LATE_REPLY_SECONDS | 30                          | how much longer a slow turn is awaited; its answer is     |
|                        |                              | then stored and delivered (web: live stream, LINE: push); |
|                        |                              | past it "unavailable" + the hotline. 0: off               |
| LOG_LEVEL              | INFO                         | DEBUG, INFO, WARNING, ERROR                               |
| MAX_BODY_BYTES         | 65536                        | larger request bodies are refused with 413                |
| LINE_CHANNEL_SECRET    | (unset: LINE off)            | LINE channel secret; verifies X-Line-Signature            |
| LINE_CHANNEL_ACCESS_TOKEN | (unset)                   | LINE long-lived channel access token (set both or none)   |
| LINE_API_BASE          | https://api.line.me          | LINE Messaging API base (tests: a local fake)             |
| PUBLIC_BASE_URL        | (unset)                      | the gateway's public https address (LINE image messages)  |
| LINE_REPLY_BUDGET_SECONDS | 50                        | past it a turn's answer is pushed, not replied            |
| LINE_MAX_RETRIES       | 3                            | retries of a LINE call that got 5xx/429/no answer         |
| LINE_RETRY_BASE_SECONDS | 0.5                         | first retry delay (doubles each time; Retry-After wins)   |
| LINE_OUTBOX_INTERVAL_SECONDS | 30                     | how often undelivered LINE messages are retried           |
| OFFICE_HOURS_FILE  | gateway/handoff/office_hours.yml | when staff answer handed-over conversations (schedule,    |
|                        |                              | holidays, Asia/Taipei)                                    |
| KNOWLEDGE_DIR          | (unset: knowledge/content)   | the knowledge content the gateway reads and admins edit   |
| STAFF_SESSION_HOURS    | 8                            | a staff console login lasts this long                     |
| STAFF_BOOTSTRAP_USER   | (unset)                      | first start with no staff account: create this admin      |
| STAFF_BOOTSTRAP_PASSWORD | (unset)                    | its password (set both, or neither)                       |
| STAFF_LOGIN_FREE_FAILURES_PER_IP | 5                | wrong logins from one IP before it must wait (doubling)   |
| STAFF_LOGIN_MAX_DELAY_PER_IP_SECONDS | 900          | the longest such wait for one IP                          |
| STAFF_LOGIN_FREE_FAILURES_PER_USER | 10             | wrong logins for one user name (any IP) before waiting    |
| STAFF_LOGIN_MAX_DELAY_PER_USER_SECONDS | 60         | the longest wait a user name gets (others can cause it)   |
| STAFF_LOGIN_FAILURE_WINDOW_MINUTES | 60             | how long a wrong login counts                             |
| LOG_FORMAT             | json                         | json: one JSON object per line (ids, never message text); |
|                        |                              | text: plain lines for a terminal                          |
| CHAT_TOKEN_SECRET      | (unset: random per process)  | signs the web chat session tokens (>= 32 characters);     |
|                        |                              | `make run` keeps one in var/chat-token-secret             |
| CHAT_TOKEN_SECRET_PREVIOUS | (unset)                  | older secrets still accepted while rotating (comma-sep.)  |
| TRACKER_STORE_URL      | (unset)                      | Rasa's SQL tracker store (SQLAlchemy URL): deletion and   |
|                        |                              | retention remove a user's events there too                |
| RETENTION_DAYS         | 365                          | conversations idle this long are deleted (daily job and   |
|                        |                              | `python -m gateway.privacy purge`)                        |
| RATE_LIMIT_PER_SENDER  | 20                           | POST /api/chat per chat session per window (0: off)       |
| RATE_LIMIT_PER_IP      | 120                          | POST /api/chat and /api/calc per client IP per window     |
| RATE_LIMIT_SESSIONS_PER_IP | 20                       | new chat sessions per client IP per window                |
| RATE_LIMIT_STREAMS_PER_IP | 30                        | live streams opened per client IP per window              |
| RATE_LIMIT_LOGINS_PER_IP | 10                         | staff login attempts per client IP per window             |
| RATE_LIMIT_FILES_PER_IP | 30                          | chart and workbook downloads per client IP per window     |
| RATE_LIMIT_TICKETS_PER_IP_PER_HOUR | 5                | handoff tickets opened from one client IP per hour        |
| RATE_LIMIT_WINDOW_SECONDS | 60                        | the sliding window of the limits above (but tickets)      |
| REDIS_URL              | (unset: in-process counts)   | Redis for the rate limits, shared by gateway processes    |
| RATE_LIMIT_KEY_PREFIX  | tanpancha:ratelimit          | prefix of the limits' Redis keys                          |
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.chat_sessions import MIN_SECRET_CHARS
from gateway.rasa_client import parse_rasa_urls

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
    rasa_warm_up: bool = True
    rasa_max_in_flight: int = Field(default=4, ge=1, le=256)
    action_server_url: str = "http://127.0.0.1:5055"
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(default=8000, ge=1, le=65535)
    rasa_timeout_seconds: float = Field(default=3.0, gt=0)
    rasa_late_reply_seconds: float = Field(default=30.0, ge=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    max_body_bytes: int = Field(default=65536, ge=1024)
    #: Web sites that may embed the widget (comma-separated origins, e.g. https://www.example.org.tw);
    #: empty: only pages served by the gateway itself.
    cors_origins: str = ""

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()]
    # LINE Messaging API channel (gateway/channels/line.py); off unless both secrets are set.
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base: str = "https://api.line.me"
    public_base_url: str | None = None
    line_reply_budget_seconds: float = Field(default=50.0, ge=0)
    line_max_retries: int = Field(default=3, ge=0, le=10)
    line_retry_base_seconds: float = Field(default=0.5, gt=0)
    line_outbox_interval_seconds: float = Field(default=30.0, gt=0)
    # Human handoff and the staff console (gateway/handoff/, gateway/staff/)
    office_hours_file: Path = PROJECT_ROOT / "gateway" / "handoff" / "office_hours.yml"
    knowledge_dir: Path | None = None
    staff_session_hours: float = Field(default=8.0, gt=0, le=24 * 30)
    staff_bootstrap_user: str | None = None
    staff_bootstrap_password: SecretStr | None = None
    # wrong staff logins (gateway/staff/backoff.py): a doubling wait per IP and, capped short, per user name
    staff_login_free_failures_per_ip: int = Field(default=5, ge=1)
    staff_login_max_delay_per_ip_seconds: float = Field(default=900.0, gt=0)
    staff_login_free_failures_per_user: int = Field(default=10, ge=1)
    staff_login_max_delay_per_user_seconds: float = Field(default=60.0, gt=0)
    staff_login_failure_window_minutes: float = Field(default=60.0, gt=0)
    # Web chat sessions (gateway/chat_sessions.py)
    chat_token_secret: SecretStr | None = None
    chat_token_secret_previous: SecretStr | None = None
    # Privacy (gateway/privacy/): conversations not updated for this many days are deleted, here and in Rasa's
    # tracker store (TRACKER_STORE_URL)
    retention_days: int = Field(default=365, ge=1)
    tracker_store_url: str | None = None
    # Rate limits (gateway/ratelimit.py): sliding window, in Redis when REDIS_URL is set
    rate_limit_per_sender: int = Field(default=20, ge=0)
    rate_limit_per_ip: int = Field(default=120, ge=0)
    rate_limit_sessions_per_ip: int = Field(default=20, ge=0)
    rate_limit_streams_per_ip: int = Field(default=30, ge=0)
    rate_limit_logins_per_ip: int = Field(default=10, ge=0)
    rate_limit_files_per_ip: int = Field(default=30, ge=0)
    rate_limit_tickets_per_ip_per_hour: int = Field(default=5, ge=0)
    rate_limit_window_seconds: float = Field(default=60.0, gt=0)
    redis_url: str | None = None
    rate_limit_key_prefix: str = "tanpancha:ratelimit"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("rasa_url")
    @classmethod
    def _rasa_urls(cls, value: str) -> str:
        return ",".join(parse_rasa_urls(value))

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("line_channel_secret", "line_channel_access_token", "public_base_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`LINE_CHANNEL_SECRET=` (as in .env.example) means unset."""
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("knowledge_dir", "staff_bootstrap_user", "staff_bootstrap_password", "redis_url",
                     "chat_token_secret", "chat_token_secret_previous", "tracker_store_url", mode="before")
    @classmethod
    def _staff_blank_is_unset(cls, value: object) -> object:
        """`STAFF_BOOTSTRAP_USER=` (as in .env.example) means unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _staff_bootstrap_together(self) -> Settings:
        if (self.staff_bootstrap_user is None) != (self.staff_bootstrap_password is None):
            raise ValueError("set both STAFF_BOOTSTRAP_USER and STAFF_BOOTSTRAP_PASSWORD, or neither")
        return self

    @field_validator("chat_token_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < MIN_SECRET_CHARS:
            raise ValueError(f"CHAT_TOKEN_SECRET must have at least {MIN_SECRET_CHARS} characters")
        return value

    @model_validator(mode="after")
    def _line_secrets_together(self) -> Settings:
        if (self.line_channel_secret is None) != (self.line_channel_access_token is None):
            raise ValueError("set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or neither")
        return self

    @property
    def line_enabled(self) -> bool:
        return self.line_channel_secret is not None


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
