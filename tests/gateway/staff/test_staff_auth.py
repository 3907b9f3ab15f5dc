"""Staff login, sessions and roles: every /api/staff call needs a valid session; wrong passwords are refused
and, repeated, make further attempts wait (per address, and briefly per name: never a lock a stranger can
impose, finding 6 of issue 14); sessions expire; admin-only endpoints refuse staff; admins deactivate accounts,
reset passwords and end sessions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest

from gateway.settings import PROJECT_ROOT, get_settings
from gateway.staff.__main__ import main as staff_cli
from gateway.staff.accounts import AccountError, LoginThrottled
from gateway.staff.passwords import common_passwords, is_common
from gateway.texts import load_texts
from tests.fakes.gateway import PASSWORD

TEXTS = load_texts()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _staff_routes(app) -> list[tuple[str, str]]:
    """Every documented /api/staff operation but login (from the OpenAPI schema, so new ones are covered)."""
    routes = []
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api/staff") and path != "/api/staff/login":
            concrete = (path.replace("{ticket_id}", "1").replace("{entry_id}", "sme_definition")
                        .replace("{username}", "amy"))
            routes.extend((method.upper(), concrete) for method in operations)
    return routes


def test_every_staff_endpoint_answers_401_without_a_valid_session(gateway):
    routes = _staff_routes(gateway.app)
    assert len(routes) >= 23  # the queue, tools, FAQ and accounts — a new endpoint is covered automatically
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
    assert body["user"] == {"username": "amy", "display_name": "王小美", "role": "staff", "active": True}
    assert "set-cookie" not in response.headers  # nothing a cross-site request could ride on (CSRF)
    me = gateway.client.get("/api/staff/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["username"] == "amy"
    # the token is not kept in the database as is
    from sqlalchemy import select

    from gateway.staff.models import StaffSession
    with gateway.app.state.services.store.engine.connect() as connection:
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


def test_repeated_failures_make_the_address_wait_doubling_and_even_the_right_password_waits(make_gateway):
    gateway = make_gateway(rate_limit_logins_per_ip=0)  # the per-minute request limit is tested apart
    gateway.add_user("amy", "staff")
    gateway.add_user("boss", "admin")
    for _ in range(5):  # STAFF_LOGIN_FREE_FAILURES_PER_IP
        assert gateway.client.post("/api/staff/login", json={"username": "amy", "password": "guess-guess"}).status_code == 401
    waiting = gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD})
    assert waiting.status_code == 429  # the password is not even checked while the wait runs
    assert waiting.headers["retry-after"] == "1"
    assert waiting.json()["error"] == TEXTS.get("staff.login_throttled", seconds=1)
    waits = []
    for _ in range(4):  # each further failure doubles the wait
        gateway.clock.now += timedelta(seconds=int(waiting.headers["retry-after"]))
        assert gateway.client.post("/api/staff/login", json={"username": "boss", "password": "guess"}).status_code == 401
        waiting = gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD})
        waits.append(int(waiting.headers["retry-after"]))
    assert waits == [2, 4, 8, 16]
    gateway.clock.now += timedelta(seconds=16)
    assert gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD}).status_code == 200


def test_a_stranger_cannot_lock_the_owner_out(gateway):
    """ASVS 2.2.1: wrong logins from many addresses against one name make its owner wait at most a minute,
    never 15 (the old lock); the guessers' own addresses wait up to 15 minutes."""
    accounts = gateway.app.state.services.staff_accounts
    for n in range(200):  # a guesser spread over 200 addresses, 2 tries each
        for _ in range(2):
            try:
                accounts.login("amy", f"guess-{n}", ip=f"203.0.113.{n % 250}")
            except AccountError as exc:
                assert exc.status_code in (401, 429)
    with pytest.raises(LoginThrottled) as waited:
        accounts.login("amy", PASSWORD, ip="198.51.100.7")  # the owner, from her own address
    assert waited.value.retry_after_seconds <= 60
    gateway.clock.now += timedelta(seconds=60)
    assert accounts.login("amy", PASSWORD, ip="198.51.100.7").user.username == "amy"
    # a guesser's own address is slowed down far more: 12 wrong logins as fast as allowed
    failures = 0
    while failures < 12:
        try:
            accounts.login("boss", "guess", ip="203.0.113.99")
        except LoginThrottled as wait:
            gateway.clock.now += timedelta(seconds=wait.retry_after_seconds)
        except AccountError:
            failures += 1
    with pytest.raises(LoginThrottled) as guesser:
        accounts.login("boss", PASSWORD, ip="203.0.113.99")
    assert guesser.value.retry_after_seconds == 128  # 2**(12 - 5): well past the minute a name can be made to wait
    gateway.clock.now += timedelta(seconds=60)
    assert accounts.login("boss", PASSWORD, ip="198.51.100.8").user.username == "boss"  # boss, from elsewhere
    with pytest.raises(LoginThrottled):
        accounts.login("boss", PASSWORD, ip="203.0.113.99")  # the guesser's address still waits


def test_login_attempts_are_limited_per_address(make_gateway):
    gateway = make_gateway(rate_limit_logins_per_ip=3)
    gateway.add_user("amy", "staff")
    for _ in range(3):
        gateway.client.post("/api/staff/login", json={"username": "nobody", "password": "x"})
    refused = gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"].startswith("登入嘗試太頻繁")


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
    short = boss.post("/api/staff/users", json={"username": "dan", "password": "a" * 11})
    assert short.status_code == 400 and short.json()["error"] == TEXTS.get(
        "staff.password_length", min_chars=12, max_chars=256)
    for weak in ("aaaaaaaaaaaa", "password2024!", "qwertyuiop12", "1234567890123", "abcabcabcabc", "dan-dan-dan-1"):
        refused = boss.post("/api/staff/users", json={"username": "dan", "password": weak})
        assert refused.status_code == 400, weak
        assert refused.json()["error"] in (TEXTS.get("staff.password_common"),
                                           TEXTS.get("staff.password_is_username")), weak


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

        from gateway.staff.accounts import AccountService
        from gateway.store import ConversationStore
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
        [sys.executable, "-m", "gateway.staff", "add-user", "erin", "--password-stdin"],
        input="river-long-passage\n", check=False, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "erin" in done.stdout and CJK.search(done.stdout)
    short = subprocess.run(
        [sys.executable, "-m", "gateway.staff", "add-user", "fay", "--password-stdin"],
        input="short\n", check=False, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=120,
    )
    assert short.returncode == 1 and "密碼" in short.stderr


def test_the_common_password_list_is_the_data_file():
    common = common_passwords()
    assert len(common) > 19_000 and "123456" in common and "# the 19,640" not in " ".join(list(common)[:5])
    assert is_common("iloveyou2023") and is_common("!!password!!") and is_common("zzzzzzzzzzzzzzzz")
    assert not is_common("紡織廠盤查二〇二五") and not is_common("correct horse battery")


def test_an_admin_offboards_an_account_and_its_tokens_stop_at_once(gateway):
    amy, boss = gateway.login("amy"), gateway.login("boss")
    second = gateway.login("amy")
    done = boss.post("/api/staff/users/amy/deactivate")
    assert done.status_code == 200, done.text
    assert done.json()["user"]["active"] is False and done.json()["sessions_ended"] == 2
    for console in (amy, second):
        assert console.get("/api/staff/handoffs").status_code == 401
    refused = gateway.client.post("/api/staff/login", json={"username": "amy", "password": PASSWORD})
    assert refused.status_code == 401 and refused.json()["error"] == TEXTS.get("staff.login_failed")
    assert {u["username"]: u["active"] for u in boss.get("/api/staff/users").json()} == {"amy": False, "boss": True}
    assert boss.post("/api/staff/users/amy/activate").json()["active"] is True
    assert gateway.login("amy").get("/api/staff/me").status_code == 200


def test_deactivation_is_refused_for_oneself_the_last_admin_and_unknown_names(gateway):
    boss = gateway.login("boss")
    own = boss.post("/api/staff/users/boss/deactivate")
    assert own.status_code == 409 and own.json()["error"] == TEXTS.get("staff.cannot_deactivate_self")
    gateway.add_user("root", "admin")
    root = gateway.login("root")
    assert root.post("/api/staff/users/boss/deactivate").status_code == 200
    last = gateway.app.state.services.staff_accounts
    with pytest.raises(AccountError) as refused:
        last.set_active("root", False)
    assert refused.value.text_key == "staff.last_admin"
    missing = root.post("/api/staff/users/nobody/deactivate")
    assert missing.status_code == 404 and missing.json()["error"] == TEXTS.get("staff.user_not_found", username="nobody")


def test_an_admin_resets_a_password_and_revokes_sessions(gateway):
    amy, boss = gateway.login("amy"), gateway.login("boss")
    weak = boss.post("/api/staff/users/amy/password", json={"password": "password1234"})
    assert weak.status_code == 400 and weak.json()["error"] == TEXTS.get("staff.password_common")
    assert amy.get("/api/staff/me").status_code == 200  # nothing changed
    reset = boss.post("/api/staff/users/amy/password", json={"password": "新的密碼是一句很長很長的話啊"})
    assert reset.status_code == 200 and reset.json()["sessions_ended"] == 1
    assert amy.get("/api/staff/me").status_code == 401
    renewed = gateway.login("amy", "新的密碼是一句很長很長的話啊")
    assert boss.delete("/api/staff/users/amy/sessions").json()["sessions_ended"] == 1
    assert renewed.get("/api/staff/me").status_code == 401


def test_a_staff_member_changes_their_own_password(gateway):
    amy, other = gateway.login("amy"), gateway.login("amy")
    wrong = amy.post("/api/staff/me/password", json={"current_password": "nope", "password": "另一句很長很長的新密碼喔"})
    assert wrong.status_code == 400 and wrong.json()["error"] == TEXTS.get("staff.password_wrong")
    changed = amy.post("/api/staff/me/password", json={"current_password": PASSWORD, "password": "另一句很長很長的新密碼喔"})
    assert changed.status_code == 200 and changed.json()["sessions_ended"] == 1
    assert amy.get("/api/staff/me").status_code == 200 and other.get("/api/staff/me").status_code == 401


def test_offboarding_commands(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cmd.db'}"}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gateway.staff", *args], input=stdin, capture_output=True,
                              text=True, cwd=PROJECT_ROOT, env=env, timeout=120, check=False)

    assert run("add-user", "root", "--role", "admin", "--password-stdin", stdin="admin-keeps-the-keys\n").returncode == 0
    assert run("add-user", "gina", "--password-stdin", stdin="glass-river-stone\n").returncode == 0
    from gateway.staff.accounts import AccountService
    from gateway.store import ConversationStore
    store = ConversationStore.from_url(env["DATABASE_URL"])
    accounts = AccountService(store.engine)
    token = accounts.login("gina", "glass-river-stone").token
    done = run("deactivate", "gina")
    assert done.returncode == 0 and "gina" in done.stdout and "1 個登入" in done.stdout
    assert accounts.user_for_token(token) is None
    assert "deactivated" in run("list-users").stdout
    assert run("activate", "gina").returncode == 0
    reset = run("reset-password", "gina", "--password-stdin", stdin="copper-kettle-morning\n")
    assert reset.returncode == 0, reset.stderr
    assert accounts.login("gina", "copper-kettle-morning").user.username == "gina"
    assert "1 個登入" in run("revoke-sessions", "gina").stdout
    refused = run("deactivate", "root")  # the last admin
    assert refused.returncode == 1 and "最後一個" in refused.stderr
    missing = run("revoke-sessions", "nobody")
    assert missing.returncode == 1 and "nobody" in missing.stderr
    store.dispose()
