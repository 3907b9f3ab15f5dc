"""Follow-ups answered for the topic of the previous answer (knowledge/followups.yaml).

"查證輔導是什麼" → "那要多少錢": the second message names no topic, so it is resolved against the entry answered
last (kept by the dialogue in a slot): the aspect it asks about (費用) and that topic give the entry that answers
it (counselling_cost). A follow-up that names another subject of the same neighbourhood (CEO班 → "那講習班呢")
is looked up among the topic's neighbours. A resolution that rests only on an aspect's general default is not
sure: the bot then asks "您是問…嗎？" instead of answering.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from contracts.years import find_years

from knowledge.kb import KnowledgeBase
from knowledge.model import Entry
from textdata import Catalogue, load_catalogue

FOLLOWUPS_FILE = Path(__file__).with_name("followups.yaml")
#: Topics (entry `topic` field) where an aspect's default (費用 → counselling_cost …) is the natural answer.
PROGRAMME_TOPICS = frozenset({"programme", "apply", "eligibility", "courses", "contacts"})
#: Lowest search score for a neighbour named in a follow-up ("那講習班呢"), and for the topic itself
#: ("SGS可以嗎" after 查證機構有哪些)
MIN_NEIGHBOUR_SCORE = 0.3
MIN_TOPIC_SCORE = 0.2


@dataclass(frozen=True)
class Aspect:
    id: str
    label: str
    words: tuple[str, ...]
    default: str | None
    by_entry: Mapping[str, str]
    stay: frozenset[str]


@dataclass(frozen=True)
class FollowUps:
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    max_chars: int
    subjects: tuple[str, ...]
    aspects: tuple[Aspect, ...]
    year_topics: frozenset[str] = frozenset()
    year_particles: str = ""


@dataclass(frozen=True)
class Resolution:
    """The entry a follow-up is about; ``sure`` False means: ask before answering."""

    entry_id: str
    sure: bool
    aspect: Aspect | None = None


@lru_cache(maxsize=1)
def load_followups(path: Path = FOLLOWUPS_FILE) -> FollowUps:
    data = load_catalogue(path)
    aspects = tuple(_aspect(key, data.section(f"aspects.{key}")) for key in data.mapping("aspects"))
    cues = data.section("cues")
    return FollowUps(tuple(cues.words("prefixes")), tuple(cues.words("suffixes")),
                     int(cues.node("max_chars")), tuple(data.words("subjects")), aspects,
                     frozenset(data.get("year_topics") or ()),
                     str(data.get("year_particles") or ""))


def _aspect(key: str, raw: Catalogue) -> Aspect:
    return Aspect(id=key, label=raw.template("label"), words=tuple(raw.words("words")),
                  default=raw.get("default"), by_entry=dict(raw.get("by_entry") or {}),
                  stay=frozenset(raw.get("stay") or ()))


def entry_ids(followups: FollowUps) -> set[str]:
    """Every entry id the file names (checked to exist by ``knowledge check``)."""
    ids: set[str] = set(followups.year_topics)
    for aspect in followups.aspects:
        ids.update(aspect.by_entry.keys(), aspect.by_entry.values(), aspect.stay)
        if aspect.default:
            ids.add(aspect.default)
    return ids


def _contains(text: str, words: tuple[str, ...] | list[str]) -> str | None:
    folded = text.casefold()
    found = [w for w in words if w.casefold() in folded]
    return max(found, key=len) if found else None


def has_cue(text: str, followups: FollowUps) -> bool:
    return text.startswith(followups.prefixes) or text.rstrip("?？!！。.~ ").endswith(followups.suffixes)


def names_subject(text: str, kb: KnowledgeBase, followups: FollowUps) -> bool:
    aspect_words = {w for a in followups.aspects for w in a.words}
    subjects = [t for t in (*followups.subjects, *kb.terms()) if t not in aspect_words and len(t) > 1]
    return _contains(text, subjects) is not None


def aspect_of(text: str, followups: FollowUps) -> Aspect | None:
    best: tuple[int, Aspect] | None = None
    for aspect in followups.aspects:
        word = _contains(text, aspect.words)
        if word and (best is None or len(word) > best[0]):
            best = (len(word), aspect)
    return best[1] if best else None


def contact_entry(topic: Entry, kb: KnowledgeBase) -> Entry | None:
    """The contacts entry that shows the topic's own contact (盤查輔導找誰 for an inventory entry)."""
    if not topic.contact:
        return None
    return next((e for e in kb.entries if e.topic == "contacts" and e.contact == topic.contact), None)


def target(aspect: Aspect, topic: Entry, kb: KnowledgeBase) -> Resolution:
    """The entry answering ``aspect`` of ``topic``, and whether that is sure."""
    if topic.id in aspect.by_entry:
        return Resolution(aspect.by_entry[topic.id], True, aspect)
    if topic.id in aspect.stay:
        return Resolution(topic.id, True, aspect)
    if aspect.id == "contact":
        found = contact_entry(topic, kb)
        if found is not None:
            return Resolution(found.id, True, aspect)
    if aspect.default is None:
        return Resolution(topic.id, True, aspect)
    return Resolution(aspect.default, topic.topic in PROGRAMME_TOPICS, aspect)


def _only_a_year(text: str, particles: str) -> bool:
    years = find_years(text)
    if len(years) != 1 or years[0].relative:
        return False
    return not (text[:years[0].start] + text[years[0].end:]).strip(" " + particles)


def neighbours(topic: Entry, kb: KnowledgeBase) -> set[str]:
    return {topic.id, *topic.related, *(e.id for e in kb.entries if e.topic == topic.topic)}


def resolve(text: str, topic_id: str | None, kb: KnowledgeBase,
            followups: FollowUps | None = None) -> Resolution | None:
    """The entry a (normalised) message asks about in the context of ``topic_id``; None when the message is a
    question of its own (it names its subject in a full sentence) or there is no topic."""
    followups = followups or load_followups()
    topic = kb.entry(topic_id) if topic_id else None
    if topic is None:
        return None
    if topic.id in followups.year_topics and _only_a_year(text, followups.year_particles):
        return Resolution(topic.id, True, None)  # "111年的" after the electricity factor: that year's
    cue = has_cue(text, followups)
    if not cue and len(text) > followups.max_chars:
        return None
    aspect = aspect_of(text, followups)
    if names_subject(text, kb, followups):
        close = neighbours(topic, kb)
        for entry, score in kb.search(text, limit=5):
            if entry.id in close and score >= (MIN_TOPIC_SCORE if entry.id == topic.id else MIN_NEIGHBOUR_SCORE):
                return Resolution(entry.id, True, aspect)  # the topic itself: "SGS可以嗎" after 查證機構
        if aspect is not None and topic.id in aspect.by_entry:
            return Resolution(aspect.by_entry[topic.id], True, aspect)
        return None  # another subject, further away: the NLU's reading of the message stands
    if aspect is not None:
        return target(aspect, topic, kb)
    return Resolution(topic.id, cue, None)
