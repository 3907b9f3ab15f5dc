"""The staff console at /staff in chromium: login, the queue, a conversation with a reply that reaches the web
user, the assist panel (search and calculator), the FAQ editor, the dashboard. Screenshots under
test-output/browser/."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from scripts.chat_client import ChatClient

pytestmark = pytest.mark.browser

PASSWORD = "console-password"


def _handoff(fake_rasa, gateway, sender: str) -> None:
    web = _web(gateway)
    fake_rasa.canned = [
        {"text": "好的，為您轉介專人。\n抵換專案輔導窗口：楊智傑 研究員"},
        {"custom": {"type": "handoff", "topic": "offset", "contact_id": "ftis_offset", "reason": "user_request"}},
    ]
    web.send(sender, "碳權的問題想找專人")
    fake_rasa.canned = [{"text": "抱歉，我不太確定您的意思"}, {"custom": {"type": "fallback", "intent": "nlu_fallback"}}]
    web.send("web-other", "鍋爐蒸汽的係數")
    fake_rasa.canned = None


def _web(gateway) -> ChatClient:
    """The web users of this gateway (one session per label), as the widget would talk."""
    if not hasattr(gateway, "web"):
        gateway.web = ChatClient(gateway.url, timeout=10)
    return gateway.web


def _login(page: Page, url: str, username: str) -> None:
    page.goto(url + "/staff")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()


@pytest.fixture
def console_gateway(gateway_server, fake_rasa):
    gateway = gateway_server(rasa_url=fake_rasa.url, action_server_url=fake_rasa.url,
                             staff_bootstrap_user="boss", staff_bootstrap_password=PASSWORD)
    gateway.app.state.services.staff_accounts.create_user("amy", PASSWORD, "staff", "王小美")
    return gateway


def test_login_queue_conversation_and_reply(page, console_gateway, fake_rasa, screenshot):
    gateway = console_gateway
    _handoff(fake_rasa, gateway, "web-browser-1")

    page.goto(gateway.url + "/staff")
    expect(page.get_by_role("heading", name="登入")).to_be_visible()
    screenshot("login")
    page.get_by_label("帳號").fill("amy")
    page.get_by_label("密碼").fill("wrong-password")
    page.get_by_role("button", name="登入").click()
    expect(page.get_by_role("alert")).to_have_text("帳號或密碼不正確")

    _login(page, gateway.url, "amy")
    expect(page.get_by_role("heading", name="轉介佇列")).to_be_visible()
    row = page.locator("#queue-body tr").first
    expect(row).to_contain_text("抵換專案輔導")
    expect(row).to_contain_text("待接手")
    expect(row).to_contain_text("碳權的問題想找專人")
    screenshot("queue")

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("轉介單 #1"))).to_be_visible()
    expect(page.locator("#ticket-facts")).to_contain_text("楊智傑")
    expect(page.locator("#ticket-log")).to_contain_text("碳權的問題想找專人")
    page.get_by_role("button", name="接手").click()
    expect(page.get_by_role("heading", name=re.compile("處理中"))).to_be_visible()
    page.get_by_label("回覆使用者").fill("您好，我是王小美，請問您的抵換專案進行到哪個階段？")
    page.get_by_role("button", name="送出回覆").click()
    expect(page.locator("#ticket-log .msg-staff")).to_contain_text("請問您的抵換專案")

    # the web user sees it in the widget's message list, and writes back: it shows in the console
    stored = _web(gateway).messages("web-browser-1")
    assert stored[-1]["text"] == "您好，我是王小美，請問您的抵換專案進行到哪個階段？"
    assert stored[-1]["custom"] == {"from": "staff", "name": "王小美"}
    _web(gateway).send("web-browser-1", "正在寫專案計畫書")
    expect(page.locator("#ticket-log .msg-user").last).to_contain_text("正在寫專案計畫書", timeout=10_000)
    page.get_by_label("新增備註").fill("已請對方寄計畫書草稿")
    page.get_by_role("button", name="加入備註").click()
    expect(page.locator("#ticket-notes")).to_contain_text("已請對方寄計畫書草稿")
    screenshot("conversation", full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("結案")).click()
    expect(page.get_by_role("heading", name=re.compile("已結案"))).to_be_visible()
    assert "小幫手繼續為您服務" in _web(gateway).messages("web-browser-1")[-1]["text"]


def test_assist_panel_fallbacks_faq_and_dashboard(page, console_gateway, fake_rasa, screenshot):
    gateway = console_gateway
    _handoff(fake_rasa, gateway, "web-browser-2")
    _login(page, gateway.url, "boss")
    expect(page.get_by_role("heading", name="轉介佇列")).to_be_visible()

    page.get_by_role("link", name="電話協助").click()
    page.get_by_label("問題或關鍵字").fill("員工兩百人可以申請輔導嗎")
    page.get_by_role("button", name="查詢").click()
    expect(page.locator("#search-results .card").first).to_contain_text("200")
    expect(page.get_by_role("button", name="複製答案").first).to_be_visible()
    page.get_by_label("數量").first.fill("50000")
    page.get_by_label("數量").nth(1).fill("1000")
    page.get_by_role("button", name="計算").click()
    expect(page.locator("#calc-result")).to_contain_text("總排放量")
    expect(page.locator("#calc-result")).to_contain_text("公噸CO2e")
    screenshot("assist", full_page=True)

    page.get_by_role("link", name="未能回答的問題").click()
    expect(page.locator("#fallbacks-body")).to_contain_text("鍋爐蒸汽的係數")

    page.get_by_role("link", name="常見問答").click()
    expect(page.get_by_label("答案")).not_to_have_value("")
    expect(page.get_by_role("button", name=re.compile("儲存"))).to_be_enabled()
    screenshot("faq")

    page.get_by_role("link", name="儀表板").click()
    expect(page.locator("#dashboard-kpis")).to_contain_text("轉介專人")
    expect(page.locator("#chart-conversations svg rect").first).to_be_visible()
    expect(page.locator("#chart-handoffs")).to_contain_text("抵換專案輔導")
    screenshot("dashboard", full_page=True)


def test_staff_cannot_edit_faq_and_logout_returns_to_login(page, console_gateway, screenshot):
    _login(page, console_gateway.url, "amy")
    expect(page.get_by_role("heading", name="轉介佇列")).to_be_visible()
    page.get_by_role("link", name="常見問答").click()
    expect(page.get_by_text("只有管理員可以修改答案")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("儲存"))).to_be_disabled()
    page.get_by_role("button", name="登出").click()
    expect(page.get_by_role("heading", name="登入")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="登入")).to_be_visible()  # the token is gone
