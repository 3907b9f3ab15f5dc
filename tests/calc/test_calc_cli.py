"""python -m calc: JSON in, JSON out; exit 2 with {"error", "activity"} on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calc import compute_json

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_cli(stdin: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "calc"],
        input=data,
        capture_output=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_cli_computes_the_textile_plant(textile_plant):
    proc = run_cli(json.dumps(textile_plant, ensure_ascii=False))
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout.decode("utf-8"))
    assert out["total_tco2e"] == 27239.794
    assert out == compute_json(textile_plant)  # the gateway's compute_json does exactly what the CLI does
    assert "類別1" in proc.stdout.decode("utf-8")  # readable Chinese, not \\u escapes


@pytest.mark.parametrize(
    ("stdin", "activity", "needle"),
    [
        (
            (
                '{"year": 2021, "activities": [{"source": "電力", "amount": "1 度"},'
                ' {"source": "電力", "amount": "5 公升"}]}'
            ),
            1,
            "公升",
        ),
        ('{"year": 2021, "activities": [{"source": "鈾", "amount": "1"}]}', 0, "鈾"),
        ('{"year": 2021, "gwp": "AR9", "activities": []}', None, "AR9"),
        ("not json", None, "JSON"),
        ("", None, "JSON"),
        ('{"year": 2021, "activities": [{"source": "電力", "amount": NaN}]}', 0, "非數值"),
    ],
)
def test_cli_bad_input_exits_2_with_a_chinese_error(stdin, activity, needle):
    proc = run_cli(stdin)
    assert proc.returncode == 2, proc.stderr.decode()
    out = json.loads(proc.stdout.decode("utf-8"))
    assert set(out) == {"error", "activity"}
    assert out["activity"] == activity
    assert needle in out["error"]
