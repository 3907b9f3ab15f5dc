"""Whether a message, in its context, is any of ours at all: (the user's earlier turns, the message) → the
probability that it is out of scope.

Word lists (knowledge/content/lexicon.yaml ``foreign_*``) and the Rasa classifier's out_of_scope intent decline
what someone has written down. Each new author of a question set wrote traps nobody had: one of our words asking
something else (冷媒一桶多少錢, 化糞池多久抽一次, 工研院有在徵人嗎), and after an answer, a question sharing its
words (冷媒怎麼算 → 那冷氣多久保養一次). The lists learnt these one kind at a time and stayed at 75–83% declined on
unseen sets. This model learns the boundary from examples instead: several hundred traps and near-traps that are
ours (電費單上哪個數字要填) written by other authors (tests/nlu/questions/tuning*.yml), every entry's own phrasings
and the sets' answerable questions, follow-ups and courtesy as ours. How it is featurised:
nlu/context_classifier.py; how it decides with the rest: actions/context.py (``OUTSIDE``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from nlu import context_classifier
from nlu.context_classifier import ContextClassifier, Example, newest

__all__ = ["NOT_OURS", "OURS", "ScopeModel", "examples_hash", "get_scope_model", "model_file"]

MODELS = context_classifier.MODELS
MODEL_GLOB = "scope-*.pickle"
#: The two labels
OURS = "ours"
NOT_OURS = "out_of_scope"
#: How much the context's features weigh beside the message's
CONTEXT_WEIGHT = 0.5
C = 100.0
#: Character n-gram lengths, and how much jieba's words weigh beside them
NGRAMS = (1, 3)
WORDS = 0.0


class ScopeModel(ContextClassifier):
    """``outside``: the probability that a message in its context is none of ours."""

    def __init__(self, context_weight: float = CONTEXT_WEIGHT, c: float = C, ngrams: tuple[int, int] = NGRAMS,
                 words: float = WORDS) -> None:
        super().__init__(context_weight, c, ngrams, words)

    def outside(self, context: Sequence[str], text: str) -> float:
        return dict(self.rank(context, text, limit=2)).get(NOT_OURS, 0.0)


def examples_hash(examples: Iterable[Example]) -> str:
    return context_classifier.examples_hash(examples, "scope", CONTEXT_WEIGHT, C, NGRAMS, WORDS, Path(__file__).read_bytes())


def model_file(digest: str) -> Path:
    return MODELS / f"scope-{digest}.pickle"


@lru_cache(maxsize=1)
def get_scope_model() -> ScopeModel | None:
    """The trained model in models/ (`make train` writes it), or None when there is none: the word lists and the
    classifier then decide what is out of scope alone."""
    return newest(MODEL_GLOB, ScopeModel, MODELS)
