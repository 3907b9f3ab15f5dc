"""The demo page at / embeds the widget with one script tag and links to nothing broken (needs no browser)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.settings import Settings
from tests.fakes.server import dead_url


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        for name in ("href", "src"):
            if values.get(name):
                self.urls.append(values[name] or "")


@pytest.fixture
def client(tmp_path):
    nowhere = dead_url()
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'demo.db'}",
                        rasa_url=nowhere, action_server_url=nowhere)
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_demo_page_embeds_the_widget_with_one_script_tag(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-Hant-TW">' in response.text
    page = _Links()
    page.feed(response.text)
    assert [s.get("src") for s in page.scripts] == ["/static/widget/widget.js"]
    assert page.scripts[0].get("data-title") and page.scripts[0].get("data-color")


def test_every_local_link_and_asset_of_the_demo_page_and_the_widget_answers(client):
    page = _Links()
    page.feed(client.get("/").text)
    local = [url for url in page.urls if url.startswith("/")]
    assert "/static/widget/widget.js" in local
    for url in local + ["/static/widget/widget.css"]:
        assert client.get(url).status_code == 200, url


def test_the_widget_never_turns_message_text_into_markup(client):
    js = client.get("/static/widget/widget.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    assert "textContent" in js
