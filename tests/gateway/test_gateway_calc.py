"""POST /api/calc: calc.compute_json over HTTP."""

from __future__ import annotations

import re

import pytest

import calc

CJK = re.compile(r"[\u4e00-\u9fff]")

# The textile plant of the programme deck (110年度, i.e. 2021): 27,240 公噸CO2e/年.
TEXTILE_PLANT = {
    "year": 2021,
    "gwp": "AR4",
    "activities": [
        {"source": "燃料煤", "amount": "8,537", "unit": "公噸"},
        {"source": "重油", "amount": "221", "unit": "公秉"},
        {"source": "天然氣", "amount": "74.4", "unit": "千立方公尺"},
        {"source": "外購電力", "amount": "11,295.6", "unit": "千度"},
    ],
}


def test_textile_plant_total_matches_the_deck(client):
    response = client.post("/api/calc", json=TEXTILE_PLANT)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == calc.compute_json(TEXTILE_PLANT)
    assert body["total_tco2e"] == pytest.approx(27_240, rel=1e-3)
    assert len(body["lines"]) == 4


def test_bad_unit_gets_422_with_the_activity_index(client):
    payload = {**TEXTILE_PLANT, "activities": [*TEXTILE_PLANT["activities"][:2],
                                              {"source": "天然氣", "amount": "74.4", "unit": "公斤重"}]}
    response = client.post("/api/calc", json=payload)
    assert response.status_code == 422
    body = response.json()
    assert body["activity"] == 2
    assert "公斤重" in body["error"] and CJK.search(body["error"])


def test_top_level_problem_has_no_activity_index(client):
    response = client.post("/api/calc", json={"year": "明年", "gwp": "AR4", "activities": []})
    assert response.status_code == 422
    body = response.json()
    assert body["activity"] is None and CJK.search(body["error"])


@pytest.mark.parametrize("body", [[1, 2], "燃料煤", None])
def test_calc_body_must_be_an_object(client, body):
    response = client.post("/api/calc", json=body)
    assert response.status_code == 422
    assert "JSON 物件" in response.json()["error"]
