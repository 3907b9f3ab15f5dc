"""The widget with the keyboard alone, on a phone screen, and its settings from the script tag."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.widget import PHONE, Widget

pytestmark = pytest.mark.browser


def is_focused(locator) -> bool:
    return locator.evaluate("node => node.getRootNode().activeElement === node")


def test_keyboard_tab_enter_escape(page, gateway_server, fake_rasa, screenshot):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")

    for _ in range(30):  # Tab through the page until the launcher has the focus
        page.keyboard.press("Tab")
        if is_focused(widget.launcher):
            break
    else:
        pytest.fail("Tab never reached the widget's launcher")
    screenshot("launcher-focused")

    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    expect(widget.input).to_be_focused()

    page.keyboard.type("要怎麼申請輔導")
    page.keyboard.press("Enter")
    expect(widget.bot_messages.last).to_have_text(re.compile("echo: 要怎麼申請輔導"))
    expect(widget.input).to_be_focused()  # ready for the next question
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    expect(widget.user_messages).to_have_count(1)
    screenshot("answered-by-keyboard")

    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")


def test_focus_order_inside_the_panel(page, gateway_server, fake_rasa):
    fake_rasa.canned = [{"text": "請選擇", "buttons": [{"title": "是", "payload": "/affirm"}]}]
    gateway = gateway_server(rasa_url=fake_rasa.url)
    page.goto(gateway.url + "/")
    widget = Widget(page)
    widget.open()
    widget.send("開始")
    expect(widget.bot_messages.last).to_contain_text("請選擇")
    # the turn is over only when 送出 is enabled again (a disabled button is skipped by Tab)
    expect(widget.panel.get_by_role("button", name="送出")).to_be_enabled()
    order = [widget.panel.get_by_role("button", name="關閉對話視窗"), widget.log,
             widget.log.get_by_role("button", name="是"), widget.input,
             widget.panel.get_by_role("button", name="送出")]
    order[0].focus()
    for expected in order[1:]:
        page.keyboard.press("Tab")
        expect(expected).to_be_focused()


def test_on_a_phone_the_panel_fills_the_screen(browser, gateway_server, fake_rasa, screenshot):
    fake_rasa.canned = [{"text": "112年度計畫的輔導對象是中小型製造業（實收資本額新臺幣1億元以下，或經常僱用員工數未滿200人）。",
                         "buttons": [{"title": "要怎麼申請輔導", "payload": "/faq_apply"},
                                     {"title": "我要找真人", "payload": "/request_human"}]}]
    gateway = gateway_server(rasa_url=fake_rasa.url)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-TW")
    try:
        page = context.new_page()
        page.goto(gateway.url + "/")
        widget = Widget(page)
        screenshot("phone-closed", page)
        widget.launcher.tap()
        expect(widget.panel).to_be_visible()
        widget.send("我們公司250人可以申請輔導嗎")
        expect(widget.bot_messages.last).to_contain_text("200人")
        box = widget.panel.bounding_box()
        assert box is not None
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, PHONE["width"], PHONE["height"])
        # no sideways scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for chip in widget.log.get_by_role("button").all():
            assert chip.bounding_box()["height"] >= 24  # big enough to tap
        screenshot("phone-conversation", page)
        widget.panel.get_by_role("button", name="關閉對話視窗").tap()
        expect(widget.launcher).to_be_visible()
    finally:
        context.close()


def test_title_colour_and_gateway_come_from_the_script_tag(page, gateway_server, fake_rasa, screenshot):
    gateway = gateway_server(rasa_url=fake_rasa.url)
    # a page elsewhere (here: about:blank) that embeds the widget with its own settings
    page.set_content(
        f'<main><h1>某公司網站</h1></main>'
        f'<script src="{gateway.url}/static/widget/widget.js" data-title="ＡＢＣ公司 碳盤查諮詢" '
        f'data-color="rgb(180, 30, 90)" data-gateway="{gateway.url}"></script>'
    )
    widget = Widget(page)
    widget.launcher.click()
    panel = page.get_by_role("dialog", name="ＡＢＣ公司 碳盤查諮詢")
    expect(panel).to_be_visible()
    assert widget.launcher.evaluate("n => getComputedStyle(n).backgroundColor") == "rgb(180, 30, 90)"
    screenshot("custom-title-and-colour")
