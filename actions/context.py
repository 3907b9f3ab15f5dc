"""What a message means in the conversation so far — plain Python, no Rasa (the actions are thin over it).

Given the message, what the NLU made of it and the topic of the previous answer (the ``faq_topic`` slot):
1. a rule applied to the user's numbers (knowledge.rules: eligibility, carbon fee, registry, CBAM),
2. a follow-up resolved against the topic (knowledge.followup) — answered when sure, else a question back
   ("您是問查證輔導的費用嗎？" with buttons),
3. the entry the NLU recognised,
4. nothing: the caller says it is not sure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from knowledge import Entry, KnowledgeBase
from knowledge.followup import Resolution, aspect_of, contact_entry, load_followups, resolve
from knowledge.rules import RuleAnswer, apply_rules

FOLLOW_UP_INTENT = "follow_up"
NLU_FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
#: A FAQ intent the NLU gives with less confidence than this may be overridden by the conversation's topic.
CONFIDENT = 0.6
#: The lowest search score for offering the second question of a message.
MIN_SECOND_SCORE = 0.3
#: A follow-up that has no earlier topic but names its subject is answered from the search when the best
#: entry scores at least this, and this many times the next one.
MIN_SEARCH_SCORE = 0.17
SEARCH_MARGIN = 1.8
_QUESTION_SPLIT = re.compile(r"[?？!！。;；\n]+|(?:另外|還有|以及|順便問)")


@dataclass(frozen=True)
class Understood:
    """``kind``: "rule", "entry", "clarify" or "none"."""

    kind: str
    entry: Entry | None = None
    rule: RuleAnswer | None = None
    #: clarify: the entries to choose from (the likeliest first) and the aspect asked about
    choices: tuple[Entry, ...] = ()
    aspect: str | None = None
    #: several questions in one message: the entry of a later one, to offer
    second: Entry | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def faq_entry(intent: str, kb: KnowledgeBase) -> Entry | None:
    return kb.entry_for_intent(intent) if intent else None


def best_faq(ranking: Sequence[Mapping[str, Any]], kb: KnowledgeBase) -> tuple[Entry | None, float]:
    """The best FAQ intent of the NLU's ranking (for a follow-up intent with no topic to resolve against)."""
    for item in ranking:
        entry = faq_entry(str(item.get("name") or ""), kb)
        if entry is not None:
            return entry, float(item.get("confidence") or 0.0)
    return None, 0.0


def searched_entry(text: str, kb: KnowledgeBase) -> Entry | None:
    """The entry the search alone finds for a message about the programme's subjects, when it stands out."""
    person = kb.named_contact_entry(text)  # 產基會電話多少
    if person is not None:
        return person
    if not kb.mentions_domain(text):
        return None
    hits = kb.search(text, limit=2)
    runner_up = hits[1][1] if len(hits) > 1 else 0.0
    if hits and hits[0][1] >= MIN_SEARCH_SCORE and hits[0][1] >= SEARCH_MARGIN * runner_up:
        return hits[0][0]
    return None


def questions_in(text: str) -> list[str]:
    return [part.strip() for part in _QUESTION_SPLIT.split(text) if len(part.strip()) >= 2]


def second_question(text: str, answered: Entry, kb: KnowledgeBase) -> tuple[Entry | None, Entry | None]:
    """For a message with several questions: (entry of the first question, entry of a later one), by search.

    The NLU reads the whole message; when what it recognised is really a later question, the first one is
    answered and the recognised one offered."""
    parts = questions_in(text)
    if len(parts) < 2:
        return None, None
    found = []
    for part in parts:
        hits = kb.search(part, limit=1)
        found.append(hits[0] if hits and hits[0][1] >= MIN_SECOND_SCORE else None)
    first = found[0][0] if found[0] else None
    later = [hit[0] for hit in found[1:] if hit is not None]
    if first is not None and first.id != answered.id and answered.id in {e.id for e in later}:
        return first, answered
    offer = next((e for e in later if e.id != answered.id), None)
    return None, offer


def understand(text: str, intent: str, confidence: float, ranking: Sequence[Mapping[str, Any]],
               topic: str | None, kb: KnowledgeBase) -> Understood:
    rule = apply_rules(text, topic)
    if rule is not None:
        return Understood("rule", entry=kb.entry(rule.entry_id), rule=rule)
    recognised = _asked_aspect(text, faq_entry(intent, kb), kb)
    if recognised is not None and confidence >= CONFIDENT and topic is None:
        return _with_second(text, recognised, kb)
    resolution = resolve(text, topic, kb) if topic else None
    if resolution is not None and not resolution.sure and intent == OUT_OF_SCOPE_INTENT and confidence >= CONFIDENT:
        resolution = None  # "台中有什麼好吃的" after an answer: out of scope, not a vague follow-up
    if resolution is not None:
        return _resolved(resolution, recognised, confidence, kb)
    if recognised is not None:
        return _with_second(text, recognised, kb)
    if intent == FOLLOW_UP_INTENT and topic is None:
        found = searched_entry(text, kb)  # "資本額上限是多少" with nothing before it: it names its subject
        if found is not None:
            return _with_second(text, found, kb)
    if intent == FOLLOW_UP_INTENT:
        entry, score = best_faq(ranking, kb)
        if entry is not None and score >= 0.2:
            return Understood("clarify", choices=(entry,))
    return Understood("none")


def _asked_aspect(text: str, recognised: Entry | None, kb: KnowledgeBase) -> Entry | None:
    """"碳權那個專案的輔導可以找誰聊": the message names its subject and asks for one of its aspects; when the
    aspect has its own entry for that subject (its contact, or ``by_entry`` in followups.yaml), that entry."""
    if recognised is None or len(questions_in(text)) > 1:
        return recognised  # several questions: the second is offered, not merged into the first
    aspect = aspect_of(text, load_followups())
    if aspect is None:
        return recognised
    if aspect.id == "contact" and recognised.topic not in ("contacts", "apply"):  # 申請表要寄給誰: apply_how
        return contact_entry(recognised, kb) or recognised
    mapped = aspect.by_entry.get(recognised.id)
    return kb.entry(mapped) or recognised if mapped else recognised


def _resolved(resolution: Resolution, recognised: Entry | None, confidence: float,
              kb: KnowledgeBase) -> Understood:
    target = kb.entry(resolution.entry_id)
    assert target is not None, resolution
    aspect = resolution.aspect.label if resolution.aspect else None
    if resolution.sure:
        return Understood("entry", entry=target, aspect=aspect)
    choices = [target]
    if recognised is not None and recognised.id != target.id and confidence >= CONFIDENT:
        choices.append(recognised)
    return Understood("clarify", choices=tuple(choices), aspect=aspect)


def _with_second(text: str, recognised: Entry, kb: KnowledgeBase) -> Understood:
    first, second = second_question(text, recognised, kb)
    if first is not None:
        return Understood("entry", entry=first, second=second)
    return Understood("entry", entry=recognised, second=second)
