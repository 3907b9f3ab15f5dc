"""Async client for the Rasa server's REST channel and the health of Rasa and the action server."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import httpx

log = logging.getLogger(__name__)

REST_WEBHOOK_PATH = "/webhooks/rest/webhook"
HEALTH_TIMEOUT_SECONDS = 5.0
_VERSION = re.compile(r"Hello from Rasa:\s*(\S+)")


class RasaUnavailable(Exception):
    """Rasa could not be reached, timed out, failed (5xx) or answered something that is not a message list."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RasaClient:
    """One per app: wraps a single :class:`httpx.AsyncClient`; close it with :meth:`aclose`."""

    def __init__(
        self,
        rasa_url: str,
        action_server_url: str,
        timeout_seconds: float = 10.0,
        *,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.action_server_url = action_server_url.rstrip("/")
        self.timeout_seconds = timeout_seconds
        self._health_timeout = min(timeout_seconds, HEALTH_TIMEOUT_SECONDS)
        self._http = http_client or httpx.AsyncClient(timeout=httpx.Timeout(timeout_seconds))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Post one user message to the REST channel; return Rasa's bot messages (possibly none)."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        try:
            response = await self._http.post(self.rasa_url + REST_WEBHOOK_PATH, json=body)
        except httpx.TimeoutException as exc:
            raise RasaUnavailable(f"timeout after {self.timeout_seconds}s") from exc
        except httpx.HTTPError as exc:  # connect errors, protocol errors, …
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code} from Rasa")
        try:
            messages = response.json()
        except ValueError as exc:
            raise RasaUnavailable("Rasa answered non-JSON") from exc
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            raise RasaUnavailable("Rasa answered something other than a list of messages")
        return messages

    async def status(self) -> dict[str, Any]:
        """``{"rasa": {...}, "action_server": {...}}``, each with ``ok`` (bool) and ``url``; never raises."""
        rasa, actions = await asyncio.gather(self._rasa_status(), self._action_server_status())
        return {"rasa": rasa, "action_server": actions}

    async def _rasa_status(self) -> dict[str, Any]:
        state: dict[str, Any] = {"ok": False, "url": self.rasa_url}
        try:
            response = await self._http.get(self.rasa_url + "/", timeout=self._health_timeout)
        except httpx.HTTPError as exc:
            state["detail"] = _describe(exc)
            return state
        match = _VERSION.search(response.text)
        if response.status_code == 200 and match:
            state.update(ok=True, version=match.group(1))
        else:
            state["detail"] = f"HTTP {response.status_code}"
        return state

    async def _action_server_status(self) -> dict[str, Any]:
        state: dict[str, Any] = {"ok": False, "url": self.action_server_url}
        try:
            response = await self._http.get(self.action_server_url + "/health", timeout=self._health_timeout)
        except httpx.HTTPError as exc:
            state["detail"] = _describe(exc)
            return state
        if response.status_code == 200:
            state["ok"] = True
        else:
            state["detail"] = f"HTTP {response.status_code}"
        return state


def _describe(exc: httpx.HTTPError) -> str:
    return "timeout" if isinstance(exc, httpx.TimeoutException) else f"unreachable ({type(exc).__name__})"
