"""The NLU on held-out questions (tests/nlu/): ≥ 95% of FAQ questions right, ≥ 90% of out-of-scope declined."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]


def test_held_out_accuracy_and_out_of_scope_decline(tmp_path: Path) -> None:
    report_file = tmp_path / "nlu-eval.json"
    run = subprocess.run(
        [str(ROOT / ".venv-rasa/bin/python"), "-m", "scripts.eval_nlu", "--json", str(report_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert report_file.exists(), run.stdout + run.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    summary = run.stdout[-3000:]
    assert report["faq_total"] >= 100, "the held-out set must stay substantial"
    assert report["faq_accuracy"] >= 0.95, summary
    assert report["oos_decline_rate"] >= 0.90, summary
    assert run.returncode == 0, summary
