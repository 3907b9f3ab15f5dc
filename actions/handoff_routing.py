"""Which programme contact a hand-off goes to: the rules of actions/handoff_routing.yml (words, sensitive
intents, person and decline words) and the choice of a routing key (contracts.routing) for a request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rasa_sdk import Tracker

from actions.tracker_history import last_faq_entry, latest_entity, recent_user_texts
from contracts.payloads import REASON_FALLBACK
from contracts.routing import ROUTING_KEYS
from knowledge import KnowledgeBase
from textdata import load_catalogue

ROUTING_FILE = Path(__file__).with_name("handoff_routing.yml")

#: Entities a 找專人 button carries: the routing key and the reason (a sensitive topic offered before)
HANDOFF_TOPIC_ENTITY = "handoff_topic"
HANDOFF_REASON_ENTITY = "handoff_reason"


@dataclass(frozen=True)
class Routing:
    default: str
    #: routing key → words; checked in file order, the first key with a word in the request wins
    keywords: tuple[tuple[str, tuple[str, ...]], ...]
    #: sensitive intent → routing key
    sensitive_intents: Mapping[str, str]
    person_words: tuple[str, ...] = ()
    decline_words: tuple[str, ...] = ()
    max_request_chars: int = 60
    sensitive_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    about_bot_words: tuple[str, ...] = ()
    #: words that make a person word mean something else ("產基會有沒有在找人": a job, not a request)
    not_a_request_words: tuple[str, ...] = ()

    def asks_for_person(self, text: str) -> bool:
        """The message plainly asks for a person: the button, or a short request with a person word and no
        "不用"."""
        if text.startswith("/"):
            return True
        if len(text) > self.max_request_chars or has_word(text, (*self.decline_words, *self.about_bot_words,
                                                                        *self.not_a_request_words)):
            return False
        return has_word(text, self.person_words)

    def really_sensitive(self, intent: str, text: str) -> bool:
        return len(text) <= self.max_request_chars * 2 and has_word(text, self.sensitive_words.get(intent, ()))

    def topic_for_text(self, text: str) -> str | None:
        folded = text.casefold()
        for key, words in self.keywords:
            if any(word.casefold() in folded for word in words):
                return key
        return None


def has_word(text: str, words: tuple[str, ...] | list[str]) -> bool:
    folded = text.casefold()
    return any(word.casefold() in folded for word in words)


@lru_cache(maxsize=1)
def load_routing(path: Path = ROUTING_FILE) -> Routing:
    rules = load_catalogue(path)
    optional = {key: tuple(rules.words(key)) if rules.has(key) else ()
                for key in ("person_words", "decline_words", "about_bot_words", "not_a_request_words")}
    routing = Routing(
        default=rules.template("default"),
        keywords=tuple((key, tuple(rules.words(f"keywords.{key}"))) for key in rules.mapping("keywords")),
        sensitive_intents={k: str(v) for k, v in rules.mapping("sensitive_intents").items()},
        max_request_chars=int(rules.get("max_request_chars") or 60),
        sensitive_words={k: tuple(rules.words(f"sensitive_words.{k}"))
                         for k in rules.get("sensitive_words") or {}},
        **optional,
    )
    unknown = sorted(set(routing_keys(routing)) - set(ROUTING_KEYS))
    if unknown:
        raise ValueError(f"{path.name}: not routing keys (contracts/routing.py): {', '.join(unknown)}")
    return routing


def routing_keys(routing: Routing) -> list[str]:
    """Every routing key the rules name: the default, the keywords' and the sensitive intents'."""
    return [routing.default, *(key for key, _ in routing.keywords), *routing.sensitive_intents.values()]


def choose_topic(tracker: Tracker, reason: str, kb: KnowledgeBase, routing: Routing) -> str:
    """The routing key: the one a button carries, else words of the request, else the sensitive intent, else
    the last FAQ's contact, else the default. For a fallback handoff, both unclear messages are the request."""
    chosen = latest_entity(tracker, HANDOFF_TOPIC_ENTITY)
    if chosen in ROUTING_KEYS:
        return chosen  # type: ignore[return-value]
    request = recent_user_texts(tracker, 2 if reason == REASON_FALLBACK else 1)
    for text in request:
        topic = routing.topic_for_text(kb.normalize(text))
        if topic is not None:
            return topic
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    if intent in routing.sensitive_intents:
        return routing.sensitive_intents[intent]
    entry = last_faq_entry(tracker, kb)
    contact = kb.contact(entry.contact) if entry is not None and entry.contact else None
    if contact is not None and contact.topics:
        return contact.topics[0]
    return routing.default
