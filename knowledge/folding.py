"""Mechanical folding of user text: width (NFKC), whitespace, refrigerant names, Simplified -> Traditional.

No content is read here; ``knowledge.textnorm.normalize_text`` (the edge normalisation) adds the content's
homophone-typo corrections on top of ``fold_text``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# s2tw: character-level Taiwan-standard conversion. s2twp was rejected: its phrase replacement rewrites
# domain words (活动数据 -> 活動資料, 干燥设备 -> 乾燥裝置, 项目 -> 專案).
OPENCC_CONFIG = "s2tw"

# Characters that Big5 (cp950) can encode but that Taiwanese writers practically never use (什么, 天然气):
# they mark a text as Simplified like characters outside Big5 do.
_SIMPLIFIED_IN_BIG5 = frozenset("么气")
# Characters common in Taiwan that s2tw rewrites (台 -> 臺, 污 -> 汙): kept as the user wrote them.
_KEEP_AS_WRITTEN = frozenset("台污")

_WHITESPACE = re.compile(r"\s+")
# Refrigerant names as users type them (R22, r 410a, R－134a): the ASHRAE form the content uses.
_REFRIGERANT = re.compile(r"(?<![A-Za-z0-9])[Rr] ?-? ?(\d{2,3})([A-Za-z]?)(?![A-Za-z0-9])")

# Voice input and some keyboards put a space between every word or two ("員工 住 的 宿舍 也要 寫 嗎"): when at
# least SPACED_MIN_GAPS gaps part Chinese runs no longer than SPACED_MEAN_CHARS on average, the gaps are typing, not
# the clause breaks a LINE message uses ("碳費怎麼算 那我們要繳嗎"), and are removed between Chinese characters.
SPACED_MIN_GAPS = 2
SPACED_MEAN_CHARS = 2.0
_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
_HAN_RUN = re.compile(_HAN + "+")
_GAP_BETWEEN_HAN = re.compile(f"(?<={_HAN}) (?={_HAN})")

_SIMPLIFIED, _WEAK_SIMPLIFIED, _NEUTRAL, _TRADITIONAL = 2, 1, 0, -1


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC(OPENCC_CONFIG)


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16384)
def _char_kind(ch: str) -> int:
    """_SIMPLIFIED: only Simplified uses it (电, 们, 么); _WEAK_SIMPLIFIED: a Simplified form that is also
    valid Traditional (里, 后, 干); _TRADITIONAL: only Traditional uses it (電, 盤, 羣); else _NEUTRAL."""
    if ch in _SIMPLIFIED_IN_BIG5:
        return _SIMPLIFIED
    if ch.isascii():
        return _NEUTRAL
    if _to_simplified().convert(ch) != ch:
        return _TRADITIONAL
    if _converter().convert(ch) == ch:
        return _NEUTRAL
    try:
        ch.encode("cp950")
    except UnicodeEncodeError:
        return _SIMPLIFIED
    return _WEAK_SIMPLIFIED


def has_simplified(text: str) -> bool:
    """True when the text is (partly) written in Simplified Chinese.

    A Simplified-only character decides; characters valid in both scripts (里, 后, 干) decide only when
    nothing in the text is Traditional-only.
    """
    if text.isascii():
        return False
    kinds = {_char_kind(ch) for ch in text}
    return _SIMPLIFIED in kinds or (_WEAK_SIMPLIFIED in kinds and _TRADITIONAL not in kinds)


def _to_traditional(text: str) -> str:
    converted = _converter().convert(text)
    if len(converted) != len(text):
        return converted
    return "".join(o if o in _KEEP_AS_WRITTEN else c for o, c in zip(text, converted))


def _refrigerant_name(match: re.Match[str]) -> str:
    """R-134a (single compounds: lower-case suffix), R-410A / R-507A (blends, 4xx and 5xx: upper case)."""
    number, suffix = match.group(1), match.group(2)
    return f"R-{number}{suffix.upper() if number[0] in '45' else suffix.lower()}"


def _joined_if_spaced_out(text: str) -> str:
    """"要 上 幾天" → "要上幾天"; "碳費怎麼算 那我們要繳嗎" stays as written (see ``SPACED_MEAN_CHARS``)."""
    gaps = len(_GAP_BETWEEN_HAN.findall(text))
    if gaps < SPACED_MIN_GAPS:
        return text
    runs = _HAN_RUN.findall(text)
    if sum(map(len, runs)) / len(runs) > SPACED_MEAN_CHARS:
        return text
    return _GAP_BETWEEN_HAN.sub("", text)


def fold_text(text: str) -> str:
    """NFKC width folding, whitespace collapsed (and removed from text typed word by word), Simplified converted
    to Taiwan Traditional.

    Text without Simplified-only characters is left as written (OpenCC would otherwise rewrite
    valid Traditional such as 台 -> 臺 or 羣 -> 群); numbers such as "54,835,200" pass unchanged.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _joined_if_spaced_out(_WHITESPACE.sub(" ", text).strip())
    text = _REFRIGERANT.sub(_refrigerant_name, text)
    if has_simplified(text):
        text = _to_traditional(text)
    return text
