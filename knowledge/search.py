"""Lexical search over the entries: BM25 on character unigrams/bigrams (CJK) and words (Latin, digits).

Texts are normalised (``fold_text`` + corrections) by the caller before indexing and querying.
Scores are reported in [0, 1]: the BM25 score divided by the best score the query's terms could reach,
so a query made of words the content never uses scores near 0.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3})")
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[.@_/-][a-z0-9]+)*")
_ALNUM = re.compile(r"[a-z0-9]+")


def tokenize(text: str, unigram_weight: float = 0.5) -> Counter[str]:
    """Weighted term counts: CJK bigrams (1.0) and unigrams (``unigram_weight``), Latin/digit words (1.0)
    and the parts of compound words (0.5)."""
    counts: Counter[str] = Counter()
    text = _DIGIT_GROUP.sub("", text.lower())
    for run in _RUN.findall(text):
        if run[0].isascii():
            # a compound (e-mail, URL, R-134a, 11295.6) counts whole and by its parts
            counts[run] += 1.0
            parts = _ALNUM.findall(run)
            if len(parts) > 1:
                for part in parts:
                    counts[part] += 0.5
            continue
        for ch in run:
            counts[ch] += unigram_weight
        for i in range(len(run) - 1):
            counts[run[i : i + 2]] += 1.0
    return counts


class BM25Index:
    """BM25 over documents given as weighted fields: [(text, weight), ...] per document."""

    def __init__(self, docs: Sequence[Iterable[tuple[str, float]]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._tf: list[dict[str, float]] = []
        for fields in docs:
            tf: Counter[str] = Counter()
            for text, weight in fields:
                for term, n in tokenize(text).items():
                    tf[term] += n * weight
            self._tf.append(dict(tf))
        self._len = [sum(tf.values()) for tf in self._tf]
        self._avglen = (sum(self._len) / len(self._len)) if self._len else 1.0
        df: Counter[str] = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        n_docs = len(self._tf)
        self._idf = {t: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self._unseen_idf = math.log(1 + (n_docs + 0.5) / 0.5)
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for i, tf in enumerate(self._tf):
            for term, n in tf.items():
                self._postings.setdefault(term, []).append((i, n))

    def query(self, text: str, limit: int) -> list[tuple[int, float]]:
        """Best documents for an already normalised text: [(doc index, score in [0, 1]), ...]."""
        q = tokenize(text)
        if not q:
            return []
        k1, b = self.k1, self.b
        scores: dict[int, float] = {}
        best = 0.0
        for term, qw in q.items():
            idf = self._idf.get(term, self._unseen_idf)
            best += qw * idf * (k1 + 1)
            for doc, tf in self._postings.get(term, ()):
                norm = k1 * (1 - b + b * self._len[doc] / self._avglen)
                scores[doc] = scores.get(doc, 0.0) + qw * idf * tf * (k1 + 1) / (tf + norm)
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:limit]
        return [(doc, score / best) for doc, score in ranked]
