"""What a message means in the conversation (actions/context.py), without Rasa: rules first, then follow-ups
resolved against the topic, a question back when unsure, then the NLU's entry."""

from __future__ import annotations

from actions.context import understand
from knowledge import get_knowledge, normalize_text

KB = get_knowledge()


def read(text: str, intent: str = "nlu_fallback", confidence: float = 0.0, topic: str | None = None):
    return understand(normalize_text(text), intent, confidence, [], topic, KB)


def test_numbers_make_a_rule_whatever_the_nlu_thought():
    understood = read("員工250人，資本額2億，可以參加輔導嗎", "inform_activity", 0.9)
    assert understood.kind == "rule" and understood.rule.decision == "no"


def test_a_follow_up_overrides_a_weak_guess_of_the_nlu():
    understood = read("那要多少錢", "faq_carbon_fee_rate", 0.4, topic="verification_counselling")
    assert (understood.kind, understood.entry.id) == ("entry", "counselling_cost")


def test_unsure_follow_ups_are_asked_back_with_the_aspect():
    understood = read("要錢嗎", topic="refrigerant")
    assert understood.kind == "clarify" and understood.choices[0].id == "counselling_cost"
    assert understood.aspect == "費用"


def test_a_confident_question_of_its_own_is_answered_as_recognised():
    understood = read("碳費怎麼算", "faq_carbon_fee_rate", 0.9, topic="verification_counselling")
    assert (understood.kind, understood.entry.id) == ("entry", "carbon_fee_rate")


def test_out_of_scope_after_an_answer_is_not_taken_for_a_vague_follow_up():
    assert read("台中有什麼好吃的", "out_of_scope", 0.8, topic="carbon_fee_rate").kind == "none"


def test_several_questions_answer_the_first_and_offer_the_second():
    understood = read("冷媒怎麼算？化糞池又要怎麼算？", "faq_septic_tank", 0.5)
    assert understood.entry.id == "refrigerant" and understood.second.id == "septic_tank"
