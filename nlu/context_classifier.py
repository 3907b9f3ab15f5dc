"""A classifier of a message in its context: (the user's earlier turns, the message) → a label, with probabilities.

The message and the context are featurised apart (character n-grams, a vocabulary each), so that "多少錢" in the
message and "查證" in the context each carry their own weight: a linear model then adds "a cost question" to
"about the verification counselling". The context weighs less than the message. Two models are built on it: the
follow-up model (nlu/followup_model.py: which entry answers a follow-up) and the scope model
(nlu/scope_model.py: whether a message is any of ours at all).

Runs where scikit-learn is (the Rasa environment: the action server and the training scripts).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
#: Character n-gram lengths of both vectorisers
NGRAMS = (1, 3)

Classifier = TypeVar("Classifier", bound="ContextClassifier")


@dataclass(frozen=True)
class Example:
    """One training example; ``context`` the earlier user turns, oldest first (normalised like the message)."""

    context: tuple[str, ...]
    text: str
    entry_id: str


class ContextClassifier:
    """Rank the labels for a message in its context (``rank``); trained with ``fit``."""

    def __init__(self, context_weight: float = 1.5, c: float = 30.0, ngrams: tuple[int, int] = NGRAMS,
                 words: float = 0.0) -> None:
        self.context_weight = context_weight
        self.c = c
        self.ngrams = ngrams
        #: how much jieba's words of the message weigh beside its character n-grams (0: not used)
        self.words = words
        self._words = None
        self._text = None
        self._context = None
        self._classifier = None

    def _vectoriser(self):  # type: ignore[no-untyped-def]
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(analyzer="char_wb", ngram_range=self.ngrams, sublinear_tf=True, min_df=1)

    def _features(self, contexts: Sequence[str], texts: Sequence[str]):  # type: ignore[no-untyped-def]
        from scipy.sparse import hstack

        assert self._text is not None and self._context is not None
        parts = [self._text.transform(texts), self.context_weight * self._context.transform(contexts)]
        if self._words is not None:
            parts.append(self.words * self._words.transform(texts))
        return hstack(parts).tocsr()

    def fit(self, examples: Sequence[Example]) -> Self:
        from sklearn.linear_model import LogisticRegression

        contexts = [" ".join(e.context) for e in examples]
        texts = [e.text for e in examples]
        self._text = self._vectoriser().fit(texts)
        self._context = self._vectoriser().fit([c for c in contexts if c] or [" "])
        if self.words:
            from sklearn.feature_extraction.text import TfidfVectorizer

            self._words = TfidfVectorizer(tokenizer=segmented, lowercase=True, sublinear_tf=True,
                                          token_pattern=None).fit(texts)
        self._classifier = LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced", random_state=42)
        self._classifier.fit(self._features(contexts, texts), [e.entry_id for e in examples])
        return self

    def rank(self, context: Sequence[str], text: str, limit: int = 5) -> list[tuple[str, float]]:
        """The likeliest labels for ``text`` after ``context`` (normalised), with their probabilities."""
        assert self._classifier is not None, "model not trained"
        probabilities = self._classifier.predict_proba(self._features([" ".join(context)], [text]))[0]
        order = probabilities.argsort()[::-1][:limit]
        return [(str(self._classifier.classes_[i]), float(probabilities[i])) for i in order]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        staged = path.with_suffix(".tmp")
        staged.write_bytes(pickle.dumps(self))
        staged.replace(path)


def segmented(text: str) -> list[str]:
    """jieba's words of a text (spaces dropped)."""
    import jieba

    return [w for w in jieba.lcut(text) if w.strip()]


def examples_hash(examples: Iterable[Example], *settings: object) -> str:
    """What a model is named after: its training examples, its settings and this module's code."""
    digest = hashlib.sha256(f"{settings!r}|{NGRAMS}|{Path(__file__).read_bytes()!r}".encode())
    for example in examples:
        digest.update(repr(example).encode())
    return digest.hexdigest()[:16]


def newest(glob: str, kind: type[Classifier], models: Path = MODELS) -> Classifier | None:
    """The newest trained model of ``kind`` in ``models`` (`make train` writes them), or None."""
    found = sorted(models.glob(glob), key=lambda p: p.stat().st_mtime)
    if not found:
        return None
    model = pickle.loads(found[-1].read_bytes())  # our own build output, written by the training scripts
    return model if isinstance(model, kind) else None
