"""The follow-ups' word lists and rules as data (knowledge/followups.yaml), read once: cues, fillers, subjects,
aspects and what each asks for per topic, the yearly topics, the rules applied to earlier turns, definitions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
import re

from textdata import load_catalogue


FOLLOWUPS_FILE = Path(__file__).with_name("followups.yaml")


@dataclass(frozen=True)
class Aspect:
    id: str
    label: str
    words: tuple[str, ...]
    default: str | None
    by_entry: Mapping[str, str]
    stay: frozenset[str]
    #: aspects this one wins over when both are asked ("也要審核才能參加嗎": selection, not eligibility)
    over: frozenset[str] = frozenset()
    #: the default also answers a question that names a counselling ("查證輔導要自己付多少錢" → the cost entry)
    for_named: bool = False
    #: the topic's entry for this aspect answers even when the follow-up names another subject ("跟盤查差在哪"
    #: after the footprint: the comparison)
    before_subject: bool = False
    #: with nothing answered before, a message asking this aspect is answered by the default ("要找誰報名 有電話嗎":
    #: the contacts), not declined for naming no subject
    alone: bool = False


@dataclass(frozen=True)
class FollowUps:
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    max_chars: int
    subjects: tuple[str, ...]
    aspects: tuple[Aspect, ...]
    year_topics: frozenset[str] = frozenset()
    year_particles: str = ""
    fillers: tuple[str, ...] = ()
    verifier_entry: str | None = None
    #: aspect → the rules a follow-up asking it is applied with, to what the user said before
    rule_aspects: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: entry → the words naming what it defines; ``definition_keep``: words of the programme's services
    definitions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    definition_keep: tuple[str, ...] = ()
    #: (recognised entry, words, entry answering instead) — see followups.yaml ``refinements``
    refinements: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    #: (topics, calc source ids, entry): a fuel named after one of the topics asks that entry
    fuel_shift: tuple[frozenset[str], frozenset[str], str] | None = None
    #: words pointing back at what was just said (他, 這個, 剛剛說的): a cue in a short message
    referents: tuple[re.Pattern[str], ...] = ()
    #: the topic a conversation has once the user starts an inventory (follow-ups are about doing one)
    inventory_topic: str | None = None
    #: starts of a message that change the subject (換個問題, btw: case-folded), and those that do when it names one (另外)
    switches: tuple[str, ...] = ()
    switches_naming: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_followups(path: Path = FOLLOWUPS_FILE) -> FollowUps:
    data = load_catalogue(path).data
    aspects = tuple(
        Aspect(
            id=key, label=str(raw["label"]), words=tuple(str(w) for w in raw["words"]), default=raw.get("default"),
            by_entry=dict(raw.get("by_entry") or {}), stay=frozenset(raw.get("stay") or ()),
            over=frozenset(raw.get("over") or ()), for_named=bool(raw.get("for_named")),
            before_subject=bool(raw.get("before_subject")), alone=bool(raw.get("alone")),
        )
        for key, raw in data["aspects"].items()
    )
    cues = data["cues"]
    fillers = tuple(sorted((str(w) for w in data.get("fillers") or ()), key=len, reverse=True))
    definitions = data.get("definitions") or {}
    return FollowUps(tuple(cues["prefixes"]), tuple(cues["suffixes"]), int(cues["max_chars"]),
                     tuple(str(s) for s in data["subjects"]), aspects, frozenset(data.get("year_topics") or ()),
                     str(data.get("year_particles") or ""), fillers, data.get("verifier_entry"),
                     {k: frozenset(v) for k, v in (data.get("rule_aspects") or {}).items()},
                     {k: tuple(str(w) for w in v) for k, v in (definitions.get("entries") or {}).items()},
                     tuple(str(w) for w in definitions.get("keep") or ()),
                     tuple((str(r["from"]), tuple(str(w) for w in r["words"]), str(r["to"]))
                           for r in data.get("refinements") or ()),
                     _fuel_shift(data.get("fuel_shift")),
                     tuple(re.compile(p) for p in cues.get("referents") or ()), data.get("inventory_topic"),
                     tuple(str(w).casefold() for w in cues.get("switches") or ()),
                     tuple(str(w) for w in cues.get("switches_naming") or ()))


def _fuel_shift(raw: Mapping[str, object] | None) -> tuple[frozenset[str], frozenset[str], str] | None:
    if not raw:
        return None
    return frozenset(raw["topics"]), frozenset(raw["sources"]), str(raw["to"])  # type: ignore[arg-type]


def entry_ids(followups: FollowUps) -> set[str]:
    """Every entry id the file names (checked to exist by ``knowledge check``)."""
    ids: set[str] = set(followups.year_topics) | ({followups.verifier_entry} if followups.verifier_entry else set())
    ids.update(followups.definitions)
    ids.update(e for source, _, to in followups.refinements for e in (source, to))
    if followups.inventory_topic:
        ids.add(followups.inventory_topic)
    if followups.fuel_shift:
        ids.update(followups.fuel_shift[0] | {followups.fuel_shift[2]})
    for aspect in followups.aspects:
        ids.update(aspect.by_entry.keys(), aspect.by_entry.values(), aspect.stay)
        if aspect.default:
            ids.add(aspect.default)
    return ids
