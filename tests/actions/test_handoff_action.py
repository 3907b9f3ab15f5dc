"""actions/handoff.py and the fallback part of actions/faq.py on JSON trackers built here (run in .venv-rasa, with
rasa_sdk): routing to the right contact, the handoff payload only when the user plainly asks for a person, the
right contact offered (not a ticket) for sensitive topics, two fallbacks in a row, long pastes and ordinary
remarks."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq, ActionNotSure
from actions.handoff import ActionHandoff
from actions.small_talk import ActionSmallTalk

ACTIONS = {action.name(): action for action in (ActionHandoff(), ActionNotSure(), ActionAnswerFaq(),
                                                ActionSmallTalk())}


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "timestamp": 1.0,
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}}


def bot(text: str | None = None, custom: dict | None = None) -> dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": 1.0, "data": {"custom": custom} if custom else {}}


def with_entities(event: dict[str, Any], **entities: str) -> dict[str, Any]:
    """A button payload as Rasa parses it: /intent{"entity": "value"} gives the entities."""
    event["parse_data"]["entities"] = [{"entity": k, "value": v} for k, v in entities.items()]
    return event


def collected_inventory() -> dict[str, Any]:
    """The inventory slot of a user who gave a forklift's diesel per month."""
    from datetime import date

    from actions.inventory_chat.dialogue import Dialogue, Turn

    dialogue, state = Dialogue(today=date(2026, 12, 1)), None
    for intent, text in (("inventory_start", "我想做碳盤查"), ("inform_year", "去年"),
                         ("inform_activity", "堆高機柴油一個月大概加200公升")):
        state = dialogue.handle(state, Turn(intent, text)).state
    return state


def tracker(*events: dict[str, Any], slots: dict[str, Any] | None = None) -> dict[str, Any]:
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return {"sender_id": "test", "slots": slots or {}, "latest_message": latest["parse_data"] | {"text": latest["text"]},
            "events": list(events), "paused": False, "followup_action": None, "active_loop": {},
            "latest_action_name": "action_listen"}


CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "plain request": ("action_handoff", tracker(user("我要找真人", "request_human"))),
    "words: offset": ("action_handoff", tracker(user("碳權的問題想找專人", "request_human"))),
    "words: authority": ("action_handoff", tracker(user("我想找工業局的承辦人", "request_human"))),
    "button after an offset FAQ": ("action_handoff", tracker(
        user("抵換專案是什麼", "faq_term_offset"), bot("答案"), user("/request_human", "request_human"))),
    "button after an eligibility FAQ": ("action_handoff", tracker(
        user("輔導資格", "faq_sme_definition"), bot("答案"), user("/request_human", "request_human"))),
    "words beat the last FAQ": ("action_handoff", tracker(
        user("輔導資格", "faq_sme_definition"), bot("答案"), user("碳足跡的部分想找專人", "request_human"))),
    "complaint": ("action_handoff", tracker(user("你們的服務太差了，我要投訴", "complaint"))),
    "eligibility dispute": ("action_handoff", tracker(user("為什麼說我們不符合資格", "eligibility_dispute"))),
    "verification quote": ("action_handoff", tracker(user("請給我報價", "verification_quote"))),
    "sensitive button": ("action_handoff", tracker(with_entities(
        user('/request_human{"handoff_topic": "programme", "handoff_reason": "sensitive"}', "request_human"),
        handoff_topic="programme", handoff_reason="sensitive"))),
    "no person named": ("action_handoff", tracker(user("要找誰問？給我電話", "request_human"))),
    "declines a person": ("action_handoff", tracker(user("不用找人，我們繼續算", "request_human"))),
    "long paste": ("action_handoff", tracker(user("電費單內容：" + "計費期間 113/01/05-113/03/04 計費度數 8,967 度 " * 40,
                                                  "request_human"))),
    "remark, not a complaint": ("action_handoff", tracker(user("老闆說要我來問一下碳費的事", "complaint"))),
    "remark, not a dispute": ("action_handoff", tracker(user("沒有焊接，我們是SMT迴焊", "eligibility_dispute"))),
    "a job, not a request": ("action_handoff", tracker(user("你們計畫有在找人嗎 我女兒剛畢業", "request_human"))),
    "with inventory": ("action_handoff", tracker(
        user("我要找真人", "request_human"),
        slots={"inventory": collected_inventory(), "inventory_result": {"total_tco2e": 0.78}})),
    "one fallback": ("action_not_sure", tracker(user("這個那個怎麼弄", "nlu_fallback"))),
    "two fallbacks": ("action_not_sure", tracker(
        user("碳權那個東西", "nlu_fallback"), bot("抱歉"), user("這個那個怎麼弄", "nlu_fallback"))),
    "fallback, handoff, fallback": ("action_not_sure", tracker(
        user("這個那個", "nlu_fallback"), bot("抱歉"), user("還是不懂", "nlu_fallback"),
        bot(custom={"type": "handoff"}), user("再問一次", "nlu_fallback"))),
    "thumbs up": ("action_small_talk", tracker(user("👍", "acknowledge"))),
    "later, mid-inventory": ("action_small_talk", tracker(
        user("我先去找電費單，晚點再回來", "come_back_later"),
        slots={"inventory": {"status": "collecting", "year": 2024, "lines": []}})),
    "follow-up on the topic": ("action_answer_faq", tracker(
        user("那要多少錢", "follow_up"), slots={"faq_topic": "verification_counselling"})),
    "fallback then out of scope": ("action_not_sure", tracker(
        user("這個那個", "nlu_fallback"), bot("抱歉"), user("明天會下雨嗎", "out_of_scope"))),
    "every contact asked for": ("action_handoff", tracker(user("所有窗口的聯絡方式都給我", "request_human"))),
    "a question that looked like a complaint": ("action_handoff", tracker(
        user("顧問叫我整理盤查資料給他 但我不知道外購電力要附哪些單據", "complaint"))),
    "a rule applied to an earlier turn": ("action_answer_faq", tracker(
        user("我們工廠做鋁擠型", "inform_company"), bot("好的"), user("CBAM是什麼", "faq_cbam_overview"), bot("答案"),
        user("那我們會被影響嗎", "follow_up"), slots={"faq_topic": "cbam_overview"})),
}


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Any]]:
    """Each case's action run on its tracker: the messages it sent and the events it returned."""
    out = {}
    for case, (action, state) in CASES.items():
        dispatcher = CollectingDispatcher()
        events = ACTIONS[action].run(dispatcher, Tracker.from_dict(state), {})
        out[case] = {"messages": dispatcher.messages, "events": events}
    return out


def handoff_of(result: dict[str, Any]) -> dict[str, Any] | None:
    return next((m["custom"] for m in result["messages"] if (m.get("custom") or {}).get("type") == "handoff"), None)


def text_of(result: dict[str, Any]) -> str:
    return "\n".join(m.get("text") or "" for m in result["messages"])


@pytest.mark.parametrize("case, topic, contact_id, reason, must_show", [
    ("plain request", "inventory", "ftis_inventory", "user_request",
     ["范御羣", "工程師", "(02)2784-4188 分機 5148", "pol78917@ftis.org.tw"]),
    ("words: offset", "offset", "ftis_offset", "user_request", ["楊智傑", "研究員", "分機 5248", "jackyang@ftis.org.tw"]),
    ("words: authority", "authority", "idb_authority", "user_request", ["林玠佑", "技正", "(02)2754-1255 分機 2714"]),
    ("button after an offset FAQ", "offset", "ftis_offset", "user_request", ["楊智傑"]),
    ("button after an eligibility FAQ", "programme", "ftis_programme", "user_request", ["馬勝雄", "協理", "分機 5130"]),
    ("words beat the last FAQ", "footprint", "itri_footprint", "user_request",
     ["朱志弘", "資深工程師", "(03)591-2565", "vespachu@itri.org.tw"]),
    ("sensitive button", "programme", "ftis_programme", "sensitive", ["馬勝雄"]),
])
def test_handoff_routes_to_the_right_contact(results, case, topic, contact_id, reason, must_show):
    result = results[case]
    payload = handoff_of(result)
    assert payload is not None, result
    assert (payload["topic"], payload["contact_id"], payload["reason"]) == (topic, contact_id, reason)
    shown = text_of(result)
    for fact in must_show:
        assert fact in shown, (fact, shown)
    assert "E-mail" in shown and "電話" in shown


def test_the_footprint_contact_has_no_extension(results):
    assert "分機" not in text_of(results["words beat the last FAQ"])


def test_the_inventory_collected_so_far_travels_with_the_handoff(results):
    """Staff read it in the console as the read-back reads: Chinese lines with their arithmetic, no ids."""
    payload = handoff_of(results["with inventory"])
    summary = "\n".join(payload["inventory"]["summary"])
    assert "2025" in summary and "柴油（堆高機）：一年 2,400 公升" in summary and "每月 200 公升 × 12 個月" in summary
    assert "diesel" not in summary and "{" not in summary
    assert payload["inventory_result"] == {"total_tco2e": 0.78}
    assert "inventory" not in handoff_of(results["plain request"])


def buttons_of(result: dict[str, Any]) -> list[str]:
    return [b["payload"] for m in result["messages"] for b in m.get("buttons") or []]


@pytest.mark.parametrize("case, topic, name", [
    ("complaint", "programme", "馬勝雄"),
    ("eligibility dispute", "programme", "馬勝雄"),
    ("verification quote", "inventory", "范御羣"),
    ("no person named", "inventory", "范御羣"),
])
def test_a_sensitive_topic_or_a_vague_request_offers_the_contact_and_opens_nothing(results, case, topic, name):
    result = results[case]
    assert handoff_of(result) is None
    assert name in text_of(result)
    buttons = buttons_of(result)
    assert any(p.startswith("/request_human{") and f'"handoff_topic": "{topic}"' in p for p in buttons), buttons
    assert any(p.startswith("tel:+886") for p in buttons) and any(p.startswith("mailto:") for p in buttons)


def test_each_reason_has_its_own_opening(results):
    openings = {results[c]["messages"][0]["text"].split("\n")[0] for c in ("plain request", "sensitive button")}
    assert len(openings) == 2


def test_two_fallbacks_offer_a_person_and_another_phrasing_without_a_ticket(results):
    result = results["two fallbacks"]
    assert handoff_of(result) is None
    assert {"/request_human", "/rephrase"} <= set(buttons_of(result))


@pytest.mark.parametrize("case", ["declines a person", "long paste", "remark, not a complaint", "remark, not a dispute",
                                  "a job, not a request"])
def test_ordinary_remarks_and_long_pastes_never_open_a_ticket(results, case):
    result = results[case]
    assert handoff_of(result) is None, text_of(result)
    assert text_of(result).strip()  # the bot still answers


def test_one_fallback_says_not_sure_and_marks_the_question_for_the_staff(results):
    result = results["one fallback"]
    assert handoff_of(result) is None
    assert "不太確定" in text_of(result)
    assert {"type": "fallback", "intent": "nlu_fallback"} in [m.get("custom") for m in result["messages"]]
    assert any(b["payload"] == "/request_human" for m in result["messages"] for b in m.get("buttons") or [])


def test_a_handoff_resets_the_fallback_count_and_out_of_scope_does_not_count(results):
    for case in ("fallback, handoff, fallback", "fallback then out of scope"):
        assert handoff_of(results[case]) is None, case
        assert any((m.get("custom") or {}).get("type") == "fallback" for m in results[case]["messages"])


def test_small_talk_is_courteous_and_says_what_is_kept(results):
    from actions.messages import message

    assert text_of(results["thumbs up"]) == message("small_talk_ack")
    assert message("small_talk_later") in text_of(results["later, mid-inventory"])


def test_a_follow_up_is_answered_for_the_topic_slot_and_sets_it(results):
    result = results["follow-up on the topic"]
    assert "9萬" in text_of(result)
    assert {"event": "slot", "name": "faq_topic", "value": "counselling_cost", "timestamp": None} in [
        {k: e.get(k) for k in ("event", "name", "value", "timestamp")} for e in result["events"]]


def test_a_request_for_every_contact_gets_the_contacts_entry(results):
    result = results["every contact asked for"]
    assert handoff_of(result) is None
    assert {"type": "faq", "entry_id": "contacts_all", "topic": "contacts"} in [m.get("custom") for m in result["messages"]]


def test_a_question_that_only_looked_like_a_complaint_is_answered(results):
    result = results["a question that looked like a complaint"]
    assert handoff_of(result) is None
    answered = [m["custom"]["entry_id"] for m in result["messages"] if (m.get("custom") or {}).get("type") == "faq"]
    assert answered == ["inventory_documents"], text_of(result)


def test_a_follow_up_asking_whether_the_rule_applies_uses_the_product_said_before(results):
    rules = [m["custom"] for m in results["a rule applied to an earlier turn"]["messages"]
             if (m.get("custom") or {}).get("type") == "rule"]
    assert rules and rules[0]["rule"] == "cbam" and rules[0]["decision"] == "yes"
