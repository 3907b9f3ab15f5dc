"""Rasa NLU component: inventory statements (source, amount, unit), years and deletions as entities.

Entities it adds to a message (extractor "ActivityExtractor"):
- ``activity``: value = calc's activity dict {"source", "amount", "unit", "usage"?, "refrigerant"?, "equipment"?}
- ``inventory_year``: value = the Western year (2021 for 110年)
- ``source``: a source named without an amount (value = calc source id)
- ``delete_source``: a source the user wants removed ("刪掉汽油")

A message that states an amount of a known source is a data statement whatever the classifier thought
(e.g. "天然氣的量是3882度" might look like a FAQ about natural gas): its intent becomes ``inform_activity``.
The component sits after DIETClassifier and before FallbackClassifier in config.yml.
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
from nlu.activities import ActivityParser

action_validation.install()  # this module is what Rasa imports of ours: see nlu/action_validation.py

INFORM_INTENT = "inform_activity"
#: intents that already mean "this message is about the inventory" — never overridden
INVENTORY_INTENTS = frozenset(
    {
        "inform_activity", "inventory_start", "inventory_correct", "inventory_delete", "inventory_finish",
        "inventory_list", "inform_year", "skip", "affirm", "deny",
    }
)
OVERRIDE_CONFIDENCE = 0.95
#: A question about amounts ("重油一公升排多少二氧化碳") is not a data statement: never override those.
QUESTION_MARKERS = ("多少", "幾", "嗎", "怎麼", "如何", "什麼", "?", "？", "哪")


def is_question(text: str) -> bool:
    return any(marker in text for marker in QUESTION_MARKERS)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ActivityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"override_intent": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config
        self._parser = ActivityParser()

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
        statement = self._parser.parse(text)
        entities: List[Dict[Text, Any]] = []
        for activity in statement.activities:
            entities.append(self._entity("activity", activity.to_calc(), activity.start, activity.end))
        if statement.year is not None:
            entities.append(self._entity("inventory_year", statement.year, 0, 0))
        for source in statement.sources:
            entities.append(self._entity("source", source, 0, 0))
        for source in statement.deletions:
            entities.append(self._entity("delete_source", source, 0, 0))
        if entities:
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        if statement.activities and self._config.get("override_intent", True) and not is_question(text):
            self._override_intent(message)

    def _entity(self, name: str, value: Any, start: int, end: int) -> Dict[Text, Any]:
        return {"entity": name, "value": value, "start": start, "end": end, "extractor": self.__class__.__name__}

    @staticmethod
    def _override_intent(message: Message) -> None:
        intent = message.get(INTENT) or {}
        if intent.get("name") in INVENTORY_INTENTS:
            return
        message.set(INTENT, {"name": INFORM_INTENT, "confidence": OVERRIDE_CONFIDENCE}, add_to_output=True)
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != INFORM_INTENT]
        message.set(
            INTENT_RANKING_KEY,
            [{"name": INFORM_INTENT, "confidence": OVERRIDE_CONFIDENCE}, *ranking],
            add_to_output=True,
        )
