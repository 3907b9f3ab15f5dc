"""When the service cannot answer: a clear Chinese notice, the typed text kept, and automatic retries."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.widget import Widget

pytestmark = pytest.mark.browser


def wait_until(condition, timeout: float = 10.0, page=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        if page is not None:
            page.wait_for_timeout(100)  # lets Playwright deliver the page's events meanwhile
        else:
            time.sleep(0.1)


def test_rasa_down_shows_a_notice_keeps_the_text_and_retries_until_it_answers(
    page, gateway_server, fake_rasa, screenshot
):
    fake_rasa.down = True
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("我們公司可以申請輔導嗎")

    expect(widget.notice).to_contain_text("暫時無法回應")
    expect(widget.notice).to_contain_text("已保留")
    expect(widget.notice).to_contain_text("自動重試")
    expect(widget.input).to_have_value("我們公司可以申請輔導嗎")
    expect(widget.log.locator(".tp-error")).to_contain_text("專線")  # the gateway's own reply, as a notice
    screenshot("rasa-down")

    wait_until(lambda: len(fake_rasa.received) >= 2, page=page)  # a retry came by itself (after ~2 s)
    fake_rasa.down = False
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 我們公司可以申請輔導嗎"), timeout=15_000)
    expect(widget.notice).to_have_count(0)
    expect(widget.input).to_have_value("")
    expect(widget.user_messages).to_have_count(1)  # the retries are not shown as new messages
    screenshot("answered-after-retry")


def test_gateway_unreachable_keeps_the_text_and_sends_it_when_it_is_back(
    page, gateway_server, fake_rasa, screenshot
):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    attempts: list[str] = []

    def offline(route):
        attempts.append(route.request.post_data or "")
        route.abort("internetdisconnected")

    page.route(re.compile(r"/api/chat$"), offline)
    widget.send("外購電力11,295.6千度")
    expect(widget.notice).to_contain_text("無法連線")
    expect(widget.notice).to_contain_text("已保留")
    expect(widget.input).to_have_value("外購電力11,295.6千度")
    expect(widget.user_messages.last).to_contain_text("尚未送出")
    screenshot("offline")

    wait_until(lambda: len(attempts) >= 2, page=page)  # retried automatically
    assert fake_rasa.received == []
    page.unroute(re.compile(r"/api/chat$"))
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 外購電力11,295.6千度"), timeout=15_000)
    expect(widget.notice).to_have_count(0)
    expect(widget.input).to_have_value("")
    expect(widget.user_messages).to_have_count(1)
    expect(widget.user_messages.last).not_to_contain_text("尚未送出")
    screenshot("back-online")


def test_the_retry_button_sends_at_once(page, gateway_server, fake_rasa):
    fake_rasa.down = True
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.clock.install()
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    # the page's timers stand still from here: no automatic retry can come before the button
    page.clock.pause_at(datetime.now() + timedelta(seconds=1))
    widget.send("你好")
    expect(widget.notice).to_contain_text("暫時無法回應")
    fake_rasa.down = False
    page.wait_for_timeout(500)
    assert len(fake_rasa.received) == 1
    widget.panel.get_by_role("button", name="立即重試").click()
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 你好"))
    assert len(fake_rasa.received) == 2
    expect(widget.notice).to_have_count(0)


def test_history_that_cannot_load_is_retried(page, gateway_server, fake_rasa, screenshot):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    page.route(re.compile(r"/messages\?"), lambda route: route.abort("connectionrefused"))
    widget.open()
    expect(widget.notice).to_contain_text("無法載入先前的對話")
    screenshot("history-offline")
    page.unroute(re.compile(r"/messages\?"))
    expect(widget.notice).to_have_count(0, timeout=15_000)
    expect(widget.log.locator(".tp-welcome").get_by_role("button")).not_to_have_count(0)
