"""The guided inventory through the running gateway → Rasa (spaCy extractor) → action server → calc."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from tests.fakes.replies import payloads, texts

pytestmark = pytest.mark.rasa


def sender() -> str:
    return f"inv-{uuid.uuid4().hex[:8]}"


def total_of(answer: str) -> float:
    match = re.search(r"總排放量：([\d,.]+) 公噸CO2e", answer)
    assert match, answer
    return float(match.group(1).replace(",", ""))


def test_the_decks_textile_plant_conversation_reaches_27240(chat, stack):
    who = sender()
    assert "哪一年" in texts(chat(who, "我想做碳盤查"))
    assert "2021" in texts(chat(who, "盤查年度是110年"))
    assert "燃料煤" in texts(chat(who, "燃料煤用了8,537公噸"))
    assert "221" in texts(chat(who, "重油221公秉"))
    assert "74,400" in texts(chat(who, "天然氣一年74.4千立方公尺"))
    assert "11,295,600 度" in texts(chat(who, "外購電力一年11,295.6千度"))
    readback = chat(who, "結算")
    assert "確認結算" in texts(readback) and "/inventory_confirm" in payloads(readback)
    result = chat(who, "確認結算")
    answer = texts(result)
    assert total_of(answer) == pytest.approx(27240, rel=0.005)
    assert "最大來源" in answer and "燃料煤" in answer
    assert "/inventory_details" in payloads(result) and "/inventory_ideas" in payloads(result)
    assert "類別1" in texts(chat(who, "/inventory_details"))
    # the gateway stored it and added the chart and the Excel link
    images = [m["image"] for m in result if m.get("image")]
    links = [m["custom"]["url"] for m in result if (m.get("custom") or {}).get("type") == "link"]
    assert images and links
    assert not any("/api/" in (m.get("text") or "") for m in result)  # links are buttons, never raw paths in text
    chart = httpx.get(httpx.URL(stack.gateway_url).join(images[0]), timeout=30)
    assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    workbook = httpx.get(httpx.URL(stack.gateway_url).join(links[0]), timeout=30)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_several_values_in_one_message_skip_and_list(chat):
    who = sender()
    chat(who, "我想做碳盤查")
    chat(who, "2021年")
    answer = texts(chat(who, "一年天然氣用了3,882立方公尺、電用了896萬度"))
    assert "3,882" in answer and "8,960,000" in answer
    listing = texts(chat(who, "目前填了哪些"))
    assert "天然氣" in listing and "外購電力" in listing


def test_faq_mid_collection_is_answered_and_the_question_repeated(chat):
    who = sender()
    chat(who, "我想做碳盤查")
    chat(who, "110年")
    answer = texts(chat(who, "查證機構有哪些"))
    assert "taftw.org.tw" in answer
    assert "繼續剛才的盤查" in answer


def test_bad_unit_is_explained_and_kept(chat):
    who = sender()
    chat(who, "我想做碳盤查")
    chat(who, "110年")
    answer = texts(chat(who, "電用了56公升"))
    assert "公升" in answer and "不是外購電力可用的單位" in answer
    answer = texts(chat(who, "一年896萬度"))
    assert "8,960,000 度" in answer


def test_resume_after_a_restart_of_the_rasa_server(chat, stack):
    who = sender()
    chat(who, "我想做碳盤查")
    chat(who, "110年")
    chat(who, "燃料煤用了8,537公噸")
    stack.restart_rasa()
    answer = chat(who, "你好")
    assert "/inventory_resume" in payloads(answer)
    chat(who, "/inventory_resume")
    listing = texts(chat(who, "目前填了哪些"))
    assert "8,537" in listing


def test_skips_corrections_deletions_and_an_implausible_value(chat):
    who = sender()
    chat(who, "我想做碳盤查")
    chat(who, "110年")
    assert "第 1/" in texts(chat(who, "略過"))  # the optional company, then the first category
    assert "記為沒有" in texts(chat(who, "沒有"))
    chat(who, "外購電力一年11,295.6千度")
    answer = texts(chat(who, "剛剛電力打錯了，是150萬度"))
    assert "已更新" in answer and "1,500,000 度" in answer
    chat(who, "公務車汽油一年1,850公升")
    assert "已刪除" in texts(chat(who, "刪掉汽油"))
    answer = texts(chat(who, "天然氣一年3度"))
    assert "確定嗎" in answer
    assert "已記" in texts(chat(who, "對"))
    listing = texts(chat(who, "目前填了哪些"))
    assert "1,500,000 度" in listing and "汽油" not in listing and "天然氣：一年 3 度" in listing
