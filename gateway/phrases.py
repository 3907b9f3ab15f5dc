"""Whole-message phrases users type for a gateway command (刪除我的資料, 取消 …), matched one way.

Compared after knowledge.textnorm.normalize_text (width, Simplified → Traditional), without spaces and
punctuation: a message must be one of the phrases, not merely contain one.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from knowledge.textnorm import normalize_text

#: spaces and punctuation (ASCII and full-width) ignored when matching a phrase
_IGNORED = re.compile(r"[\s\W_]+")


def phrase_key(text: str) -> str:
    return _IGNORED.sub("", normalize_text(text))


def load_phrase_set(path: Path, key: str) -> frozenset[str]:
    """The phrases under ``key`` of a YAML file, as keys for ``phrase_key`` comparisons."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return frozenset(phrase_key(phrase) for phrase in data.get(key, []))
