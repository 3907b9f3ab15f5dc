"""Async client for the Rasa servers' REST channel and the health of Rasa and the action server.

Several Rasa servers may share one tracker store and one lock store (Rasa's own scaling model). The open-source
Redis lock store has a race when two servers take the same conversation at the same moment, so every sender is
routed to a fixed server by consistent hashing (`uhashring`, ketama-compatible): adding or removing a server
moves only that server's share of senders. A server that refuses the connection is marked down for
`DOWN_SECONDS` and its senders go to the next server on the ring; nothing is re-sent after a timeout or an
error answer, since the first server may have processed the message.

HTTP is aiohttp (measured: about half the CPU of httpx per call, which matters on the hot path of every turn).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
from uhashring import HashRing

log = logging.getLogger(__name__)

REST_WEBHOOK_PATH = "/webhooks/rest/webhook"
HEALTH_TIMEOUT_SECONDS = 5.0
#: How long a server that refused a connection is skipped before it is tried again.
DOWN_SECONDS = 5.0
#: Turns one gateway process has in flight at one Rasa server; the others wait here, first come first served.
#: A Rasa server interleaves every request it accepts, so under a burst all of them slow down together and some
#: pass the turn's time budget; queued here, each waits its turn and the server works at full speed.
MAX_IN_FLIGHT = 4
#: The conversation id of the turns that warm freshly loaded models (see `RasaClient.warm_up`).
WARM_UP_SENDER = "__warmup__"
_VERSION = re.compile(r"Hello from Rasa:\s*(\S+)")


class RasaUnavailable(Exception):
    """No Rasa server could be reached, or one timed out, failed (5xx) or answered something that is not a
    message list."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_rasa_urls(value: str | Iterable[str]) -> list[str]:
    """``"http://a:5005, http://b:5005/"`` (or a list) → the distinct server URLs, without trailing slashes."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    urls: list[str] = []
    for part in parts:
        url = part.strip().rstrip("/")
        if url and url not in urls:
            urls.append(url)
    if not urls:
        raise ValueError("no Rasa server URL given")
    return urls


@dataclass
class _Server:
    slots: asyncio.Semaphore
    down_until: float = 0.0

    def is_up(self, now: float) -> bool:
        return now >= self.down_until


class RasaClient:
    """One per app: routes senders over the Rasa servers; holds one aiohttp session (`aclose` it)."""

    def __init__(
        self,
        rasa_urls: str | Sequence[str],
        action_server_url: str,
        timeout_seconds: float = 10.0,
        *,
        down_seconds: float = DOWN_SECONDS,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self._servers = {url: _Server(asyncio.Semaphore(max_in_flight)) for url in parse_rasa_urls(rasa_urls)}
        self._ring = HashRing(nodes=list(self._servers))
        self.action_server_url = action_server_url.rstrip("/")
        self.timeout_seconds = timeout_seconds
        self.down_seconds = down_seconds
        self._health_timeout = aiohttp.ClientTimeout(total=min(timeout_seconds, HEALTH_TIMEOUT_SECONDS))
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    def set_request_timeout(self, seconds: float) -> None:
        """The longest one request to Rasa may take (before the first request is made)."""
        self._timeout = aiohttp.ClientTimeout(total=seconds)

    @property
    def _http(self) -> aiohttp.ClientSession:
        """One session (connection pool) per client, made on first use inside the running event loop."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, connector=aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
            )
        return self._session

    @property
    def rasa_urls(self) -> list[str]:
        return list(self._servers)

    @property
    def rasa_url(self) -> str:
        """The first server (the only one in a single-server set-up)."""
        return next(iter(self._servers))

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()

    def home_server(self, sender: str) -> str:
        """The server `sender` belongs to while every server is up."""
        return self._ring.get_node(sender)

    def route(self, sender: str) -> list[str]:
        """The servers to try for `sender`, in order: its home server, then the next ones on the ring; servers
        marked down go last (when all are down, they are tried anyway rather than refusing outright)."""
        ordered = [node["nodename"] for node in self._ring.range(sender, unique=True)]
        now = time.monotonic()
        up = [url for url in ordered if self._servers[url].is_up(now)]
        return up + [url for url in ordered if url not in up]

    def mark_down(self, url: str) -> None:
        server = self._servers[url]
        if server.is_up(time.monotonic()):
            log.warning("Rasa server %s refused the connection; its senders go to the next server", url)
        server.down_until = time.monotonic() + self.down_seconds

    def _mark_up(self, url: str) -> None:
        server = self._servers[url]
        if server.down_until:
            log.info("Rasa server %s answers again", url)
            server.down_until = 0.0

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Post one user message to the sender's Rasa server; return its bot messages (possibly none).

        Only a refused connection (the message never reached that server) moves on to the next server."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        refused: list[str] = []
        for url in self.route(sender):
            try:
                async with self._servers[url].slots, self._http.post(url + REST_WEBHOOK_PATH, json=body) as response:
                    messages = await _messages(url, response)
            except aiohttp.ClientConnectorError:  # refused: the message never reached this server
                self.mark_down(url)
                refused.append(url)
                continue
            except asyncio.TimeoutError as exc:
                raise RasaUnavailable(f"{url}: timeout after {self.timeout_seconds}s") from exc
            except aiohttp.ClientError as exc:  # the request may have reached Rasa: do not send it twice
                raise RasaUnavailable(f"{url}: {type(exc).__name__}: {exc}") from exc
            self._mark_up(url)
            return messages
        raise RasaUnavailable(f"no Rasa server accepted the connection ({', '.join(refused)})")

    async def warm_up(self, text: str) -> dict[str, float | None]:
        """Send `text` as one turn to every server so each loads what it loads lazily (the first turn after
        start otherwise takes several times longer). Returns each server's seconds, or None if it did not
        answer."""

        async def one(url: str) -> float | None:
            started = time.perf_counter()
            body = {"sender": WARM_UP_SENDER, "message": text, "metadata": {"warm_up": True}}
            try:
                async with self._http.post(url + REST_WEBHOOK_PATH, json=body) as response:
                    await _messages(url, response)
            except (aiohttp.ClientError, asyncio.TimeoutError, RasaUnavailable) as exc:
                log.warning("warm-up of Rasa server %s failed: %s", url, exc)
                return None
            return time.perf_counter() - started

        timings = await asyncio.gather(*(one(url) for url in self._servers))
        return dict(zip(self._servers, timings, strict=True))

    async def status(self) -> dict[str, Any]:
        """``{"rasa": {...}, "action_server": {...}}``, each with ``ok`` (bool); never raises.

        ``rasa.ok`` is true while at least one server answers (the others' senders are re-routed);
        ``rasa.servers`` has each server's own state."""
        servers, actions = await asyncio.gather(
            asyncio.gather(*(self._rasa_status(url) for url in self._servers)), self._action_server_status()
        )
        rasa: dict[str, Any] = {
            "ok": any(server["ok"] for server in servers),
            "servers": list(servers),
            "url": self.rasa_url,
        }
        version = next((server["version"] for server in servers if server.get("version")), None)
        if version:
            rasa["version"] = version
        failing = [server for server in servers if not server["ok"]]
        if failing:
            rasa["detail"] = "; ".join(
                server["detail"] if len(servers) == 1 else f"{server['url']}: {server['detail']}" for server in failing
            )
        return {"rasa": rasa, "action_server": actions}

    async def _rasa_status(self, url: str) -> dict[str, Any]:
        state: dict[str, Any] = {"ok": False, "url": url}
        try:
            async with self._http.get(url + "/", timeout=self._health_timeout) as response:
                status, page = response.status, await response.text(errors="replace")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            state["detail"] = _describe(exc)
            return state
        match = _VERSION.search(page)
        if status == 200 and match:
            state.update(ok=True, version=match.group(1))
        else:
            state["detail"] = f"HTTP {status}"
        return state

    async def _action_server_status(self) -> dict[str, Any]:
        state: dict[str, Any] = {"ok": False, "url": self.action_server_url}
        try:
            async with self._http.get(self.action_server_url + "/health", timeout=self._health_timeout) as response:
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            state["detail"] = _describe(exc)
            return state
        if status == 200:
            state["ok"] = True
        else:
            state["detail"] = f"HTTP {status}"
        return state


async def _messages(url: str, response: aiohttp.ClientResponse) -> list[dict[str, Any]]:
    if response.status != 200:
        raise RasaUnavailable(f"{url}: HTTP {response.status} from Rasa")
    try:
        messages = await response.json(content_type=None)
    except ValueError as exc:
        raise RasaUnavailable(f"{url}: Rasa answered non-JSON") from exc
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise RasaUnavailable(f"{url}: Rasa answered something other than a list of messages")
    return messages


def _describe(exc: BaseException) -> str:
    return "timeout" if isinstance(exc, asyncio.TimeoutError) else f"unreachable ({type(exc).__name__})"
