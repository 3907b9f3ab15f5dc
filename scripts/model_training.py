"""What the training scripts of the action server's models share (scripts/train_followup.py, train_scope.py):
train only when the examples changed (the file is named after them), keep only the current model, one command line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol


class Trainable(Protocol):
    def fit(self, examples: Sequence[Any]) -> Trainable: ...

    def save(self, path: Path) -> None: ...


def train_if_changed(label: str, examples: Sequence[Any], make_model: Callable[[], Trainable], target: Path,
                     glob: str, force: bool = False) -> Path:
    """Train ``make_model()`` on ``examples`` into ``target`` unless it is there; remove the older ``glob`` files."""
    shown = target.relative_to(target.parent.parent)
    if target.exists() and not force:
        print(f"{label} up to date: {shown}")
        return target
    make_model().fit(examples).save(target)
    for old in target.parent.glob(glob):  # only the current model is kept
        if old != target:
            old.unlink()
    print(f"{label} trained on {len(examples)} examples: {shown}")
    return target


def command_line(doc: str, train: Callable[[bool], Path], argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="train even if the model is up to date")
    train(parser.parse_args(argv).force)
    return 0
