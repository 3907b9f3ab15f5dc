"""The staff password rule: 12 to 256 characters, not a common password, not the user name.

"Common" is the list in common_passwords.txt (the 19,640 passwords most often found in breaches), also when the
password is one of them with digits or symbols around it ("password2024!"), one character or a short group of
them repeated ("aaaaaaaaaaaa", "abcabcabcabc"), or a run along the keyboard or the alphabet ("1234567890ab").
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256
#: the longest group of characters whose repetition counts as trivial
_MAX_REPEATED_UNIT = 4
_RUNS = ("01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv")
_PADDING = string.digits + string.punctuation + string.whitespace


class PasswordRejected(ValueError):
    """``text_key`` names the Chinese reason in gateway/messages.yml."""

    def __init__(self, text_key: str, **values: object) -> None:
        super().__init__(text_key)
        self.text_key = text_key
        self.values = values


@lru_cache
def common_passwords(path: Path = COMMON_PASSWORDS_FILE) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("# "))
    return frozenset(line.strip().lower() for line in lines[start:] if line.strip())


def check_password(password: str, username: str | None = None) -> None:
    """Raise PasswordRejected unless `password` follows the rule."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS or not password.strip():
        raise PasswordRejected("staff.password_length", min_chars=MIN_PASSWORD_CHARS, max_chars=MAX_PASSWORD_CHARS)
    lowered = password.strip().lower()
    if username and username.strip().lower() in lowered:
        raise PasswordRejected("staff.password_is_username")
    if is_common(lowered):
        raise PasswordRejected("staff.password_common")


def is_common(lowered: str) -> bool:
    common = common_passwords()
    core = lowered.strip(_PADDING)
    if lowered in common or (core and core in common):
        return True
    if _is_repetition(lowered) or (core and _is_repetition(core)):
        return True
    return any(_is_run(candidate, run) for candidate in {lowered, core} if candidate for run in _RUNS)


def _is_repetition(text: str) -> bool:
    return any(
        len(text) % size == 0 and text == text[:size] * (len(text) // size)
        for size in range(1, min(_MAX_REPEATED_UNIT, len(text) // 2) + 1)
    )


def _is_run(text: str, run: str) -> bool:
    """`text` walks along `run` (forwards or backwards, wrapping around), e.g. "890123456789"."""
    for sequence in (run, run[::-1]):
        looped = sequence * (len(text) // len(sequence) + 2)
        if text in looped:
            return True
    return False
