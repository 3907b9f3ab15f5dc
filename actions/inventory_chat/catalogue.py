"""actions/inventory.yml: the categories in the deck's order, plausibility ranges, ideas and every text the
inventory conversation says. Loaded once; texts are filled with ``text(key, **values)``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import calc
from textdata import Catalogue, load_catalogue

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "inventory.yml"


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    usage: str
    sources: tuple[str, ...]
    buttons: tuple[str, ...]
    question: str
    hint: str


def _catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE_FILE)


def config() -> Mapping[str, Any]:
    """The whole file: steps, ranges, word lists, ideas, texts."""
    return _catalogue().data


def text(key: str, **values: Any) -> str:
    """A text of the file's `texts` with its {placeholders} filled in."""
    return _catalogue().text(f"texts.{key}", **values)


def text_at(key: str, **values: Any) -> str:
    """A text anywhere in the file by its dotted key (e.g. "ideas.texts.fleet"), placeholders filled in."""
    return _catalogue().text(key, **values)


def texts(key: str) -> dict[str, str]:
    """A group of texts (e.g. counter names, period words)."""
    return _catalogue().mapping(key)


@lru_cache(maxsize=1)
def steps() -> tuple[Step, ...]:
    return tuple(
        Step(s["id"], s["title"], s["usage"], tuple(s["sources"]), tuple(s.get("buttons", [])), s["question"],
             s["hint"])
        for s in config()["steps"]
    )


def step(step_id: str | None) -> Step | None:
    return next((s for s in steps() if s.id == step_id), None)


def step_ids() -> list[str]:
    return [s.id for s in steps()]


def step_for(source: str, usage: str | None) -> Step | None:
    """The category of a source: by its usage when it has two (diesel: stationary or mobile)."""
    for s in steps():
        if source in s.sources and (usage is None or s.usage == usage or len(calc.SOURCES[source].emission_types) == 1):
            return s
    return None


def source_name(source: str) -> str:
    """The Chinese name of a source (never its id)."""
    names = config().get("source_names", {})
    if source in names:
        return names[source]
    info = calc.SOURCES.get(source)
    return info.name if info else text("unknown_source_name")


def plausible(source: str) -> tuple[float, float] | None:
    low_high = config()["plausible"].get(source)
    return (float(low_high[0]), float(low_high[1])) if low_high else None


def unit_example(source: str) -> str:
    return config()["unit_examples"].get(source, config()["unit_examples"]["default"])


def source_unit(source: str) -> str:
    """The unit a source is asked in (度, 公升, 公斤 …)."""
    info = calc.SOURCES.get(source)
    return info.unit_display if info else ""
