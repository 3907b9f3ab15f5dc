"""`GET /api/inventories/{token}`: the stored input and result; unknown tokens get a Chinese 404 on every route."""

from __future__ import annotations

from calc import compute_json


def test_the_json_route_returns_what_was_computed(make_client, settle, textile_plant):
    client = make_client()
    token = settle(client, "json-1", textile_plant)[1]["custom"]["inventory_token"]
    body = client.get(f"/api/inventories/{token}").json()
    assert body["input"] == textile_plant
    assert body["result"] == compute_json(textile_plant)
    assert (body["version"], body["current"], body["year"], body["gwp"], body["total_tco2e"]) == (1, True, 2021, "AR4", 27239.794)
    assert body["company"] == "示範紡織股份有限公司"
    assert body["export_url"] == f"/api/inventories/{token}/export.xlsx"
    assert "sender" not in body and "channel" not in body  # whoever holds a link learns nothing about the user


def test_unknown_tokens_get_a_chinese_404_on_every_route(make_client, settle, textile_plant):
    client = make_client()
    real = settle(client, "real-1", textile_plant)[1]["custom"]["inventory_token"]  # this one exists
    for token in ("A" * 32, real[:-1] + ("B" if real[-1] != "B" else "C"), "short", "has.dots~but_long_enough_", "x" * 65):
        for suffix in ("", "/export.xlsx", "/chart.png"):
            response = client.get(f"/api/inventories/{token}{suffix}")
            assert response.status_code == 404, (token, suffix)
            assert response.json()["error"].startswith("找不到這份盤查結果"), (token, suffix)


def test_a_company_name_with_dollar_signs_is_drawn_as_text(make_client, settle, textile_plant, caplog):
    """Finding 8 of issue 14: "$…$" in a company name was read as math text: chart.png answered 500 and the
    error put the name in the log."""
    client = make_client()
    company = "$\\frac{1}{0}$ 紡織$x^$"
    token = settle(client, "dollar-1", {**textile_plant, "company": company})[1]["custom"]["inventory_token"]
    response = client.get(f"/api/inventories/{token}/chart.png")
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert company not in caplog.text and "frac" not in caplog.text
