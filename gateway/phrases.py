"""Whole-message phrases users type for a gateway command (刪除我的資料, 取消 …), matched one way.

Compared after knowledge.textnorm.normalize_text (width, Simplified → Traditional), without spaces and
punctuation: a message must be one of the phrases, not merely contain one.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.textnorm import normalize_text
from textdata import load_catalogue

#: spaces and punctuation (ASCII and full-width) ignored when matching a phrase
_IGNORED = re.compile(r"[\s\W_]+")


def phrase_key(text: str) -> str:
    return _IGNORED.sub("", normalize_text(text))


def load_phrase_set(path: Path, key: str) -> frozenset[str]:
    """The phrases under ``key`` of a YAML file, as keys for ``phrase_key`` comparisons."""
    return frozenset(phrase_key(phrase) for phrase in load_catalogue(path).words(key))
