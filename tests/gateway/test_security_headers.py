"""Finding 9 of issue 14: the console's files had no CSP under /static/staff/, nothing had nosniff, and chat and
staff JSON could be cached."""

from __future__ import annotations

from gateway.security_headers import STAFF_CSP


def test_the_staff_console_has_its_policy_under_every_url(client):
    for path in ("/staff", "/static/staff/index.html", "/static/staff/staff.js", "/static/staff/staff.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"] == STAFF_CSP, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["referrer-policy"] == "no-referrer", path
        assert response.headers["x-content-type-options"] == "nosniff", path


def test_every_answer_has_nosniff_and_chat_and_staff_json_is_never_stored(web, client, fake_rasa):
    web.send("u", "你好")
    chat = [web.post("u", "再一次"), web.get_messages("u"), client.post("/api/chat/session"),
            client.get("/api/staff/handoffs"), client.post("/api/staff/login", json={"username": "x", "password": "y"})]
    for response in chat:
        assert response.headers["cache-control"] == "no-store", response.request.url
        assert response.headers["x-content-type-options"] == "nosniff"
    for path in ("/", "/healthz", "/static/widget/widget.js", "/api/nothing"):
        assert client.get(path).headers["x-content-type-options"] == "nosniff", path
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "'unsafe-inline'" not in page.headers["content-security-policy"].split("script-src")[1].split(";")[0]
