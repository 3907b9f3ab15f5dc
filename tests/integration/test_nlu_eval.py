"""`make eval-nlu` through the whole stack: every kind of the question sets is reported, the question sets open
no hand-off ticket, the old held-out set stays ≥ 95%, and the held-out sets' figures do not fall below what
was last measured (README "NLU: what was measured"; the issue's targets are not met yet)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
#: a little under what was measured on 2026-12-01 (README "NLU: what was measured"): regressions fail the build.
#: First held-out set: in scope 88%, follow-ups 85%, rules 100%, out of scope 95%, small talk 100%.
FLOORS = {"in_scope": 0.84, "follow_up": 0.80, "rule": 0.90, "out_of_scope": 0.90, "small_talk": 0.70}
#: Second held-out set (read since its first run): in scope 88%, follow-ups 65%, rules 93%, out of scope 100%.
FLOORS_2 = {"in_scope": 0.84, "follow_up": 0.60, "rule": 0.85, "out_of_scope": 0.88, "small_talk": 0.70}
#: Third held-out set, first run (never tuned on): in scope 86%, follow-ups 61%, rules 100%, out of scope 67%.
FLOORS_3 = {"in_scope": 0.82, "follow_up": 0.55, "rule": 0.90, "out_of_scope": 0.58, "small_talk": 0.70}
#: Fourth held-out set, first run 2026-12-01 (never tuned on): in scope 87%, follow-ups 77%, rules 87%, out of scope 88%.
FLOORS_4 = {"in_scope": 0.84, "follow_up": 0.70, "rule": 0.80, "out_of_scope": 0.84, "small_talk": 0.70}
HELD_OUT = {"heldout": FLOORS, "heldout2": FLOORS_2, "heldout3": FLOORS_3, "heldout4": FLOORS_4}


def test_the_question_sets_through_the_stack(tmp_path: Path) -> None:
    report_file = tmp_path / "nlu-eval.json"
    run = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "scripts.eval_nlu", "--sets", ",".join([*HELD_OUT, "old"]), "--json", str(report_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert report_file.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    summary = run.stdout[-3000:]
    heldout = report["heldout"]["figures"]
    assert set(heldout) >= {"in_scope", "follow_up", "rule", "multi", "out_of_scope", "small_talk", "no_entry"}
    for name, floors in HELD_OUT.items():
        for group, floor in floors.items():
            assert report[name]["figures"][group]["rate"] >= floor, (name, group, summary)
    assert report["old"]["figures"]["in_scope"]["rate"] >= 0.95, summary
    assert report["old"]["figures"]["in_scope"]["total"] >= 100
    for name in (*HELD_OUT, "old"):
        handoffs = [v["id"] for v in report[name]["verdicts"] if v["got"] == "handoff"]
        assert not handoffs, handoffs
