"""The widget's and the console's texts come from gateway/static_texts.yml: served as JSON (public, cacheable,
readable from any site, as the widget is embedded elsewhere) and carried inline by the console's page."""

from __future__ import annotations

import json
import re

import yaml

from gateway.routes.pages import CONSOLE_TEXTS_ELEMENT, STATIC_TEXTS_FILE
from gateway.security_headers import STAFF_CSP

CATALOGUE = yaml.safe_load(STATIC_TEXTS_FILE.read_text(encoding="utf-8"))


def test_each_page_gets_its_section_of_the_catalogue(client):
    for page in ("widget", "console"):
        response = client.get(f"/api/texts/{page}")
        assert response.status_code == 200, page
        assert response.headers["content-type"] == "application/json"
        assert response.json() == CATALOGUE[page]
    assert client.get("/api/texts/widget").json()["staffNamed"] == "專人 {name}"  # the page fills it in


def test_the_texts_need_no_session_may_be_read_from_any_site_and_are_cached(client):
    response = client.get("/api/texts/widget", headers={"Origin": "https://another.example.tw"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"].startswith("public, max-age=")
    etag = response.headers["etag"]
    again = client.get("/api/texts/widget", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/api/texts/console").headers["etag"] != etag


def test_an_unknown_page_is_refused_in_chinese(client):
    response = client.get("/api/texts/nothing")
    assert response.status_code == 422
    assert re.search(r"[\u4e00-\u9fff]", response.json()["error"])


def test_the_console_page_carries_its_texts_as_data_under_its_policy(client):
    response = client.get("/staff")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == STAFF_CSP  # no inline script: JSON is not script
    match = re.search(rf'<script type="application/json" id="{CONSOLE_TEXTS_ELEMENT}">(.*?)</script>',
                      response.text, re.S)
    assert match is not None
    assert json.loads(match.group(1)) == CATALOGUE["console"]
    assert "<" not in match.group(1)  # a text can never close the element
    assert response.text.index(CONSOLE_TEXTS_ELEMENT) < response.text.index('src="/static/staff/staff.js"')
