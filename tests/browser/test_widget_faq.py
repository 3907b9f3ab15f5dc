"""A whole FAQ conversation in the widget on the demo page, with the real stack (Rasa, actions, gateway)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.widget import Widget

pytestmark = [pytest.mark.browser, pytest.mark.rasa]

RASA_TURN_MS = 30_000  # the first turn of a fresh Rasa server can take a while


def test_faq_conversation_with_a_quick_reply_survives_a_reload(page, stack, screenshot):
    page.goto(stack.gateway_url + "/")
    widget = Widget(page)
    screenshot("demo-page")
    widget.open()
    screenshot("widget-open")

    widget.send("我們公司250人可以申請輔導嗎")
    answer = widget.bot_messages.filter(has_text=re.compile("1億|一億")).last
    expect(answer).to_contain_text(re.compile(r"200 ?人"), timeout=RASA_TURN_MS)
    expect(answer).to_contain_text("資料來源")
    expect(widget.user_messages).to_have_count(1)
    screenshot("sme-answer")

    quick_replies = answer.get_by_role("button")
    expect(quick_replies.first).to_be_visible()
    faq_titles = [t for t in quick_replies.all_inner_texts() if "真人" not in t and "專人" not in t]
    assert faq_titles, "the answer offers no related question"
    replies_before = widget.bot_messages.count()
    quick_replies.filter(has_text=faq_titles[0]).first.click()
    expect(widget.user_messages.last).to_contain_text(faq_titles[0])  # the title, not the payload
    expect(widget.bot_messages.nth(replies_before)).to_be_visible(timeout=RASA_TURN_MS)
    expect(widget.bot_messages.last).to_contain_text("資料來源")  # the answer: a phone-sized bubble or two
    replies_after = widget.bot_messages.count()
    assert replies_after > replies_before
    screenshot("quick-reply-answer")

    shown = widget.transcript()
    page.reload()
    expect(widget.panel).to_be_visible()
    expect(widget.bot_messages).to_have_count(replies_after)
    assert widget.transcript() == shown  # the same conversation, nothing lost, nothing twice
    screenshot("after-reload")
