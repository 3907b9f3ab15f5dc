"""Inventories as a user gives them (the programme deck's plants) and the `inventory_result` payload the
inventory action sends for one: what the fake Rasa answers when an inventory is settled."""

from __future__ import annotations

import copy
from typing import Any

from calc import compute_json

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
