"""Follow-ups answered for the topic of the previous answer (knowledge/followups.yaml).

"查證輔導是什麼" → "那要多少錢": the second message names no topic, so it is resolved against the entry answered
last (kept by the dialogue in a slot): the aspect it asks about (費用) and that topic give the entry that answers
it (counselling_cost). A follow-up that names another subject of the same neighbourhood (CEO班 → "那講習班呢")
is looked up among the topic's neighbours. A resolution that rests only on an aspect's general default is not
sure: the bot then asks "您是問…嗎？" instead of answering.

Neighbours are compared on what a follow-up says beyond its cue and filler words (``fillers``: "那給老闆上的那個呢"
is searched as 老闆): the topic keeps the message unless a neighbour matches it clearly better ("那給基層員工的呢"
after the CEO class is the seed class). After a contact, a neighbour named is asked for its contact ("那碳足跡的呢").
A verification body named (BV, SGS: verifiers.yaml's names and aliases) after any entry beside the verification
bodies is about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contracts.years import find_years
from knowledge.followup_data import FOLLOWUPS_FILE, Aspect, FollowUps, entry_ids, load_followups
from knowledge.kb import KnowledgeBase
from knowledge.model import Entry

__all__ = ["FOLLOWUPS_FILE", "Aspect", "FollowUps", "Resolution", "aspect_of", "changes_subject", "content_of",
           "entry_ids",
           "load_followups", "resolve", "spoken_length"]
#: Topics (entry `topic` field) where an aspect's default (費用 → counselling_cost …) is the natural answer.
PROGRAMME_TOPICS = frozenset({"programme", "apply", "eligibility", "courses", "contacts"})
#: Lowest search score for a neighbour named in a follow-up ("那講習班呢"), and for the topic itself
#: ("SGS可以嗎" after 查證機構有哪些)
MIN_NEIGHBOUR_SCORE = 0.3
MIN_TOPIC_SCORE = 0.2
#: On a follow-up's own words (fillers removed): the lowest score for a neighbour, how many times the next
#: candidate's score it must reach to take the message from the topic, and the topic's share of the best score
#: that keeps the message with the topic
MIN_CONTENT_SCORE = 0.2
CONTENT_MARGIN = 1.3
TOPIC_SHARE = 0.8
_LATIN = re.compile(r"[a-z0-9]")
_DIGITS = re.compile(r"[\d.,]+")


@dataclass(frozen=True)
class Resolution:
    """The entry a follow-up is about; ``sure`` False means: ask before answering."""

    entry_id: str
    sure: bool
    aspect: Aspect | None = None


def _contains(text: str, words: tuple[str, ...] | list[str]) -> str | None:
    folded = text.casefold()
    found = [w for w in words if w.casefold() in folded]
    return max(found, key=len) if found else None


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def spoken_length(text: str) -> int:
    """How long a message is as a follow-up goes: its characters, an English word counted as two (a Chinese
    word's), so that "who should I contact" is as short as 那要找誰. A button's payload ("/faq_eligible_industry")
    keeps its length: it is no follow-up to resolve."""
    return len(text) if text.startswith("/") else len(_LATIN_WORD.sub("ab", text))


def has_cue(text: str, followups: FollowUps) -> bool:
    """Starts or ends like a follow-up (那…, …呢), or, when short, points back at what was just said (他, 這個)."""
    if text.startswith(followups.prefixes) or text.rstrip("?？!！。.~ ").endswith(followups.suffixes):
        return True
    return len(text) <= 2 * followups.max_chars and any(p.search(text) for p in followups.referents)


def changes_subject(text: str, kb: KnowledgeBase, followups: FollowUps | None = None) -> bool:
    """Starts like a change of subject (換個問題, btw; 另外 when it names a subject of its own): no follow-up."""
    followups = followups or load_followups()
    folded = text.casefold().lstrip()
    if folded.startswith(followups.switches):
        return True
    return folded.startswith(followups.switches_naming) and names_subject(text, kb, followups)


def names_subject(text: str, kb: KnowledgeBase, followups: FollowUps) -> bool:
    """The message names a subject of its own (碳費, CBAM, 講習班)."""
    return _contains(text, _subject_words(kb, followups)) is not None


def _subject_words(kb: KnowledgeBase, followups: FollowUps) -> list[str]:
    """The words that name a subject: follow-up subjects and the content's terms, not an aspect's words."""
    aspect_words = {w for a in followups.aspects for w in a.words}
    return [t for t in (*followups.subjects, *kb.terms()) if t not in aspect_words and len(t) > 1]


def aspect_of(text: str, followups: FollowUps) -> Aspect | None:
    """The aspect asked about: the one with the longest word found, unless another found wins over it."""
    found = [(len(word), aspect) for aspect in followups.aspects if (word := _contains(text, aspect.words))]
    found = [(n, aspect) for n, aspect in found if not any(aspect.id in other.over for _, other in found)] or found
    return max(found, key=lambda f: f[0])[1] if found else None


def defined_entry(text: str, followups: FollowUps, mentions: int = 1) -> str | None:
    """The entry explaining what a definition question names ("溫盤到底是要幹嘛" → term_inventory): only one
    entry's words named, at least ``mentions`` times (a comparison names two things: "scope1 scope2 差在哪"),
    and none of the programme's services (碳足跡輔導是什麼 asks about the counselling)."""
    if _contains(text, followups.definition_keep):
        return None
    named = {entry: n for entry, words in followups.definitions.items() if (n := _mentions(text, words))}
    if len(named) != 1:
        return None
    entry, n = named.popitem()
    return entry if n >= mentions else None


def _mentions(text: str, words: tuple[str, ...]) -> int:
    """How many times the words occur, the longest first, none counted inside another (產品碳足跡 is one)."""
    folded, count = text.casefold(), 0
    for word in sorted((w.casefold() for w in words), key=len, reverse=True):
        count += folded.count(word)
        folded = folded.replace(word, " ")
    return count


def content_of(text: str, followups: FollowUps) -> str:
    """What a follow-up says beyond its cues, filler words and the words of the aspect it asks, each removed word
    a space ("那給老闆上的那個呢" → " 老闆 ", "GWP去哪查" → "GWP "), for comparing the topic with its neighbours."""
    for prefix in followups.prefixes:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    aspect_words = sorted({w for a in followups.aspects for w in a.words}, key=lambda w: (-len(w), w))
    for word in (*aspect_words, *followups.fillers, *followups.suffixes):
        text = text.replace(word, " ")
    return _DIGITS.sub(" ", text)  # a year or an amount says nothing about which entry


def names_verifier(text: str, kb: KnowledgeBase) -> bool:
    """A verification body named by its name, English name or alias (Latin ones as whole words: BV, not "bvx")."""
    folded = text.casefold()
    for body in kb.verifiers.bodies:
        for name in body.names:
            name = name.casefold()
            at = folded.find(name)
            while at >= 0:
                before, after = folded[at - 1: at], folded[at + len(name): at + len(name) + 1]
                if not (_LATIN.match(name[0]) and _LATIN.match(before or " ")) and \
                        not (_LATIN.match(name[-1]) and _LATIN.match(after or " ")):
                    return True
                at = folded.find(name, at + 1)
    return False


def closest(text: str, topic: Entry, kb: KnowledgeBase, followups: FollowUps) -> Entry | None:
    """The topic or one of its neighbours, compared on the follow-up's own words: a neighbour only when it matches
    clearly better than the topic and the other neighbours; None when nothing matches well enough."""
    close = neighbours(topic, kb)
    everywhere = kb.search(content_of(text, followups), limit=12)
    hits = [(e, score) for e, score in everywhere if e.id in close]
    if not hits or hits[0][1] < MIN_CONTENT_SCORE:
        return None
    best, score = hits[0]
    if everywhere[0][0].id not in close and everywhere[0][1] >= CONTENT_MARGIN * score:
        return None  # "碳費怎麼算" after the verification counselling: about an entry further away
    topic_score = next((s for e, s in hits if e.id == topic.id), 0.0)
    if best.id == topic.id or topic_score >= TOPIC_SHARE * score:
        return topic
    runner_up = hits[1][1] if len(hits) > 1 else 0.0
    return best if score >= MIN_NEIGHBOUR_SCORE and score >= CONTENT_MARGIN * runner_up else None


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
    if not cue and spoken_length(text) > followups.max_chars:
        return None
    aspect = aspect_of(text, followups)
    verifiers = followups.verifier_entry
    if verifiers and names_verifier(text, kb) and verifiers in neighbours(topic, kb) | set(topic.related):
        return Resolution(verifiers, True, aspect)  # "BV可以嗎" after the verification bodies
    shifted = _fuel_shifted(text, topic, followups)
    if shifted is not None:
        return Resolution(shifted, True, aspect)  # "那天然氣呢" after the electricity factor
    if names_subject(text, kb, followups):
        if aspect is not None and aspect.before_subject and topic.id in aspect.by_entry:
            return Resolution(aspect.by_entry[topic.id], True, aspect)
        if aspect is None and cue and _named_in(text, topic, kb, followups):
            return Resolution(topic.id, True, None)  # "AR4的話呢" after the GWP: a value its own answer lists
        close = neighbours(topic, kb)
        found = closest(text, topic, kb, followups)
        if found is None:
            found = next((e for e, score in kb.search(content_of(text, followups), limit=5) if e.id in close
                          and score >= (MIN_TOPIC_SCORE if e.id == topic.id else MIN_NEIGHBOUR_SCORE)), None)
        if found is not None:
            return _carried(found, topic, aspect, kb)
        if aspect is not None and topic.id in aspect.by_entry:
            return Resolution(aspect.by_entry[topic.id], True, aspect)
        return None  # another subject, further away: the NLU's reading of the message stands
    if aspect is not None:
        return target(aspect, topic, kb)
    found = closest(text, topic, kb, followups)
    if found is not None:
        return _carried(found, topic, None, kb)  # "那給基層員工的呢", "工時要去哪裡找"
    return Resolution(topic.id, cue, None)


def _named_in(text: str, topic: Entry, kb: KnowledgeBase, followups: FollowUps) -> bool:
    """Every subject the message names is a word of the topic's own answer (AR4, R-32 after their entry)."""
    folded, own = text.casefold(), f"{topic.title}\n{topic.answer}".casefold()
    named = [t.casefold() for t in _subject_words(kb, followups) if t.casefold() in folded]
    return bool(named) and all(word in own for word in named)


def _fuel_shifted(text: str, topic: Entry, followups: FollowUps) -> str | None:
    """After the electricity factor (and the like), the entry that answers the same of a fuel the message names."""
    if followups.fuel_shift is None or topic.id not in followups.fuel_shift[0]:
        return None
    from calc.aliases import source_aliases

    folded = text.casefold()
    fuels = followups.fuel_shift[1]
    named = any(source in fuels and alias.casefold() in folded for alias, source in source_aliases().items())
    return followups.fuel_shift[2] if named else None


def _carried(found: Entry, topic: Entry, aspect: Aspect | None, kb: KnowledgeBase) -> Resolution:
    """The entry a follow-up naming ``found`` asks for: ``found`` itself, or after a contact the contact of what
    is named ("那碳足跡的呢" after the inventory contact) — unless it asks another aspect of it (its cost)."""
    if found.id != topic.id and topic.topic == "contacts" and found.topic != "contacts":
        if aspect is not None and aspect.id != "contact":
            return target(aspect, found, kb)  # "查證輔導要錢嗎" after a contact: the cost, not a contact
        contact = contact_entry(found, kb)
        if contact is not None:
            return Resolution(contact.id, True, aspect)
    return Resolution(found.id, True, aspect)
