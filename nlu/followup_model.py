"""A classifier of follow-ups in their context: (the user's earlier turns, the message) → the entry answering it.

The word lists of knowledge/followups.yaml resolve the follow-up kinds someone has written down ("那要多少錢"
after a counselling → its cost). Each new author of a question set wrote kinds nobody had ("我們要出多少",
"表填好寄去哪"), so the lists alone stayed at 80–88% on unseen conversations. This model learns the same from
examples instead: several hundred (context, follow-up, entry) triples written by other authors
(tests/nlu/questions/tuning*.yml) and every entry's own phrasings (with no context, and after another entry's
question, so that a message naming its own subject outweighs the context).

The message and the context are featurised apart (character n-grams, a vocabulary each), so that "多少錢" in the
message and "查證" in the context each carry their own weight: a linear model then adds "a cost question" to
"about the verification counselling". The context weighs less than the message.

Runs where scikit-learn is (the Rasa environment: the action server and the training script).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
MODEL_GLOB = "followup-*.pickle"
#: How much the context's features weigh beside the message's
CONTEXT_WEIGHT = 1.5
#: Character n-gram lengths of both vectorisers
NGRAMS = (1, 3)


@dataclass(frozen=True)
class Example:
    """One training triple; ``context`` the earlier user turns, oldest first (normalised like the message)."""

    context: tuple[str, ...]
    text: str
    entry_id: str


class FollowUpModel:
    """Rank the entries for a message in its context (``rank``); trained with ``fit``."""

    def __init__(self, context_weight: float = CONTEXT_WEIGHT, c: float = 30.0) -> None:
        self.context_weight = context_weight
        self.c = c
        self._text = None
        self._context = None
        self._classifier = None

    @staticmethod
    def _vectoriser():  # type: ignore[no-untyped-def]
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True, min_df=1)

    def _features(self, contexts: Sequence[str], texts: Sequence[str]):  # type: ignore[no-untyped-def]
        from scipy.sparse import hstack

        assert self._text is not None and self._context is not None
        return hstack([self._text.transform(texts), self.context_weight * self._context.transform(contexts)]).tocsr()

    def fit(self, examples: Sequence[Example]) -> FollowUpModel:
        from sklearn.linear_model import LogisticRegression

        contexts = [" ".join(e.context) for e in examples]
        texts = [e.text for e in examples]
        self._text = self._vectoriser().fit(texts)
        self._context = self._vectoriser().fit([c for c in contexts if c] or [" "])
        self._classifier = LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced", random_state=42)
        self._classifier.fit(self._features(contexts, texts), [e.entry_id for e in examples])
        return self

    def rank(self, context: Sequence[str], text: str, limit: int = 5) -> list[tuple[str, float]]:
        """The likeliest entries for ``text`` after ``context`` (normalised), with their probabilities."""
        assert self._classifier is not None, "model not trained"
        probabilities = self._classifier.predict_proba(self._features([" ".join(context)], [text]))[0]
        order = probabilities.argsort()[::-1][:limit]
        return [(str(self._classifier.classes_[i]), float(probabilities[i])) for i in order]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        staged = path.with_suffix(".tmp")
        staged.write_bytes(pickle.dumps(self))
        staged.replace(path)


def examples_hash(examples: Iterable[Example]) -> str:
    """What the model is named after: its training triples and this module's settings."""
    digest = hashlib.sha256(f"{CONTEXT_WEIGHT}|{NGRAMS}|{Path(__file__).read_bytes()!r}".encode())
    for example in examples:
        digest.update(repr(example).encode())
    return digest.hexdigest()[:16]


def model_file(digest: str) -> Path:
    return MODELS / f"followup-{digest}.pickle"


@lru_cache(maxsize=1)
def get_followup_model() -> FollowUpModel | None:
    """The trained model in models/ (`make train` writes it), or None when there is none: the word lists then
    resolve follow-ups alone."""
    found = sorted(MODELS.glob(MODEL_GLOB), key=lambda p: p.stat().st_mtime)
    if not found:
        return None
    model = pickle.loads(found[-1].read_bytes())  # our own build output, written by scripts/train_followup.py
    return model if isinstance(model, FollowUpModel) else None
