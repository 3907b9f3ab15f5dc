"""The question of a long message: its last clause that asks something.

Factory staff often tell their story first ("我們課長叫我把去年的用電、用油整理出來給顧問，可是我不知道要整理哪些
東西，可以告訴我要準備什麼嗎"); the lexical search, which scores the share of a query's words an entry matches,
is then swamped by the story. A long message is also searched for the words of its question clause. The markers
and the length are data (followups.yaml ``focus``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from knowledge.followup import FOLLOWUPS_FILE, content_of, load_followups
from knowledge.kb import KnowledgeBase
from knowledge.model import Entry
from textdata import load_catalogue

_PUNCTUATION = r"[,，、。!！?？;；:：\n~～…]+|\s+"


@dataclass(frozen=True)
class Focus:
    long_chars: int
    markers: tuple[str, ...]
    breaks: re.Pattern[str]
    endings: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_focus() -> Focus:
    raw = load_catalogue(FOLLOWUPS_FILE).data["focus"]
    breaks = "|".join([_PUNCTUATION, *(re.escape(str(w)) for w in raw["breaks"])])
    return Focus(int(raw["long_chars"]), tuple(str(m) for m in raw["markers"]), re.compile(breaks),
                 tuple(str(e) for e in raw.get("endings") or ()))


def clauses(text: str, focus: Focus | None = None) -> list[str]:
    focus = focus or load_focus()
    return [c.strip() for c in focus.breaks.split(text) if c and c.strip()]


def spoken_questions(part: str, focus: Focus | None = None) -> list[str]:
    """A part of a message typed without punctuation, split where one question ends (嗎, 多少 …) before words
    that ask something again: "查證輔導要收費嗎 查證機構又要去哪裡找" → two questions; "scope1 scope2 差在哪
    客戶的excel要我分開填" stays one (its tail asks nothing)."""
    focus = focus or load_focus()
    pieces: list[str] = []
    current: list[str] = []
    for chunk in part.split(" "):
        current.append(chunk)
        if chunk.endswith(focus.endings):
            pieces.append(" ".join(current))
            current = []
    rest = " ".join(current)
    if rest and pieces and not any(m in rest for m in focus.markers):
        pieces[-1] = f"{pieces[-1]} {rest}"
    elif rest:
        pieces.append(rest)
    return [p.strip() for p in pieces if p.strip()]


def question_clause(text: str, focus: Focus | None = None) -> str | None:
    """The last clause of a long (normalised) message that asks something; None for a short message, one that
    asks nothing, or one whose earlier question is marked (…是真的嗎？要找誰: the first question comes first)."""
    focus = focus or load_focus()
    if len(text) <= focus.long_chars:
        return None
    asking = [part for part in clauses(text, focus) if any(m in part for m in focus.markers)]
    if not asking or re.search(r"[?？]\s*\S", text.rstrip("?？ ")):
        return None
    return asking[-1]


def focused_search(kb: KnowledgeBase, text: str, limit: int = 5) -> list[tuple[Entry, float]]:
    """``kb.search`` for a message; a long one also for the words of its last question clause (fillers
    removed), each entry scoring the better of the two."""
    hits = kb.search(text, limit=limit)
    clause = question_clause(kb.normalize(text))
    if clause is None:
        return hits
    scores = {e.id: (e, s) for e, s in hits}
    for entry, score in kb.search(content_of(clause, load_followups()), limit=limit):
        if score > scores.get(entry.id, (entry, 0.0))[1]:
            scores[entry.id] = (entry, score)
    return sorted(scores.values(), key=lambda hit: hit[1], reverse=True)[:limit]
