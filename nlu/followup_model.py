"""A classifier of follow-ups in their context: (the user's earlier turns, the message) → the entry answering it.

The word lists of knowledge/followups.yaml resolve the follow-up kinds someone has written down ("那要多少錢"
after a counselling → its cost). Each new author of a question set wrote kinds nobody had ("我們要出多少",
"表填好寄去哪"), so the lists alone stayed at 80–88% on unseen conversations. This model learns the same from
examples instead: several hundred (context, follow-up, entry) triples written by other authors
(tests/nlu/questions/tuning*.yml) and every entry's own phrasings (with no context, and after another entry's
question, so that a message naming its own subject outweighs the context). How it is featurised:
nlu/context_classifier.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from nlu import context_classifier
from nlu.context_classifier import ContextClassifier, Example, newest

__all__ = ["Example", "FollowUpModel", "examples_hash", "get_followup_model", "model_file"]

MODELS = context_classifier.MODELS
MODEL_GLOB = "followup-*.pickle"
#: How much the context's features weigh beside the message's
CONTEXT_WEIGHT = 1.5
C = 30.0


class FollowUpModel(ContextClassifier):
    """Rank the entries (and "out of scope", "small talk") for a message in its context."""

    def __init__(self, context_weight: float = CONTEXT_WEIGHT, c: float = C) -> None:
        super().__init__(context_weight, c)


def examples_hash(examples: Iterable[Example]) -> str:
    return context_classifier.examples_hash(examples, "followup", CONTEXT_WEIGHT, C, Path(__file__).read_bytes())


def model_file(digest: str) -> Path:
    return MODELS / f"followup-{digest}.pickle"


@lru_cache(maxsize=1)
def get_followup_model() -> FollowUpModel | None:
    """The trained model in models/ (`make train` writes it), or None when there is none: the word lists then
    resolve follow-ups alone."""
    return newest(MODEL_GLOB, FollowUpModel, MODELS)
