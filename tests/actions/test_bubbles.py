"""Phone-sized answers (actions/bubbles.py): the first bubble at most about 200 characters, nothing lost."""

from __future__ import annotations

import pytest

from actions.bubbles import FIRST_BUBBLE_CHARS, answer_text, phone_bubbles
from knowledge import get_knowledge


def test_a_short_answer_is_one_bubble():
    assert phone_bubbles("碳費一般費率每公噸300元。") == ["碳費一般費率每公噸300元。"]


def test_a_long_answer_is_cut_at_a_line_break_and_keeps_every_character():
    text = "第一行說明。\n" + "・細節內容很長的一行說明文字，" * 20 + "\n最後一行"
    bubbles = phone_bubbles(text)
    assert len(bubbles) == 2 and len(bubbles[0]) <= FIRST_BUBBLE_CHARS
    assert "".join(bubbles).replace("\n", "") == text.replace("\n", "")


def test_without_line_breaks_the_cut_is_after_a_sentence():
    text = "這是一句話。" * 60
    first, rest = phone_bubbles(text)
    assert first.endswith("。") and len(first) <= FIRST_BUBBLE_CHARS and first + rest == text


@pytest.mark.parametrize("entry", get_knowledge().entries, ids=lambda e: e.id)
def test_every_answer_opens_with_a_phone_sized_bubble(entry):
    first = phone_bubbles(answer_text(entry))[0]
    assert 0 < len(first) <= FIRST_BUBBLE_CHARS
