"""The texts actions say around knowledge content, from actions/messages.yml (content is data)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")


@lru_cache(maxsize=1)
def _messages() -> dict[str, Any]:
    with MESSAGES_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def raw(key: str) -> Any:
    """A structured entry of messages.yml (e.g. a list of buttons)."""
    return _messages()[key]


def message(key: str, **values: Any) -> str:
    """The text for ``key`` with its {placeholders} filled in."""
    return _messages()[key].format(**values)
