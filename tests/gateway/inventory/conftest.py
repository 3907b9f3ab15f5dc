"""Fixtures for the inventory tests: the deck's plants, and `settle`, a turn whose fake Rasa answers with their
inventory_result payload computed by calc itself (tests/fakes/inventories.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.fakes.gateway import web_of
from tests.fakes.inventories import MIXED_PLANT, TEXTILE_PLANT, inventory_result
from tests.fakes.rasa import FakeRasa


@pytest.fixture
def textile_plant() -> dict[str, Any]:
    return copy.deepcopy(TEXTILE_PLANT)


@pytest.fixture
def mixed_plant() -> dict[str, Any]:
    return copy.deepcopy(MIXED_PLANT)


@pytest.fixture
def settle(fake_rasa: FakeRasa) -> Callable[..., list[dict[str, Any]]]:
    """`settle(client, who, inventory)`: the user labelled `who` settles the inventory; Rasa answers with a
    summary text and the inventory_result (and a closing text). Returns the gateway's replies."""

    def run(client: TestClient, sender: str, inventory: dict[str, Any], message: str = "算好了") -> list[dict]:
        payload = inventory_result(inventory)
        fake_rasa.mode = "canned"
        fake_rasa.canned = [
            {"recipient_id": sender, "text": f"總排放量 {payload['result']['total_tco2e']:,.3f} 公噸CO2e"},
            {"recipient_id": sender, "custom": payload},
            {"recipient_id": sender, "text": "還需要減量建議嗎？"},
        ]
        return web_of(client).send(sender, message)

    return run
