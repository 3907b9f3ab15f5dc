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
#: a little under what was measured on 2026-12-01 after issue 13's second round (README "NLU: what was measured"):
#: regressions fail the build. The first six sets have been read while tuning; the seventh's floors follow its
#: first run.
#: First held-out set: in scope 97.8%, follow-ups 100%, rules 100%, out of scope 100%, small talk 100%.
FLOORS = {"in_scope": 0.93, "follow_up": 0.90, "rule": 0.92, "out_of_scope": 0.95, "small_talk": 0.85}
#: Second held-out set: in scope 98.8%, follow-ups 95%, rules 100%, out of scope 100%.
FLOORS_2 = {"in_scope": 0.94, "follow_up": 0.85, "rule": 0.92, "out_of_scope": 0.94, "small_talk": 0.85}
#: Third held-out set: in scope 98.5%, follow-ups 100%, rules 100%, out of scope 100%.
FLOORS_3 = {"in_scope": 0.94, "follow_up": 0.88, "rule": 0.90, "out_of_scope": 0.90, "small_talk": 0.75}
#: Fourth held-out set (its misses read in the third round, 2026-12-01): first run 87.0% / 76.7% / 86.7% / 88.0%;
#: now in scope 97.4%, follow-ups 96.7%, rules 93.3%, out of scope 100%.
FLOORS_4 = {"in_scope": 0.94, "follow_up": 0.90, "rule": 0.86, "out_of_scope": 0.95, "small_talk": 0.80}
#: Fifth held-out set (read in the third round): first run 87.3% / 78.1% / 100% / 100%; now 92.4%, 96.9%, 100%, 100%.
FLOORS_5 = {"in_scope": 0.90, "follow_up": 0.90, "rule": 0.94, "out_of_scope": 0.95, "small_talk": 0.85}
#: Sixth held-out set (read in the third round): first run 93.3% / 84.4% / 94.1% / 84.6%; now 98.7%, 96.9%, 100%,
#: 96.2%.
FLOORS_6 = {"in_scope": 0.94, "follow_up": 0.90, "rule": 0.94, "out_of_scope": 0.92, "small_talk": 0.85}
#: Seventh held-out set, never read: its first run (2026-12-01, the session's closing figure) in scope 90.9%,
#: follow-ups 84.4%, rules 82.4%, out of scope 92.3%, small talk 7/8.
FLOORS_7 = {"in_scope": 0.88, "follow_up": 0.80, "rule": 0.76, "out_of_scope": 0.88, "small_talk": 0.75}
HELD_OUT = {"heldout": FLOORS, "heldout2": FLOORS_2, "heldout3": FLOORS_3, "heldout4": FLOORS_4,
            "heldout5": FLOORS_5, "heldout6": FLOORS_6, "heldout7": FLOORS_7}


def test_the_question_sets_through_the_stack(tmp_path: Path) -> None:
    report_file = tmp_path / "nlu-eval.json"
    run = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "scripts.eval_nlu", "--sets", ",".join([*HELD_OUT, "old"]), "--json", str(report_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=1500,
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
