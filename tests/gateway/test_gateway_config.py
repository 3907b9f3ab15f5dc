"""Settings, database URLs, the texts file, and starting the gateway with `python -m gateway`."""

from __future__ import annotations

import ast
import os
import re
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gateway.db import make_engine, normalize_database_url
from gateway.settings import PROJECT_ROOT, Settings
from gateway.texts import REQUIRED_KEYS, Texts, load_texts
from scripts.chat_client import ChatClient

CJK = re.compile(r"[\u4e00-\u9fff]")
ENV_NAMES = ("DATABASE_URL", "RASA_URL", "ACTION_SERVER_URL", "GATEWAY_HOST", "GATEWAY_PORT",
             "RASA_TIMEOUT_SECONDS", "LOG_LEVEL", "MAX_BODY_BYTES")


def test_settings_defaults(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite:///var/tanpancha.db"
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.action_server_url == "http://127.0.0.1:5055"
    assert (settings.gateway_host, settings.gateway_port) == ("127.0.0.1", 8000)
    assert settings.rasa_timeout_seconds == 3
    assert settings.log_level == "INFO"


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/x")
    monkeypatch.setenv("RASA_URL", "http://rasa:5005")
    monkeypatch.setenv("GATEWAY_PORT", "8080")
    monkeypatch.setenv("RASA_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql://u@db/x"
    assert settings.rasa_url == "http://rasa:5005"
    assert settings.gateway_port == 8080
    assert settings.rasa_timeout_seconds == 2.5
    assert settings.log_level == "DEBUG"


def test_postgres_urls_use_psycopg3():
    for url in ("postgresql://u:p@h:5432/db", "postgres://u:p@h/db", "postgresql+psycopg://u@h/db"):
        assert normalize_database_url(url).drivername == "postgresql+psycopg"


def test_relative_sqlite_path_is_under_the_project_root_and_its_folder_is_created(tmp_path):
    url = normalize_database_url("sqlite:///var/sub/tanpancha.db", root=tmp_path)
    assert Path(url.database) == tmp_path / "var" / "sub" / "tanpancha.db"
    assert (tmp_path / "var" / "sub").is_dir()
    assert normalize_database_url("sqlite:///var/tanpancha.db").database == str(PROJECT_ROOT / "var" / "tanpancha.db")
    assert normalize_database_url(f"sqlite:///{tmp_path}/abs.db").database == f"{tmp_path}/abs.db"


def test_sqlite_uses_wal(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_every_text_the_gateway_uses_is_in_messages_yml_and_is_chinese():
    texts = load_texts()
    values = {"field": "message", "max_length": 2000, "limit": 1}
    for key in REQUIRED_KEYS:
        # every {placeholder} a text has gets a value (the named ones above, 1 for the rest)
        names = {name for _, name, _, _ in string.Formatter().parse(texts.get(key)) if name}
        assert CJK.search(texts.get(key, **{name: values.get(name, 1) for name in names})), key
    assert texts.get("errors.field_too_long", **values) == "message 最多 2,000 字"
    with pytest.raises(KeyError, match="rasa_unavailable"):
        Texts({"errors": {}})


def test_no_chinese_string_literals_in_gateway_python():
    offenders = []
    for path in (PROJECT_ROOT / "gateway").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if CJK.search(node.value):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert offenders == [], "user-facing texts belong in gateway/messages.yml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "gateway"],
        [sys.executable, "-m", "uvicorn", "gateway.app:create_app", "--factory", "--host", "127.0.0.1", "--port", "{port}"],
    ],
    ids=["python -m gateway", "uvicorn --factory"],
)
def test_gateway_starts_and_serves(tmp_path, dead_url, command):
    port = _free_port()
    env = {
        **os.environ,
        "GATEWAY_HOST": "127.0.0.1",
        "GATEWAY_PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "RASA_URL": dead_url,
        "ACTION_SERVER_URL": dead_url,
    }
    process = subprocess.Popen(
        [part.format(port=port) for part in command],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60  # a shared, busy machine may take half a minute to start it
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()  # its output ends only when it does: reading a live process's would hang
                    raise AssertionError(process.communicate()[0].decode() or "no output")
                time.sleep(0.1)
        assert health.status_code == 503  # serving, and honest that Rasa is not there
        with ChatClient(f"http://127.0.0.1:{port}", timeout=5) as web:
            assert web.send("u1", "你好")[0]["custom"] == {"error": "rasa_unavailable"}
        assert (tmp_path / "run.db").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cors_lets_only_configured_sites_embed_the_widget(make_client):
    client = make_client(cors_origins="https://www.example.org.tw, https://ghg.example.tw/")
    allowed = client.options(
        "/api/chat",
        headers={"Origin": "https://ghg.example.tw", "Access-Control-Request-Method": "POST"},
    )
    assert allowed.headers.get("access-control-allow-origin") == "https://ghg.example.tw"
    refused = client.options(
        "/api/chat",
        headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in refused.headers
