"""Where calc's data files live and how they are read (once per process, by the modules that own them)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from textdata import Catalogue, load_catalogue, read_yaml as _read_yaml

DATA_DIR = Path(__file__).with_name("data")


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of ``calc/data/<name>`` as dicts; cells stripped, empty cells as ''."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def read_yaml(name: str) -> Any:
    """A parameter file of ``calc/data/`` (e.g. carbon_fee.yaml), parsed."""
    return _read_yaml(DATA_DIR / name)


def catalogue(name: str) -> Catalogue:
    """A text catalogue of ``calc/data/`` (messages.yaml, whatif_names.yaml), read once."""
    return load_catalogue(DATA_DIR / name)
