"""`make bench`: latency, throughput and memory of the whole stack against one Rasa server, in one run.

1. Training time: a full `rasa train` of the current project into a temporary folder.
2. The stack as `make run` starts it (RASA_INSTANCES Rasa servers, default one per core; the action server; the
   gateway, which warms every Rasa server before serving), on free ports with throw-away SQLite stores and the
   rate limits off. The first FAQ answer after start is timed on its own.
3. FAQ and inventory turns (scripts/loadgen.py) at 1, 10 and 50 concurrent closed-loop users, each for
   --seconds: through the gateway (POST /api/chat), then straight to one Rasa server's REST channel (the
   baseline: the same model, action server and tracker store, without the gateway or the other Rasa servers).
4. A soak: 50 users, FAQ and inventory mixed, through the gateway for --soak-seconds; every error is counted.
5. Memory: every process's RSS and PSS, sampled twice a second during all of the above; peaks reported.

Writes docs/benchmark.md (the table README summarises) and docs/benchmark.json, and prints the targets of
issue 8 as met or missed. Usage: .venv/bin/python -m scripts.bench [--seconds 15] [--soak-seconds 120]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil

from scripts.bench_report import KINDS, USERS, markdown, mb, targets
from scripts.loadgen import LoadResult, first_turn_ms, run_load
from scripts.rasa_project import RASA_BIN, RASA_ENV, ROOT, build, model_path, train_args
from scripts.stack import Stack, default_rasa_instances, free_port


# -- memory ---------------------------------------------------------------------------------------------------


def process_tree(pid: int) -> list[psutil.Process]:
    """A started process and its children (what one of the stack's names stands for)."""
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


@dataclass
class MemorySampler:
    """Samples the memory of the stack's processes (and their children) in a background thread.

    RSS comes from /proc/PID/statm (cheap) every `interval`; PSS needs /proc/PID/smaps, which costs the kernel
    tens of milliseconds for a 700 MB Rasa process, so it is read only every `pss_every` samples: read
    continuously it took a visible share of the CPU the benchmark is measuring."""

    stack: Stack
    interval: float = 1.0
    pss_every: int = 15
    peak_rss: dict[str, int] = field(default_factory=dict)
    peak_pss: dict[str, int] = field(default_factory=dict)
    peak_total_rss: int = 0
    peak_total_pss: int = 0
    _samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample(with_pss=self._samples % self.pss_every == 0)

    def sample(self, with_pss: bool = True) -> None:
        self._samples += 1
        total_rss = total_pss = 0
        for name, popen in list(self.stack.procs.items()):
            rss = pss = 0
            try:
                for proc in process_tree(popen.pid):
                    if with_pss:
                        info = proc.memory_full_info()
                        rss += info.rss
                        pss += getattr(info, "pss", info.rss)
                    else:
                        rss += proc.memory_info().rss
            except psutil.Error:
                continue
            self.peak_rss[name] = max(self.peak_rss.get(name, 0), rss)
            total_rss += rss
            if with_pss:
                self.peak_pss[name] = max(self.peak_pss.get(name, 0), pss)
                total_pss += pss
        self.peak_total_rss = max(self.peak_total_rss, total_rss)
        self.peak_total_pss = max(self.peak_total_pss, total_pss)


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU time (user + system) used so far by each of the stack's processes and by this one (the load)."""
    out: dict[str, float] = {}
    for name, popen in list(stack.procs.items()):
        try:
            out[name] = sum(sum(proc.cpu_times()[:2]) for proc in process_tree(popen.pid))
        except psutil.Error:
            continue
    out["load generator"] = sum(psutil.Process().cpu_times()[:2])  # with the memory sampler
    return out


# -- steps ----------------------------------------------------------------------------------------------------


def training_seconds() -> float:
    """A full training of the current project from nothing: an empty Rasa training cache (Rasa otherwise reuses
    the components it trained before), into a temporary folder (the model `make run` uses is left alone)."""
    build()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as out:
        env = {**os.environ, **RASA_ENV, "RASA_CACHE_DIRECTORY": str(Path(out) / "cache")}
        started = time.monotonic()
        subprocess.run(
            [str(RASA_BIN), *train_args(Path(out), "bench")],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )
        return time.monotonic() - started


def warm_up_seconds(log_file: Path) -> dict[str, float | None]:
    """What the gateway logged for its warm-up of each Rasa server (a cold server's first turn)."""
    pattern = re.compile(r"Rasa warm-up \(seconds per server\): (\{.*?\})")
    for line in reversed(log_file.read_text(encoding="utf-8", errors="replace").splitlines()):
        try:
            message = json.loads(line).get("message", "")
        except ValueError:
            message = line
        match = pattern.search(message)
        if match:
            return json.loads(match.group(1))
    return {}


def run_matrix(
    stack: Stack, seconds: float, cpu: dict[str, dict[str, dict[int, dict[str, float]]]]
) -> dict[str, dict[str, dict[int, LoadResult]]]:
    """results[target][kind][users] for target in gateway, rasa-direct; `cpu` gets each row's CPU milliseconds
    per turn of every process (where the time goes)."""
    results: dict[str, dict[str, dict[int, LoadResult]]] = {"gateway": {}, "rasa-direct": {}}
    for kind in KINDS:
        for target, url, direct in (
            ("gateway", stack.gateway_url, False),
            ("rasa-direct", stack.rasa_urls[0], True),
        ):
            for users in USERS:
                before = cpu_seconds(stack)
                result = asyncio.run(run_load(url, kind, users, seconds, rasa_direct=direct, warm_turns=2))
                after = cpu_seconds(stack)
                results[target].setdefault(kind, {})[users] = result
                cpu.setdefault(target, {}).setdefault(kind, {})[users] = {
                    name: round((after[name] - before.get(name, 0.0)) * 1000 / max(result.turns, 1), 1)
                    for name in after
                }
                print(f"  {target:<11} {kind:<9} {users:>2} users: {result.summary()}", flush=True)
    return results


def every_rasa_direct(stack: Stack, users: int, seconds: float) -> LoadResult:
    """FAQ turns straight to all the Rasa servers at once, `users` split evenly: the Rasa part of the stack
    without the gateway (how far the servers alone scale on this machine)."""

    async def run_all() -> list[LoadResult]:
        share = max(1, users // len(stack.rasa_urls))
        return await asyncio.gather(*(
            run_load(url, "faq", share, seconds, rasa_direct=True, warm_turns=2) for url in stack.rasa_urls
        ))

    parts = asyncio.run(run_all())
    merged = LoadResult(users=sum(p.users for p in parts), seconds=max(p.seconds for p in parts))
    for part in parts:
        merged.latencies_ms += part.latencies_ms
        merged.errors += part.errors
    return merged


async def soak(url: str, seconds: float) -> dict[str, LoadResult]:
    faq, inventory = await asyncio.gather(
        run_load(url, "faq", 25, seconds), run_load(url, "inventory", 25, seconds)
    )
    return {"faq": faq, "inventory": inventory}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15.0, help="duration of each row of the matrix")
    parser.add_argument("--soak-seconds", type=float, default=120.0)
    parser.add_argument("--skip-training", action="store_true", help="do not time a full training")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmark")
    args = parser.parse_args()

    model = model_path()
    if not model.exists():
        raise SystemExit(f"no trained model at {model}: run `make train` first (make bench does)")
    print("timing a full training …", flush=True)
    train_s = 0.0 if args.skip_training else training_seconds()

    instances = default_rasa_instances()
    with tempfile.TemporaryDirectory(prefix="bench-stack-") as var:
        stack = Stack(
            model=model,
            var_dir=Path(var),
            rasa_ports=[free_port() for _ in range(instances)],
            action_port=free_port(),
            gateway_port=free_port(),
            database_url=f"sqlite:///{var}/gateway.db",
            extra_env={"RATE_LIMIT_PER_IP": "0", "RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_SESSIONS_PER_IP": "0",
                       "LOG_LEVEL": "INFO"},
        )
        sampler = MemorySampler(stack)
        print(f"starting the stack ({instances} Rasa servers) …", flush=True)
        stack.start()
        try:
            sampler.start()
            first_ms = asyncio.run(first_turn_ms(stack.gateway_url))
            warm = warm_up_seconds(stack.log_dir / "gateway.log")
            cpu: dict[str, dict[str, dict[int, dict[str, float]]]] = {}
            matrix = run_matrix(stack, args.seconds, cpu)
            all_direct = every_rasa_direct(stack, 50, args.seconds)
            print(f"  every Rasa server direct, faq 50 users: {all_direct.summary()}", flush=True)
            print(f"soak: 50 users for {args.soak_seconds:.0f} s …", flush=True)
            soaked = asyncio.run(soak(stack.gateway_url, args.soak_seconds))
            sampler.sample()
        finally:
            sampler.stop()
            stack.stop()

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    data: dict[str, Any] = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{psutil.cpu_count()} cores, {mb(psutil.virtual_memory().total) // 1024} GB, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "commit": commit.stdout.strip() or "unknown",
        "rasa_instances": instances,
        "seconds": args.seconds,
        "soak_seconds": args.soak_seconds,
        "training_seconds": train_s,
        "warm_up_seconds": warm,
        "first_answer_ms": first_ms,
        "matrix": {
            target: {kind: {str(u): r.summary() for u, r in per_users.items()} for kind, per_users in kinds.items()}
            for target, kinds in matrix.items()
        },
        "cpu_ms_per_turn": {
            target: {kind: {str(u): row for u, row in per_users.items()} for kind, per_users in kinds.items()}
            for target, kinds in cpu.items()
        },
        "every_rasa_direct_faq_50": all_direct.summary(),
        "soak": {kind: {**r.summary(), "error_samples": r.error_samples} for kind, r in soaked.items()},
        "memory": {
            "peak_total_rss_bytes": sampler.peak_total_rss,
            "peak_total_pss_bytes": sampler.peak_total_pss,
            "peak_rss_bytes": sampler.peak_rss,
            "peak_pss_bytes": sampler.peak_pss,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report = markdown(data)
    args.out.with_suffix(".md").write_text(report, encoding="utf-8")
    print("\n" + report)
    missed = [name for name, ok, _ in targets(data) if not ok]
    print(f"written to {args.out.with_suffix('.md')} and .json; targets missed: {missed or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
