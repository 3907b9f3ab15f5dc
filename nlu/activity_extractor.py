"""Rasa NLU component: inventory statements as entities, and the intent of a message that is one.

It runs the statement interpreter (nlu/statements.py: amounts, periods, money, counts, corrections,
negations, from calc's alias and unit tables and nlu/lexicon.yml) and lays what it found onto a spaCy Doc
(blank "zh" with the jieba segmenter) as entity spans, so each ``activity`` entity has the token-aligned
character span Rasa expects (jieba splits "54,835,200" into five tokens; ``doc.char_span(...,
alignment_mode="expand")`` aligns it).

Entities (extractor "ActivityExtractor"): ``activity`` (value: the claim as JSON — readings, unit, source,
period …) and ``inventory_year``. The action re-reads the statement from the text with the conversation's
context; these entities make the NLU's reading visible in logs, tests and `rasa shell`.

A message that states inventory data — an amount of a source, a per-month figure, "沒有買蒸汽", "其他都沒有"
— is a data statement whatever the classifier thought (an FAQ about natural gas, a hand-off topic): its
intent becomes ``inform_activity``. Questions ("重油一公升排多少二氧化碳？") never are. The component sits
after the classifier and before FallbackClassifier in rasa_project/config.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import action_validation
from nlu.statements import Statement, interpret

action_validation.install()  # this module is what Rasa imports of ours: see nlu/action_validation.py

INFORM_INTENT = "inform_activity"
START_INTENT = "inventory_start"
#: intents that already mean "this message is about the inventory" — never overridden
INVENTORY_INTENTS = frozenset(
    {
        "inform_activity", "inform_amount", "inform_year", "inform_company", "inventory_start", "inventory_delete",
        "inventory_finish", "inventory_confirm", "inventory_edit", "inventory_answer", "inventory_list",
        "inventory_restart", "inventory_resume", "skip", "affirm", "deny", "choose_source",
    }
)
OVERRIDE_CONFIDENCE = 0.95


def overrides(statement: Statement) -> bool:
    """Whether a statement is inventory data whatever the classifier said."""
    return statement.has_data and not statement.question


def starts(statement: Statement) -> bool:
    """"想做112年度碳盤查": a year and the wish to take an inventory (not a question about one)."""
    return statement.year is not None and statement.start and not statement.question


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ActivityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"override_intent": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        import jieba
        import spacy

        from calc import aliases as calc_aliases

        self._config = config
        for term in calc_aliases.dictionary_terms():
            if len(term) > 1:
                jieba.add_word(term, freq=2_000_000)
        self._nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ActivityExtractor":
        return cls(config)

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy", "jieba"]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        if not text or text.startswith("/"):
            return
        statement = interpret(text)
        entities = self.entities(statement)
        if entities:
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        if not self._config.get("override_intent", True):
            return
        if overrides(statement):
            self._override_intent(message, INFORM_INTENT)
        elif starts(statement):
            self._override_intent(message, START_INTENT)

    def entities(self, statement: Statement) -> List[Dict[Text, Any]]:
        doc = self._nlp(statement.text)
        out = []
        for claim in statement.claims:
            span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
            start, end = (span.start_char, span.end_char) if span is not None else (claim.start, claim.end)
            out.append(self._entity("activity", claim.as_dict(), start, end))
        if statement.year is not None:
            out.append(self._entity("inventory_year", statement.year, 0, 0))
        return out

    def _entity(self, name: str, value: Any, start: int, end: int) -> Dict[Text, Any]:
        return {"entity": name, "value": value, "start": start, "end": end, "extractor": self.__class__.__name__}

    @staticmethod
    def _override_intent(message: Message, name: str) -> None:
        """The inventory intent, sure enough that FallbackClassifier keeps it; an inventory intent the
        classifier already chose (affirm, inventory_delete …) keeps its name."""
        intent = message.get(INTENT) or {}
        if intent.get("name") in INVENTORY_INTENTS:
            name = intent["name"]
        confidence = max(float(intent.get("confidence") or 0), OVERRIDE_CONFIDENCE)
        message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != name]
        message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": confidence}, *ranking], add_to_output=True)
