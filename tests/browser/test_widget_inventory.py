"""A short inventory in the widget against the real stack: a year, a per-month amount read back with its
arithmetic, the read-back, the result with its chart (alt text, opens full size) and Excel file."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.widget import Widget

pytestmark = [pytest.mark.browser, pytest.mark.rasa]

RASA_TURN_MS = 30_000


def test_short_inventory_ends_with_a_total_a_chart_and_an_excel_file(page, stack, screenshot):
    page.goto(stack.gateway_url + "/")
    widget = Widget(page)
    widget.open()

    steps = ["我想做碳盤查", "盤查年度是110年", "略過", "用電每個月大概3萬5千度", "結算", "確認結算"]
    for n, text in enumerate(steps, start=1):
        replies_before = widget.bot_messages.count()
        widget.send(text)
        expect(widget.bot_messages).not_to_have_count(replies_before, timeout=RASA_TURN_MS)
        expect(widget.panel.get_by_role("button", name="送出")).to_be_enabled(timeout=RASA_TURN_MS)  # turn over
        screenshot(f"step{n}")

    expect(widget.log).to_contain_text("每月 35,000 度 × 12 個月 = 420,000 度")
    expect(widget.log).to_contain_text(re.compile(r"總排放量：[\d,.]+ 公噸CO2e"), timeout=RASA_TURN_MS)
    expect(widget.log).not_to_contain_text("/api/")  # the workbook is a link, not an address in the text
    chart = widget.log.get_by_role("img")
    expect(chart.first).to_be_visible()
    assert chart.first.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart did not load"
    assert "總排放量" in chart.first.get_attribute("alt")
    assert chart.first.evaluate("img => img.closest('a') && img.closest('a').href.endsWith('chart.png')")
    excel = widget.log.locator('a[href*=".xlsx"]')
    expect(excel.first).to_be_visible()
    screenshot("result")
