"""Normalisation of user text at the edge: one place, used by the NLU and by search.

``fold_text`` (knowledge/folding.py) is purely mechanical (width, whitespace, Simplified -> Traditional).
``normalize_text`` adds the content's homophone-typo corrections (knowledge/content/lexicon.yaml), so a
correction edited by staff is live without a code change. The loader depends only on folding.py and
corrections.py, so this module may import it.
"""
from __future__ import annotations

from knowledge.corrections import Corrections
from knowledge.folding import OPENCC_CONFIG, fold_text, has_simplified
from knowledge.loader import get_knowledge

__all__ = ["OPENCC_CONFIG", "Corrections", "fold_text", "has_simplified", "normalize_text"]


def normalize_text(text: str, corrections: Corrections | None = None) -> str:
    """The edge normalisation: ``fold_text`` then homophone-typo corrections.

    Without ``corrections`` the current default content's corrections are used (cheap: the knowledge
    base is cached and reloaded only when a content file changes).
    """
    folded = fold_text(text)
    if corrections is None:
        corrections = get_knowledge().corrections
    return corrections.apply(folded)
