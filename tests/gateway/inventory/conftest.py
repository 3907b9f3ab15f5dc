"""Fixtures for the inventory tests: inventory_result payloads computed by calc itself, and a gateway whose fake
Rasa answers with them. The fake Rasa and the database fixtures are the gateway tests' (tests/gateway/conftest.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from calc import compute_json
from tests.gateway.conftest import (  # noqa: F401 (fixtures re-exported for the inventory tests)
    FakeRasa,
    _fake_rasa_server,
    db_url,
    fake_rasa,
    make_client,
    postgres_url,
    web_of,
)

# The deck's textile plant, 110年 (2021): the deck reports ≈27,240 公噸CO2e/年. Company and site as a user gives them.
TEXTILE_PLANT: dict[str, Any] = {
    "year": 2021,
    "company": "示範紡織股份有限公司",
    "site": "彰化縣和美鎮彰美路一段1號",
    "activities": [
        {"source": "燃料煤", "amount": "8,537", "unit": "公噸"},
        {"source": "重油", "amount": "221", "unit": "公秉"},
        {"source": "天然氣", "amount": "74.4", "unit": "千立方公尺"},
        {"source": "外購電力", "amount": "11,295.6", "unit": "千度"},
    ],
}

# Every kind of line the workbook must show: refrigerant (HFCs), septic tank (CH4 only), mass balance,
# a supplier's steam factor, mobile combustion, equipment names.
MIXED_PLANT: dict[str, Any] = {
    "year": 2023,
    "company": "示範塗裝有限公司",
    "activities": [
        {"source": "天然氣", "amount": "54,835,200", "unit": "立方公尺", "equipment": "塗裝作業乾燥設備"},
        {"source": "柴油", "amount": "56", "unit": "公升", "usage": "stationary", "equipment": "緊急發電機"},
        {"source": "汽油", "amount": "1,850", "unit": "公升", "usage": "mobile", "equipment": "公務車"},
        {"source": "化糞池", "amount": "25,660", "unit": "小時"},
        {"source": "焊接用二氧化碳", "amount": "120", "unit": "公斤"},
        {"source": "冷媒", "refrigerant": "R-410A", "amount": "10", "unit": "公斤", "equipment": "冰水主機"},
        {"source": "外購蒸汽", "amount": "120", "unit": "公噸", "factor": "0.25"},
        {"source": "外購電力", "amount": "8,967,500", "unit": "度"},
    ],
}


def inventory_result(inventory: dict[str, Any]) -> dict[str, Any]:
    """The `custom` payload the inventory action sends: calc's input and calc's own result."""
    return {"type": "inventory_result", "inventory": copy.deepcopy(inventory), "result": compute_json(inventory)}


@pytest.fixture
def textile_plant() -> dict[str, Any]:
    return copy.deepcopy(TEXTILE_PLANT)


@pytest.fixture
def mixed_plant() -> dict[str, Any]:
    return copy.deepcopy(MIXED_PLANT)


@pytest.fixture
def settle(fake_rasa: FakeRasa) -> Callable[..., list[dict[str, Any]]]:  # noqa: F811 (re-exported fixture)
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
