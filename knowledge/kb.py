"""KnowledgeBase: the loaded content with look-ups and search."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from knowledge.corrections import Corrections
from knowledge.folding import fold_text
from knowledge.model import Contact, Entry, VerifierList
from knowledge.search import BM25Index

# Field weights of the search index: titles and phrasings say what an entry is about; the answer
# contributes its facts (numbers, names) at a lower weight.
TITLE_WEIGHT = 2.0
QUESTION_WEIGHT = 1.0
ANSWER_WEIGHT = 0.5


class KnowledgeBase:
    def __init__(
        self,
        entries: Sequence[Entry],
        contacts: Sequence[Contact],
        verifiers: VerifierList,
        terms: Sequence[str],
        corrections: Corrections,
        messages: Mapping[str, str],
        source_dir: Path,
    ) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.contacts: tuple[Contact, ...] = tuple(contacts)
        self.verifiers = verifiers
        self.corrections = corrections
        self.messages: dict[str, str] = dict(messages)
        self.source_dir = source_dir
        self._terms = tuple(terms)
        self._by_id = {e.id: e for e in self.entries}
        self._contacts = {c.id: c for c in self.contacts}
        self._routes = {key: c for c in self.contacts for key in c.topics}
        self._index = BM25Index([
            [(self.normalize(e.title), TITLE_WEIGHT)]
            + [(self.normalize(q), QUESTION_WEIGHT) for q in e.questions]
            + [(self.normalize(e.answer), ANSWER_WEIGHT)]
            for e in self.entries
        ])

    def __repr__(self) -> str:
        return f"<KnowledgeBase {len(self.entries)} entries from {self.source_dir}>"

    def normalize(self, text: str) -> str:
        """Edge normalisation with this content's corrections (see ``textnorm.normalize_text``)."""
        return self.corrections.apply(fold_text(text))

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def entry_for_intent(self, intent: str) -> Entry | None:
        """The entry of a Rasa intent name ``faq_<id>``."""
        return self._by_id.get(intent[4:]) if intent.startswith("faq_") else None

    def related(self, entry: Entry) -> list[Entry]:
        return [self._by_id[r] for r in entry.related if r in self._by_id]

    def contact(self, contact_id: str) -> Contact | None:
        return self._contacts.get(contact_id)

    def contact_for(self, topic_key: str) -> Contact:
        """The contact for a routing key (inventory, offset, footprint, programme, authority)."""
        try:
            return self._routes[topic_key]
        except KeyError:
            raise KeyError(f"no contact for routing key {topic_key!r}; known: {sorted(self._routes)}") from None

    def message(self, key: str) -> str:
        return self.messages[key]

    def search(self, text: str, limit: int = 3, min_score: float = 0.0) -> list[tuple[Entry, float]]:
        """Entries best matching a free text, with a score in [0, 1] (share of the query's weight matched)."""
        hits = self._index.query(self.normalize(text), limit)
        return [(self.entries[i], score) for i, score in hits if score >= min_score]

    def terms(self) -> list[str]:
        """Domain words for the jieba user dictionary: the lexicon's terms and the contacts' names."""
        seen: dict[str, None] = dict.fromkeys(self._terms)
        seen.update(dict.fromkeys(c.name for c in self.contacts))
        return list(seen)
