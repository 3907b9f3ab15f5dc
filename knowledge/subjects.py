"""Whether a message is about the programme's subjects or about something else (lexicon.yaml's word lists).

Out-of-scope traps share our words: 電費怎麼繳 (電), 冷氣壞了找誰修 (冷氣), 碳纖維車架 (碳), ISO 9001 稽核 (iso),
碳權概念股 (碳權). Four lists and a set of patterns tell them apart, all content (knowledge/content/lexicon.yaml):

- ``anchors``: a word of the programme's subjects; a message with none is never answered from the search alone;
- ``false_friends``: words that contain one of our words but mean something else (碳纖維, 碳水, 電腦); they are
  masked before the anchors and core words are looked for, and count as a sign of another subject;
- ``foreign_subjects`` / ``foreign_patterns``: words and patterns of other procedures, services and standards
  (營所稅, 停電, 修理, ISO 9001): with none of the ``core_words`` left, the message is about something else;
- ``foreign_always`` / ``foreign_always_patterns``: words and patterns that make a message about something else
  whatever it shares with us (概念股, 翻譯成, 幫我們介紹…買家): nobody asks the programme to pick a stock, write a
  letter or find customers.

A message with a core word, a term or a ``domain_patterns`` match (R-22) and none of the above is strongly ours:
the ranker then needs a surer out-of-scope classification to decline it (舊冷氣還是R22的 還要報嗎).

Words are matched on the normalised, case-folded text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectWords:
    anchors: tuple[str, ...] = ()
    core: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()
    foreign_always: tuple[str, ...] = ()
    false_friends: tuple[str, ...] = ()
    foreign_patterns: tuple[re.Pattern[str], ...] = ()
    terms: tuple[str, ...] = ()
    domain_patterns: tuple[re.Pattern[str], ...] = ()
    foreign_always_patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def build(cls, normalize: Callable[[str], str], *, anchors: Sequence[str] = (), core: Sequence[str] = (),
              foreign: Sequence[str] = (), foreign_always: Sequence[str] = (), false_friends: Sequence[str] = (),
              foreign_patterns: Sequence[str] = (), terms: Sequence[str] = (),
              domain_patterns: Sequence[str] = (), foreign_always_patterns: Sequence[str] = ()) -> SubjectWords:
        """The lists normalised as messages are (``normalize``), case-folded, duplicates dropped."""
        def fold(words: Sequence[str]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(normalize(w).casefold() for w in words if w))

        # the longest false friend first, so that 碳水化合物 is masked whole before 碳水
        friends = tuple(sorted(fold(false_friends), key=len, reverse=True))
        return cls(fold(anchors), fold(core), fold(foreign), fold(foreign_always), friends,
                   tuple(re.compile(p, re.IGNORECASE) for p in foreign_patterns),
                   tuple(t for t in fold(terms) if len(t) > 1),
                   tuple(re.compile(p, re.IGNORECASE) for p in domain_patterns),
                   tuple(re.compile(p, re.IGNORECASE) for p in foreign_always_patterns))

    def masked(self, folded: str) -> str:
        """The text without its false friends (碳纖維球拍 → " 球拍"): what is left of our words is ours."""
        for word in self.false_friends:
            folded = folded.replace(word, " ")
        return folded

    def mentions(self, folded: str) -> bool:
        """The (case-folded) text holds a word of the programme's subjects, false friends aside."""
        text = self.masked(folded)
        return any(word in text for word in self.anchors)

    def strongly_ours(self, folded: str) -> bool:
        """The text names a core subject, a term of the lexicon or a domain pattern (R-22), false friends aside:
        the classifier must be surer to call it out of scope."""
        text = self.masked(folded)
        return (any(word in text for word in (*self.core, *self.terms))
                or any(p.search(text) for p in self.domain_patterns))

    def never_ours(self, folded: str) -> bool:
        """The (case-folded) text asks what the programme never does (a job, an anti-dumping duty, a stock tip),
        whatever product, amount or subject of ours it names."""
        return any(word in folded for word in self.foreign_always) \
            or any(p.search(folded) for p in self.foreign_always_patterns)

    def elsewhere(self, folded: str) -> bool:
        """The (case-folded) text is about another procedure, service or product, and none of our core subjects."""
        if self.never_ours(folded):
            return True
        foreign = (any(word in folded for word in self.foreign)
                   or any(word in folded for word in self.false_friends)
                   or any(p.search(folded) for p in self.foreign_patterns))
        if not foreign:
            return False
        text = self.masked(folded)
        return not any(word in text for word in self.core)
