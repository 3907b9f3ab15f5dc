"""The web widget as a test sees it: found by role and accessible name, as a screen-reader user would."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

SESSION_KEY = "tanpancha.session"
#: the viewports the tests use: a laptop (every page's default) and a phone
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


class Widget:
    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name=re.compile("^問小幫手"))

    @property
    def panel(self) -> Locator:
        return self.page.get_by_role("dialog", name="碳盤查小幫手")

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log", name="對話紀錄")

    @property
    def input(self) -> Locator:
        return self.page.get_by_role("textbox", name="輸入訊息")

    @property
    def notice(self) -> Locator:
        return self.page.get_by_role("alert")

    @property
    def bot_messages(self) -> Locator:
        """Messages from the bot or staff (not the widget's own greeting)."""
        return self.log.locator(".tp-bot:not(.tp-welcome)")

    @property
    def user_messages(self) -> Locator:
        return self.log.locator(".tp-user")

    @property
    def staff_messages(self) -> Locator:
        return self.log.locator(".tp-staff")

    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        expect(self.input).to_be_focused()

    def send(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def session(self) -> dict[str, str]:
        """The session the widget got from the gateway and keeps in localStorage: {"sender", "token"}."""
        value = self.page.evaluate(f"JSON.parse(localStorage.getItem({SESSION_KEY!r}))")
        assert value and value.get("sender") and value.get("token"), "the widget keeps no session"
        return value

    def sender(self) -> str:
        return self.session()["sender"]

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.session()['token']}"}

    def transcript(self) -> list[tuple[str, str]]:
        """What the log shows, message by message: ("user" | "bot" | "staff", its visible text)."""
        return self.log.locator(".tp-msg").evaluate_all(
            """nodes => nodes.map(n => {
                const shown = n.cloneNode(true);
                shown.querySelectorAll('.tp-sr, .tp-msg-state').forEach(hidden => hidden.remove());
                const who = n.classList.contains('tp-user') ? 'user'
                    : n.classList.contains('tp-staff') ? 'staff' : 'bot';
                return [who, shown.textContent.trim()];
            })"""
        )
