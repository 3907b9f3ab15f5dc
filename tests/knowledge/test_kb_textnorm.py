from __future__ import annotations

import time

import pytest

from knowledge import fold_text, normalize_text
from knowledge.textnorm import Corrections, has_simplified


@pytest.mark.parametrize("simplified,traditional", [
    ("碳盘查", "碳盤查"),
    ("电费", "電費"),
    ("排放系数", "排放係數"),
    ("天然气", "天然氣"),
    ("发电机", "發電機"),
    ("碳盤查是什么", "碳盤查是什麼"),
    ("干燥设备天然气用了多少", "乾燥設備天然氣用了多少"),
    ("活动数据怎么收集", "活動數據怎麼收集"),  # s2tw, not s2twp (which would say 活動資料)
    ("查证机构有哪些", "查證機構有哪些"),
    ("这里有几个范围", "這裡有幾個範圍"),
])
def test_simplified_to_traditional(simplified: str, traditional: str) -> None:
    assert has_simplified(simplified)
    assert fold_text(simplified) == traditional


@pytest.mark.parametrize("text", [
    "碳盤查要準備哪些資料",
    "范御羣的電話",  # 羣 is outside Big5 but Traditional: not rewritten to 群
    "台灣的碳費",  # 台 stays 台
    "台中有開課嗎",
    "乾燥設備天然氣用了54,835,200立方公尺",
    "外購電力11,295.6千度",
    "污水處理",
    "公里",
    "R-134a 0.9公斤",
])
def test_traditional_input_is_not_damaged(text: str) -> None:
    assert fold_text(text) == text


def test_traditional_text_is_not_taken_for_simplified() -> None:
    assert not has_simplified("范御羣的電話")
    assert not has_simplified("台灣的碳費 54,835,200")
    assert not has_simplified("CO2e")


def test_numbers_survive_conversion_of_simplified_text() -> None:
    assert fold_text("外购电力11,295.6千度，天然气54,835,200立方米") == "外購電力11,295.6千度,天然氣54,835,200立方米"
    assert fold_text("台湾电费") == "台灣電費"


@pytest.mark.parametrize("raw,folded", [
    ("１２３，４５６度", "123,456度"),
    ("ＣＯ２ｅ　是什麼？", "CO2e 是什麼?"),
    ("  碳盤查\t\n  步驟  ", "碳盤查 步驟"),
    ("用了３０ｍ³", "用了30m3"),
    ("「碳足跡」、冷媒。", "「碳足跡」、冷媒。"),  # Chinese quotes, enumeration comma and full stop are kept
    ("", ""),
    ("員工 住 的 宿舍 在 工廠 裡面 宿舍 的 瓦斯 也要 寫 嗎", "員工住的宿舍在工廠裡面宿舍的瓦斯也要寫嗎"),  # typed word by word
    ("要 上 幾天", "要上幾天"),
    ("R22 要 不要 算", "R-22 要不要算"),  # only the gaps between Chinese characters
    ("碳費怎麼算 那我們要繳嗎", "碳費怎麼算 那我們要繳嗎"),  # a LINE message's clause break stays
    ("講習班 上 什麼", "講習班上什麼"),
    ("冷媒 要怎麼算", "冷媒 要怎麼算"),  # one gap between Chinese words is not yet typing word by word
    ("好 謝謝", "好 謝謝"),
])
def test_width_and_whitespace(raw: str, folded: str) -> None:
    assert fold_text(raw) == folded


@pytest.mark.parametrize("typo,fixed", [
    ("碳盤茶要怎麼做", "碳盤查要怎麼做"),
    ("碳盤差輔導", "碳盤查輔導"),
    ("查正機構有哪些", "查證機構有哪些"),
    ("排放系數是多少", "排放係數是多少"),
    ("碳盘茶怎么做", "碳盤查怎麼做"),  # Simplified and a typo
    ("冷煤要算嗎", "冷媒要算嗎"),
    ("碳足積", "碳足跡"),
])
def test_homophone_typos_are_corrected(typo: str, fixed: str) -> None:
    assert normalize_text(typo) == fixed


def test_corrections_do_not_touch_other_text() -> None:
    assert normalize_text("檢查正常嗎") == "檢查正常嗎"
    assert Corrections({}).apply("碳盤茶") == "碳盤茶"
    assert Corrections({"ab": "x", "abc": "y"}).apply("abcab") == "yx"  # longest first


def test_fast() -> None:
    texts = ["碳盤查要準備哪些資料", "天然气用了多少", "ＣＯ２ｅ是什麼？", "碳盤茶"] * 250
    start = time.perf_counter()
    for t in texts:
        normalize_text(t)
    assert (time.perf_counter() - start) / len(texts) < 0.001
