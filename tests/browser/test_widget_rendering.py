"""What the widget shows for each kind of bot message, and that nothing is shown twice."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.widget import Widget

pytestmark = pytest.mark.browser

RICH_REPLIES = [
    {"text": "第一行\n第二行：<b>不是粗體</b> <img src=x onerror=\"window.hacked=1\">"},
    {"text": "查證機構名錄：https://www.taftw.org.tw/ 。結果檔：https://example.org/files/盤查結果.xlsx"},
    {"image": "CHART", "alt": "112年排放量圖表"},
    {"custom": {"type": "link", "url": "/api/reports/demo.xlsx", "title": "下載盤查結果 Excel"}},
    {"custom": {"type": "link", "url": "javascript:alert(1)", "title": "不該是連結"}},
    {"text": "請選擇燃料種類", "buttons": [
        {"title": "天然氣", "payload": "/choose_fuel_gas"},
        {"title": "柴油", "payload": "/choose_fuel_diesel"},
    ]},
]


def test_text_links_images_downloads_and_quick_replies(page, gateway_server, fake_rasa, screenshot):
    fake_rasa.canned = [dict(r, image=fake_rasa.chart_url) if r.get("image") else r for r in RICH_REPLIES]
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("我要算排放量")

    text = widget.bot_messages.filter(has_text="第一行").locator(".tp-text")
    expect(text).to_contain_text("<b>不是粗體</b>")  # markup is shown as text
    assert text.locator("b, img").count() == 0 and page.evaluate("window.hacked") is None
    assert "第一行\n第二行" in text.inner_text()  # line breaks kept

    links = widget.bot_messages.filter(has_text="查證機構").get_by_role("link")
    expect(links.first).to_have_attribute("href", "https://www.taftw.org.tw/")
    expect(links.first).to_have_text("https://www.taftw.org.tw/")  # the trailing 。 is not part of it
    xlsx = links.nth(1)
    expect(xlsx).to_have_attribute("download", "")
    assert xlsx.get_attribute("href").endswith(".xlsx")

    image = widget.log.get_by_role("img", name="112年排放量圖表")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")

    download = widget.log.get_by_role("link", name=re.compile("下載盤查結果 Excel"))
    expect(download).to_have_attribute("href", gateway.url + "/api/reports/demo.xlsx")
    expect(download).to_have_attribute("download", "")
    assert widget.log.get_by_role("link", name=re.compile("不該是連結")).count() == 0

    # one bubble per stored reply that has something to show (the unsafe link alone shows nothing)
    expect(widget.bot_messages).to_have_count(len(RICH_REPLIES) - 1)
    expect(widget.user_messages).to_have_count(1)
    screenshot("rich-replies")

    # a quick reply sends its payload and shows its title
    fake_rasa.canned = [{"text": "好的，天然氣。請輸入用量。"}]
    widget.log.get_by_role("button", name="天然氣").click()
    expect(widget.bot_messages.last).to_have_text(re.compile("請輸入用量"))
    expect(widget.user_messages.last).to_contain_text("天然氣")
    assert fake_rasa.received[-1]["message"] == "/choose_fuel_gas"
    shown = widget.transcript()
    assert sum(1 for who, text in shown if who == "user") == 2
    screenshot("quick-reply")

    # after a reload the same conversation, the quick reply still shown by its title
    page.reload()
    expect(widget.panel).to_be_visible()  # it was open: it opens again
    expect(widget.bot_messages.last).to_have_text(re.compile("請輸入用量"))
    assert widget.transcript() == shown
    stored = httpx.get(f"{gateway.url}/api/chat/{widget.sender()}/messages", headers=widget.headers()).json()
    assert [m["text"] for m in stored if m["direction"] == "in"] == ["我要算排放量", "/choose_fuel_gas"]


def test_no_reply_is_shown_twice_though_the_stream_and_the_turn_both_bring_it(
    page, gateway_server, fake_rasa, screenshot
):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    with page.expect_request(re.compile(r"/stream\?")):
        widget.open()  # the stream is open before the first message
    for n in range(1, 4):
        widget.send(f"第{n}個問題")
        expect(widget.bot_messages).to_have_count(n)
        expect(widget.bot_messages.last).to_have_text(re.compile(f"echo: 第{n}個問題"))
    page.wait_for_timeout(1500)  # more than a poll of the stream: anything late would have arrived
    expect(widget.bot_messages).to_have_count(3)
    expect(widget.user_messages).to_have_count(3)
    assert [t for who, t in widget.transcript() if who == "user"] == [f"第{n}個問題" for n in (1, 2, 3)]
    screenshot("three-turns")


def test_a_new_visitor_gets_a_greeting_with_first_questions(page, gateway_server, fake_rasa):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    assert page.evaluate("localStorage.getItem('tanpancha.session')") is None  # nothing asked before opening
    widget.open()
    greeting = widget.log.locator(".tp-welcome")
    expect(greeting).to_contain_text("碳盤查小幫手")
    greeting.get_by_role("button", name="要怎麼申請輔導").click()
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 要怎麼申請輔導"))
    expect(greeting.get_by_role("button")).to_have_count(0)  # the suggestions go once the conversation starts


def test_a_refused_session_gives_a_new_conversation(page, gateway_server, fake_rasa):
    """The secret was replaced (a leak): the stored token gets 401 and the widget asks for a new session,
    instead of failing for ever."""
    from dataclasses import replace

    from gateway.chat_sessions import ChatSessions

    gateway = gateway_server(rasa_url=fake_rasa.url, chat_token_secret="a" * 40)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("第一個問題")
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 第一個問題"))
    old = widget.sender()
    services = gateway.app.state.services  # what a restart with a new secret does:
    gateway.app.state.services = replace(services, chat_sessions=ChatSessions("b" * 40))
    page.reload()
    expect(widget.panel).to_be_visible()
    page.wait_for_timeout(500)
    expect(widget.notice).to_have_count(0)  # not "cannot load the conversation": a new one, at once
    widget.send("換了密鑰之後的問題")
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 換了密鑰之後的問題"), timeout=20_000)
    assert widget.sender() != old
    assert fake_rasa.received[-1]["sender"] == "web:" + widget.sender()


def test_phone_numbers_and_e_mail_addresses_are_tappable(page, gateway_server, fake_rasa):
    fake_rasa.mode = "canned"
    fake_rasa.canned = [{"text": "溫室氣體盤查輔導窗口：范御羣\n電話：(02)2784-4188 分機 5148\nE-mail：pol78917@ftis.org.tw",
                         "buttons": [{"title": "撥打 范御羣", "payload": "tel:+886227844188,5148"},
                                     {"title": "寫信給 范御羣", "payload": "mailto:pol78917@ftis.org.tw"}]}]
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("盤查輔導找誰")
    message = widget.bot_messages.filter(has_text="范御羣").last
    expect(message.get_by_role("link", name="(02)2784-4188 分機 5148")).to_have_attribute(
        "href", "tel:+886227844188,5148")
    expect(message.get_by_role("link", name="pol78917@ftis.org.tw")).to_have_attribute(
        "href", "mailto:pol78917@ftis.org.tw")
    call = message.get_by_role("link", name=re.compile("撥打 范御羣"))
    expect(call).to_have_attribute("href", "tel:+886227844188,5148")  # a link, not a message to the bot
    expect(message.get_by_role("link", name=re.compile("寫信給 范御羣"))).to_have_attribute(
        "href", "mailto:pol78917@ftis.org.tw")


def test_a_turn_is_shown_from_the_answer_with_its_stored_ids_without_reading_the_messages(
    page, gateway_server, fake_rasa
):
    """POST /api/chat gives the stored ids of the message and its replies: the widget renders them at once and
    does not read GET …/messages again after the turn."""
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("第一個問題")
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 第一個問題"))
    reads: list[str] = []
    page.on("request", lambda request: reads.append(request.url) if "/messages" in request.url else None)
    widget.send("第二個問題")
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 第二個問題"))
    page.wait_for_timeout(500)

    assert reads == []
    stored = gateway.app.state.services.store.messages_after("web:" + widget.sender(), "web")
    shown = widget.log.locator(".tp-msg[data-id]").evaluate_all("nodes => nodes.map(n => n.dataset.id)")
    assert shown == [str(row.id) for row in stored]  # each message once, in order, with its stored id
    expect(widget.user_messages).to_have_count(2)
    expect(widget.bot_messages).to_have_count(2)
