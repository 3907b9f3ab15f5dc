"""KnowledgeBase: the loaded content with look-ups and search."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from knowledge.corrections import Corrections
from knowledge.folding import fold_text
from knowledge.model import Contact, Entry, VerifierList
from knowledge.search import BM25Index
from knowledge.subjects import SubjectWords
from textdata import Catalogue

# Field weights of the search index: titles and phrasings say what an entry is about; the answer
# contributes its facts (numbers, names) at a lower weight.
TITLE_WEIGHT = 2.0
QUESTION_WEIGHT = 1.0
ANSWER_WEIGHT = 0.5


def _contact_names(name: str, title: str) -> tuple[str, ...]:
    """How people name a contact: the full name, or the surname with the title or its last word (楊研究員;
    朱資深工程師, 朱工程師)."""
    surname = name[:1]
    titles = {title, title[-3:], title[-2:]} if len(title) > 2 else {title}
    return (name, *(surname + t for t in sorted(titles) if len(t) >= 2))


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
        anchors: Sequence[str] = (),
        organisations: Mapping[str, Sequence[str]] | None = None,
        contact_words: Sequence[str] = (),
        foreign_subjects: Sequence[str] = (),
        core_words: Sequence[str] = (),
        foreign_always: Sequence[str] = (),
        false_friends: Sequence[str] = (),
        foreign_patterns: Sequence[str] = (),
        foreign_always_patterns: Sequence[str] = (),
        honorifics: Sequence[str] = (),
        domain_patterns: Sequence[str] = (),
        uncovered: Mapping[str, Sequence[str]] | None = None,
        pattern_entries: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.contacts: tuple[Contact, ...] = tuple(contacts)
        self.verifiers = verifiers
        self.corrections = corrections
        self.messages: dict[str, str] = dict(messages)
        self.source_dir = source_dir
        self._terms = tuple(terms)
        # what marks a message as about the programme's subjects, or about something else (knowledge/subjects.py)
        self.subjects = SubjectWords.build(
            self.normalize, anchors=(*terms, *anchors, *(c.name for c in self.contacts)), core=core_words,
            foreign=foreign_subjects, foreign_always=foreign_always, false_friends=false_friends,
            foreign_patterns=foreign_patterns, terms=terms, domain_patterns=domain_patterns,
            foreign_always_patterns=foreign_always_patterns)
        self._organisations = {self.normalize(k).casefold(): tuple(v) for k, v in (organisations or {}).items()}
        self._uncovered = {label: tuple(self.normalize(w).casefold() for w in words)
                           for label, words in (uncovered or {}).items()}
        self._pattern_entries = {entry_id: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
                                 for entry_id, patterns in (pattern_entries or {}).items()}
        self._contact_words = tuple(self.normalize(w).casefold() for w in contact_words)
        # 范先生的分機: a surname with a courtesy title names a contact when no other contact shares the surname
        # and the message asks for a contact (a 楊先生 alone may be anyone)
        surnames = [c.name[:1] for c in self.contacts]
        self._courtesy_names = {
            name: c.id for c in self.contacts if surnames.count(c.name[:1]) == 1
            for h in honorifics for name in (c.name[:1] + h, self.normalize(c.name[:1] + h))}
        self._named_contacts = [
            (names, entry)
            for c in self.contacts
            for names in [tuple(dict.fromkeys(self.normalize(n) for n in _contact_names(c.name, c.title)))]
            for entry in [next((e for e in self.entries if e.topic == "contacts" and e.contact == c.id), None)]
            if entry is not None
        ]
        self._by_id = {e.id: e for e in self.entries}
        self._ids = frozenset(self._by_id)
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
        """A text of the content's messages.yaml (an error names the file and the key)."""
        return Catalogue(self.messages, "messages.yaml").text(key)

    def search(self, text: str, limit: int = 3, min_score: float = 0.0) -> list[tuple[Entry, float]]:
        """Entries best matching a free text, with a score in [0, 1] (share of the query's weight matched)."""
        hits = self._index.query(self.normalize(text), limit)
        return [(self.entries[i], score) for i, score in hits if score >= min_score]

    def mentions_domain(self, text: str) -> bool:
        """Whether a message holds a word of the programme's subjects (a term, an anchor or a contact's name)."""
        return self.subjects.mentions(self.normalize(text).casefold()) or self.named_contact_entry(text) is not None

    def about_something_else(self, text: str) -> bool:
        """A message about another procedure, service or standard (營所稅申報期限, 申根簽證, ISO 9001, 碳纖維) with
        no core word of ours, or about what the programme never does (概念股)."""
        return self.subjects.elsewhere(self.normalize(text).casefold())

    def never_ours(self, text: str) -> bool:
        """A message about what the programme never does (lexicon.yaml ``foreign_always``): no rule applies to it
        either ("EU 對 fasteners 的 anti-dumping duty" names a CBAM product, but asks a duty)."""
        return self.subjects.never_ours(self.normalize(text).casefold())

    def pattern_entry(self, text: str, among: int = 3) -> Entry | None:
        """The one entry a pattern of the message names (lexicon.yaml ``pattern_entries``: a refrigerant code is
        the refrigerant entry's), when the search ranks it among its first ``among`` hits too: "R22要不要算進去"
        shares as many words with the emission sources as with the refrigerants."""
        folded = self.normalize(text)
        named = [eid for eid, patterns in self._pattern_entries.items() if any(p.search(folded) for p in patterns)]
        if len(named) != 1:
            return None
        hits = [e.id for e, _ in self.search(text, limit=among)]
        return self._by_id.get(named[0]) if named[0] in hits else None

    def without_uncovered(self, text: str) -> str:
        """The (normalised) message with the words of uncovered subjects blanked out."""
        folded = self.normalize(text).casefold()
        for word in sorted((w for words in self._uncovered.values() for w in words), key=len, reverse=True):
            folded = folded.replace(word, " ")
        return folded

    def uncovered_subject(self, text: str) -> str | None:
        """The label of a subject no entry answers yet that the message names (lexicon.yaml ``uncovered``:
        SBTi, 保存幾年), the one with the longest word named; None when it names none."""
        folded = self.normalize(text).casefold()
        named = [(len(w), label) for label, words in self._uncovered.items() for w in words if w in folded]
        return max(named)[1] if named else None

    def strongly_ours(self, text: str) -> bool:
        """A message naming a core subject or a term of ours (R-22, 清冊, 碳費), whatever else it says."""
        return self.subjects.strongly_ours(self.normalize(text).casefold())

    def named_contact_entry(self, text: str) -> Entry | None:
        """The contacts entry of a person the message names (楊智傑, 楊研究員, 馬協理), if any."""
        folded = self.normalize(text)
        person = next((entry for names, entry in self._named_contacts if any(n in folded for n in names)), None)
        return (person or self._courtesy_contact_entry(folded) or self._misspelt_contact_entry(folded)
                or self._organisation_contact_entry(folded.casefold()))

    def asks_contact(self, text: str) -> bool:
        """The message holds a contact word (lexicon.yaml ``contact_words``: 電話, 窗口, contact …)."""
        return self._has_contact_word(self.normalize(text))

    def _has_contact_word(self, folded: str) -> bool:
        folded = folded.casefold()
        return any(w in folded for w in self._contact_words)

    def _misspelt_contact_entry(self, folded: str) -> Entry | None:
        """楊志傑分機多少: a contact's three-character name typed with one given-name character wrong (a homophone),
        with a contact word; only when no other contact's name fits the same way."""
        if not self._has_contact_word(folded):
            return None
        fits = {c.id for c in self.contacts if len(c.name) == 3 and re.search(
            f"{re.escape(c.name[0])}(?:{re.escape(c.name[1])}.|.{re.escape(c.name[2])})", folded)}
        if len(fits) != 1:
            return None
        (contact_id,) = fits
        return next((e for e in self.entries if e.topic == "contacts" and e.contact == contact_id), None)

    def _courtesy_contact_entry(self, folded: str) -> Entry | None:
        """范先生分機幾號: a contact named by surname and courtesy title, with a contact word."""
        if not self._has_contact_word(folded):
            return None
        contact_id = next((cid for name, cid in self._courtesy_names.items() if name in folded), None)
        if contact_id is None:
            return None
        return next((e for e in self.entries if e.topic == "contacts" and e.contact == contact_id), None)

    def _organisation_contact_entry(self, folded: str) -> Entry | None:
        """產基會電話多少, 工研院哪位在負責: an organisation named with a contact word."""
        if not self._has_contact_word(folded):
            return None
        for name, contact_ids in self._organisations.items():
            if name in folded:
                if len(contact_ids) == 1:
                    return next((e for e in self.entries if e.topic == "contacts" and e.contact == contact_ids[0]), None)
                return self._by_id.get("contacts_all")
        return None

    def entry_ids(self) -> frozenset[str]:
        return self._ids

    def terms(self) -> list[str]:
        """Domain words for the jieba user dictionary: the lexicon's terms and the contacts' names."""
        seen: dict[str, None] = dict.fromkeys(self._terms)
        seen.update(dict.fromkeys(c.name for c in self.contacts))
        return list(seen)
