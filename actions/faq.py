"""Answer FAQ questions from knowledge/ at the time of asking, in the context of the conversation, and decline
honestly when unsure.

The NLU predicts ``faq_<entry id>`` (or a follow-up, or nothing sure); actions/context.py decides what the
message means given the topic of the previous answer (slot ``faq_topic``): a rule applied to the user's
numbers, a follow-up resolved against the topic, a question back when unsure, or the recognised entry. The
answer text, source and date are read from knowledge/ now, so an edited answer is live without retraining.
Answers fit a phone: the first bubble is at most about 200 characters, the details follow in a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.bubbles import answer_text, phone_bubbles
from actions.contact_card import contact_buttons
from actions.context import (
    EARLIER_TURNS,
    OUT_OF_SCOPE_INTENT,
    OUTSIDE,
    Understood,
    searched_entry,
    understand,
    with_named_verifier,
)
from actions.inventory_session import is_active, resume_prompt, send, starts_inventory
from actions.inventory_session import take_over as inventory_take_over
from actions.messages import message
from actions.quick_estimate import quick_estimate
from actions.tracker_history import previous_turn_was_fallback, recent_user_texts
from contracts import payloads
from knowledge import Entry, KnowledgeBase, get_knowledge
from knowledge.followup_vote import Ranking
from knowledge.rules import RuleAnswer, apply_rules, carbon_fee, rules_asked
from nlu.followup_model import FollowUpModel, get_followup_model
from nlu.scope_model import ScopeModel, get_scope_model
from nlu.statements import interpret

MAX_SUGGESTIONS = 3
# Below this lexical score a "related question" is noise, not help (see knowledge.search).
MIN_SUGGESTION_SCORE = 0.15
#: The slot holding the entry answered last: the topic a follow-up is resolved against.
TOPIC_SLOT = "faq_topic"
#: The inventory slot (actions/inventory.py): an unfinished inventory is offered as "回到盤查".
INVENTORY_SLOT = "inventory"


def entry_buttons(entries: list[Entry]) -> list[dict[str, str]]:
    return [{"title": e.title, "payload": f"/{e.intent}"} for e in entries]


def human_button() -> dict[str, str]:
    return {"title": message("button_human"), "payload": "/request_human"}


def take_over(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    return inventory_take_over(dispatcher, tracker)


def resume_inventory(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """An FAQ asked in the middle of collecting data: after the answer, ask the pending question again."""
    outcome = resume_prompt(tracker)
    if outcome is not None:
        send(dispatcher, outcome)


def utter_bubbles(dispatcher: CollectingDispatcher, text: str, buttons: list[dict[str, str]]) -> None:
    """The text in phone-sized bubbles; the buttons under the last one."""
    bubbles = phone_bubbles(text)
    for bubble in bubbles[:-1]:
        dispatcher.utter_message(text=bubble)
    dispatcher.utter_message(text=bubbles[-1], buttons=buttons)


def related_buttons(entry: Entry, second: Entry | None = None) -> list[dict[str, str]]:
    kb = get_knowledge()
    related = [r for r in (kb.entry(rid) for rid in entry.related) if r is not None and r != second]
    buttons = entry_buttons([second] if second else []) + entry_buttons(related[:MAX_SUGGESTIONS])
    if entry.topic == "contacts" and entry.contact and kb.contact(entry.contact):
        buttons = contact_buttons(kb.contact(entry.contact)) + buttons  # type: ignore[arg-type]
    return buttons + [human_button()]


def answer_entry(dispatcher: CollectingDispatcher, entry: Entry, second: Entry | None = None) -> list[dict[str, Any]]:
    utter_bubbles(dispatcher, answer_text(entry), related_buttons(entry, second))
    if second is not None:
        dispatcher.utter_message(text=message("second_question", title=second.title))
    # for the staff dashboard's top topics (the gateway counts these)
    dispatcher.utter_message(json_message=payloads.FaqPayload(type=payloads.FAQ, entry_id=entry.id, topic=entry.topic))
    return [SlotSet(TOPIC_SLOT, entry.id)]


def aspect_lines(entry: Entry, label: str | None) -> list[str]:
    """The lines of an entry's answer that state the field a follow-up asks ("・天數：3天" for 幾天); none when the
    answer has no such field line (the whole answer is given)."""
    if not label:
        return []
    field = message("aspect_field_line", label=label)
    return [line.strip() for line in entry.answer.splitlines() if line.strip().startswith(field)]


def answer_aspect(dispatcher: CollectingDispatcher, entry: Entry, lines: list[str]) -> list[dict[str, Any]]:
    """The field asked of the answer just given, with its source, and the whole answer a button away."""
    footer = message("faq_footer", source=entry.source, as_of=entry.as_of)
    dispatcher.utter_message(text=message("aspect_answer", lines="\n".join(lines), footer=footer, title=entry.title),
                             buttons=[{"title": message("button_full_answer"), "payload": f"/{entry.intent}"},
                                      human_button()])
    dispatcher.utter_message(json_message=payloads.FaqPayload(type=payloads.FAQ, entry_id=entry.id, topic=entry.topic))
    return [SlotSet(TOPIC_SLOT, entry.id)]


def answer_rule(dispatcher: CollectingDispatcher, rule: RuleAnswer) -> list[dict[str, Any]]:
    entry = get_knowledge().entry(rule.entry_id)
    buttons = related_buttons(entry) if entry is not None else [human_button()]
    dispatcher.utter_message(text=rule.verdict)
    utter_bubbles(dispatcher, "\n".join([*rule.details, rule.footer]), buttons)
    dispatcher.utter_message(json_message=rule.marker())
    return [SlotSet(TOPIC_SLOT, rule.entry_id)]


def learned_ranking(text: str, earlier: Sequence[str], topic: str | None, kb: KnowledgeBase,
                    model: FollowUpModel | None = None) -> Ranking:
    """The follow-up model's ranking of the entries for ``text`` after the user's earlier turns (latest first);
    a turn that was a button's payload ("/faq_…") is replaced by the title of the topic it led to. Nothing without
    a topic, or without a trained model (the word lists then resolve follow-ups alone). ``model``: another
    than the trained one (scripts/followup_folds.py scores models trained without a set)."""
    model = model or get_followup_model()
    if model is None or not topic:
        return ()
    context = model_context(earlier, topic, kb)
    return model.rank(context, text) if context else ()


def read_turns(tracker: Tracker, kb: KnowledgeBase) -> tuple[str, list[str]]:
    """The latest message and the user's earlier turns (latest first), normalised."""
    earlier = [kb.normalize(t) for t in recent_user_texts(tracker, EARLIER_TURNS + 1)[1:]]
    return kb.normalize(latest_text(tracker)), earlier


def out_of_scope_now(tracker: Tracker) -> bool:
    """The scope model is sure the latest message, after the earlier turns, is none of ours."""
    kb = get_knowledge()
    text, earlier = read_turns(tracker, kb)
    outside = outside_probability(text, earlier, tracker.get_slot(TOPIC_SLOT), kb)
    return outside is not None and outside >= OUTSIDE


def outside_probability(text: str, earlier: Sequence[str], topic: str | None, kb: KnowledgeBase,
                        model: ScopeModel | None = None) -> float | None:
    """The scope model's probability that ``text`` is none of ours, after the earlier turns when they led to an
    answer (``topic``); None without a trained model (the word lists and the classifier then decide alone)."""
    model = model or get_scope_model()
    if model is None or text.startswith("/"):
        return None  # a button's payload ("/faq_calculator") is ours by construction
    return _outside(model, tuple(model_context(earlier, topic, kb)) if topic else (), text)


@lru_cache(maxsize=64)
def _outside(model: ScopeModel, context: tuple[str, ...], text: str) -> float:
    """One prediction per message: a declined message is weighed by answer_in_context, then again by the decline
    (out_of_scope_now) and, for a message the NLU took for data, by the search's guard."""
    return model.outside(context, text)


def model_context(earlier: Sequence[str], topic: str, kb: KnowledgeBase) -> list[str]:
    """The earlier turns as the models learnt them, oldest first; a button's payload ("/faq_…") is replaced by
    the title of the topic it led to. Empty for a topic the knowledge base no longer has."""
    current = kb.entry(topic)
    if current is None:
        return []
    return [t for t in reversed(earlier) if not t.startswith("/")] or [current.title]


def ask_back(dispatcher: CollectingDispatcher, understood: Understood, topic: str | None) -> list[dict[str, Any]]:
    """"您是問查證輔導的費用嗎？" with the likely answers as buttons; the topic stays."""
    kb = get_knowledge()
    current = kb.entry(topic) if topic else None
    if understood.aspect and current is not None:
        text = message("clarify_aspect", topic=current.title, aspect=understood.aspect)
    else:
        text = message("clarify_entry", title=understood.choices[0].title)
    buttons = entry_buttons(list(understood.choices)) + [
        {"title": message("clarify_none_button"), "payload": "/rephrase"}, human_button()]
    dispatcher.utter_message(text=text, buttons=buttons)
    dispatcher.utter_message(json_message=payloads.ClarifyPayload(
        type=payloads.CLARIFY, choices=[e.id for e in understood.choices]))
    return []


def answer_uncovered(dispatcher: CollectingDispatcher, understood: Understood) -> list[dict[str, Any]]:
    """A subject no entry answers yet: said so, a person offered first, the nearest entry as a button."""
    nearest = [understood.entry] if understood.entry is not None else []
    key = "uncovered" if nearest else "uncovered_no_related"
    dispatcher.utter_message(text=message(key, subject=understood.notes["subject"]),
                             buttons=[human_button(), *entry_buttons(nearest)])
    # counted with the questions the bot could not answer, for the staff to write the missing entry
    dispatcher.utter_message(json_message=payloads.FallbackPayload(type=payloads.FALLBACK, intent="uncovered"))
    return []


def answer_in_context(dispatcher: CollectingDispatcher, tracker: Tracker,
                      claim_only_when_sure: bool = False) -> list[dict[str, Any]] | None:
    """Answer the latest message as a rule, a follow-up or an entry; None when it means none of these.

    ``claim_only_when_sure``: for messages the NLU took for something else (an inventory intent with no
    inventory under way): answer only a rule or a sure follow-up."""
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    kb = get_knowledge()
    topic = tracker.get_slot(TOPIC_SLOT)
    collecting = is_active(tracker.get_slot(INVENTORY_SLOT))
    asked = latest_text(tracker)
    estimate = None if collecting or kb.about_something_else(asked) else quick_estimate(asked, topic)
    if estimate is not None:  # "12萬度 這樣算多嗎" after the electricity factor: the figure, worked out
        utter_bubbles(dispatcher, "\n".join(estimate.lines),
                      [{"title": estimate.start_button, "payload": "/inventory_start"}, human_button()])
        return [SlotSet(TOPIC_SLOT, topic)]
    text, earlier = read_turns(tracker, kb)
    understood = understand(text, str(intent.get("name") or ""), float(intent.get("confidence") or 0.0),
                            latest.get("intent_ranking") or [], topic, kb, earlier,
                            learned_ranking(text, earlier, topic, kb), outside_probability(text, earlier, topic, kb))
    if claim_only_when_sure and understood.kind not in ("rule", "entry"):
        return None
    if understood.kind == "rule" and understood.rule is not None:
        events = answer_rule(dispatcher, understood.rule)
    elif understood.kind == "entry" and understood.entry is not None:
        # "幾天" right after the seed course's answer: the line it asks for, not the same answer again
        lines = aspect_lines(understood.entry, understood.aspect) if understood.entry.id == topic else []
        events = answer_aspect(dispatcher, understood.entry, lines) if lines and understood.second is None \
            else answer_entry(dispatcher, understood.entry, understood.second)
        if "uncovered" in understood.notes:  # the message's other question, which no entry answers
            dispatcher.utter_message(text=message("uncovered_part", subject=understood.notes["uncovered"]),
                                     buttons=[human_button()])
    elif understood.kind == "clarify" and understood.choices:
        events = ask_back(dispatcher, understood, topic)
    elif understood.kind == "uncovered" and not claim_only_when_sure:
        events = answer_uncovered(dispatcher, understood)
    else:
        return None
    resume_inventory(dispatcher, tracker)
    return events


class ActionAnswerFaq(Action):
    """Answers the FAQ entry the NLU recognised — or, in context, the rule or follow-up the message is."""

    def name(self) -> str:
        return "action_answer_faq"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taken = take_over(dispatcher, tracker)  # an answer to the inventory the classifier took for a question
        if taken is not None:
            return taken
        answered = answer_in_context(dispatcher, tracker)
        if answered is not None:
            return answered
        return ActionNotSure().decline(dispatcher, tracker)


class ActionNotSure(Action):
    """Low confidence or out of scope: unless the conversation makes the message clear, say so, suggest up to
    three related questions and offer a person. Twice in a row: offer a person, another phrasing or the
    inventory — never a ticket the user did not ask for."""

    def name(self) -> str:
        return "action_not_sure"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taken = take_over(dispatcher, tracker)  # "冷凍庫", "不知道", a company name: the inventory's answer
        if taken is not None:
            return taken
        answered = answer_in_context(dispatcher, tracker)
        if answered is not None:
            return answered
        return self.decline(dispatcher, tracker)

    def decline(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent != OUT_OF_SCOPE_INTENT and out_of_scope_now(tracker):
            intent = OUT_OF_SCOPE_INTENT  # "冷媒一桶多少錢": none of ours, said so, not "I'm not sure"
        if previous_turn_was_fallback(tracker):
            lead = message("out_of_scope" if intent == OUT_OF_SCOPE_INTENT else "not_sure_twice")
            dispatcher.utter_message(text=lead, buttons=self.ways_forward(tracker))
            dispatcher.utter_message(json_message=payloads.FallbackPayload(type=payloads.FALLBACK, intent=intent, repeated=True))
            return []
        suggestions = [
            entry
            for entry, score in get_knowledge().search(text, limit=MAX_SUGGESTIONS)
            if score >= MIN_SUGGESTION_SCORE
        ]
        if intent == OUT_OF_SCOPE_INTENT:
            lead = message("out_of_scope")
            if suggestions:
                lead += "\n" + message("out_of_scope_suggest")
        else:
            lead = message("not_sure") if suggestions else message("not_sure_no_suggestion")
        dispatcher.utter_message(text=lead, buttons=entry_buttons(suggestions) + [human_button()])
        # the gateway lists the questions the bot could not answer for the staff
        dispatcher.utter_message(json_message=payloads.FallbackPayload(type=payloads.FALLBACK, intent=intent))
        return []

    @staticmethod
    def ways_forward(tracker: Tracker) -> list[dict[str, str]]:
        buttons = [human_button(), {"title": message("button_rephrase"), "payload": "/rephrase"}]
        state = tracker.get_slot(INVENTORY_SLOT)
        if isinstance(state, dict) and state.get("status") == "collecting":
            buttons.append({"title": message("button_back_to_inventory"), "payload": "/inventory_resume"})
        return buttons


class ActionRephrase(Action):
    """"換個說法": how to ask so the bot understands (examples), a person offered."""

    def name(self) -> str:
        return "action_rephrase"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=message("rephrase"), buttons=[human_button()])
        return []


def decline(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Say honestly that the bot is not sure (or that the question is out of scope)."""
    return ActionNotSure().decline(dispatcher, tracker)


#: Intents that start or resume an inventory: never taken for a question


def answer_in_context_not_inventory(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """A message the NLU took for inventory data while no inventory is under way ("我們一年大概500噸要繳嗎",
    "那2025呢" after an answer): answered as a rule or a sure follow-up; None leaves it to the inventory."""
    if starts_inventory(tracker):
        return None
    latest = tracker.latest_message or {}
    # an amount of a named source is inventory data; "我們每個月大概1800噸" after the carbon fee is the rule's
    if any(e.get("entity") == "activity" and isinstance(e.get("value"), dict) and e["value"].get("source")
           for e in latest.get("entities") or []):
        return None
    return answer_in_context(dispatcher, tracker, claim_only_when_sure=True)


def answer_rule_asked(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """A message with numbers that asks, in its own words, a rule's question ("我們是貿易公司 員工才15人 可以申請
    輔導嗎"), or states the firm's total emissions ("去年排放大概3000噸": what the fee rule says of it): the rule's
    answer, though the numbers looked like inventory data; None otherwise."""
    kb = get_knowledge()
    text = kb.normalize((tracker.latest_message or {}).get("text") or "")
    rule = apply_rules(text)
    if rule is None or rule.rule not in rules_asked(text):
        statement = interpret(text)  # 燃料煤一年3000噸 names a fuel: its weight, not the firm's total
        named_source = bool(statement.sources) or any(c.source for c in statement.claims)
        rule = carbon_fee.evaluate(text) if carbon_fee.states_total(text, named_source) else None
        if rule is None and not statement.sources:
            # "員工230 資本額8000萬 做塑膠射出的" right after the eligibility answer: the topic's rule (員工 alone
            # names no source, though the septic tank counts people)
            rule = apply_rules(text, tracker.get_slot(TOPIC_SLOT))
    if rule is None:
        return None
    return answer_rule(dispatcher, rule)


def answer_question_not_inventory(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A question the NLU took for inventory data while no inventory is under way ("CO2焊接用的氣體要乘44/12嗎",
    "說要自付九萬 這筆錢是交給誰"): answered as any question, or declined — it never opens an inventory."""
    return answer_as_question(dispatcher, tracker)


def answer_contacts_entry(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """A request for contacts that names no one ("你們全部的聯絡人跟電話可以一次給我嗎"): the contacts entry the
    search finds for it, when one stands out; None otherwise (the routed contact is offered)."""
    kb = get_knowledge()
    found = searched_entry(kb.normalize(latest_text(tracker)), kb)
    if found is None or found.topic != "contacts":
        return None
    return answer_entry(dispatcher, found, None)


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def answer_as_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A message the NLU took for something else that turned out to be a question (inventory data with no
    inventory, a remark that only looked like a complaint: "顧問說要先整理資料給他 我要準備哪些東西啊"): answered
    in context, else from the search when one entry stands out, else declined."""
    answered = answer_in_context(dispatcher, tracker)
    if answered is not None:
        return answered
    kb = get_knowledge()
    text = kb.normalize(latest_text(tracker))
    # "CO2焊接用的氣體要乘44/12嗎": the classifier saw data, the search sees the entry; "…補了3.5公斤（R404A），這個
    #補充量需要記錄下來嗎": a refrigerant's code settles what the search left open
    found = (searched_entry(text, kb) or kb.pattern_entry(text)) if not out_of_scope_now(tracker) else None
    if found is not None:
        return answer_entry(dispatcher, with_named_verifier(text, found, kb), None)
    return ActionNotSure().decline(dispatcher, tracker)
