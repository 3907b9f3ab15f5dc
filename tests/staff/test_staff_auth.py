"""Staff login, sessions and roles: every /api/staff call needs a valid session; wrong passwords are refused
and, repeated, lock the name for a while; sessions expire; admin-only endpoints refuse staff."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest

from bot.settings import PROJECT_ROOT, get_settings
from bot.staff.__main__ import main as staff_cli
from bot.texts import load_texts
from tests.handoff.conftest import PASSWORD

TEXTS = load_texts()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _staff_routes(app) -> list[tuple[str, str]]:
    """Every documented /api/staff operation but login (from the OpenAPI schema, so new ones are covered)."""
    routes = []
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api/staff") and path != "/api/staff/login":
            concrete = path.replace("{ticket_id}", "1").replace("{entry_id}", "sme_definition")
            routes.extend((method.upper(), concrete) for method in operations)
    return routes


def test_every_staff_endpoint_answers_401_without_a_valid_session(gateway):
    routes = _staff_routes(gateway.app)
    assert len(routes) >= 18  # the queue, tools, FAQ and accounts — a new endpoint is covered automatically
    expired = gateway.login("amy")
    gateway.clock.now += timedelta(hours=8, seconds=1)  # STAFF_SESSION_HOURS defaults to 8
    variants = {
        "no header": {},
        "not bearer": {"Authorization": "Basic YW15OmNvcnJlY3Q="},
        "unknown token": {"Authorization": "Bearer not-a-session"},
        "expired": expired.headers,
    }
    for method, path in routes:
        for label, headers in variants.items():
            response = gateway.client.request(method, path, headers=headers, json={"text": "x"})
            assert response.status_code == 401, (method, path, label, response.text)
            assert response.json()["error"] == TEXTS.get("staff.unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"


def test_login_gives_a_bearer_token_and_no_cookie(gateway):
    response = gateway.client.post("/api/staff/login", json={"username": "Amy", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and len(body["token"]) >= 40
    assert body["user"] == {"username": "amy", "display_name": "王小美", "role": "staff"}
    assert "set-cookie" not in response.headers  # nothing a cross-site request could ride on (CSRF)
    me = gateway.client.get("/api/staff/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["username"] == "amy"
    # the token is not kept in the database as is
    from sqlalchemy import select

    from bot.staff.models import StaffSession
    with gateway.app.state.store.engine.connect() as connection:
        stored = connection.execute(select(StaffSession.token_hash)).scalars().all()
    assert body["token"] not in stored and len(stored) == 1


@pytest.mark.parametrize("username, password", [("amy", "wrong password!"), ("nobody", PASSWORD), ("amy", "")])
def test_wrong_passwords_and_unknown_names_are_refused_alike(gateway, username, password):
    response = gateway.client.post("/api/staff/login", json={"username": username, "password": password})
    assert response.status_code in (401, 422)
    assert CJK.search(response.json()["error"])
    if response.status_code == 401:
        assert response.json()["error"] == TEXTS.get("staff.login_failed")
        assert "token" not in response.json()


def test_repeated_failures_lock_the_name_then_it_opens_again(gateway):
    for _ in range(5):
        assert gateway.client.post("/api/staff/login", json={"username": "amy", "password": "guess-guess"}).status_code == 401
    locked = gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD})
    assert locked.status_code == 429  # even the right password, while locked
    assert int(locked.headers["retry-after"]) > 0
    assert locked.json()["error"] == TEXTS.get("staff.login_locked", minutes=15)
    other = gateway.client.post("/api/staff/login", json={"username": "boss", "password": PASSWORD})
    assert other.status_code == 200  # the lock is per name
    gateway.clock.now += timedelta(minutes=15, seconds=1)
    assert gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD}).status_code == 200


def test_logout_ends_the_session(gateway):
    console = gateway.login("amy")
    assert console.post("/api/staff/logout").status_code == 204
    assert console.get("/api/staff/handoffs").status_code == 401


def test_admin_only_endpoints_refuse_staff(gateway):
    amy, boss = gateway.login("amy"), gateway.login("boss")
    edit = {"answer": "新答案", "source": "測試", "as_of": "2025-01-01"}
    for method, path, body in (("PUT", "/api/staff/faq/sme_definition", edit), ("GET", "/api/staff/users", None),
                               ("POST", "/api/staff/users", {"username": "x1", "password": PASSWORD})):
        response = amy.client.request(method, path, headers=amy.headers, json=body)
        assert response.status_code == 403, (method, path)
        assert response.json()["error"] == TEXTS.get("staff.forbidden")
    created = boss.post("/api/staff/users", json={"username": "carol", "password": PASSWORD, "display_name": "林小芳"})
    assert created.status_code == 201 and created.json()["role"] == "staff"
    assert [u["username"] for u in boss.get("/api/staff/users").json()] == ["amy", "boss", "carol"]
    assert gateway.login("carol").user["display_name"] == "林小芳"
    taken = boss.post("/api/staff/users", json={"username": "CAROL", "password": PASSWORD})
    assert taken.status_code == 409 and "carol" in taken.json()["error"]
    short = boss.post("/api/staff/users", json={"username": "dan", "password": "short"})
    assert short.status_code == 400 and short.json()["error"] == TEXTS.get(
        "staff.password_length", min_chars=10, max_chars=256)


def test_the_first_admin_comes_from_the_bootstrap_settings_only_when_no_account_exists(make_gateway):
    first = make_gateway(staff_bootstrap_user="root", staff_bootstrap_password="first-start-password")
    console = first.login("root", "first-start-password")
    assert console.user["role"] == "admin"
    first.client.__exit__(None, None, None)
    # a later start with other bootstrap values changes nothing: accounts exist
    again = make_gateway(staff_bootstrap_user="other", staff_bootstrap_password="another-password")
    refused = again.client.post("/api/staff/login", json={"username": "other", "password": "another-password"})
    assert refused.status_code == 401


def test_add_user_command_reads_the_password_twice_without_echo(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    try:
        answers = iter(["a-long-password", "a-long-password"])
        prompts: list[str] = []

        def fake_getpass(prompt: str) -> str:
            prompts.append(prompt)
            return next(answers)

        assert staff_cli(["add-user", "Carol", "--role", "admin", "--display-name", "林小芳"], fake_getpass) == 0
        assert len(prompts) == 2 and "carol" in prompts[0].lower()
        mismatch = iter(["a-long-password", "another-password"])
        assert staff_cli(["add-user", "dave"], lambda prompt: next(mismatch)) == 1
        same = iter(["a-long-password"] * 2)
        assert staff_cli(["add-user", "carol"], lambda prompt: next(same)) == 1  # taken

        from bot.staff.accounts import AccountService
        from bot.store import ConversationStore
        store = ConversationStore.from_url(f"sqlite:///{tmp_path / 'cli.db'}")
        accounts = AccountService(store.engine)
        assert [(u.username, u.role, u.display_name) for u in accounts.list_users()] == [("carol", "admin", "林小芳")]
        assert accounts.login("carol", "a-long-password").user.username == "carol"
        store.dispose()
    finally:
        get_settings.cache_clear()


def test_add_user_command_runs_as_documented(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cmd.db'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.staff", "add-user", "erin", "--password-stdin"],
        input="erin-long-password\n", check=False, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "erin" in done.stdout and CJK.search(done.stdout)
    short = subprocess.run(
        [sys.executable, "-m", "bot.staff", "add-user", "fay", "--password-stdin"],
        input="short\n", check=False, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120,
    )
    assert short.returncode == 1 and "密碼" in short.stderr
