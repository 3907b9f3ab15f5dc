"""actions/small_talk.py on recorded trackers (tests/actions/fixtures/): 好的 during an inventory keeps it going,
晚點再回來 is told what is kept, and a courtesy that carries a question is answered as the question."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.faq import TOPIC_SLOT
from actions.inventory_chat.dialogue import Dialogue
from actions.inventory_session import STATE_SLOT
from actions.messages import message
from actions.small_talk import ActionSmallTalk
from tests.actions import dispatched
from tests.actions.trackers import load, saying


def test_ok_during_an_inventory_acknowledges_and_asks_its_question_again(dispatcher, domain):
    tracker = load("inventory_collecting")  # the user said 好的 to the 固定燃燒 question
    events = ActionSmallTalk().run(dispatcher, tracker, domain)

    assert events == []  # nothing recorded: 好的 is not an answer to that question
    resumed = Dialogue().resume_prompt(tracker.get_slot(STATE_SLOT))
    assert dispatched.texts(dispatcher) == [message("small_talk_ack_inventory"), resumed.messages[-1]["text"]]


def test_ok_without_an_inventory_is_a_courteous_answer(dispatcher, domain):
    events = ActionSmallTalk().run(dispatcher, saying("handoff_request", "好的", "affirm"), domain)

    assert events == [] and dispatched.texts(dispatcher) == [message("small_talk_ack")]


def test_come_back_later_says_what_is_kept(dispatcher, domain):
    ActionSmallTalk().run(dispatcher, saying("inventory_collecting", "晚點再回來", "come_back_later"), domain)
    assert dispatched.texts(dispatcher) == [message("small_talk_later")]


def test_come_back_later_with_nothing_filled_in(dispatcher, domain):
    ActionSmallTalk().run(dispatcher, saying("faq_follow_up", "晚點再回來", "come_back_later"), domain)
    assert dispatched.texts(dispatcher) == [message("small_talk_later_nothing")]


def test_a_courtesy_carrying_a_follow_up_is_answered(dispatcher, domain):
    events = ActionSmallTalk().run(dispatcher, saying("faq_follow_up", "好，那要多少錢", "affirm", 0.6), domain)

    assert events == [SlotSet(TOPIC_SLOT, "counselling_cost")]


def _money_asked() -> dict:
    """An inventory whose pending question is the money one ("電費…看起來是金額"): its state slot."""
    from tests.actions.test_inventory_dialogue import Conversation

    conv = Conversation().started()
    conv.say("電費1到6月每個月大概3萬 7到12月每個月4萬5")
    return conv.state


def test_an_answer_to_the_pending_question_that_sounds_like_later_is_the_answer(dispatcher, domain):
    # "找不到" and "幫我估" answer the money question (the estimate), whatever the classifier took it for
    tracker = saying("inventory_collecting", "度數我找不到，用金額幫我估", "come_back_later",
                     slots={STATE_SLOT: _money_asked()})
    events = ActionSmallTalk().run(dispatcher, tracker, domain)
    assert message("small_talk_later") not in dispatched.texts(dispatcher)
    assert any("平均單價" in text for text in dispatched.texts(dispatcher)) and events


def test_looking_for_the_bill_while_a_question_waits_is_still_later(dispatcher, domain):
    tracker = saying("inventory_collecting", "我去找一下電費單，晚點再回來", "come_back_later",
                     slots={STATE_SLOT: _money_asked()})
    ActionSmallTalk().run(dispatcher, tracker, domain)
    assert dispatched.texts(dispatcher) == [message("small_talk_later")]


def test_a_short_request_for_the_link_after_an_answer_is_answered(dispatcher, domain):
    # four characters the classifier took for an acknowledgement, asking the answer's web address
    tracker = saying("faq_follow_up", "網址貼我", "acknowledge", 0.4, slots={TOPIC_SLOT: "online_resources"})
    events = ActionSmallTalk().run(dispatcher, tracker, domain)

    assert message("small_talk_ack") not in dispatched.texts(dispatcher)
    assert events and events[0] == SlotSet(TOPIC_SLOT, events[0]["value"])


def test_a_short_thanks_after_an_answer_stays_a_courtesy(dispatcher, domain):
    tracker = saying("faq_follow_up", "謝謝你", "thanks", 0.9, slots={TOPIC_SLOT: "online_resources"})
    ActionSmallTalk().run(dispatcher, tracker, domain)
    assert dispatched.texts(dispatcher) == [message("small_talk_ack")]
