"""Literal corrections of common homophone typos (knowledge/content/lexicon.yaml's ``corrections``)."""
from __future__ import annotations

import re
from collections.abc import Mapping


class Corrections:
    """Literal replacements of common homophone typos (wrong -> right), longest match first; Latin letters in
    any case (Carbon Fee, carbon fee and CARBON FEE are one typo)."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping: dict[str, str] = dict(mapping or {})
        self._folded = {k.casefold(): v for k, v in self.mapping.items()}
        keys = sorted(self.mapping, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys)), re.IGNORECASE) if keys else None

    def apply(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._folded[m.group(0).casefold()], text)

    def __len__(self) -> int:
        return len(self.mapping)
