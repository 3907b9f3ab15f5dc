"""GET /healthz and the plain chat page at GET /."""

from __future__ import annotations

import re


def test_healthz_all_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["rasa"]["ok"] is True and body["rasa"]["version"] == "3.6.21"
    assert body["action_server"]["ok"] is True
    assert body["database"]["ok"] is True


def test_healthz_action_server_down_is_degraded_but_serving(make_client, dead_url):
    response = make_client(action_server_url=dead_url).get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["rasa"]["ok"] is True and body["action_server"]["ok"] is False


def test_healthz_rasa_down_is_503(make_client, dead_url):
    response = make_client(rasa_url=dead_url).get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["rasa"]["ok"] is False and "unreachable" in body["rasa"]["detail"]


def test_healthz_answer_that_is_not_rasa_is_503(make_client, fake_rasa):
    # something answers at RASA_URL, but not with Rasa's "Hello from Rasa" page
    response = make_client(rasa_url=fake_rasa.url + "/webhooks/rest/webhook").get("/healthz")
    assert response.status_code == 503


def test_index_serves_the_demo_page_with_the_widget(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="zh-Hant-TW">' in html
    assert re.search(r'<script src="/static/widget/widget\.js"', html)


def test_widget_script_and_css_are_served(client):
    script = client.get("/static/widget/widget.js")
    assert script.status_code == 200
    js = script.text
    assert "/api/chat" in js and "localStorage" in js
    assert "EventSource" in js  # staff messages arrive live
    assert client.get("/static/widget/widget.css").status_code == 200
