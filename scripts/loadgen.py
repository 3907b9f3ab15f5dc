"""Closed-loop load: N simulated users, each sending its next message as soon as the last one is answered.

Used by `make bench` (scripts/bench.py). A user follows a script (FAQ questions, or the steps of an inventory)
and starts a new conversation when the script ends (through the gateway: a new session from POST
/api/chat/session, as the widget gets one; straight to Rasa: a new sender id), so trackers stay the size real ones
have.
A turn counts as an error if the HTTP status is not 200, the answer is not a message list, it is empty, or it is
the gateway's "Rasa unavailable" reply.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp

from scripts.chat_client import open_session

#: FAQ turns: questions users ask, as typed (one per turn; a new conversation after the list).
FAQ_SCRIPT: tuple[str, ...] = (
    "我們公司250人可以申請輔導嗎",
    "查證機構有哪些",
    "要怎麼申請輔導",
    "哪裡可以查到輔導資訊",
    "碳費怎麼算",
    "CBAM是什麼",
    "盤查要準備哪些資料",
    "排放量怎麼計算",
)

#: Inventory turns: the deck's textile plant, one activity per turn, the read-back, then the result.
INVENTORY_SCRIPT: tuple[str, ...] = (
    "我想做碳盤查",
    "盤查年度是110年",
    "燃料煤用了8,537公噸",
    "重油221公秉",
    "天然氣一年74.4千立方公尺",
    "外購電力一年11,295.6千度",
    "目前填了哪些",
    "結算",
    "確認結算",
)

SCRIPTS = {"faq": FAQ_SCRIPT, "inventory": INVENTORY_SCRIPT}

GATEWAY_PATH = "/api/chat"
RASA_PATH = "/webhooks/rest/webhook"


@dataclass
class LoadResult:
    """Latencies (ms) of the turns that succeeded, and counts."""

    users: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def turns(self) -> int:
        return len(self.latencies_ms)

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile (q in 0..100) of the successful turns' latency."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
        return ordered[rank - 1]

    def summary(self) -> dict[str, float | int]:
        return {
            "users": self.users,
            "seconds": round(self.seconds, 1),
            "turns": self.turns,
            "errors": self.errors,
            "turns_per_s": round(self.turns_per_second, 1),
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
        }


def _error(status: int, payload: object) -> str | None:
    if status != 200:
        return f"HTTP {status}"
    if isinstance(payload, dict) and "replies" in payload:  # the gateway: {message_id, replies, reply_ids}
        payload = payload["replies"]
    if not isinstance(payload, list) or not payload:
        return f"no messages: {str(payload)[:80]}"
    for message in payload:
        custom = message.get("custom") if isinstance(message, dict) else None
        if isinstance(custom, dict) and custom.get("error"):
            return f"error reply: {custom['error']}"
    return None


async def _conversation(session: aiohttp.ClientSession, url: str, tag: str) -> tuple[str, dict[str, str]]:
    """A new conversation: its sender and the headers of its turns (a gateway session, or a Rasa sender id)."""
    if url.endswith(GATEWAY_PATH):
        issued = await open_session(session, url[: -len(GATEWAY_PATH)])
        return issued.sender, issued.headers
    return f"bench-{tag}-{uuid.uuid4().hex[:12]}", {}


async def _user(
    session: aiohttp.ClientSession,
    url: str,
    script: Sequence[str],
    deadline: float,
    result: LoadResult,
    tag: str,
) -> None:
    while time.monotonic() < deadline:
        try:
            sender, headers = await _conversation(session, url, tag)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            result.errors += 1
            if len(result.error_samples) < 5:
                result.error_samples.append(f"session: {type(exc).__name__}: {exc}")
            continue
        for text in script:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}, headers=headers) as response:
                    payload = await response.json(content_type=None)
                    problem = _error(response.status, payload)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            elapsed_ms = (time.perf_counter() - started) * 1000
            if problem is None:
                result.latencies_ms.append(elapsed_ms)
            else:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(problem)


async def run_load(
    base_url: str, kind: str, users: int, seconds: float, *, rasa_direct: bool = False, warm_turns: int = 0
) -> LoadResult:
    """`users` concurrent users of script `kind` for `seconds` against the gateway (or a Rasa server)."""
    url = base_url.rstrip("/") + (RASA_PATH if rasa_direct else GATEWAY_PATH)
    script = SCRIPTS[kind]
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        if warm_turns:  # open connections and touch every code path before timing
            await run_script_once(session, url, script[:warm_turns])
        result = LoadResult(users=users, seconds=seconds)
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(_user(session, url, script, deadline, result, f"{kind}{i}") for i in range(users)))
        result.seconds = time.monotonic() - started
        return result


async def run_script_once(session: aiohttp.ClientSession, url: str, script: Sequence[str]) -> None:
    sender, headers = await _conversation(session, url, "warm")
    for text in script:
        async with session.post(url, json={"sender": sender, "message": text}, headers=headers) as response:
            await response.read()


async def first_turn_ms(base_url: str, text: str = FAQ_SCRIPT[0]) -> float:
    """The latency of one FAQ turn through the gateway on a fresh connection."""
    async with aiohttp.ClientSession() as session:
        issued = await open_session(session, base_url)
        started = time.perf_counter()
        async with session.post(
            base_url.rstrip("/") + GATEWAY_PATH, json={"sender": issued.sender, "message": text},
            headers=issued.headers,
        ) as response:
            await response.read()
            response.raise_for_status()
        return (time.perf_counter() - started) * 1000
