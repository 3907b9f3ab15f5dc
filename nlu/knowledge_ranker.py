"""Rasa NLU component: the FAQ intent chosen with the knowledge base's own search as well as the classifier.

The classifier learns only from each entry's 8–25 question phrasings; real questions often share more words
with an entry's answer (柴油 2.606, 自籌款 9萬) than with its phrasings. Measured on the tuning questions with
a model that had not trained on them (README "NLU: what was measured"), the classifier alone answered 70% of
them right, knowledge/'s BM25 search (titles, phrasings and answers) alone 91% but without any sense of what
is out of scope. A long message is also searched for its question clause (knowledge/focus.py), as its story
would swamp the search. This component combines the two for messages the classifier took for a FAQ, for out of scope
with little confidence, or could not decide (nlu_fallback):

    score(entry) = w × classifier probability + (1 − w) × search score

The best entry is the intent when its score reaches ``min_score``; otherwise the message falls back. The
out_of_scope intent keeps a message when the classifier gives it at least ``out_of_scope_confidence``, or
``out_of_scope_confidence_ours`` when the message names a core subject or a term of ours (舊冷氣還是R22的 還要報嗎).
Two things the search alone gets wrong are settled first: a message naming one of the programme's people
(楊研究員的分機) is about that person's contact entry, and a message the classifier took for out of scope or
could not place is answered from the search only when it holds a word of the programme's subjects
(knowledge/content/lexicon.yaml ``anchors``): 護照要怎麼申請 shares 申請 with the programme, nothing more; and
a message about another procedure or service with no core word of ours (``foreign_subjects``: 營所稅, 申根簽證,
冷氣不冷了) is out of scope unless the classifier is very sure of an entry.
A message about something else is out of scope whatever intent the classifier gave it (幫我寫一封英文信 is no
inventory command), and so is an English sentence with none of our words, unless it is a courtesy or carries
inventory data (an amount of a source).
Other intents (inventory statements, requests for a person, follow-ups) are left as they are, except that a
short courtesy the FallbackClassifier found ambiguous (好的: acknowledge or thanks?) keeps the classifier's best
courtesy intent (``courtesy_intents``, from ``courtesy_confidence``): a courtesy never gets "I'm not sure".
It sits after FallbackClassifier in rasa_project/config.yml; the content is read live (an edited answer counts
at once).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z]{2,}")
FAQ_PREFIX = "faq_"
FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
SEARCH_CANDIDATES = 5


def combine(ranking: List[Dict[str, Any]], hits: List[tuple[str, float]], config: Dict[str, Any],
            anchored: bool = True, placed: bool = True, strong: bool = False) -> Dict[str, Any] | None:
    """The intent for a message from the classifier's ranking (without nlu_fallback) and the search hits
    [(entry id, score 0..1)]; None leaves the message as the classifier had it. ``anchored``: the message
    holds a word of the programme's subjects; ``placed``: the classifier did not fall back on it; ``strong``:
    it names a core subject or a term of ours (R-22, 清冊), so out of scope needs more confidence."""
    raw = [r for r in ranking if r.get("name") != FALLBACK]
    if not raw:
        return None
    top = raw[0]
    name, confidence = str(top.get("name")), float(top.get("confidence") or 0.0)
    if name in config["courtesy_intents"]:
        return {"name": name, "confidence": confidence} if confidence >= config["courtesy_confidence"] else None
    oos_floor = config["out_of_scope_confidence_ours" if strong else "out_of_scope_confidence"]
    if name == OUT_OF_SCOPE and confidence >= oos_floor:
        return {"name": OUT_OF_SCOPE, "confidence": confidence}
    if not (name.startswith(FAQ_PREFIX) or name == OUT_OF_SCOPE):
        return None
    if not anchored and (name == OUT_OF_SCOPE or not placed):
        return {"name": OUT_OF_SCOPE, "confidence": max(confidence, 1 - confidence)}
    weight = config["classifier_weight"]
    classifier = {str(r["name"])[len(FAQ_PREFIX):]: float(r.get("confidence") or 0.0)
                  for r in raw if str(r.get("name")).startswith(FAQ_PREFIX)}
    search = dict(hits)
    scores = {e: weight * classifier.get(e, 0.0) + (1 - weight) * search.get(e, 0.0)
              for e in set(classifier) | set(search)}
    if not scores:
        return None
    # the entry id last: a tie never depends on the set's order (the process's hash seed)
    best = max(scores, key=lambda e: (scores[e], classifier.get(e, 0.0), e))
    if scores[best] < config["min_score"]:
        return {"name": OUT_OF_SCOPE if name == OUT_OF_SCOPE else FALLBACK, "confidence": 1 - scores[best]}
    return {"name": f"{FAQ_PREFIX}{best}", "confidence": round(scores[best], 4)}


def _english_sentence(text: str) -> bool:
    """A sentence in English (three words or more, no Chinese): with none of our words, not about the programme."""
    return not _CJK.search(text) and len(_WORD.findall(text)) >= 3


#: an English question this short with a contact word asks whom to contact ("who should I contact" after an
#: answer), not about something else; a longer one names whom ("how do I contact Tesla's service centre")
ENGLISH_CONTACT_WORDS = 5


def _asks_contact_in_english(text: str, kb: Any) -> bool:
    return len(_WORD.findall(text)) <= ENGLISH_CONTACT_WORDS and kb.asks_contact(text)


def _carries_data(message: Message) -> bool:
    """An amount of a named source (ActivityExtractor's activity entity): inventory data, whatever else it says."""
    return any(e.get("entity") == "activity" and isinstance(e.get("value"), dict) and e["value"].get("source")
               for e in message.get(ENTITIES) or [])


def _asks_about_other_entry(intent: Dict[str, Any], kb: Any, sure: float = 0.5) -> bool:
    """The classifier placed the message, confidently, on an entry that is not a contact (楊研究員說的抵換專案
    怎麼申請 asks about offsets, and only names the person)."""
    entry = kb.entry_for_intent(str(intent.get("name") or ""))
    return entry is not None and entry.topic != "contacts" and float(intent.get("confidence") or 0.0) >= sure


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class KnowledgeRanker(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"classifier_weight": 0.4, "min_score": 0.1, "out_of_scope_confidence": 0.3,
                "out_of_scope_confidence_ours": 0.5,
                "courtesy_intents": ["acknowledge", "thanks", "greet", "goodbye", "come_back_later"],
                "courtesy_confidence": 0.25}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "KnowledgeRanker":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        from knowledge import get_knowledge
        from knowledge.focus import focused_search

        kb = get_knowledge()
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            name = str(intent.get("name") or "")
            elsewhere = kb.about_something_else(text) or (_english_sentence(text) and not kb.mentions_domain(text)
                                                          and not _asks_contact_in_english(text, kb))
            if name not in self._config["courtesy_intents"] and not text.startswith("/") \
                    and elsewhere and not _carries_data(message) \
                    and not _asks_about_other_entry(intent, kb, sure=0.9):
                message.set(INTENT, {"name": OUT_OF_SCOPE, "confidence": 1.0}, add_to_output=True)
                continue
            if not (name.startswith(FAQ_PREFIX) or name in (FALLBACK, OUT_OF_SCOPE)):
                continue
            person = kb.named_contact_entry(text)
            if person is not None and not _asks_about_other_entry(intent, kb):
                message.set(INTENT, {"name": f"{FAQ_PREFIX}{person.id}", "confidence": 1.0}, add_to_output=True)
                continue
            hits = [(e.id, score) for e, score in focused_search(kb, text, limit=SEARCH_CANDIDATES)]
            chosen = combine(message.get(INTENT_RANKING_KEY) or [], hits, self._config,
                             anchored=kb.mentions_domain(text), placed=intent.get("name") != FALLBACK,
                             strong=kb.strongly_ours(text))
            if chosen is not None:
                message.set(INTENT, chosen, add_to_output=True)
        return messages
