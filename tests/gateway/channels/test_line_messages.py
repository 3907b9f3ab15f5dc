"""What a LINE user sees: Rasa's messages as LINE messages, within LINE's limits (the fake enforces them)."""

from __future__ import annotations

from gateway.texts import load_texts
from calc import compute_json
from tests.fakes.line_events import text_event

INVENTORY = {
    "year": 2023,
    "activities": [
        {"source": "電力", "amount": "120000", "unit": "度"},
        {"source": "柴油", "amount": "3", "unit": "公秉"},
        {"source": "天然氣", "amount": 5000, "unit": "立方公尺"},
        {"source": "電力", "amount": "30000", "unit": "度"},
    ],
}


def answer(gateway, fake_rasa, line_api, canned: list[dict]):
    """The one reply call made for a turn whose Rasa answer is ``canned``."""
    fake_rasa.mode = "canned"
    fake_rasa.canned = canned
    gateway.send(text_event("題目"))
    assert [c.status for c in line_api.calls] == [200], [c.body for c in line_api.calls]
    return line_api.replies[0]


def test_buttons_become_at_most_13_quick_replies_with_short_labels(gateway, fake_rasa, line_api):
    buttons = [
        {"title": f"第{i}個選項：溫室氣體盤查輔導申請資格的完整說明", "payload": f"/faq_item_{i}"}
        for i in range(15)
    ]
    reply = answer(
        gateway,
        fake_rasa,
        line_api,
        [
            {"text": "請選擇您想問的題目", "buttons": buttons[:8]},
            {"text": "或是這些", "buttons": buttons[8:]},
        ],
    )

    assert reply.texts == ["請選擇您想問的題目", "或是這些"]
    assert "quickReply" not in reply.messages[0]  # buttons show under the last message only
    items = [item["action"] for item in reply.messages[-1]["quickReply"]["items"]]
    assert len(items) == 13
    assert [a["data"] for a in items] == [f"/faq_item_{i}" for i in range(13)]
    assert all(a["type"] == "postback" and len(a["label"]) <= 20 for a in items)
    assert items[0]["label"] == buttons[0]["title"][:19] + "…"
    assert items[0]["displayText"] == buttons[0]["title"]  # what the chat shows as the user's choice


def test_more_than_five_messages_are_merged_into_one_reply_call(gateway, fake_rasa, line_api):
    texts = [f"第 {i} 段說明" for i in range(8)]
    reply = answer(
        gateway,
        fake_rasa,
        line_api,
        [{"text": t} for t in texts]
        + [{"text": "還有問題嗎？", "buttons": [{"title": "找專人", "payload": "/request_human"}]}],
    )

    assert len(reply.messages) == 5
    joined = "\n\n".join(reply.texts)
    assert joined == "\n\n".join([*texts, "還有問題嗎？"])  # nothing lost, order kept
    assert reply.messages[-1]["quickReply"]["items"][0]["action"]["data"] == "/request_human"


def test_a_text_over_5000_characters_is_split(gateway, fake_rasa, line_api):
    paragraph = "溫室氣體盤查" * 100 + "\n"  # 601 characters a line
    long_text = (paragraph * 12).strip()
    reply = answer(gateway, fake_rasa, line_api, [{"text": long_text}])

    assert len(reply.messages) == 2
    assert all(len(t) <= 5000 for t in reply.texts)
    assert "\n".join(reply.texts) == long_text  # cut at a line break, nothing lost


def test_an_inventory_result_becomes_a_flex_summary(gateway, fake_rasa, line_api):
    result = compute_json(INVENTORY)
    reply = answer(
        gateway,
        fake_rasa,
        line_api,
        [
            {"text": "計算完成，以下是結果："},
            {"custom": {"type": "inventory_result", "result": result}},
        ],
    )

    assert reply.messages[0]["type"] == "text"
    flex = reply.messages[1]
    assert flex["type"] == "flex" and flex["contents"]["type"] == "bubble"
    total = f"{result['total_tco2e']:,.3f}".rstrip("0").rstrip(".")
    assert total in flex["altText"] and "公噸CO2e" in flex["altText"]
    shown = [node["text"] for node in _walk(flex["contents"]) if node.get("type") == "text"]
    # the total, each category with its share, and the top 3 sources (both electricity lines added up)
    assert f"{total} 公噸CO2e" in shown
    for category in result["by_category"].values():
        assert any(category["label"] in text for text in shown)
        assert any(f"（占 {category['share_percent']:g}%）" in text for text in shown)
    electricity = sum(line["tco2e"] for line in result["lines"] if line["source"] == "electricity")
    ranked = [text for text in shown if text[:2] in ("1.", "2.", "3.")]
    assert ranked[0] == "1. 外購電力"
    assert len(ranked) == 3
    electricity_text = f"{electricity:,.3f}".rstrip("0").rstrip(".")
    assert any(text.startswith(electricity_text + " 公噸CO2e") for text in shown)


def test_https_and_relative_images_become_image_messages_others_a_link(gateway, fake_rasa, line_api):
    reply = answer(
        gateway,
        fake_rasa,
        line_api,
        [
            {"image": "/api/charts/abc.png"},
            {"image": "https://cdn.example.tw/chart.png"},
            {"image": "http://insecure.example.tw/chart.png"},
        ],
    )

    assert [m["type"] for m in reply.messages] == ["image", "image", "text"]
    assert reply.messages[0]["originalContentUrl"] == "https://bot.example.tw/api/charts/abc.png"
    assert reply.messages[0]["previewImageUrl"] == "https://bot.example.tw/api/charts/abc.png"
    assert reply.messages[1]["originalContentUrl"] == "https://cdn.example.tw/chart.png"
    assert reply.texts == [load_texts().get("line.image_link", url="http://insecure.example.tw/chart.png")]


def test_without_public_base_url_a_relative_image_is_explained_not_dropped(make_gateway, fake_rasa, line_api):
    gateway = make_gateway(public_base_url=None)
    reply = answer(gateway, fake_rasa, line_api, [{"image": "/api/charts/abc.png"}])

    assert reply.texts == [load_texts().get("line.image_unavailable")]


def test_buttons_without_text_still_get_a_message_to_sit_on(gateway, fake_rasa, line_api):
    reply = answer(gateway, fake_rasa, line_api, [{"buttons": [{"title": "是", "payload": "/affirm"}]}])

    assert reply.texts == [load_texts().get("line.choose")]
    assert reply.messages[0]["quickReply"]["items"][0]["action"]["data"] == "/affirm"


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_call_and_mail_buttons_become_uri_actions():
    from gateway.channels.line_render import quick_reply_for

    quick = quick_reply_for([{"title": "撥打 范御羣", "payload": "tel:+886227844188,5148"},
                             {"title": "寫信給 范御羣", "payload": "mailto:pol78917@ftis.org.tw"},
                             {"title": "找專人", "payload": "/request_human"}])
    kinds = [(item.action.type, getattr(item.action, "uri", None)) for item in quick.items]
    assert kinds[:2] == [("uri", "tel:+886227844188,5148"), ("uri", "mailto:pol78917@ftis.org.tw")]
    assert kinds[2][0] == "postback"
