"""actions/faq.py's actions on recorded trackers (tests/actions/fixtures/): a follow-up is answered against the
topic of the previous answer, an unclear message is asked back, a question in the middle of an inventory is
answered and the inventory's question asked again, and data the classifier took for a question goes to the
inventory."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.bubbles import answer_text, phone_bubbles
from actions.faq import TOPIC_SLOT, ActionAnswerFaq, ActionNotSure
from actions.inventory_chat.dialogue import Dialogue
from actions.inventory_chat.state import InventoryState
from actions.inventory_session import ACTIVE_SLOT, STATE_SLOT
from actions.messages import message
from contracts import payloads
from knowledge import get_knowledge
from tests.actions import dispatched
from tests.actions.trackers import load, saying

KB = get_knowledge()
HUMAN = {"title": message("button_human"), "payload": "/request_human"}


def test_a_follow_up_is_answered_against_the_topic_slot(dispatcher, domain):
    events = ActionAnswerFaq().run(dispatcher, load("faq_follow_up"), domain)

    entry = KB.entry("counselling_cost")  # "那要多少錢" after 查證輔導: its cost, not the carbon fee the NLU guessed
    assert events == [SlotSet(TOPIC_SLOT, entry.id)]
    assert dispatched.texts(dispatcher) == phone_bubbles(answer_text(entry))
    assert dispatched.customs(dispatcher) == [
        payloads.FaqPayload(type=payloads.FAQ, entry_id=entry.id, topic=entry.topic)]
    assert dispatcher.messages[-2]["buttons"][-1] == HUMAN  # the last bubble offers a person


def test_without_the_topic_the_same_message_is_the_nlus_guess(dispatcher, domain):
    events = ActionAnswerFaq().run(dispatcher, load("faq_follow_up", slots={TOPIC_SLOT: None}), domain)

    assert events == [SlotSet(TOPIC_SLOT, "carbon_fee_rate")]


def test_an_unclear_message_in_a_topic_is_asked_back_and_keeps_the_topic(dispatcher, domain):
    tracker = saying("faq_follow_up", "這個那個怎麼弄", "nlu_fallback", 0.3)
    events = ActionNotSure().run(dispatcher, tracker, domain)

    topic = KB.entry("verification_counselling")
    assert events == []
    assert dispatched.texts(dispatcher) == [message("clarify_entry", title=topic.title)]
    assert dispatched.customs(dispatcher) == [payloads.ClarifyPayload(type=payloads.CLARIFY, choices=[topic.id])]
    assert dispatched.payloads(dispatcher) == [f"/{topic.intent}", "/rephrase", "/request_human"]


def test_a_question_during_an_inventory_is_answered_then_its_question_asked_again(dispatcher, domain):
    tracker = saying("inventory_collecting", "碳費費率多少", "faq_carbon_fee_rate", 0.95)
    events = ActionAnswerFaq().run(dispatcher, tracker, domain)

    assert events == [SlotSet(TOPIC_SLOT, "carbon_fee_rate")]  # the inventory slot is left as it was
    assert [c["type"] for c in dispatched.customs(dispatcher)] == [payloads.FAQ]
    resumed = Dialogue().resume_prompt(tracker.get_slot(STATE_SLOT))
    assert dispatcher.messages[-1]["text"] == resumed.messages[-1]["text"]


def test_data_the_classifier_took_for_a_question_goes_to_the_inventory(dispatcher, domain):
    tracker = saying("inventory_collecting", "天然氣一年3,882立方公尺", "faq_carbon_fee_rate", 0.5)
    events = ActionAnswerFaq().run(dispatcher, tracker, domain)

    set_slots = dispatched.slots(events)
    state = InventoryState.from_json(set_slots[STATE_SLOT])
    assert [(line.source, line.amount) for line in state.lines_of("stationary")] == [("natural_gas", "3882")]
    assert set_slots[ACTIVE_SLOT] is True
    assert TOPIC_SLOT not in set_slots and dispatched.customs(dispatcher) == []


def test_a_subject_no_entry_answers_is_said_so_and_a_person_offered_first(dispatcher, domain):
    tracker = saying("faq_follow_up", "盤查的單據跟報告到底要保存多久", "faq_inventory_documents", 0.7)
    events = ActionAnswerFaq().run(dispatcher, tracker, domain)

    assert events == []  # the topic stays: nothing was answered
    (text,) = dispatched.texts(dispatcher)
    assert "保存年限" in text and "專人" in text
    assert dispatched.payloads(dispatcher)[0] == "/request_human"
    assert dispatched.customs(dispatcher) == [payloads.FallbackPayload(type=payloads.FALLBACK, intent="uncovered")]


def test_a_question_taken_for_data_is_answered_by_the_refrigerant_its_code_names(dispatcher, domain):
    from actions.faq import answer_question_not_inventory

    text = "冷氣機上禮拜漏冷媒，叫人來補了2.5公斤（R410A），這個補充量要寫進盤查嗎？"
    events = answer_question_not_inventory(dispatcher, saying("faq_follow_up", text, "inform_activity", 0.96,
                                                               slots={TOPIC_SLOT: None}))
    assert SlotSet(TOPIC_SLOT, "refrigerant") in events


def test_a_field_asked_of_the_answer_just_given_is_that_line_not_the_answer_again(dispatcher, domain):
    from actions.faq import ActionAnswerFaq

    tracker = saying("faq_follow_up", "要上幾天", "follow_up", 0.8, slots={TOPIC_SLOT: "course_seed"})
    events = ActionAnswerFaq().run(dispatcher, tracker, domain)

    entry = KB.entry("course_seed")
    days = next(line for line in entry.answer.splitlines() if line.startswith(message("aspect_field_line", label="天數")))
    assert events == [SlotSet(TOPIC_SLOT, "course_seed")]
    texts = dispatched.texts(dispatcher)
    assert len(texts) == 1 and days in texts[0] and entry.source in texts[0]
    assert entry.answer.splitlines()[0] not in texts[0]  # not the whole answer again
    assert dispatcher.messages[0]["buttons"][0] == {"title": message("button_full_answer"), "payload": f"/{entry.intent}"}


def test_the_same_field_asked_after_another_answer_gets_the_whole_entry(dispatcher, domain):
    from actions.faq import ActionAnswerFaq

    tracker = saying("faq_follow_up", "種子班要上幾天", "faq_course_seed", 0.9, slots={TOPIC_SLOT: "refrigerant"})
    ActionAnswerFaq().run(dispatcher, tracker, domain)
    assert dispatched.texts(dispatcher) == phone_bubbles(answer_text(KB.entry("course_seed")))
