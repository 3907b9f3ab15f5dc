"""LINE settings from the environment, and answering LINE before the dialogue has finished."""

from __future__ import annotations

import time

import pytest
from pydantic import ValidationError

from gateway.settings import Settings
from tests.fakes.line_events import text_event

LINE_ENV = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "LINE_API_BASE", "PUBLIC_BASE_URL")


@pytest.fixture
def clean_env(monkeypatch):
    for name in LINE_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_line_is_off_by_default_and_talks_to_the_real_api(clean_env):
    settings = Settings(_env_file=None)
    assert settings.line_enabled is False
    assert settings.line_api_base == "https://api.line.me"
    assert settings.public_base_url is None


def test_line_settings_come_from_the_environment_and_stay_secret(clean_env):
    clean_env.setenv("LINE_CHANNEL_SECRET", "s3cret")
    clean_env.setenv("LINE_CHANNEL_ACCESS_TOKEN", "t0ken")
    clean_env.setenv("LINE_API_BASE", "http://127.0.0.1:9999")
    clean_env.setenv("PUBLIC_BASE_URL", "https://bot.example.tw")
    settings = Settings(_env_file=None)

    assert settings.line_enabled is True
    assert settings.line_channel_secret.get_secret_value() == "s3cret"
    assert settings.line_channel_access_token.get_secret_value() == "t0ken"
    assert (settings.line_api_base, settings.public_base_url) == (
        "http://127.0.0.1:9999",
        "https://bot.example.tw",
    )
    assert "s3cret" not in repr(settings) and "t0ken" not in repr(settings)


def test_empty_values_as_in_env_example_mean_off(clean_env):
    clean_env.setenv("LINE_CHANNEL_SECRET", "")
    clean_env.setenv("LINE_CHANNEL_ACCESS_TOKEN", " ")
    assert Settings(_env_file=None).line_enabled is False


def test_half_a_configuration_stops_the_start(clean_env):
    clean_env.setenv("LINE_CHANNEL_SECRET", "s3cret")
    with pytest.raises(ValidationError, match="LINE_CHANNEL_ACCESS_TOKEN"):
        Settings(_env_file=None)


def test_the_webhook_answers_before_the_dialogue_does(gateway, line_api, fake_rasa):
    """LINE wants its 200 within seconds; the answer follows as a reply when the turn is done."""
    fake_rasa.mode, fake_rasa.delay = "slow", 1.5
    started = time.monotonic()
    response = gateway.post(text_event("你好"))
    answered_after = time.monotonic() - started

    assert response.status_code == 200
    assert answered_after < 1.0
    assert line_api.calls == []  # not answered yet
    gateway.wait()
    assert line_api.replies[0].texts == ["echo: 你好"]
