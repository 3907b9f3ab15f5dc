"""Answers cut to fit a phone: the first bubble at most about 200 characters, the details in a second one.

Cut at a line break where there is one (a list stays whole under its heading), else after a sentence, never
inside a word; the details keep every character of the answer.
"""

from __future__ import annotations

import re

from actions.messages import message
from knowledge import Entry

#: About what a phone shows without scrolling in a chat bubble (issue 13).
FIRST_BUBBLE_CHARS = 200
_SENTENCE_END = re.compile(r"[。！？；]")


def cut_point(text: str, limit: int = FIRST_BUBBLE_CHARS) -> int:
    """Where the first bubble ends: the last line break before ``limit``, else the last sentence end."""
    if len(text) <= limit:
        return len(text)
    head = text[: limit + 1]
    line = head.rfind("\n")
    if line >= limit // 4:
        return line
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 4:
        return ends[-1]
    return limit


def phone_bubbles(text: str, limit: int = FIRST_BUBBLE_CHARS) -> list[str]:
    """One bubble when it fits; else the first ≤ ``limit`` characters and the rest."""
    text = text.strip()
    cut = cut_point(text, limit)
    head, rest = text[:cut].rstrip(), text[cut:].strip()
    return [head, rest] if rest else [head]


def answer_text(entry: Entry) -> str:
    """An entry's answer as the user reads it: the answer, its notice, its source and date."""
    parts = [entry.answer.strip()]
    if entry.notice:
        parts.append(message("faq_notice", notice=entry.notice))
    parts.append(message("faq_footer", source=entry.source, as_of=entry.as_of))
    return "\n\n".join(parts)
