"""What a message means in the conversation so far — plain Python, no Rasa (the actions are thin over it).

Given the message, what the NLU made of it and the topic of the previous answer (the ``faq_topic`` slot):
1. a rule applied to the user's numbers (knowledge.rules: eligibility, carbon fee, registry, CBAM) — also to what
   the user said in the turns before, for a follow-up that asks whether the topic's rule applies ("會被課到嗎"
   after "我們是做鋁門窗的"),
2. a follow-up resolved against the topic (knowledge.followup) — answered when sure, else a question back
   ("您是問查證輔導的費用嗎？" with buttons),
3. the entry the NLU recognised — or, when the NLU could not decide, the entry its classifier and the search agree
   on; with the aspect asked of it ("查證輔導要自己付多少錢" → the cost entry, "溫盤到底是要幹嘛" → the glossary),
4. nothing: the caller says it is not sure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from knowledge import Entry, KnowledgeBase
from knowledge.focus import focused_search, load_focus, spoken_questions
from knowledge.followup import (
    Resolution,
    aspect_of,
    changes_subject,
    contact_entry,
    content_of,
    defined_entry,
    has_cue,
    load_followups,
    names_subject,
    names_verifier,
    resolve,
    spoken_length,
)
from knowledge.followup_data import FollowUps
from knowledge.followup_vote import Ranking, other_entry, vetoed, voted
from knowledge.rules import RuleAnswer, apply_rules, rule_topics, rules_asked
from knowledge.rules.carbon_fee import topics as fee_topics
from knowledge.rules.sme import asked_in_so_many_words as sme_asked_in_so_many_words

FOLLOW_UP_INTENT = "follow_up"
NLU_FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
#: A FAQ intent the NLU gives with less confidence than this may be overridden by the conversation's topic.
CONFIDENT = 0.6
#: The lowest search score for offering the second question of a message.
MIN_SECOND_SCORE = 0.3
#: ... or lower, when it stands out from the next hit by ``SEARCH_MARGIN``
MIN_STANDING_OUT_SCORE = 0.2
#: ... and for answering the other question of a message one of whose questions no entry answers
MIN_SURE_PART_SCORE = 0.45
#: ... and for taking what the NLU recognised for a later question's entry, among that question's first hits
MIN_LATER_SCORE = 0.15
#: ... and a first question searched this surely is its own entry's, whatever the NLU recognised in the message
MIN_CLEAR_FIRST_SCORE = 0.6
LATER_RANKS = 3
#: the recognised entry's share of the first question's best search score at which it answers the first question
FIRST_TIE = 0.9
#: A follow-up that has no earlier topic but names its subject is answered from the search when the best
#: entry scores at least this, and this many times the next one.
MIN_SEARCH_SCORE = 0.17
SEARCH_MARGIN = 1.8
#: A message the NLU could not decide is the entry its classifier ranks first with at least this probability
#: when the search ranks that entry first too (甲烷的GWP要用28還是25: the numbers made it look like data)
AGREEMENT = 0.5
#: The scope model's lowest probability that a message is none of ours (nlu/scope_model.py) that declines it,
#: whatever the NLU and the word lists made of it; chosen on the tuning sets, each scored by a model trained
#: without it (scripts/scope_folds.py)
OUTSIDE = 0.5
#: ... unless it is a short follow-up (at most this many characters: too few for the scope model) that the word
#: lists resolve surely and the follow-up model ranks the same entry first
VOUCHED_CHARS = 6
#: ... or a longer one (at most this many characters) that the classifier, too, takes for that entry and the
#: follow-up model ranks first at least ``AGREED_LEARNED``: three readings agree ("最近一場是什麼時候在哪裡" after
#: the courses is their schedule)
AGREED_CHARS = 20
AGREED_LEARNED = 0.9
#: The scope model's highest probability of out of scope for a message it is sure is ours: what the classifier
#: declined is then searched like a message it could not place (a long story asking how to apply)
SURELY_OURS = 0.15
#: ... and at most this for one the search could not place either: it gets the FAQ the classifier ranks first, when
#: that has at least ``RANKED_FAQ`` (a long story about a tofu workshop that ends "到底要怎麼申請": the classifier's
#: out-of-scope examples include long stories, and a long message dilutes the search)
SURELY_OURS_RANKED = 0.05
RANKED_FAQ = 0.2
#: The follow-up model's lowest probability for an entry whose rule a message's numbers are applied to when the
#: topic states none ("我們勞保平均210人" after the counselling's answer: the eligibility rule)
RULE_TOPIC_SURE = 0.5
#: How many earlier user turns a follow-up's rule may read ("我們是做鋁箔包材的" → "CBAM是什麼" → "有在範圍內嗎")
EARLIER_TURNS = 2
#: Topics of the counselling whose question about an aspect (費用, 截止日, 申請…) its aspect's entry answers
COUNSELLING_TOPICS = frozenset({"programme", "apply"})
#: The eligibility rule, which a follow-up naming its words is not applied to earlier turns for, and the fee rule
SME_RULE = "sme_eligibility"
FEE_RULE = "carbon_fee"
#: where a message's questions part: punctuation, 另外/還有…, and a numbered list ("1. … 2. …", "(1)…", "一、…");
#: not 另外 as "separately" (沒有另外記錄用量, 要另外付嗎) nor 還有 as "still" (還有在辦嗎, 還有名額嗎)
_QUESTION_SPLIT = re.compile(r"[?？!！。;；\n]+|(?:(?<![沒有要會用需得再])另外|還有(?!在|沒有|名額|機會|剩)|以及|順便問)"
                             r"|(?:^|\s|：|:)(?:\(?[1-9][.、)）]|[一二三四五]、)\s*")


@dataclass(frozen=True)
class Understood:
    """``kind``: "rule", "entry", "clarify", "uncovered" (a subject no entry answers yet: ``notes["subject"]``,
    ``entry`` the nearest entry to offer, if any) or "none"."""

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
    hits = focused_search(kb, text, limit=2)
    runner_up = hits[1][1] if len(hits) > 1 else 0.0
    if hits and hits[0][1] >= MIN_SEARCH_SCORE and hits[0][1] >= SEARCH_MARGIN * runner_up:
        return hits[0][0]
    return None


def questions_in(text: str) -> list[str]:
    """The questions of a message: split at punctuation and 另外/還有…, and where a question typed without
    punctuation ends before another one (knowledge.focus.spoken_questions)."""
    return [question for part in _QUESTION_SPLIT.split(text) for question in spoken_questions(part.strip())
            if len(question) >= 2]


def second_question(text: str, answered: Entry, kb: KnowledgeBase) -> tuple[Entry | None, Entry | None]:
    """For a message with several questions: (entry of the first question, entry of a later one), by search.

    The NLU reads the whole message; when what it recognised is really a later question, the first one is
    answered and the recognised one offered."""
    parts = questions_in(text)
    markers = load_focus().markers
    asking = [part for part in parts if any(m in part for m in markers)]
    if len(asking) >= 2:
        parts = asking  # "老闆問兩件事：1. …多少 2. …哪天": the preamble asks nothing
    if len(parts) < 2:
        return None, None
    ranked = [kb.search(part, limit=LATER_RANKS) for part in parts]
    best = [hits[0] if hits else None for hits in ranked]
    found = [hit if hit is not None and hit[1] >= MIN_SECOND_SCORE else None for hit in best]
    # "R134a漏掉的要怎麼算，還有化糞池…": a code settles the first question its few words leave open; a short first
    # question whose search stands out ("請問輔導需要公司付費嗎") is its entry's at a lower score
    first = found[0][0] if found[0] else _standing_out(ranked[0]) or kb.pattern_entry(parts[0])
    later = [hit[0] for hit in found[1:] if hit is not None]
    # what the NLU recognised is a later question when that question's search ranks it near the top, even at a
    # low score ("碳費怎麼算？還有CBAM會不會影響到我們": CBAM is the second question, the fee the first)
    # — unless the first question's own search has it all but level with its best ("抵換專案 is what? 跟碳權有關嗎":
    # both ask it, so it answers the first)
    first_ranks_it = bool(ranked[0]) and any(entry.id == answered.id and score >= FIRST_TIE * ranked[0][0][1]
                                             for entry, score in ranked[0])
    recognised_later = not first_ranks_it and any(entry.id == answered.id and score >= MIN_LATER_SCORE
                                                  for hits in ranked[1:] for entry, score in hits)
    # ... or when the first question clearly asks about another entry and nothing of it points to the recognised
    clear_first = best[0] is not None and best[0][1] >= MIN_CLEAR_FIRST_SCORE \
        and all(entry.id != answered.id for entry, _ in ranked[0])
    recognised_later = recognised_later or clear_first
    if first is not None and first.id != answered.id and recognised_later:
        return first, answered
    offer = next((e for e in later if e.id != answered.id), None)
    return None, offer


def _standing_out(hits: Sequence[tuple[Entry, float]]) -> Entry | None:
    if not hits or hits[0][1] < MIN_STANDING_OUT_SCORE:
        return None
    return hits[0][0] if len(hits) < 2 or hits[0][1] >= SEARCH_MARGIN * hits[1][1] else None


def understand(text: str, intent: str, confidence: float, ranking: Sequence[Mapping[str, Any]],
               topic: str | None, kb: KnowledgeBase, earlier: Sequence[str] = (),
               learned: Ranking = (), outside: float | None = None) -> Understood:
    """``earlier``: the user's (normalised) messages before this one, the latest first; ``learned``: the
    follow-up model's ranking of the entries for this message after them (nlu/followup_model.py), if any;
    ``outside``: the scope model's probability that the message, after them, is none of ours (nlu/scope_model.py;
    None without a trained model)."""
    if outside is not None and outside >= OUTSIDE and not _vouched_follow_up(text, topic, kb, learned, intent):
        # "CBAM是什麼" → "那出口到歐洲的40呎貨櫃 運費一個多少": none of ours, no rule; but "愛繳偌濟" after the fee's
        # verdict on the user's 26,000 t asks the topic's rule what it comes to, whatever two words looked like
        earlier_rule = rule_on_earlier_turns(text, topic, earlier, kb)
        return Understood("rule", entry=kb.entry(earlier_rule.entry_id), rule=earlier_rule) if earlier_rule \
            else Understood("none")
    if (intent == OUT_OF_SCOPE_INTENT or topic) and kb.about_something_else(text):
        # "歐盟REACH的化學品註冊": no rule, no follow-up, whatever it shares with us — unless it gives the numbers
        # the topic's rule asked for ("我們勞保平均大概一百二十人" after the eligibility answer), or the rule of
        # the entry the follow-up model is sure of (the same after the counselling's answer)
        rule_topic = topic if topic in rule_topics() else _learned_rule_topic(learned)
        topic_rule = apply_rules(text, rule_topic) if rule_topic and not kb.never_ours(text) else None
        return Understood("rule", entry=kb.entry(topic_rule.entry_id), rule=topic_rule) if topic_rule \
            else Understood("none")
    said_before = " ".join(reversed(earlier[:EARLIER_TURNS]))  # "我們有拿到自主減量計畫 目標B" → "一年4萬噸要繳多少"
    rule = None if kb.never_ours(text) else apply_rules(text, topic, said_before=said_before) \
        or rule_on_earlier_turns(text, topic, earlier, kb) or rule_named_on_earlier_turns(text, earlier)
    if rule is not None:
        return Understood("rule", entry=kb.entry(rule.entry_id), rule=rule)
    subject = kb.uncovered_subject(text)
    answered = _covered_question(text, kb, faq_entry(intent, kb)) if subject is not None else None
    if subject is not None and answered is not None:
        # "…會有人來廠裡帶嗎 輔導內容有哪些": the question an entry answers, and the other one said honestly
        return Understood("entry", entry=answered, notes={"uncovered": subject})
    if subject is not None:  # "SBTi是什麼", "單據要保存幾年": said honestly, not answered by a near miss
        nearest = faq_entry(intent, kb) or next((e for e, _ in kb.search(text, limit=1)), None)
        return Understood("uncovered", entry=nearest, notes={"subject": subject})
    recognised = _asked_aspect(text, faq_entry(intent, kb) or agreed_entry(text, intent, ranking, kb), kb)
    if recognised is not None and confidence >= CONFIDENT and topic is None:
        return _with_second(text, recognised, kb)
    declined = intent == OUT_OF_SCOPE_INTENT and confidence >= CONFIDENT
    known = kb.entry_ids()
    if topic and changes_subject(text, kb):
        topic, learned = None, ()  # "換個問題，基準年要怎麼選": a question of its own, whatever came before
    if topic and vetoed(learned):
        return Understood("none")  # "那冷氣漏冷媒 叫師傅來補一次大概多少" after the refrigerants: none of ours
    resolution = resolve(text, topic, kb) if topic else None
    offer = None
    if resolution is not None:
        resolution, offer = voted(resolution, learned, known, topic)
    if resolution is not None and not resolution.sure and declined:
        resolution = None  # "台中有什麼好吃的" after an answer: out of scope, not a vague follow-up
    if resolution is not None:
        return _resolved(resolution, recognised, confidence, kb, offer)
    rest = _not_a_follow_up(text, intent, ranking, topic, kb, recognised, outside)
    other = other_entry(learned, known, rest.entry.id if rest.kind == "entry" and rest.entry else None,
                        declined) if topic and rest.kind in ("entry", "clarify", "none") else None
    if other is not None:
        entry = kb.entry(other)
        assert entry is not None, other
        return _with_second(text, entry, kb)  # the follow-up model, in this context, is surer of another entry
    return rest


def _learned_rule_topic(learned: Ranking) -> str | None:
    """The entry the follow-up model ranks first, at least ``RULE_TOPIC_SURE``, when it states a rule."""
    if learned and learned[0][1] >= RULE_TOPIC_SURE and learned[0][0] in rule_topics():
        return learned[0][0]
    return None


def _vouched_follow_up(text: str, topic: str | None, kb: KnowledgeBase, learned: Ranking, intent: str = "") -> bool:
    """The word lists resolve the message surely as a follow-up of the topic, and the follow-up model ranks the
    same entry first: "幾天" after the seed course is its schedule, whatever the scope model made of two words;
    a longer message when the classifier's intent and a sure follow-up model say the same (``AGREED_CHARS``)."""
    if not topic or len(text) > AGREED_CHARS:
        return False
    resolution = resolve(text, topic, kb)
    if resolution is None or not resolution.sure:
        return False
    if len(text) > VOUCHED_CHARS:
        recognised = faq_entry(intent, kb)
        return recognised is not None and recognised.id == resolution.entry_id and bool(learned) \
            and learned[0][0] == resolution.entry_id and learned[0][1] >= AGREED_LEARNED
    if not content_of(text, load_followups()).strip():
        return True  # nothing but an aspect's words ("分機", "那費用呢"): no trap can hide in it
    return bool(learned) and learned[0][0] == resolution.entry_id


def _not_a_follow_up(text: str, intent: str, ranking: Sequence[Mapping[str, Any]], topic: str | None,
                     kb: KnowledgeBase, recognised: Entry | None, outside: float | None = None) -> Understood:
    """What a message the word lists took for no follow-up means: the entry recognised, searched or none."""
    if recognised is not None:
        return _with_second(text, recognised, kb)
    if intent == FOLLOW_UP_INTENT and topic is None:
        found = searched_entry(text, kb)  # "資本額上限是多少" with nothing before it: it names its subject
        if found is not None:
            return _with_second(text, found, kb)
        aspect = aspect_of(text, load_followups())
        alone = kb.entry(aspect.default) if aspect is not None and aspect.alone and aspect.default else None
        if alone is not None:  # "要找誰報名 有電話嗎" with nothing before it: the contacts
            return _with_second(text, alone, kb)
    ours = kb.strongly_ours(text) if intent == OUT_OF_SCOPE_INTENT else kb.mentions_domain(text)
    ours = ours or (outside is not None and outside <= SURELY_OURS and kb.mentions_domain(text))
    if intent in (OUT_OF_SCOPE_INTENT, NLU_FALLBACK_INTENT) and not kb.about_something_else(text):
        # "有送自主減量計畫的話費率比較便宜嗎" (declined, but a core word), "14067跟14064差在哪" (undecided, a term):
        # answered when one entry stands out in the search; "R22要不要算進去": the code settles a tie
        found = (searched_entry(text, kb) if ours else None) or kb.pattern_entry(text) \
            or _ranked_when_surely_ours(text, ranking, kb, outside)
        if found is not None:
            return _with_second(text, found, kb)
    if intent == FOLLOW_UP_INTENT:
        entry, score = best_faq(ranking, kb)
        if entry is not None and score >= 0.2:
            return Understood("clarify", choices=(entry,))
    return Understood("none")


def _ranked_when_surely_ours(text: str, ranking: Sequence[Mapping[str, Any]], kb: KnowledgeBase,
                             outside: float | None) -> Entry | None:
    """The classifier's likeliest FAQ for a message it declined or could not place, when the scope model is all but
    sure the message is ours and it names our subjects."""
    if outside is None or outside > SURELY_OURS_RANKED or not kb.mentions_domain(text):
        return None
    entry, probability = best_faq(ranking, kb)
    return entry if entry is not None and probability >= RANKED_FAQ else None


def _covered_question(text: str, kb: KnowledgeBase, recognised: Entry | None) -> Entry | None:
    """Of a message with several questions, one naming a subject no entry answers: the entry answering the
    others, when the search of the message without that subject's words finds one clearly, or agrees with the
    classifier (``recognised``): "碳盤查輔導會有人來廠裡帶嗎 輔導內容有哪些" asks about the counselling it names."""
    parts = questions_in(text)
    others = [part for part in parts if kb.uncovered_subject(part) is None]
    if len(parts) < 2 or not others or len(others) == len(parts):
        return None
    hits = kb.search(kb.without_uncovered(text), limit=2)
    if not hits or hits[0][1] < MIN_SECOND_SCORE:
        return None
    best, score = hits[0]
    clear = len(hits) < 2 or score >= SEARCH_MARGIN * hits[1][1] or score >= MIN_SURE_PART_SCORE
    return best if clear or (recognised is not None and recognised.id == best.id) else None


def agreed_entry(text: str, intent: str, ranking: Sequence[Mapping[str, Any]], kb: KnowledgeBase) -> Entry | None:
    """For a message the NLU could not decide: the entry its classifier ranks first, confidently, when the
    search finds the same entry first."""
    if intent != NLU_FALLBACK_INTENT:
        return None
    entry, probability = best_faq(ranking, kb)
    if entry is None or probability < AGREEMENT:
        return None
    hits = focused_search(kb, text, limit=1)
    return entry if hits and hits[0][0].id == entry.id else None


def rule_on_earlier_turns(text: str, topic: str | None, earlier: Sequence[str], kb: KnowledgeBase) -> RuleAnswer | None:
    """A short follow-up that names no subject and asks whether the topic's rule applies ("會被課到嗎", "有在範圍內
    嗎", "那要繳多少"): the rule applied to it with the user's earlier turns (their product, amount or size)."""
    followups = load_followups()
    if topic not in rule_topics() or not earlier or names_subject(text, kb, followups):
        return None
    if not has_cue(text, followups) and spoken_length(text) > followups.max_chars:
        return None
    aspect = aspect_of(text, followups)
    allowed = followups.rule_aspects.get(aspect.id) if aspect is not None else None
    if not allowed:
        return None
    # "愛繳偌濟" after whether the fee is due: what it comes to, read as the aspect's entry for the topic
    aspect_topic = aspect.by_entry.get(topic) if aspect is not None else None
    return _with_earlier_turns(text, earlier, aspect_topic if aspect_topic in rule_topics() else topic, allowed)


def rule_named_on_earlier_turns(text: str, earlier: Sequence[str]) -> RuleAnswer | None:
    """A short follow-up that names a rule's subject but gives no numbers ("那碳費呢", "那要不要登錄" after
    "我們去年排放大概3萬噸"): that rule applied to what the user said in the turns before it. Only the rule the
    message itself names, so an earlier amount is never carried into another question. Eligibility only when asked
    in so many words ("可以申請輔導嗎"): its words (申請, 輔導) name the programme's other questions too ("那要怎麼申請"
    after the firm's size)."""
    followups = load_followups()
    if not earlier or (not has_cue(text, followups) and spoken_length(text) > followups.max_chars):
        return None
    asked = rules_asked(text)
    if SME_RULE in asked and not sme_asked_in_so_many_words(text):
        asked = asked - {SME_RULE}
    if not asked or apply_rules(text) is not None:
        return None
    # "那碳費呢" asks what the fee comes to (the rate entry's reading), unless it asks whether it is due (要繳嗎)
    as_topic = fee_topics()[1] if FEE_RULE in asked else None
    return _with_earlier_turns(text, earlier, as_topic, asked)


def _with_earlier_turns(text: str, earlier: Sequence[str], topic: str | None,
                        allowed: Set[str]) -> RuleAnswer | None:
    """The first of the ``allowed`` rules that applies to the message read after the last one, then the last
    two, … of the user's earlier turns (``EARLIER_TURNS``)."""
    for n in range(1, EARLIER_TURNS + 1):
        rule = apply_rules(" ".join([*reversed(earlier[:n]), text]), topic, only=allowed)
        if rule is not None:
            return rule
    return None


def _asked_aspect(text: str, recognised: Entry | None, kb: KnowledgeBase) -> Entry | None:
    """"碳權那個專案的輔導可以找誰聊": the message names its subject and asks for one of its aspects; when the
    aspect has its own entry for that subject (its contact, ``by_entry`` in followups.yaml, or for a counselling
    the aspect's own entry), that entry. A definition asked of a term gets the entry explaining the term."""
    followups = load_followups()
    parts = questions_in(text)
    if recognised is None or (len(parts) > 1 and any(names_subject(p, kb, followups) for p in parts[1:])):
        return recognised  # several questions: the second is offered, not merged into the first
    # "抵換的專案是要打給哪一位呢？分機多少": the later parts only ask more of the same subject
    refined = {to for source, words, to in followups.refinements if source == recognised.id
               and any(w.casefold() in text.casefold() for w in words)}
    if len(refined) == 1:  # "碳足跡輔導是誰在辦的"; naming two counsellings compares them, refines nothing
        refined_id = refined.pop()  # "德國客戶要我們提供產品的碳含量": the CBAM exporter's question
        return kb.entry(refined_id) or recognised
    bodies = with_named_verifier(text, recognised, kb)
    if bodies is not recognised:
        return bodies
    aspect = aspect_of(text, followups)
    if aspect is None:
        return recognised
    if aspect.id in ("definition", "compare") and not aspect.by_entry.get(recognised.id):
        # "产品碳足迹是什么意思 客户要我们提供": the glossary's; a comparison of two things of one entry (scope 1, 2)
        defined = defined_entry(text, followups, mentions=2 if aspect.id == "compare" else 1)
        if defined is not None:
            return kb.entry(defined) or recognised
    if aspect.id == "contact" and recognised.topic not in ("contacts", "apply") \
            and recognised.id not in aspect.stay:  # 申請表要寄給誰: apply_how; 找誰查證: the bodies
        return contact_entry(recognised, kb) or recognised
    mapped = aspect.by_entry.get(recognised.id)
    if mapped and aspect.id == "compare" and not _compares_two_of_ours(text, followups):
        return recognised  # "碳盤查跟盤點庫存一樣嗎": the term explained, not the comparison with the footprint
    if mapped:
        return kb.entry(mapped) or recognised
    if aspect.for_named and aspect.default and recognised.topic in COUNSELLING_TOPICS \
            and recognised.id not in aspect.stay:
        return kb.entry(aspect.default) or recognised  # "碳盤查輔導有截止日嗎": the deadlines
    return recognised


def _compares_two_of_ours(text: str, followups: FollowUps) -> bool:
    """A comparison names two of our subjects (碳足跡 and 盤查), not one of ours and something else (盤點庫存)."""
    folded, named = text.casefold(), 0
    for word in sorted((w.casefold() for w in followups.subjects), key=len, reverse=True):
        if word in folded:
            named += 1
            folded = folded.replace(word, " ")
    return named >= 2


def _resolved(resolution: Resolution, recognised: Entry | None, confidence: float,
              kb: KnowledgeBase, offer: str | None = None) -> Understood:
    target = kb.entry(resolution.entry_id)
    assert target is not None, resolution
    aspect = resolution.aspect.label if resolution.aspect else None
    if resolution.sure:
        return Understood("entry", entry=target, aspect=aspect)
    choices = [target]
    if recognised is not None and recognised.id != target.id and confidence >= CONFIDENT:
        choices.append(recognised)
    offered = kb.entry(offer) if offer else None
    if offered is not None and offered not in choices:
        choices.append(offered)  # the follow-up model's likeliest entry
    return Understood("clarify", choices=tuple(choices), aspect=aspect)


def with_named_verifier(text: str, entry: Entry, kb: KnowledgeBase) -> Entry:
    """"SGS、BSI可以幫我們做查證嗎": a message naming verification bodies asks about the bodies, whichever entry
    beside them (the counselling, the term) it was taken for."""
    bodies = load_followups().verifier_entry
    if bodies and entry.id != bodies and bodies in entry.related and names_verifier(text, kb):
        return kb.entry(bodies) or entry
    return entry


def _with_second(text: str, recognised: Entry, kb: KnowledgeBase) -> Understood:
    recognised = with_named_verifier(text, recognised, kb)
    first, second = second_question(text, recognised, kb)
    if first is not None:
        return Understood("entry", entry=first, second=second)
    return Understood("entry", entry=recognised, second=second)
