"""knowledge/focus.py: the question of a long message, and questions typed one after another without punctuation."""

from __future__ import annotations

from knowledge import get_knowledge, normalize_text
from knowledge.focus import focused_search, question_clause, spoken_questions


def test_a_long_message_is_searched_for_its_question_clause_too():
    text = normalize_text("我們是台南做塑膠射出的小廠，老闆叫我負責這次的碳盤查，顧問一直丟英文縮寫給我，"
                          "請問化糞池那一項排放要怎麼算")
    assert question_clause(text).endswith("化糞池那一項排放要怎麼算")
    assert focused_search(get_knowledge(), text, limit=1)[0][0].id == "septic_tank"


def test_a_short_message_or_one_that_asks_nothing_has_no_question_clause():
    assert question_clause("冷媒怎麼算") is None
    assert question_clause(normalize_text("我們去年的電費單都整理好了，總共十二張，放在會計那邊，下禮拜寄過去給顧問")) is None


def test_questions_typed_without_punctuation_are_split_where_one_ends():
    assert spoken_questions("滅火器要算嗎 化糞池又要怎麼算") == ["滅火器要算嗎", "化糞池又要怎麼算"]
    assert spoken_questions("範疇三是什麼 老闆叫我查") == ["範疇三是什麼 老闆叫我查"]  # the tail asks nothing
    assert spoken_questions("冷媒怎麼算") == ["冷媒怎麼算"]


def test_a_message_whose_first_question_is_marked_keeps_its_order():
    text = normalize_text("聽說政府有免費的輔導可以請顧問到廠裡教我們做碳盤查，真的不用錢嗎？那要找哪個單位申請")
    assert question_clause(text) is None
