"""The one list of names people use for sources, refrigerants, equipment and units (calc/data).

calc/data/aliases.csv holds every source, refrigerant, equipment and usage alias; calc/data/units.csv
every unit alias. The NLU builds its jieba dictionary and spaCy entity patterns from these functions, so
the product holds one list of aliases, not two. Lookups are tolerant: NFKC (full-width → ASCII), case,
spaces and hyphens do not matter ("r134a" finds "R-134a"), and English ids are accepted too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from calc import units as _units
from calc._data import read_csv
from calc.messages import input_error

KINDS = ("source", "refrigerant", "equipment", "emission_type", "method")
_SPLIT_RE = re.compile(r"[/／、,，;；＋+&＆]|及|和|與")


@dataclass(frozen=True)
class Alias:
    """One row of calc/data/aliases.csv."""

    kind: str
    alias: str
    target: str
    emission_type: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SourceMatch:
    """What a source name resolved to: the source id, plus what the name itself implies."""

    source: str
    alias: str
    emission_type: str | None = None
    refrigerant: str | None = None
    note: str | None = None


def alias_key(text: str) -> str:
    """Lookup key: NFKC, case-folded, without spaces, hyphens, underscores or dots."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-_‐‑–—·.]+", "", text)


@lru_cache(maxsize=1)
def _rows() -> tuple[Alias, ...]:
    rows = []
    for row in read_csv("aliases.csv"):
        if row["kind"] not in KINDS:
            raise ValueError(f"aliases.csv: unknown kind {row['kind']!r}")
        rows.append(
            Alias(row["kind"], row["alias"], row["target"], row["emission_type"] or None, row["note"] or None)
        )
    return tuple(rows)


@lru_cache(maxsize=1)
def _ids() -> dict[str, tuple[str, ...]]:
    """Target ids each kind accepts as names too (English ids: natural_gas, HFC-134a, chiller, mobile)."""
    return {
        "source": tuple(r["id"] for r in read_csv("sources.csv")),
        "refrigerant": tuple(
            r["gas"] for r in read_csv("gwp.csv") if r["group"] in ("HFCs", "HCFCs", "PFCs")
        ),
        "equipment": tuple(r["id"] for r in read_csv("equipment.csv")),
        "emission_type": tuple(r["id"] for r in read_csv("emission_types.csv")),
        "method": ("charge", "refill"),
    }


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, Alias]]:
    index: dict[str, dict[str, Alias]] = {kind: {} for kind in KINDS}
    for kind, ids in _ids().items():
        for target in ids:
            index[kind][alias_key(target)] = Alias(kind, target, target)
    for row in read_csv("sources.csv"):  # display names ("燃料油（重油）") are names too
        index["source"].setdefault(alias_key(row["name"]), Alias("source", row["name"], row["id"]))
    for row in _rows():
        if row.target not in _ids()[row.kind]:
            raise ValueError(f"aliases.csv: {row.alias!r} points to unknown {row.kind} {row.target!r}")
        key = alias_key(row.alias)
        known = index[row.kind].get(key)
        if known is not None and known.target != row.target:
            raise ValueError(f"aliases.csv: {row.alias!r} means both {known.target!r} and {row.target!r}")
        index[row.kind][key] = row
    return index


def _aliases(kind: str) -> dict[str, str]:
    return {r.alias: r.target for r in _rows() if r.kind == kind}


def source_aliases() -> dict[str, str]:
    """Every way to name a source → source id; refrigerant names (R-134a…) map to ``refrigerant``."""
    out = _aliases("source")
    for alias in _aliases("refrigerant"):
        out.setdefault(alias, "refrigerant")
    return out


def refrigerant_aliases() -> dict[str, str]:
    """Refrigerant name → gas id of the GWP table (R-134a → HFC-134a, R-22 → HCFC-22)."""
    return _aliases("refrigerant")


def equipment_aliases() -> dict[str, str]:
    """Equipment name → equipment id (refrigeration types with leak rates; combustion equipment)."""
    return _aliases("equipment")


def emission_type_aliases() -> dict[str, str]:
    """Usage words (固定/移動…) → emission type id."""
    return _aliases("emission_type")


def unit_aliases() -> list[str]:
    """Every unit alias as written in calc/data/units.csv."""
    return _units.unit_aliases()


def dictionary_terms() -> list[str]:
    """Every surface form (sources, refrigerants, equipment, usages, units), longest first: one list for
    the jieba dictionary and the entity patterns."""
    terms = {r.alias for r in _rows()} | set(unit_aliases())
    return sorted(terms, key=lambda t: (-len(t), t))


@lru_cache(maxsize=4096)
def resolve_source(text: str) -> SourceMatch:
    """The source a name means; raises CalcInputError (unknown_source) when none."""
    if not isinstance(text, str) or not text.strip():
        raise input_error("missing_source", field="source")
    key = alias_key(text)
    index = _index()
    hit = index["source"].get(key)
    if hit is not None:
        return SourceMatch(hit.target, hit.alias, hit.emission_type, None, hit.note)
    gas = index["refrigerant"].get(key)
    if gas is not None:
        return SourceMatch("refrigerant", gas.alias, None, gas.target, gas.note)
    raise input_error("unknown_source", field="source", text=text.strip(), examples=_examples("source"))


@lru_cache(maxsize=4096)
def resolve_refrigerant(text: str) -> str:
    """The refrigerant (gas id of the GWP table) a name means; raises CalcInputError."""
    hit = _index()["refrigerant"].get(alias_key(text)) if isinstance(text, str) else None
    if hit is None:
        raise input_error(
            "unknown_refrigerant", field="refrigerant", text=str(text), examples=_examples("refrigerant")
        )
    return hit.target


@lru_cache(maxsize=4096)
def resolve_equipment(text: str) -> str:
    """The equipment id a name means ("飲水機/冰箱" works when both parts mean the same type)."""
    index = _index()["equipment"]
    if isinstance(text, str):
        hit = index.get(alias_key(text))
        if hit is not None:
            return hit.target
        parts = [p for p in _SPLIT_RE.split(text) if p.strip()]
        targets = {index[alias_key(p)].target for p in parts if alias_key(p) in index}
        if len(parts) > 1 and len(targets) == 1 and all(alias_key(p) in index for p in parts):
            return targets.pop()
        if len(targets) > 1:
            raise input_error("mixed_equipment", field="equipment", text=text)
    raise input_error("unknown_equipment", field="equipment", text=str(text), examples=_examples("equipment"))


@lru_cache(maxsize=4096)
def find_equipment(text: str) -> str | None:
    """Like resolve_equipment, but None instead of an error (equipment is only a label for fuels)."""
    try:
        return resolve_equipment(text)
    except Exception:  # noqa: BLE001 - any failure means "not a known equipment"
        return None


@lru_cache(maxsize=4096)
def resolve_emission_type(text: str) -> str:
    """stationary/mobile/… for a usage word (固定, 移動燃燒, mobile…); raises CalcInputError."""
    hit = _index()["emission_type"].get(alias_key(text)) if isinstance(text, str) else None
    if hit is None:
        raise input_error("unknown_usage", field="usage", text=str(text))
    return hit.target


@lru_cache(maxsize=4096)
def resolve_method(text: str) -> str:
    """charge (原始填充量 × 逸散率) or refill (年度補充量) for a refrigerant line; raises CalcInputError."""
    hit = _index()["method"].get(alias_key(text)) if isinstance(text, str) else None
    if hit is None:
        raise input_error("unknown_method", field="method", text=str(text))
    return hit.target


def examples(kind: str) -> str:
    """A few names of ``kind`` for error messages (source, refrigerant, equipment)."""
    return _examples(kind)


def _examples(kind: str) -> str:
    seen: list[str] = []
    targets: set[str] = set()
    for row in _rows():
        if row.kind == kind and row.target not in targets and not row.alias.isascii():
            targets.add(row.target)
            seen.append(row.alias)
    if kind == "refrigerant":
        seen = [r.alias for r in _rows() if r.kind == kind and r.alias.startswith("R-")]
    return "、".join(seen[:12])
