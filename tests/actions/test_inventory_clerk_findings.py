"""What the lead found trying the bot as a factory clerk, as kinds (each in our own wording and variants):
amounts by month segments add up by their months (never × 12 of one of them), a unit-less refinement of a line
just recorded is offered as its correction, a correction typed while a question waits replaces it, "沒了" closes
only the category asked, approximations are said, an unknown charge said with the equipment goes straight to the
typical charge, and the typical charge shows a range of that kind of equipment."""

from __future__ import annotations

import pytest

from actions.inventory_chat.state import InventoryState
from tests.actions.test_inventory_dialogue import Conversation


@pytest.fixture
def conv() -> Conversation:
    return Conversation().started()


def amounts(conv: Conversation) -> list[tuple[str, str]]:
    return [(ln.source, ln.amount) for ln in conv.lines]


# ---- 1. month segments

@pytest.mark.parametrize(("text", "amount", "shown"), [
    ("電費 7到9月每月五萬五度 其他9個月每月四萬二度", "543000",
     "7–9 月 3 個月 × 每月 55,000 度 + 其他 9 個月 × 每月 42,000 度 = 543,000 度"),
    ("用電 7、8、9月每個月5萬5千度，其餘月份每個月4萬2千度", "543000", "其他 9 個月 × 每月 42,000 度"),
    ("用電夏天（6到9月）每個月6萬度，其他月份每月4萬度", "560000", "6–9 月 4 個月 × 每月 60,000 度"),
    ("上半年每個月用電3萬度，下半年每個月3萬5千度", "390000", "7–12 月 6 個月 × 每月 35,000 度"),
])
def test_month_segments_add_up_by_their_months(conv, text, amount, shown):
    reply = conv.say(text)
    assert amounts(conv) == [("electricity", amount)] and shown in reply
    assert "已經有一筆" not in reply  # the second segment is no second line


def test_segments_short_of_a_year_ask_the_part_year_question(conv):
    reply = conv.say("用電1到6月每月3萬度 7到9月每月4萬度")
    assert "300,000 度只有 9 個月" in reply and not conv.lines
    conv.press("只記這幾個月")
    assert amounts(conv) == [("electricity", "300000")]


def test_one_range_per_month_is_those_months_not_twelve(conv):
    reply = conv.say("7到9月每個月用電5萬5千度")
    assert "165,000 度只有 7–9 月 3 個月的資料" in reply and not conv.lines


@pytest.mark.parametrize("text", ["用電7到9月大概五萬五度 其他月份四萬二度", "電 上半年3萬度 下半年4萬度"])
def test_a_range_amount_without_per_month_is_asked_not_guessed(conv, text):
    reply = conv.say(text)
    assert not conv.lines and "是每個月" in reply and "加起來" in reply
    conv.press("每個月")
    assert len(conv.lines) == 1 and conv.lines[0].source == "electricity"


def test_one_open_range_is_asked_in_its_own_words(conv):
    reply = conv.say("用電7到9月大概五萬五度 其他9個月每個月四萬二度")
    assert "7–9 月的 55,000 度是每個月，還是這 3 個月加起來？" in reply
    conv.say("那是3個月加起來的")
    assert amounts(conv) == [("electricity", "433000")]  # 55,000 + 9 × 42,000


# ---- 2. a unit-less refinement of the line just recorded

def test_a_refinement_by_months_is_offered_as_a_correction(conv):
    conv.say("電費單每個月大概都四萬多度")
    assert amounts(conv) == [("electricity", "480000")]
    reply = conv.say("夏天比較多啦 7到9月大概五萬五 其他月份四萬二左右")
    assert "更正" in reply and "外購電力" in reply and "哪一種用量" not in reply
    assert amounts(conv) == [("electricity", "480000")]  # asked, not changed yet
    conv.press("是，更正")
    reply = conv.say("每個月")
    assert amounts(conv) == [("electricity", "543000")] and "已更新" in reply


def test_a_refinement_that_is_not_a_correction_is_asked_as_new_data(conv):
    conv.say("用電每個月3萬度")
    conv.say("7到9月每月三萬五 其他月份每月兩萬八")
    reply = conv.press("不是，另外一筆")
    assert "哪一種用量" in reply or "是" in reply
    assert amounts(conv) == [("electricity", "360000")]


def test_a_refinement_of_another_magnitude_is_not_offered(conv):
    conv.say("用電每個月3萬度")
    reply = conv.say("7到9月每月300 其他月份每月200")
    assert "更正外購電力" not in reply


# ---- 3. a correction while a question waits

def test_a_correction_typed_at_a_pending_question_replaces_it(conv):
    reply = conv.say("電 7到9月加起來五萬五度")
    assert "只有 3 個月" in reply
    reply = conv.say("不是啦 是7-9月每個月都五萬五 其他9個月每個月四萬二 這是電")
    assert "先回答下面這題" not in reply
    assert [(s, a) for s, a in amounts(conv)] == [("electricity", "543000")]
    assert not InventoryState.from_json(conv.state).pending


@pytest.mark.parametrize("correction", ["我說錯了，電是每個月4萬度", "不對 電每個月是4萬度"])
def test_a_correction_of_the_line_asked_about_cancels_its_question(conv, correction):
    conv.say("用電 48,000 度")  # which period? asked
    conv.say(correction)
    assert amounts(conv) == [("electricity", "480000")]
    assert not InventoryState.from_json(conv.state).pending


def test_a_correction_of_another_line_leaves_the_question_open(conv):
    conv.say("用電一年48萬度")
    conv.say("天然氣一個月的瓦斯費8000元")  # money: the bill's 度 is asked
    reply = conv.say("不對，電是一年50萬度")
    state = InventoryState.from_json(conv.state)
    assert [d.claim.source for d in state.pending] == ["natural_gas"] and "已更新" in reply
    assert amounts(conv) == [("electricity", "500000")]


# ---- 4. 沒了 answers the category asked

@pytest.mark.parametrize("text", ["沒了", "沒有了", "就這樣", "就這些", "沒別的了"])
def test_no_more_closes_only_the_category_asked(conv, text):
    conv.say("鍋爐天然氣一年3萬度")
    reply = conv.say(text)
    state = InventoryState.from_json(conv.state)
    assert state.none == [] and "製程排放" in reply and "沒看懂" not in reply  # the next category is asked
    assert "化糞池" not in reply.split("製程排放")[0]


@pytest.mark.parametrize("text", ["其他都沒有", "剩下都沒有", "別的類別都沒有", "全部就這些"])
def test_explicit_others_close_the_rest(conv, text):
    conv.say("鍋爐天然氣一年3萬度")
    conv.say(text)
    assert len(InventoryState.from_json(conv.state).none) == 7


def test_no_more_at_a_category_without_data_is_none_for_it(conv):
    reply = conv.say("沒有了")
    assert InventoryState.from_json(conv.state).none == ["stationary"] and "製程排放" in reply


def test_no_more_then_settle_reads_back_what_was_never_answered(conv):
    conv.say("用電每個月3萬度")
    reply = conv.say("就這些，結算")
    assert "未回答" in reply and "確認結算" in conv.buttons()
    conv.say("", "inventory_confirm")
    assert conv.result is not None


# ---- 5. approximations are said

@pytest.mark.parametrize(("text", "note"), [
    ("電費單每個月大概都四萬多度", "「四萬多」先以 40,000 度計"),
    ("堆高機柴油一個月兩百多公升", "「兩百多」先以 200 公升計"),
    ("柴油堆高機每個月加個七八百公升吧", "「七八百」先以中間值 750 公升計"),
])
def test_an_approximation_is_recorded_with_its_assumption(conv, text, note):
    reply = conv.say(text)
    assert note in reply and conv.lines
    assert any(note in a for a in _assumptions(conv))


def test_an_approximate_head_count_is_said(conv):
    reply = conv.say("員工三十幾個 八小時 一年上290天")
    assert "「三十幾」先以 30" in reply


def test_about_needs_no_note(conv):
    reply = conv.say("用電每個月大概3萬5千度左右")
    assert "先以" not in reply


# ---- 6. an unknown charge said with the equipment

@pytest.mark.parametrize("text", ["冷氣有5台分離式的 不知道冷媒多少", "分離式冷氣5台 冷媒量不知道"])
def test_an_unknown_charge_goes_to_the_typical_charge_after_the_gas(conv, text):
    reply = conv.say(text)
    assert "哪一種冷媒" in reply
    assert "常見填充量估算" in reply  # said before anything is recorded
    reply = conv.press("R-410A")
    assert "每台填充多少" not in reply and conv.lines and conv.lines[0].estimate
    assert conv.lines[0].amount == "3.5"  # 5 × 0.7 kg, a split unit's typical charge


def test_an_unknown_charge_and_gas_both_estimated(conv):
    conv.say("冷氣有5台分離式的 不知道冷媒多少")
    reply = conv.press("不知道")
    assert "每台填充多少" not in reply and conv.lines and conv.lines[0].estimate


@pytest.mark.parametrize("answer", ["好", "不知道", None])
def test_a_known_gas_and_unknown_charge_offers_the_estimate_once(conv, answer):
    reply = conv.say("辦公室分離式冷氣8台，R-410A，填充量不知道")
    assert "每台填充多少" not in reply and "每台約 0.7 公斤" in reply and "銘牌" in reply and not conv.lines
    conv.say(answer) if answer else conv.press("用常見填充量估算")
    assert conv.lines[0].estimate and conv.lines[0].amount == "5.6"


# ---- 7. the typical charge's range belongs to the equipment

def test_a_split_air_conditioner_is_not_shown_a_range_up_to_100_kg(conv):
    conv.say("冷氣有5台分離式的 不知道冷媒多少")
    reply = conv.press("R-410A")
    assert "100 公斤" not in reply and "0.5–0.9 公斤" in reply


def test_an_unclassified_type_shows_no_range_of_its_whole_class(conv):
    conv.say("冷氣3台 R-32")
    reply = conv.press("不知道")
    assert "0.5–100" not in reply and "估算" in reply
    assert conv.lines[0].amount == "2.1"


def _assumptions(conv: Conversation) -> list[str]:
    from actions.inventory_chat.presenter import note_text

    return [note_text(n) for ln in conv.lines for n in ln.assumptions]


@pytest.mark.parametrize("press", [None, "是，更正"])
def test_the_clerks_electricity_conversation_ends_with_the_segments(conv, press):
    conv.say("電費單每個月大概都四萬多度")
    conv.say("夏天比較多啦 7到9月大概五萬五 其他月份四萬二左右")
    if press:
        conv.press(press)  # then the per-month question waits
    reply = conv.say("不是啦 是7-9月每個月都五萬五 其他9個月每個月四萬二 這是電")
    assert "先回答下面這題" not in reply
    if not press:  # a new statement of the electricity: added or in place of the line? asked
        assert "已經有一筆同樣的資料" in reply
        reply = conv.press("更正，取代原來的")
    assert amounts(conv) == [("electricity", "543000")] and "已更新" in reply
    assert not InventoryState.from_json(conv.state).pending


def test_no_more_beside_a_deletion_and_a_year_keeps_the_deletion_and_the_year(conv):
    conv.say("冷氣 6 台分離式 R-410A，每台 1.5 公斤")
    reply = conv.say("冷氣那筆刪掉，那6台112年就拆了，113年已經沒有了")
    assert "刪除" in reply and not conv.lines and InventoryState.from_json(conv.state).year == 2024


def test_no_more_to_the_company_question_skips_the_company_only():
    conv = Conversation()
    conv.say("我想做碳盤查", "inventory_start")
    conv.say("113年", "inform_year")
    reply = conv.say("沒有了")
    state = InventoryState.from_json(conv.state)
    assert state.none == [] and state.step == "stationary" and "固定燃燒" in reply
