"""Every kind of statement the inventory understands, through the running stack (gateway → Rasa with the
ActivityExtractor → action server), one short conversation each; and the realistic tuning corpus of
tests/conversations/inventory/ with the figures issue 12 asks for (the held-out file is run by
`make eval-collect heldout` only, never by the tests)."""

from __future__ import annotations

import statistics
import uuid

import pytest

from scripts.eval_collect import CORPUS_DIR, load, play
from tests.fakes.replies import payloads, texts

pytestmark = pytest.mark.rasa


def started(chat, year: str = "113年") -> str:
    who = f"st-{uuid.uuid4().hex[:8]}"
    chat(who, "我想做碳盤查")
    chat(who, year)
    chat(who, "略過")
    return who


def test_per_month_per_bill_and_readings(chat):
    who = started(chat)
    assert "每月 35,000 度 × 12 個月 = 420,000 度" in texts(chat(who, "用電每個月大概3萬5千度"))
    other = started(chat)
    assert "多久一期" in texts(chat(other, "上一期電費單18,400度"))
    assert "× 6 期 = 110,400 度" in texts(chat(other, "兩個月一期"))
    third = started(chat)
    answer = texts(chat(third, "電費單六期分別是 8200、9100、10500、11800、9900、8700 度"))
    assert "合計 8,200 + 9,100" in answer and "58,200 度" in answer


def test_money_is_asked_back_and_then_the_quantity_is_taken(chat):
    who = started(chat)
    answer = chat(who, "電費一個月大概30萬元")
    assert "計費度數" in texts(answer) and "已記" not in texts(answer)
    assert '/inventory_answer{"choice":"estimate"}' in payloads(answer)
    assert "936,000 度" in texts(chat(who, "帳單上計費度數 78000，一個月的"))


def test_counts_refuels_cylinders_and_people(chat):
    who = started(chat)
    assert "1,920 公升" in texts(chat(who, "公務車汽油一個月加4次，每次大概40公升"))
    assert "1,634.59 公升" in texts(chat(who, "煮醬的爐子用桶裝瓦斯，一個月大概4桶，一桶20公斤"))
    assert "× 5 台 = 7.5 公斤" in texts(chat(who, "分離式冷氣5台，每台R-410A 1.5公斤"))
    assert "96,000 小時" in texts(chat(who, "員工40個，一天做8小時，一年做300天左右"))


def test_corrections_in_plain_words(chat):
    who = started(chat)
    assert "580,000 度" in texts(chat(who, "電大概一年50萬度，喔不對，是58萬度"))
    chat(who, "鍋爐燒天然氣 9,500度")
    assert "114,000" in texts(chat(who, "剛剛那個天然氣是每個月的量喔，一年要乘12"))
    other = started(chat, "2023")
    assert "金額" in texts(chat(other, "電一年90萬"))
    assert "210,000 度" in texts(chat(other, "90萬是錢啦，帳單上一年加起來是21萬度"))


def test_equipment_decides_the_category_and_green_power_is_inside_the_total(chat):
    who = started(chat)
    assert "已記在「移動燃燒」" in texts(chat(who, "對了堆高機三台用柴油，一年加起來大概6千公升"))
    assert "700,000 度" in texts(chat(who, "全廠總用電80萬度，其中10萬度是買的綠電"))


def test_refrigerants_top_up_unknown_charge_and_a_freezer_room(chat):
    who = started(chat, "110年")
    answer = texts(chat(who, "冰水機去年有漏，廠商補了R-134a 20公斤"))
    assert "補充的冷媒量就是逸散量" in answer
    assert "銘牌" in texts(chat(who, "辦公室有分離式冷氣8台，冷媒是R-410A，填充量不知道"))
    assert "估算" in texts(chat(who, "不知道"))
    assert "哪一種設備" in texts(chat(who, "冷媒R-404A 50公斤"))
    assert "已記" in texts(chat(who, "冷凍庫"))


def test_negations_deletions_and_the_read_back(chat):
    who = started(chat)
    chat(who, "用電一年30萬度")
    chat(who, "冰水機R-134a今年廠商補了15公斤")
    chat(who, "冷氣R-410A補了3公斤")
    assert "記為沒有" in texts(chat(who, "有6支CO2滅火器，去年都沒噴過"))
    answer = chat(who, "刪掉冷媒")
    assert "哪一筆" in texts(answer) and any("R-410A" in b["title"] for m in answer for b in m.get("buttons", []))
    assert "已刪除" in texts(chat(who, "刪掉 R-410A"))
    readback = texts(chat(who, "結算"))
    assert "未回答" in readback and "以 0 計" in readback and "R-134a" in readback


def test_a_company_without_prefix_and_data_before_the_start(chat):
    who = f"st-{uuid.uuid4().hex[:8]}"
    chat(who, "我想做碳盤查")
    chat(who, "113年")
    assert "已記下公司：宏昇塑膠 桃園觀音廠" in texts(chat(who, "宏昇塑膠 桃園觀音廠"))
    early = f"st-{uuid.uuid4().hex[:8]}"
    answer = texts(chat(early, "我們是做紙箱的，去年用電大概50萬度，幫我算"))
    assert "500,000 度" in answer


def test_a_year_first_sizes_after_counts_pounds_and_a_later_answer(chat):
    who = f"st-{uuid.uuid4().hex[:8]}"
    assert "2023 年" in texts(chat(who, "2023"))  # a year before anything else starts that year's inventory
    chat(who, "略過")
    assert "2,880 公斤" in texts(chat(who, "烘乾機用桶裝瓦斯 一個月大概叫12桶 20公斤的"))
    assert "27.22 公斤" in texts(chat(who, "倉庫小火災，CO2滅火氣噴了 3 支 20 磅的"))
    assert "一個月、一期" in texts(chat(who, "用電 620,000 度"))
    assert "也收到了" in texts(chat(who, "員工15人"))
    assert "32,400 小時" in texts(chat(who, "一天做9小時 一年大概240天"))
    assert "選一個" in texts(chat(who, "對"))
    assert "× 6 期 = 3,720,000 度" in texts(chat(who, "一年六張"))  # six bills a year: two months each


def test_money_of_an_unnamed_fuel_and_english_units(chat):
    who = started(chat, "2023")
    answer = chat(who, "公務車兩台，油錢一年大概 8 萬")
    assert "汽油、柴油" not in texts(answer) and "汽油還是柴油" in texts(answer) and "已記" not in texts(answer)
    other = started(chat, "2024")
    assert "3,640" in texts(chat(other, "forklift diesel refuel 2 times a week, about 35 L each"))


def test_a_trucks_fuel_money_at_the_welding_question_goes_to_mobile_combustion(chat):
    who = started(chat)
    assert "製程排放" in texts(chat(who, "沒有燒燃料的設備"))
    answer = texts(chat(who, "貨車一台 油錢一個月大概8000"))
    assert "移動燃燒" in answer and "焊接" not in answer and "汽油還是柴油" in answer
    assert "金額" in texts(chat(who, "柴油啦"))
    answer = texts(chat(who, "單據找不到 用金額幫我估"))
    assert "3,528 公升" in answer and "平均單價 27.24 元/公升" in answer and "來源" in answer
    assert "製程排放" in answer.split("來源")[-1]  # back to the question it interrupted


def test_electricity_money_by_month_segments_is_added_up_then_estimated(chat):
    who = started(chat)
    answer = texts(chat(who, "電費1到6月每個月大概3萬 7到12月每個月4萬5"))
    assert "450,000 元" in answer and "計費度數" in answer
    answer = texts(chat(who, "度數我找不到，用金額幫我估"))
    assert "1–6 月 6 個月 × 每月 30,000 元 + 7–12 月 6 個月 × 每月 45,000 元 = 450,000 元" in answer
    assert "450,000 元 ÷ 平均單價 3.8041 元/度 ≈ 118,293 度" in answer  # 2024's high-voltage average and "來源" in answer


def test_an_approximate_count_answered_to_the_question_is_said(chat):
    who = started(chat)
    assert "幾台" in texts(chat(who, "辦公室冷氣每台R-410A 1.5公斤"))
    answer = texts(chat(who, "三十幾台"))
    assert "「三十幾」先以 30 台計" in answer and "45 公斤" in answer


def test_amounts_month_by_month_add_up_aloud_and_a_month_corrected_later_is_that_month(chat):
    who = started(chat)
    answer = texts(chat(who, "電費單逐月：1月6.1萬度、2月5.4萬、3月6.3萬，其餘月份每個月大概6.5萬"))
    assert "1 月 61,000 度 + 2 月 54,000 度 + 3 月 63,000 度 + 其他 9 個月 × 每月 65,000 度 = 763,000 度" in answer
    answer = texts(chat(who, "剛剛電的2月打錯了，應該是5.9萬"))
    assert "2 月 59,000 度" in answer and "768,000 度" in answer
    other = started(chat)
    answer = texts(chat(other, "用電每個月大概12萬度，只有2月比較少，8萬"))
    assert "其他 11 個月 × 每月 120,000 度 + 2 月 80,000 度 = 1,400,000 度" in answer
    short = started(chat)
    answer = texts(chat(short, "用電1月4萬度、2月4萬2千"))
    assert "3–12 月的呢" in answer and "已記" not in answer
    answer = texts(chat(short, "其他月份每個月4萬"))
    assert "3–12 月 10 個月 × 每月 40,000 度 = 482,000 度" in answer
    opened = started(chat)
    answer = texts(chat(opened, "新廠9月才開工，用電每個月大概5萬度"))
    assert "9–12 月 4 個月 × 每月 50,000 度 = 200,000 度" in answer and "× 12 個月" not in answer
    gas = started(chat)
    answer = texts(chat(gas, "炒鍋用桶裝瓦斯，20公斤的，1到2月跟12月每個月8桶，其他月份每個月2桶"))
    assert "1、2、12 月 3 個月 × 8 桶 + 其他 9 個月 × 2 桶 = 一年 42 桶" in answer and "840 公斤" in answer


def test_the_tuning_corpus_reaches_issue_12s_figures(chat):
    """The realistic conversations (tests/conversations/inventory/tuning.yml) through the stack."""
    outcomes = [play(conversation, chat) for conversation in load(CORPUS_DIR / "tuning.yml")]
    totals = [o for o in outcomes if o.conversation.expects_total]
    within = sum(o.total_ok for o in totals) / len(totals)
    wrong = [(o.conversation.id, o.wrong) for o in outcomes if o.wrong]
    turns = statistics.median(o.turns for o in outcomes)
    failed = [o.conversation.id for o in outcomes if not o.passed]
    assert within >= 0.95, (within, failed)
    assert wrong == []
    assert turns <= 12


def test_magnitudes_half_hours_unit_sizes_prices_and_corrected_sizes(chat):
    who = started(chat, "2024")
    assert "2.4 million kWh = 2,400,000 kWh" in texts(chat(who, "electricity 每月大約 2.4 million kWh"))
    assert "20 人 × 每天 8.5 小時 × 280 天 = 47,600 小時" in texts(chat(who, "員工20人，每天8個半小時，一年280天"))
    answer = texts(chat(who, "冷凍庫兩台，R-404A，一台填充量60公斤，另一台45公斤"))
    assert "2 台分別 60 + 45 = 105 公斤" in answer and "已經有一筆" not in answer
    other = started(chat)
    assert "金額" in texts(chat(other, "公務車一台汽油，每個月油錢大概四千"))
    answer = texts(chat(other, "一公升大概25塊啦"))
    assert "4,000 元 ÷ 每公升 25 元 = 160 公升" in answer and "1,920 公升" in answer
    chat(other, "烤爐用的瓦斯是4公斤小桶，一年大概叫了60桶")
    assert "1,200 公斤" in texts(chat(other, "不好意思我說錯了，是20公斤的鋼瓶60瓶，不是4公斤的"))
    answer = texts(chat(other, "剛剛那個瓦斯是隔壁公司的，不是我們的，刪掉"))
    assert "已刪除" in answer and "液化石油氣" in answer
