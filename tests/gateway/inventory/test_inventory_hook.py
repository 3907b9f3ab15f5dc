"""The user settles an inventory: it is stored (a new version each time) and the bot's replies gain the chart and
the workbook link, on SQLite and PostgreSQL. Rasa is the fake over real HTTP; calc computes the results."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import text

from gateway.inventory.store import InventoryStore
from calc import compute_json
from tests.fakes.gateway import web_of

TOKEN_URL = re.compile(r"/api/inventories/([A-Za-z0-9_-]{32})/(chart\.png|export\.xlsx)$")


def _inventories(client) -> InventoryStore:
    return client.app.state.services.inventories


def test_settling_stores_the_inventory_and_adds_chart_and_workbook_links(make_client, db_url, settle, textile_plant):
    client = make_client(database_url=db_url)
    replies = settle(client, "textile-1", textile_plant)

    summary, result, image, link, closing = replies
    assert summary["text"].startswith("總排放量 27,239.794")
    assert closing["text"] == "還需要減量建議嗎？"
    # the result message is kept (LINE draws its card from it) and now names the stored version
    assert result["custom"]["type"] == "inventory_result"
    assert result["custom"]["result"] == compute_json(textile_plant)
    token = result["custom"]["inventory_token"]
    assert result["custom"]["version"] == 1
    # the chart, as an image every channel shows, and the workbook, as a link (relative: no PUBLIC_BASE_URL)
    key = web_of(client).conversation_key("textile-1")
    assert image == {"image": f"/api/inventories/{token}/chart.png", "recipient_id": key,
                     "alt": "排放量圖：總排放量 27,239.8 公噸CO2e，最大來源是燃料煤 20,660.6 公噸CO2e（75.9%）。"}
    assert link["custom"] == {
        "type": "link",
        "url": f"/api/inventories/{token}/export.xlsx",
        "title": "下載盤查清冊 Excel",
    }
    assert "/api/" not in link["text"] and "Excel" in link["text"]  # the address is the button
    assert TOKEN_URL.search(image["image"]) and TOKEN_URL.search(link["custom"]["url"])

    stored = _inventories(client).current("web", key)
    assert stored is not None and stored.public_token == token and stored.version == 1
    assert (stored.year, stored.gwp, stored.company, stored.site) == (2021, "AR4", "示範紡織股份有限公司", "彰化縣和美鎮彰美路一段1號")
    assert stored.total_tco2e == Decimal("27239.794")
    assert stored.input_json["activities"] == textile_plant["activities"]
    assert stored.result_json == compute_json(textile_plant)
    coal, _oil, _gas, power = stored.lines
    assert (coal.source, coal.emission_type, coal.category, coal.amount, coal.unit) == (
        "coal", "固定", "類別1", Decimal(8537), "公噸"
    )
    assert (coal.co2_tonnes, coal.ch4_tonnes, coal.n2o_tonnes, coal.tco2e) == (
        Decimal("20558.0639"), Decimal("0.2173"), Decimal("0.3260"), Decimal("20660.6444")
    )
    assert coal.share_percent == Decimal("75.85")
    assert power.category == "類別2" and power.co2_tonnes == Decimal("5749.4604") and power.hfcs_tonnes == 0
    assert sum(line.tco2e for line in stored.lines) == Decimal("27239.7937")  # calc rounds the total to 3 places

    # the widget reads the stored messages: the chart and the link are among them, in order
    out = [m for m in web_of(client).messages("textile-1") if m["direction"] == "out"]
    assert [m.get("image") for m in out] == [None, None, image["image"], None, None]
    assert out[3]["custom"]["url"] == link["custom"]["url"]


def test_links_are_absolute_with_a_public_base_url(make_client, settle, textile_plant):
    client = make_client(public_base_url="https://tan.example.tw/")
    _, result, image, link, _ = settle(client, "abs-1", textile_plant)
    token = result["custom"]["inventory_token"]
    assert image["image"] == f"https://tan.example.tw/api/inventories/{token}/chart.png"
    assert link["custom"]["url"] == f"https://tan.example.tw/api/inventories/{token}/export.xlsx"
    assert result["custom"]["export_url"] == link["custom"]["url"]
    assert link["custom"]["url"] not in link["text"]  # the address is the button, never in the text
    # the link works
    assert client.get(f"/api/inventories/{token}/export.xlsx").status_code == 200


def test_settling_again_makes_a_new_current_version(make_client, db_url, settle, textile_plant):
    client = make_client(database_url=db_url)
    first = settle(client, "again-1", textile_plant)[1]["custom"]
    textile_plant["activities"][3]["amount"] = "10,000"  # the user corrects the electricity and settles again
    second = settle(client, "again-1", textile_plant, message="電改成10000千度")[1]["custom"]
    settle(client, "someone-else", textile_plant)

    assert (first["version"], second["version"]) == (1, 2)
    assert first["inventory_token"] != second["inventory_token"]
    store = _inventories(client)
    again, other = web_of(client).conversation_key("again-1"), web_of(client).conversation_key("someone-else")
    current = store.current("web", again)
    assert current.public_token == second["inventory_token"]
    assert current.total_tco2e == Decimal(str(compute_json(textile_plant)["total_tco2e"]))

    listed = store.list_inventories(channel="web", sender=again)
    assert [(s.version, s.is_current) for s in listed] == [(2, True), (1, False)]
    assert listed[0].line_count == 4 and listed[0].company == "示範紡織股份有限公司"
    assert {s.sender for s in store.list_inventories(current_only=True)} == {again, other}
    assert len(store.list_inventories()) == 3
    # the old version's links still work and say they are not current
    old = client.get(f"/api/inventories/{first['inventory_token']}").json()
    assert old["version"] == 1 and old["current"] is False
    assert client.get(f"/api/inventories/{second['inventory_token']}").json()["current"] is True


def test_replies_without_an_inventory_result_are_untouched(make_client, fake_rasa):
    client = make_client()
    fake_rasa.mode = "canned"
    key = web_of(client).conversation_key("plain")
    fake_rasa.canned = [{"recipient_id": key, "text": "您好"}, {"recipient_id": key, "custom": {"type": "x"}}]
    assert web_of(client).send("plain", "你好") == fake_rasa.canned
    assert _inventories(client).list_inventories() == []


def test_a_malformed_result_keeps_the_replies_and_says_no_files_this_time(make_client, fake_rasa):
    client = make_client()
    fake_rasa.mode = "canned"
    broken = {"type": "inventory_result", "inventory": {"year": 2021, "activities": []}, "result": {"total": 1}}
    key = web_of(client).conversation_key("bad")
    fake_rasa.canned = [{"recipient_id": key, "text": "總排放量 1 公噸CO2e"}, {"recipient_id": key, "custom": broken}]
    replies = web_of(client).send("bad", "算好了")
    assert replies[:2] == fake_rasa.canned
    (notice,) = replies[2:]
    assert "暫時無法保存" in notice["text"] and "輔導專線" in notice["text"]
    assert _inventories(client).list_inventories() == []


def test_when_storing_fails_the_user_still_gets_the_result_and_a_clear_notice(make_client, settle, textile_plant):
    client = make_client()
    with client.app.state.services.store.engine.begin() as connection:  # the inventory tables are gone: a real failure
        connection.execute(text("DROP TABLE inventory_charts"))
        connection.execute(text("DROP TABLE inventory_lines"))
        connection.execute(text("DROP TABLE inventories"))
    summary, result, notice, closing = settle(client, "fail-1", textile_plant)
    assert summary["text"].startswith("總排放量") and result["custom"]["result"]["total_tco2e"] == 27239.794
    assert "inventory_token" not in result["custom"]
    assert "沒有排放圖與 Excel 清冊下載連結" in notice["text"]
    assert closing["text"] == "還需要減量建議嗎？"
    stored = web_of(client).messages("fail-1")
    assert [m["direction"] for m in stored] == ["in", "out", "out", "out", "out"]  # nothing the user gave is lost
    assert stored[0]["text"] == "算好了"


def test_without_a_cjk_font_the_chart_is_not_offered_but_the_workbook_is(make_client, settle, textile_plant, monkeypatch):
    from gateway.inventory import chart

    monkeypatch.setattr(chart, "CJK_FAMILIES", ("No Such CJK Font",))
    chart.cjk_font.cache_clear()
    try:
        client = make_client()
        _, result, link, _ = settle(client, "nofont-1", textile_plant)
        token = result["custom"]["inventory_token"]
        assert link["custom"]["type"] == "link"
        response = client.get(f"/api/inventories/{token}/chart.png")
        assert response.status_code == 503 and "排放圖暫時無法產生" in response.json()["error"]
    finally:
        chart.cjk_font.cache_clear()
