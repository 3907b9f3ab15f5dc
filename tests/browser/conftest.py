"""Shared fixtures for browser tests (the web widget now; the staff console can reuse them).

- `browser`: Debian's chromium driven by Playwright (never a downloaded browser), one per session. Missing
  chromium fails the tests (`make install` installs it) unless TEST_ALLOW_NO_BROWSER=1, which skips them.
- `context` / `page`: a fresh browser profile per test (empty localStorage), zh-TW locale, Asia/Taipei time.
  `page` fails the test at teardown if the page raised an uncaught JavaScript error.
- `screenshot(name)`: saves the page to test-output/browser/<test name>/<nn>-<name>.png.
- `gateway_server(**settings)`: the real gateway (`create_app(Settings(...))`, lifespan on) served by uvicorn
  in a thread on a free port; defaults: SQLite in the test's tmp_path, Rasa and the action server at a dead
  port.
  Returns a `ServedGateway` (url, app, store, stop()).
- `fake_rasa` is the fakes' (tests/fakes/rasa.py): echoes, returns `canned` replies, or fails (`down`); it
  also serves a small PNG chart at `fake_rasa.chart_url` for image messages.

Usage:
    @pytest.mark.browser
    def test_something(page, gateway_server, fake_rasa, screenshot):
        gateway = gateway_server(rasa_url=fake_rasa.url)
        page.goto(gateway.url + "/")
        screenshot("start")
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from gateway.app import create_app
from gateway.routes.live import STOPPING_STATE
from gateway.settings import PROJECT_ROOT, Settings
from gateway.store import ConversationStore
from tests.browser.widget import DESKTOP
from tests.fakes.server import ThreadServer, dead_url

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = PROJECT_ROOT / "test-output" / "browser"
#: Playwright's wait for a single expectation, in ms (a whole Rasa turn takes a few seconds).
DEFAULT_TIMEOUT_MS = 15_000


# -- the browser ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = (f"chromium not found at {CHROMIUM}: run `make install` "
                  "(or `bash scripts/system_deps.sh chromium fonts-noto-cjk`)")
        if os.environ.get("TEST_ALLOW_NO_BROWSER") == "1":
            pytest.skip(reason)
        pytest.fail(reason + "; set TEST_ALLOW_NO_BROWSER=1 to skip the browser tests")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei", viewport=DESKTOP)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"uncaught JavaScript errors: {errors}"


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[..., Path]:
    """`screenshot("answer")` → test-output/browser/<test>/<nn>-answer.png (numbered in the order taken)."""
    folder = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    taken = [0]

    def take(name: str, target: Page | None = None, *, full_page: bool = False) -> Path:
        taken[0] += 1
        path = folder / f"{taken[0]:02d}-{name}.png"
        (target or page).screenshot(path=str(path), full_page=full_page)
        return path

    return take


# -- serving apps in-process ---------------------------------------------------------------------------------


@dataclass
class ServedGateway:
    url: str
    app: Any
    settings: Settings
    server: ThreadServer

    @property
    def store(self) -> ConversationStore:
        """The gateway's own conversation store (e.g. to insert a staff message)."""
        return self.app.state.services.store

    def stop(self) -> None:
        """End open live streams (they would hold uvicorn's shutdown), then stop the server."""
        getattr(self.app.state, STOPPING_STATE).set()
        self.server.stop()


@pytest.fixture
def gateway_server(tmp_path: Path) -> Iterator[Callable[..., ServedGateway]]:
    """`gateway_server(**settings)` → a running gateway; stopped at the end of the test."""
    served: list[ServedGateway] = []

    def serve(**overrides: Any) -> ServedGateway:
        nowhere = dead_url()
        values: dict[str, Any] = {
            "database_url": f"sqlite:///{tmp_path / f'gateway{len(served)}.db'}",
            "rasa_url": nowhere,
            "action_server_url": nowhere,
            "rasa_timeout_seconds": 3.0,
        }
        values.update(overrides)
        settings = Settings(_env_file=None, **values)
        app = create_app(settings)
        setattr(app.state, STOPPING_STATE, threading.Event())
        server = ThreadServer(app, lifespan="on", grace_seconds=3, join_seconds=10)
        gateway = ServedGateway(url="", app=app, settings=settings, server=server)
        gateway.url = gateway.server.url
        served.append(gateway)
        return gateway

    yield serve
    for gateway in served:
        if gateway.server.running:
            gateway.stop()
