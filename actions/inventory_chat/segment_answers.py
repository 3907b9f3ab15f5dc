"""The question an amount said by month segments may need — is "7到9月大概五萬五" 55,000 a month or the three
months' total? — with its buttons, and the reader of its answer (a button, "每個月", "三個月加起來")."""

from __future__ import annotations

from decimal import Decimal

from actions.inventory_chat import segments
from actions.inventory_chat.catalogue import source_name, text
from actions.inventory_chat.presenter import answer_button, intent_button
from actions.inventory_chat.reading import Reading
from actions.inventory_chat.state import Draft
from contracts.numbers import number
from nlu import lexicon

CHOICES = {"segment_month": "month", "segment_total": "total"}


def question(draft: Draft) -> tuple[str, list[dict[str, str]]]:
    claim = draft.claim
    source = draft.answers.get("source") or claim.source
    name = source_name(source) if source else text("subject_amount")
    unit = segments.unit_of(draft)
    asked = segments.open_segments(draft) or claim.segments
    if len(asked) == 1:
        segment = asked[0]
        body = text("ask_segment_per_one", name=name, where=segments.where(segment), months=segment["months"],
                    value=number(Decimal(segment["amount"])), unit=f" {unit}" if unit else "")
        total = text("choice_segment_total_one", months=segment["months"])
    else:
        body = text("ask_segment_per", name=name,
                    segments=text("segment_joiner").join(segments.said(s, unit) for s in asked))
        total = text("choice_segment_total")
    return body, [answer_button(text("choice_segment_month"), "segment_month"),
                  answer_button(total, "segment_total"), intent_button(text("button_drop"), "skip")]


def read(r: Reading) -> bool:
    """A button, or typed words: 加起來 / 總共 … (the months' total) or 每個月 (per month)."""
    per = CHOICES.get(r.choice or "")
    if per is None and not r.st.claims:
        if any(word in r.st.text for word in lexicon.words("totals")):
            per = "total"
        elif r.st.period == "month":
            per = "month"
    if per is None:
        return False
    r.answers["segment_per"] = per
    return True
