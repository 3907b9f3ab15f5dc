"""Helpers for the whole-stack tests (the `stack` and `chat` fixtures live in tests/conftest.py)."""

from __future__ import annotations


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]
