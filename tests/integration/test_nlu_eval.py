"""`make eval-nlu` through the whole stack: every kind of the question sets is reported, the question sets open
no hand-off ticket, the old held-out set stays ≥ 95%, and the new held-out figures do not fall below what was
measured when issue 13 was closed, nor the second held-out set's below its first run (README "NLU: what was
measured"; the issue's targets are not met yet)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
#: a little under what was measured on the new held-out set at the end of issue 13 (in scope 84%, follow-ups
#: 60–65%, rules 100%, out of scope 95%, small talk 86%): regressions fail the build
FLOORS = {"in_scope": 0.80, "follow_up": 0.55, "rule": 0.90, "out_of_scope": 0.90, "small_talk": 0.70}
#: a little under the second held-out set's first run (in scope 77%, follow-ups 55%, rules 93%, out of scope 72%)
FLOORS_2 = {"in_scope": 0.72, "follow_up": 0.50, "rule": 0.85, "out_of_scope": 0.65, "small_talk": 0.70}


def test_the_question_sets_through_the_stack(tmp_path: Path) -> None:
    report_file = tmp_path / "nlu-eval.json"
    run = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "scripts.eval_nlu", "--sets", "heldout,heldout2,old", "--json", str(report_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert report_file.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    summary = run.stdout[-3000:]
    heldout = report["heldout"]["figures"]
    assert set(heldout) >= {"in_scope", "follow_up", "rule", "multi", "out_of_scope", "small_talk", "no_entry"}
    for group, floor in FLOORS.items():
        assert heldout[group]["rate"] >= floor, (group, summary)
    for group, floor in FLOORS_2.items():
        assert report["heldout2"]["figures"][group]["rate"] >= floor, (group, summary)
    assert report["old"]["figures"]["in_scope"]["rate"] >= 0.95, summary
    assert report["old"]["figures"]["in_scope"]["total"] >= 100
    for name in ("heldout", "heldout2", "old"):
        handoffs = [v["id"] for v in report[name]["verdicts"] if v["got"] == "handoff"]
        assert not handoffs, handoffs
