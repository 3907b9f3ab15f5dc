"""Trackers for the action unit tests, as Rasa sends them to the action server: the JSON of
tests/actions/fixtures/ (the way RasaHQ/financial-demo keeps its tracker fixtures), read with rasa_sdk's
``Tracker.from_dict``; ``saying`` replaces the message the action is asked about.

The fixtures are recorded conversations (README there): their slots hold what an earlier version stored, so a
change of the inventory's state format that can no longer read them fails these tests.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker

FIXTURES = Path(__file__).with_name("fixtures")


@lru_cache(maxsize=None)
def _read(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def tracker_json(name: str) -> dict[str, Any]:
    """The fixture ``name`` (tests/actions/fixtures/<name>.json) as a dict, a copy the test may change."""
    return copy.deepcopy(_read(name))


def load(name: str, *, slots: dict[str, Any] | None = None) -> Tracker:
    """The tracker of fixture ``name``; ``slots`` set on top of its own."""
    state = tracker_json(name)
    state["slots"].update(slots or {})
    return Tracker.from_dict(state)


def saying(name: str, text: str, intent: str, confidence: float = 0.9, *,
           entities: list[dict[str, Any]] | None = None, slots: dict[str, Any] | None = None) -> Tracker:
    """The conversation of fixture ``name``, its latest user message replaced by ``text`` (``intent``)."""
    state = tracker_json(name)
    state["slots"].update(slots or {})
    parse = {"intent": {"name": intent, "confidence": confidence}, "entities": entities or [], "text": text,
             "message_id": "latest", "metadata": {}, "intent_ranking": [{"name": intent, "confidence": confidence}]}
    last_user = max(i for i, event in enumerate(state["events"]) if event["event"] == "user")
    state["events"][last_user] = {**state["events"][last_user], "text": text, "parse_data": parse}
    state["latest_message"] = parse
    return Tracker.from_dict(state)
