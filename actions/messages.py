"""The texts actions say around knowledge content, from actions/messages.yml (content is data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textdata import Catalogue, load_catalogue

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


def _messages() -> Catalogue:
    return load_catalogue(MESSAGES_FILE)


def raw(key: str) -> Any:
    """A structured entry of messages.yml (e.g. a list of buttons)."""
    return _messages().node(key)


def message(key: str, **values: Any) -> str:
    """The text for ``key`` with its {placeholders} filled in."""
    return _messages().text(key, **values)
