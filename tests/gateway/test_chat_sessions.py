"""Finding 1 and 2 of issue 14: a web conversation is only its session holder's, and a web client cannot reach
another channel's conversation. The session protocol: POST /api/chat/session, then Bearer tokens."""

from __future__ import annotations

import pytest

from gateway.chat_sessions import ChatSessions
from gateway.texts import load_texts
from scripts.chat_client import ChatClient

TEXTS = load_texts()
UNAUTHORIZED = TEXTS.get("chat.unauthorized")


def test_a_session_is_a_random_id_and_its_hmac(client):
    response = client.post("/api/chat/session")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"sender", "token"}
    assert len(body["sender"]) >= 24  # 18 random bytes, URL-safe
    other = client.post("/api/chat/session").json()
    assert other["sender"] != body["sender"] and other["token"] != body["token"]
    assert client.app.state.services.chat_sessions.verify(body["sender"], body["token"])
    assert not client.app.state.services.chat_sessions.verify(body["sender"], other["token"])


def _assert_401(response) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == {"error": UNAUTHORIZED}
    assert response.headers["www-authenticate"] == "Bearer"


def test_nothing_of_a_conversation_without_its_token(web, client, fake_rasa):
    web.send("alice", "我的公司叫示範紡織")
    sender, token = web.session("alice").sender, web.session("alice").token
    mallory = web.session("mallory").token
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {mallory}"},
                    {"Authorization": f"Basic {token}"}):
        _assert_401(client.get(f"/api/chat/{sender}/messages", headers=headers))
        _assert_401(client.get(f"/api/chat/{sender}/stream", headers=headers))
        _assert_401(client.post("/api/chat", json={"sender": sender, "message": "/privacy_confirm_delete"},
                                headers=headers))
    _assert_401(client.get(f"/api/chat/{sender}/stream?token={mallory}"))
    # nothing was stored, forwarded or deleted by the refused requests
    assert [m["text"] for m in web.messages("alice") if m["direction"] == "in"] == ["我的公司叫示範紡織"]
    assert len(fake_rasa.received) == 1


def test_a_client_chosen_sender_is_refused(client, fake_rasa):
    """The ids of before (any [A-Za-z0-9_.:@-]+, e.g. rt-c5 or 0) are no longer accepted, with or without a
    token of another conversation."""
    token = client.post("/api/chat/session").json()["token"]
    for sender in ("rt-c5", "0", "x" * 24, "web-2b1c1c3e-0b3f-4a59-9d4b-000000000000"):
        response = client.post("/api/chat", json={"sender": sender, "message": "你好"},
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code in (401, 422), response.text
        assert client.get(f"/api/chat/{sender}/messages", headers={"Authorization": f"Bearer {token}"}
                          ).status_code in (401, 422)
    assert fake_rasa.received == []


def test_a_web_client_cannot_reach_a_line_users_conversation(client, fake_rasa):
    """Finding 2: web ids reach Rasa and the store as web:<id>, LINE's as line:<id>; a sender named line:U…
    is not even a valid sender."""
    token = client.post("/api/chat/session").json()["token"]
    response = client.post("/api/chat", json={"sender": "line:U4af4980629", "message": "目前填了哪些"},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert fake_rasa.received == []
    web = ChatClient(client)
    web.send("u", "目前填了哪些")
    assert fake_rasa.received[0]["sender"] == "web:" + web.sender("u")


def test_tokens_of_a_previous_secret_are_accepted_while_rotating():
    old = ChatSessions("o" * 40)
    session = old.issue()
    rotated = ChatSessions("n" * 40, previous=["o" * 40])
    assert rotated.verify(session.sender, session.token)
    assert rotated.issue().token != ChatSessions("o" * 40).issue().token
    assert not ChatSessions("n" * 40).verify(session.sender, session.token)  # the old secret removed


def test_a_short_secret_is_refused():
    from gateway.settings import Settings

    with pytest.raises(ValueError, match="CHAT_TOKEN_SECRET"):
        Settings(_env_file=None, chat_token_secret="too-short")


def test_sessions_of_one_secret_work_on_every_gateway_process(make_client, tmp_path, fake_rasa):
    first = make_client(chat_token_secret="s" * 40)
    session = first.post("/api/chat/session").json()
    second = make_client(chat_token_secret="s" * 40, database_url=f"sqlite:///{tmp_path / 'other.db'}")
    response = second.get(f"/api/chat/{session['sender']}/messages",
                          headers={"Authorization": f"Bearer {session['token']}"})
    assert response.status_code == 200


def test_a_resent_message_id_is_stored_and_answered_once(web, fake_rasa):
    first = web.send("u", "天然氣3,882立方公尺", message_id="m-1")
    again = web.send("u", "天然氣3,882立方公尺", message_id="m-1")
    assert again == first
    assert len(fake_rasa.received) == 1
    assert [m["direction"] for m in web.messages("u")] == ["in", "out"]
    web.send("u", "天然氣3,882立方公尺", message_id="m-2")  # a new id is a new message
    assert len(fake_rasa.received) == 2


def test_a_resend_after_the_answer_was_lost_is_stored_once(web, client, fake_rasa, monkeypatch):
    """The database fails after the message was stored: the resend is not stored (nor sent to Rasa) again."""
    store = client.app.state.services.store
    real = store.record_outgoing

    def broken(*args, **kwargs):
        raise __import__("sqlalchemy").exc.OperationalError("INSERT", {}, Exception("database is down"))

    monkeypatch.setattr(store, "record_outgoing", broken)
    assert web.post("u", "電費一個月12萬", message_id="m-lost").status_code == 503
    monkeypatch.setattr(store, "record_outgoing", real)
    answer = web.send("u", "電費一個月12萬", message_id="m-lost")
    assert answer == [{"recipient_id": web.conversation_key("u"), "text": TEXTS.get("chat.answer_lost")}]
    assert [m["text"] for m in web.messages("u")] == ["電費一個月12萬"]
    assert len(fake_rasa.received) == 1


def test_a_resend_after_rasa_could_not_answer_asks_rasa_again_and_is_stored_once(web, fake_rasa):
    fake_rasa.mode = "error"
    first = web.send("u", "輔導資格是什麼", message_id="m-down")
    assert first[0]["custom"] == {"error": "rasa_unavailable"}
    fake_rasa.mode = "echo"
    again = web.send("u", "輔導資格是什麼", message_id="m-down")
    assert again[0]["text"] == "echo: 輔導資格是什麼"
    assert [m["direction"] for m in web.messages("u")] == ["in", "out", "out"]  # the question stored once
    assert web.send("u", "輔導資格是什麼", message_id="m-down") == again  # now the stored answer
    assert len(fake_rasa.received) == 2
