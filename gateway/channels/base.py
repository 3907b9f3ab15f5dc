"""What every channel offers the rest of the gateway: delivering messages that were not an immediate reply.

Staff replies, and answers that arrive late, reach a user through `OutboundChannel.push`. Channels are
registered by name in `Services.channels` (a `ChannelRegistry`, gateway.composition).
"""

from __future__ import annotations

from typing import Any, Protocol


class OutboundChannel(Protocol):
    name: str

    async def push(self, sender: str, messages: list[dict[str, Any]]) -> None:
        """Deliver bot/staff messages (Rasa REST shape) to ``sender`` outside a reply. Raise on failure."""


class WebChannel:
    """The web widget reads stored messages (live stream or polling): storing them is delivering them."""

    name = "web"

    async def push(self, sender: str, messages: list[dict[str, Any]]) -> None:
        return None


class ChannelRegistry:
    def __init__(self) -> None:
        self._channels: dict[str, OutboundChannel] = {}

    def register(self, channel: OutboundChannel) -> None:
        self._channels[channel.name] = channel

    def get(self, name: str) -> OutboundChannel:
        try:
            return self._channels[name]
        except KeyError:
            raise LookupError(f"no channel named {name!r}") from None

    def names(self) -> list[str]:
        return sorted(self._channels)
