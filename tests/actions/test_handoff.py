"""actions/handoff.py on recorded trackers (tests/actions/fixtures/): a plain request after an FAQ goes to that
answer's contact with the handoff payload (and the inventory so far, when one is under way), a declined person
goes back to the inventory, and "那要找誰" after an answer is that topic's contact entry, not a ticket."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.faq import TOPIC_SLOT
from actions.handoff import ActionHandoff
from actions.inventory_chat.dialogue import Dialogue
from actions.inventory_session import STATE_SLOT
from actions.messages import message
from contracts import payloads
from contracts.routing import OFFSET
from knowledge import get_knowledge
from tests.actions import dispatched
from tests.actions.trackers import load, saying

KB = get_knowledge()


def test_a_request_after_an_offset_answer_goes_to_the_offset_contact(dispatcher, domain):
    events = ActionHandoff().run(dispatcher, load("handoff_request"), domain)

    contact = KB.contact_for(OFFSET)
    assert events == []
    assert dispatched.customs(dispatcher) == [payloads.HandoffPayload(
        type=payloads.HANDOFF, topic=OFFSET, contact_id=contact.id, reason=payloads.REASON_USER_REQUEST)]
    (text,) = dispatched.texts(dispatcher)
    assert text.startswith(message("handoff_intro_user_request")) and contact.name in text
    assert any(p.startswith("tel:") for p in dispatched.payloads(dispatcher))


def test_the_inventory_so_far_goes_with_the_request(dispatcher, domain):
    inventory = load("inventory_collecting").slots
    ActionHandoff().run(dispatcher, load("handoff_request", slots=inventory), domain)

    (handoff,) = dispatched.customs(dispatcher)
    summary = "\n".join(handoff["inventory"]["summary"])
    assert "2,400" in summary and "inventory_result" not in handoff  # nothing computed yet
    assert "{" not in summary  # readable lines for the console, not the state's JSON


def test_declining_a_person_goes_back_to_the_inventory(dispatcher, domain):
    tracker = saying("inventory_collecting", "不用找人，我們繼續算", "request_human", 0.8)
    events = ActionHandoff().run(dispatcher, tracker, domain)

    assert events == [] and dispatched.customs(dispatcher) == []
    resumed = Dialogue().resume_prompt(tracker.get_slot(STATE_SLOT))
    assert dispatched.texts(dispatcher) == [message("handoff_declined"), resumed.messages[-1]["text"]]


def test_who_to_ask_after_an_answer_is_the_topics_contact_entry(dispatcher, domain):
    events = ActionHandoff().run(dispatcher, saying("faq_follow_up", "那要找誰", "request_human", 0.8), domain)

    assert events == [SlotSet(TOPIC_SLOT, "contact_inventory")]
    assert [c["type"] for c in dispatched.customs(dispatcher)] == [payloads.FAQ]  # an answer, no ticket
