"""Judging one question of the NLU question sets against what the running bot answered (no I/O here).

A turn's replies are read back from the gateway's conversation store, with the internal markers the actions
emit for the staff dashboard (``{"type": "faq", "entry_id"}``, ``{"type": "rule", "entry_id", "decision"}``,
``{"type": "fallback", "intent"}``, ``{"type": "clarify"}``) and the hand-off payload. The rules follow
tests/nlu/questions/README.md ("Suggested scoring"):

- in_scope / multi / follow_up / rule: right when the first entry answered is ``expect_entry`` or in
  ``also_accept``, the visible text matches ``expect_text`` (if given), the bot states the expected decision
  (``expect_decision``: a rule was applied and said yes / no / depends), and no hand-off was opened;
- ``expect_entry: null``: right when the bot answers from no entry and says so, offering a person;
- out_of_scope: right when the bot declines (the not-sure / out-of-scope answer) without answering an entry;
- small_talk: right when the reply matches ``expect_text`` and is neither an entry, a decline nor a hand-off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contracts import payloads

KINDS = ("in_scope", "follow_up", "rule", "multi", "out_of_scope", "small_talk")
ANSWER_TYPES = (payloads.FAQ, payloads.RULE)
DECLINE_TYPE = payloads.FALLBACK
CLARIFY_TYPE = payloads.CLARIFY
HANDOFF_TYPE = "handoff"
HUMAN_PAYLOAD = "/request_human"


@dataclass(frozen=True)
class Item:
    """One question of a set (tests/nlu/questions/*.yml, or an old held-out line turned into one)."""

    id: str
    kind: str
    text: str
    context: tuple[str, ...] = ()
    expect_entry: str | None = None
    also_accept: tuple[str, ...] = ()
    second_entry: str | None = None
    expect_decision: str | None = None
    expect_text: str | None = None

    @classmethod
    def from_yaml(cls, raw: Mapping[str, Any]) -> Item:
        if raw["kind"] not in KINDS:
            raise ValueError(f"{raw.get('id')}: unknown kind {raw['kind']!r}")
        return cls(
            id=str(raw["id"]),
            kind=str(raw["kind"]),
            text=str(raw["text"]),
            context=tuple(str(t) for t in raw.get("context") or ()),
            expect_entry=raw.get("expect_entry"),
            also_accept=tuple(raw.get("also_accept") or ()),
            second_entry=raw.get("second_entry"),
            expect_decision=raw.get("expect_decision"),
            expect_text=raw.get("expect_text"),
        )

    @property
    def accepted(self) -> set[str]:
        return {self.expect_entry, *self.also_accept} - {None}  # type: ignore[arg-type]

    @property
    def group(self) -> str:
        """The line the item is reported on: its kind, with in-scope items that no entry answered apart."""
        if self.kind == "in_scope" and self.expect_entry is None:
            return "no_entry"
        return self.kind


@dataclass
class Observed:
    """What the bot did on the item's last turn."""

    texts: list[str] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_replies(cls, replies: Iterable[Mapping[str, Any]]) -> Observed:
        seen = cls()
        for reply in replies:
            if isinstance(reply.get("text"), str) and reply["text"]:
                seen.texts.append(reply["text"])
            for button in reply.get("buttons") or []:
                if isinstance(button, Mapping) and isinstance(button.get("payload"), str):
                    seen.payloads.append(button["payload"])
            custom = reply.get("custom")
            if isinstance(custom, Mapping) and isinstance(custom.get("type"), str):
                seen.markers.append(dict(custom))
        return seen

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def of_type(self, *types: str) -> list[dict[str, Any]]:
        return [m for m in self.markers if m.get("type") in types]

    @property
    def answered(self) -> list[str]:
        return [str(m.get("entry_id")) for m in self.of_type(*ANSWER_TYPES)]

    @property
    def decision(self) -> str | None:
        rules = self.of_type("rule")
        return str(rules[0].get("decision")) if rules else None

    @property
    def declined(self) -> bool:
        return bool(self.of_type(DECLINE_TYPE)) and not self.answered

    @property
    def handed_over(self) -> bool:
        return bool(self.of_type(HANDOFF_TYPE))

    @property
    def offers_person(self) -> bool:
        return HUMAN_PAYLOAD in self.payloads

    def offers(self, entry_id: str) -> bool:
        return f"/faq_{entry_id}" in self.payloads or entry_id in self.answered[1:]

    def summary(self) -> str:
        if self.handed_over:
            return "handoff"
        if self.answered:
            rule = f" ({self.decision})" if self.decision else ""
            return ",".join(self.answered) + rule
        if self.of_type(CLARIFY_TYPE):
            return "clarify"
        if self.declined:
            return "declined:" + str(self.of_type(DECLINE_TYPE)[0].get("intent"))
        return "other: " + self.text[:40].replace("\n", " ")


@dataclass(frozen=True)
class Verdict:
    item: Item
    right: bool
    why: str
    got: str
    second_offered: bool | None = None


def _matches(pattern: str | None, text: str) -> bool:
    return pattern is None or re.search(pattern, text) is not None


def judge(item: Item, seen: Observed) -> Verdict:
    got = seen.summary()
    if seen.handed_over:
        return Verdict(item, False, "a hand-off ticket was opened", got)
    if item.kind == "out_of_scope":
        return Verdict(item, seen.declined, "declined" if seen.declined else "not declined", got)
    if item.kind == "small_talk":
        if seen.answered or seen.declined:
            return Verdict(item, False, "answered or declined instead of small talk", got)
        ok = bool(seen.text) and _matches(item.expect_text, seen.text)
        return Verdict(item, ok, "courteous reply" if ok else "reply does not match expect_text", got)
    if item.expect_entry is None:
        ok = not seen.answered and (seen.declined or bool(seen.of_type(CLARIFY_TYPE))) and seen.offers_person
        return Verdict(item, ok, "said it has no answer" if ok else "answered from an entry or offered no one", got)
    if not seen.answered:
        return Verdict(item, False, "no entry answered", got)
    second = seen.offers(item.second_entry) if item.second_entry else None
    if seen.answered[0] not in item.accepted:
        return Verdict(item, False, f"answered {seen.answered[0]}", got, second)
    if item.expect_decision is not None and seen.decision != item.expect_decision:
        return Verdict(item, False, f"decision {seen.decision} (expected {item.expect_decision})", got, second)
    if not _matches(item.expect_text, seen.text):
        return Verdict(item, False, "reply does not match expect_text", got, second)
    return Verdict(item, True, "right", got, second)


@dataclass(frozen=True)
class Figure:
    right: int
    total: int

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.right}/{self.total} = {self.rate:.1%}" if self.total else "—"


def figures(verdicts: Sequence[Verdict]) -> dict[str, Figure]:
    """Right / total per reporting group (kinds, with ``no_entry`` apart)."""
    out: dict[str, Figure] = {}
    for group in (*KINDS, "no_entry"):
        chosen = [v for v in verdicts if v.item.group == group]
        if chosen:
            out[group] = Figure(sum(v.right for v in chosen), len(chosen))
    multi = [v for v in verdicts if v.item.kind == "multi" and v.second_offered is not None]
    if multi:
        out["multi_second_offered"] = Figure(sum(bool(v.second_offered) for v in multi), len(multi))
    return out
