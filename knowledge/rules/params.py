"""The rules' parameters (knowledge/rules/*.yaml, cbam_cn_codes.csv) and texts (messages.yaml), read once.

Every parameter file names its public `source` and the `as_of` date it holds for; `knowledge check` validates
them with the same rules as the FAQ entries (``validate_rules``).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from textdata import load_catalogue

RULES_DIR = Path(__file__).parent
PARAMETER_FILES = ("sme_eligibility.yaml", "carbon_fee.yaml", "registry.yaml", "cbam.yaml")
MESSAGES_FILE = RULES_DIR / "messages.yaml"


def parameters(name: str) -> Mapping[str, Any]:
    """The parsed parameter file ``name`` (e.g. "carbon_fee.yaml"; the grammar's words, amount_words.yaml)."""
    return load_catalogue(RULES_DIR / name).data


def say(key: str, **values: Any) -> str:
    """The text at dotted ``key`` of messages.yaml with its placeholders filled in."""
    return load_catalogue(MESSAGES_FILE).text(key, **values)


def as_of(params: dict[str, Any]) -> date:
    value = params["as_of"]
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@lru_cache(maxsize=1)
def cbam_codes() -> tuple[dict[str, str], ...]:
    """Rows of cbam_cn_codes.csv: sector, cn_code, description, keywords (| separated)."""
    path = RULES_DIR / parameters("cbam.yaml")["codes_file"]
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


def validate_rules() -> list[str]:
    """Problems of the rules' data: a source a user cannot look up, a missing or non-date as_of, an entry id
    that does not exist, a CN code row without a sector or words."""
    from knowledge.loader import get_knowledge
    from knowledge.sources import source_problems

    entry_ids = {e.id for e in get_knowledge().entries}
    out = []
    for name in PARAMETER_FILES:
        params = parameters(name)
        out += [f"{name}: source {why}" for why in source_problems(str(params.get("source") or ""))]
        try:
            as_of(params)
        except (KeyError, TypeError, ValueError):
            out.append(f"{name}: as_of must be a date (YYYY-MM-DD)")
        for key in ("entry", "industry_entry", "who_entry", "rate_entry", "expansion_entry", "exporter_entry"):
            if key in params and params[key] not in entry_ids:
                out.append(f"{name}: {key} {params[key]!r} is not a knowledge entry")
    sectors = parameters("cbam.yaml")["sectors"]
    for row in cbam_codes():
        if row["sector"] not in sectors or not row["keywords"].strip():
            out.append(f"cbam codes: row {row['cn_code']} needs a known sector and words")
    return out
