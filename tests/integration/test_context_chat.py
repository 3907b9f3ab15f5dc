"""Understanding in context through the running stack (gateway → Rasa → actions → knowledge/): follow-ups
answered for the previous topic, rules applied to the user's numbers, phone-sized answers, small talk."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.fakes.replies import payloads, texts

pytestmark = pytest.mark.rasa


def sender() -> str:
    return f"test-ctx-{uuid.uuid4().hex[:8]}"


def conversation(chat, *turns: str) -> list[dict]:
    who = sender()
    replies: list[dict] = []
    for turn in turns:
        replies = chat(who, turn)
    return replies


@pytest.mark.parametrize("turns, expected", [
    (["查證輔導是什麼", "那要多少錢"], "9萬"),
    (["2024年電力係數多少", "那2025呢"], "0.474"),
    (["碳足跡輔導在做什麼", "那要找誰"], "朱志弘"),
    (["冷媒要怎麼算", "那R22呢"], "R-22"),
])
def test_a_follow_up_is_answered_for_the_previous_topic(chat, turns, expected):
    assert expected in texts(conversation(chat, *turns))


def test_numbers_in_a_follow_up_are_applied_to_the_topics_rule(chat):
    answer = texts(conversation(chat, "碳費什麼時候開始收", "我們一年大概500噸要繳嗎"))
    assert "500" in answer and "25,000" in answer and "不用繳碳費" in answer


@pytest.mark.parametrize("question, verdict, must_say", [
    ("員工250人，資本額2億，可以參加輔導嗎", "❌", "250"),
    ("我们公司资本额8000万，员工250人，可以申请吗", "✅", "8,000萬元"),
    ("250 人可以申請嗎", "❓", "1億元以下"),
    ("我們一年排放大概3萬噸，碳費要繳多少", "✅", "1,500,000 元"),
    ("年排放剛好25000公噸要繳碳費嗎", "✅", "0 元"),
    ("我們是製造業，年排放3萬噸，要不要去登錄", "✅", "4/30"),
    ("我們做螺絲外銷歐洲，CBAM會影響到我們嗎", "✅", "7318"),
    ("做成衣出口歐盟，CBAM有管到嗎", "❌", "成衣"),
])
def test_a_rule_is_applied_and_its_verdict_said_plainly(chat, question, verdict, must_say):
    replies = conversation(chat, question)
    assert replies[0]["text"].startswith(verdict), replies[0]["text"]  # the verdict is the first bubble
    answer = texts(replies)
    assert must_say in answer and "資料來源" in answer


def test_the_first_bubble_of_an_answer_fits_a_phone(chat):
    for question in ("查證機構有哪些", "碳費怎麼算", "冷媒怎麼算", "員工250人，資本額2億，可以參加輔導嗎"):
        replies = conversation(chat, question)
        first = next(m["text"] for m in replies if m.get("text"))
        assert len(first) <= 200, (question, len(first), first)
        assert "資料來源" in texts(replies)  # the details follow, source included


def test_contacts_are_tappable(chat):
    replies = conversation(chat, "盤查輔導的窗口是哪位")
    buttons = payloads(replies)
    assert "tel:+886227844188,5148" in buttons and "mailto:pol78917@ftis.org.tw" in buttons


def test_several_questions_answer_the_first_and_offer_the_second(chat):
    replies = conversation(chat, "冷媒怎麼算？化糞池又要怎麼算？")
    assert "逸散率" in texts(replies)
    assert "/faq_septic_tank" in payloads(replies)


@pytest.mark.parametrize("message, expected", [
    ("👍", "不客氣"),
    ("好的", "不客氣"),
    ("OK", "不客氣"),
    ("我先去找電費單，晚點再回來", "回來"),
])
def test_small_talk_gets_a_courteous_answer(chat, message, expected):
    answer = texts(conversation(chat, message))
    assert expected in answer and "不太確定" not in answer and "範圍" not in answer


def test_coming_back_later_during_an_inventory_says_the_data_are_kept_and_how_to_resume(chat):
    who = sender()
    chat(who, "我想做碳盤查")
    chat(who, "2024")
    answer = texts(chat(who, "我先去找電費單，晚點再回來"))
    assert "保留" in answer and "繼續" in answer


def test_no_source_line_names_a_file(chat):
    for question in ("碳費怎麼算", "2024年電力係數多少", "查證機構有哪些", "GWP要用AR4還是AR5"):
        answer = texts(conversation(chat, question))
        assert not re.search(r"\.(md|ya?ml|csv)\b|reference/|official/", answer), answer


def test_an_unsure_follow_up_is_asked_back_with_buttons(chat):
    # neither the word lists nor the follow-up model is sure which deadline a refrigerant has
    replies = conversation(chat, "冷媒要怎麼算", "有期限嗎")
    answer = texts(replies)
    assert "您是問「冷媒怎麼計算」的截止日嗎" in answer, answer
    assert "/faq_apply_deadlines" in payloads(replies) and "/rephrase" in payloads(replies)


@pytest.mark.parametrize("turns, must_say", [
    (["電力排碳係數是多少", "12萬度 這樣算多嗎"], ["120,000 度 × 0.474", "56.9 公噸CO2e", "開始盤查"]),
    (["有教學影片嗎", "連結給我"], []),
    (["種子班上什麼", "要上幾天"], ["天數"]),
])
def test_a_short_follow_up_gets_what_it_asks_of_the_answer(chat, turns, must_say):
    replies = conversation(chat, *turns)
    answer = texts(replies)
    assert all(word in answer for word in must_say), answer
    assert not re.search(r"不客氣|不在.*範圍", answer), answer  # neither a courtesy nor a decline
