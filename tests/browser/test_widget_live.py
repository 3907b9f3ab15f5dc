"""Staff messages reach an open widget as they are stored: by Server-Sent Events, or by polling when the
stream is blocked (e.g. by a proxy)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.widget import Widget

pytestmark = pytest.mark.browser

STAFF = {"from": "staff", "name": "范御羣"}
STAFF_TEXT = "您好，我是輔導團隊的范御羣，關於申請資格我來為您說明。"


def requests_to(page, pattern: str) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url) if re.search(pattern, request.url) else None)
    return urls


def test_a_staff_message_arrives_through_the_stream(page, gateway_server, fake_rasa, screenshot):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    with page.expect_request(re.compile(r"/api/chat/[^/]+/stream\?after=\d+&token=")):
        widget.open()
    widget.send("我要找真人")
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 我要找真人"))
    polls = requests_to(page, r"/messages\?")

    gateway.store.record_outgoing("web:" + widget.sender(), "web", [{"text": STAFF_TEXT, "custom": STAFF}])
    started = time.monotonic()
    staff = widget.staff_messages.last
    expect(staff).to_contain_text(STAFF_TEXT, timeout=5_000)
    took = time.monotonic() - started
    expect(staff.locator(".tp-who")).to_have_text("專人 范御羣")
    assert polls == [], "the message came by polling, not by the stream"
    assert took < 3
    # styled apart from the bot's messages
    bot_colour = widget.bot_messages.first.evaluate("n => getComputedStyle(n).backgroundColor")
    assert staff.evaluate("n => getComputedStyle(n).backgroundColor") != bot_colour
    screenshot("staff-message-by-stream")


def test_a_staff_message_arrives_by_polling_when_the_stream_is_blocked(page, gateway_server, screenshot):
    gateway = gateway_server()
    page.route(re.compile(r"/stream\?"), lambda route: route.abort("blockedbyclient"))
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    expect(widget.log.locator(".tp-welcome")).to_be_visible()
    page.wait_for_timeout(500)  # the stream has failed by now
    polls = requests_to(page, r"/messages\?")

    gateway.store.record_outgoing("web:" + widget.sender(), "web", [{"text": STAFF_TEXT, "custom": STAFF}])
    staff = widget.staff_messages.last
    expect(staff).to_contain_text(STAFF_TEXT, timeout=6_000)
    expect(staff.locator(".tp-who")).to_have_text("專人 范御羣")
    assert polls, "no polling request was made"
    page.wait_for_timeout(2500)  # another poll or more: still one copy
    expect(widget.staff_messages).to_have_count(1)
    screenshot("staff-message-by-polling")


def test_a_staff_message_while_the_panel_is_closed_shows_on_the_launcher(
    page, gateway_server, fake_rasa, screenshot
):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("你好")
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 你好"))
    widget.panel.get_by_role("button", name="關閉對話視窗").click()
    expect(widget.panel).to_be_hidden()

    gateway.store.record_outgoing("web:" + widget.sender(), "web", [{"text": STAFF_TEXT, "custom": STAFF}])
    expect(widget.launcher).to_have_accessible_name(re.compile("1 則新訊息"), timeout=5_000)
    expect(widget.launcher.locator(".tp-badge")).to_have_text("1")
    screenshot("unread-badge")
    widget.open()
    expect(widget.staff_messages.last).to_contain_text(STAFF_TEXT)
    expect(widget.launcher.locator(".tp-badge")).to_be_hidden()


def test_a_slow_answer_is_announced_then_shown_when_it_comes(page, gateway_server, fake_rasa, screenshot):
    from gateway.texts import load_texts

    fake_rasa.mode = "slow"
    fake_rasa.delay = 2.0
    gateway = gateway_server(rasa_url=fake_rasa.url, rasa_timeout_seconds=0.5, rasa_late_reply_seconds=10)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("電費一個月大概3萬")
    notice = widget.bot_messages.filter(has_text=load_texts().get("rasa_late"))
    expect(notice).to_have_count(1)
    expect(widget.bot_messages.last).to_contain_text("echo: 電費一個月大概3萬", timeout=8_000)
    expect(notice).to_have_count(1)  # the notice stays above the answer, shown once
    assert len(fake_rasa.received) == 1  # never sent twice
    screenshot("late-notice-then-answer")
