"""The guided inventory conversation, turn by turn, without Rasa (actions/inventory_flow.py)."""

from __future__ import annotations

from datetime import date

import pytest

from actions.inventory_flow import InventoryFlow, Turn, inventory_payload, new_state, steps

TODAY = date(2026, 11, 26)


def act(source: str, amount: str, unit: str | None, **extra: str) -> dict:
    return {"source": source, "amount": amount, "unit": unit, **extra}


class Conversation:
    def __init__(self) -> None:
        self.flow = InventoryFlow(today=TODAY)
        self.state: dict | None = None
        self.result: dict | None = None

    def say(self, intent: str, text: str = "", **kw) -> str:
        outcome = self.flow.handle(self.state, Turn(intent=intent, text=text, **kw), self.result)
        self.state = outcome.state
        if outcome.result is not None:
            self.result = outcome.result
        self.last = outcome.messages
        return "\n".join(m.get("text", "") for m in outcome.messages)

    def buttons(self) -> list[str]:
        return [b["payload"] for m in self.last for b in m.get("buttons", [])]


@pytest.fixture
def conv() -> Conversation:
    return Conversation()


def test_the_deck_textile_plant_reaches_27240(conv):
    assert "盤查年度" in conv.say("inventory_start", "我想做碳盤查")
    assert "2021" in conv.say("inform_year", "盤查年度是110年", year=2021)
    conv.say("inform_activity", "燃料煤用了8,537公噸", activities=[act("coal", "8,537", "公噸")])
    conv.say("inform_activity", "重油221公秉", activities=[act("fuel_oil", "221", "公秉")])
    conv.say("inform_activity", "天然氣74.4千立方公尺", activities=[act("natural_gas", "74.4千", "立方公尺")])
    conv.say("inform_activity", "外購電力11,295.6千度", activities=[act("electricity", "11,295.6千", "度")])
    reply = conv.say("inventory_finish", "結算")
    assert conv.result["total_tco2e"] == pytest.approx(27240, rel=0.005)
    assert "27,239.794" in reply
    assert "公噸CO2e" in reply
    assert any(m.get("custom", {}).get("type") == "inventory_result" for m in conv.last)
    assert "燃料轉換" in reply and "碳費" in reply  # ideas tied to the coal hot spot; fee exposure (> 25,000 t)


def test_progress_and_skips_walk_the_steps_in_the_deck_order(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "2021", year=2021)
    reply = conv.say("skip", "略過")  # company is optional
    assert f"第 1/{len(steps())} 類" in reply and "固定燃燒" in reply
    reply = conv.say("skip", "沒有")
    assert "固定燃燒跳過" in reply.replace("，", "") or "跳過" in reply
    assert f"第 2/{len(steps())} 類" in reply
    assert "/skip" in conv.buttons() and "/inventory_finish" in conv.buttons()


def test_several_values_in_one_message_and_never_asked_again(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    conv.say("skip", "略過")
    reply = conv.say("inform_activity", "天然氣用了3,882立方公尺、電用了896萬度",
                     activities=[act("natural_gas", "3,882", "立方公尺"), act("electricity", "896萬", "度")])
    assert "天然氣 3,882 立方公尺" in reply and "外購電力 896 萬度" in reply
    # walk every remaining step by skipping: the electricity step is never asked
    asked = []
    for _ in range(len(steps()) + 2):
        asked.append(conv.say("skip", "沒有"))
    assert not any("一年用了多少度電" in a for a in asked)


def test_corrections_and_deletions(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    conv.say("inform_activity", "電力11,295.6千度", activities=[act("electricity", "11,295.6千", "度")])
    reply = conv.say("inform_activity", "剛剛電力打錯了，是150萬度", activities=[act("electricity", "150萬", "度")])
    assert "已更新" in reply and "150 萬度" in reply
    assert len(conv.state["lines"]) == 1
    conv.say("inform_activity", "汽油1,850公升", activities=[act("gasoline", "1,850", "公升")])
    reply = conv.say("inventory_delete", "刪掉汽油", deletions=["gasoline"])
    assert "已刪除" in reply
    assert [l["source"] for l in conv.state["lines"]] == ["electricity"]
    listing = conv.say("inventory_list", "目前填了哪些")
    assert "外購電力：150 萬度" in listing


def test_bad_units_and_numbers_are_explained_and_asked_again(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    reply = conv.say("inform_activity", "電用了56公升", activities=[act("electricity", "56", "公升")])
    assert "公升" in reply and "不是外購電力可用的單位" in reply
    assert conv.state["pending"] == {"kind": "amount", "source": "electricity"}
    reply = conv.say("inform_amount", "896萬度")
    assert "外購電力 896 萬度" in reply
    assert conv.state["lines"][0]["amount"] == "896"


def test_implausible_values_are_confirmed_not_rejected(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    reply = conv.say("inform_activity", "電力12度", activities=[act("electricity", "12", "度")])
    assert "確定嗎" in reply and conv.state["lines"] == []
    reply = conv.say("affirm", "對")
    assert "已記下" in reply and conv.state["lines"][0]["amount"] == "12"
    conv.say("inform_activity", "天然氣9億立方公尺", activities=[act("natural_gas", "9億", "立方公尺")])
    assert conv.state["pending"]["kind"] == "confirm"
    reply = conv.say("deny", "不對")
    assert "重新輸入" in reply
    assert conv.state["pending"] == {"kind": "amount", "source": "natural_gas"}


def test_bad_year_is_explained(conv):
    conv.say("inventory_start")
    reply = conv.say("inform_year", "2035年", year=2035)
    assert "2016" in reply and conv.state["year"] is None


def test_a_statement_before_starting_starts_a_collection_and_keeps_it(conv):
    reply = conv.say("inform_activity", "天然氣3882度", activities=[act("natural_gas", "3882", "度")])
    assert "立方公尺" in reply  # 度 on a gas bill means m³, and the bot says so
    assert conv.state["lines"][0]["source"] == "natural_gas"
    assert "年度" in reply


def test_refrigerant_needs_its_equipment(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    conv.say("inform_activity", "冷媒R-134a 50公斤", activities=[act("refrigerant", "50", "公斤", refrigerant="R-134a")])
    assert conv.state["pending"]["kind"] == "equipment"
    assert any("choose_source" in p and "equipment" in p for p in conv.buttons())
    reply = conv.say("choose_source", "", equipment="medium_large_commercial")
    assert "已記下" in reply
    conv.say("inventory_finish", "結算")
    line = conv.result["lines"][0]
    assert line["source"] == "refrigerant" and line["tco2e"] > 0


def test_resume_offer_when_starting_again_with_unfinished_data(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    conv.say("inform_activity", "電力100萬度", activities=[act("electricity", "100萬", "度")])
    reply = conv.say("inventory_start", "我想做碳盤查")
    assert "繼續" in reply and "/inventory_resume" in conv.buttons()
    conv.say("inventory_resume", "繼續")
    assert conv.state["lines"]
    conv.say("inventory_restart", "重新開始")
    assert conv.state["lines"] == []


def test_gases_and_factors_on_request(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    conv.say("inform_activity", "燃料煤8,537公噸", activities=[act("coal", "8,537", "公噸")])
    conv.say("inventory_finish", "結算")
    gases = conv.say("inventory_gases")
    assert "二氧化碳" in gases and "甲烷" in gases
    factors = conv.say("inventory_factors")
    assert "6.0.4" in factors


def test_payload_is_calc_input():
    state = new_state()
    state["year"] = 2021
    state["lines"] = [{"source": "coal", "amount": "8,537", "unit": "公噸", "usage": None}]
    assert inventory_payload(state) == {"year": 2021, "activities": [{"source": "coal", "amount": "8,537", "unit": "公噸"}]}


def test_purchased_steam_asks_for_the_suppliers_factor(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "110年", year=2021)
    reply = conv.say("inform_activity", "外購蒸汽100公噸", activities=[act("steam", "100", "公噸")])
    assert conv.state["pending"]["kind"] == "factor" and "排放係數" in reply
    reply = conv.say("inform_amount", "abc")
    assert "⚠️" in reply and conv.state["pending"]["kind"] == "factor"  # explained, asked again, amount kept
    reply = conv.say("inform_amount", "0.2")
    assert "已記下" in reply
    conv.say("inventory_finish", "結算")
    assert conv.result["total_tco2e"] == pytest.approx(20.0)


def test_the_result_names_the_electricity_factor_year_actually_used(conv):
    conv.say("inventory_start")
    conv.say("inform_year", "2025年", year=2025)  # no 2025 factor published: the latest (2024) stands in
    conv.say("inform_activity", "外購電力100萬度", activities=[act("electricity", "100萬", "度")])
    reply = conv.say("inventory_finish", "結算")
    assert "電力排放係數採 2024 年 0.474" in reply
