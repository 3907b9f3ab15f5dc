"""Literal corrections of common homophone typos (knowledge/content/lexicon.yaml's ``corrections``)."""
from __future__ import annotations

import re
from collections.abc import Mapping


class Corrections:
    """Literal replacements of common homophone typos (wrong -> right), longest match first."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping: dict[str, str] = dict(mapping or {})
        keys = sorted(self.mapping, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def apply(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.mapping[m.group(0)], text)

    def __len__(self) -> int:
        return len(self.mapping)
