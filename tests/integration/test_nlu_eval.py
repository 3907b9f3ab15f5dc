"""`make eval-nlu` through the whole stack: every kind of the question sets is reported, the question sets open
no hand-off ticket, the old held-out set stays ≥ 95%, and the held-out sets' figures do not fall below what
was last measured (README "NLU: what was measured")."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scripts.eval_nlu import TARGETS

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
#: The floors of the sets read while tuning and the fresh sets judged on the issue's targets, in one place with
#: `make eval-nlu` (tests/nlu/floors.yml): regressions fail the build.
HELD_OUT: dict[str, dict[str, float]] = {name: kinds for name, kinds in TARGETS.items() if name != "old"}


def test_the_question_sets_through_the_stack(tmp_path: Path) -> None:
    report_file = tmp_path / "nlu-eval.json"
    run = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "scripts.eval_nlu", "--sets", ",".join([*HELD_OUT, "old"]), "--json", str(report_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=3000,
    )
    assert report_file.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    summary = run.stdout[-3000:]
    heldout = report["heldout"]["figures"]
    assert set(heldout) >= {"in_scope", "follow_up", "rule", "multi", "out_of_scope", "small_talk", "no_entry"}
    for name, floors in HELD_OUT.items():
        for group, floor in floors.items():
            assert report[name]["figures"][group]["rate"] >= floor, (name, group, summary)
    assert report["old"]["figures"]["in_scope"]["rate"] >= TARGETS["old"]["in_scope"], summary
    assert report["old"]["figures"]["in_scope"]["total"] >= 100
    for name in (*HELD_OUT, "old"):
        handoffs = [v["id"] for v in report[name]["verdicts"] if v["got"] == "handoff"]
        assert not handoffs, handoffs
