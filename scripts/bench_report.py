"""`make bench`'s report: issue 8's targets met or missed, and docs/benchmark.md from the measured data
(docs/benchmark.json). scripts/bench.py measures."""

from __future__ import annotations

from typing import Any

USERS = (1, 10, 50)
KINDS = ("faq", "inventory")
MEMORY_BUDGET_BYTES = 3 * 1024**3
#: issue 8's targets
THROUGHPUT_FACTOR = 1.5
P95_AT_10_USERS_MS = 150.0
ONE_USER_P95_FACTOR = 1.15


def mb(value: int) -> int:
    """Bytes as whole MiB."""
    return round(value / 1024**2)


def targets(data: dict[str, Any]) -> list[tuple[str, bool, str]]:
    m = data["matrix"]
    best = lambda target: max(m[target]["faq"][str(u)]["turns_per_s"] for u in USERS)  # noqa: E731
    stack_tps, rasa_tps = best("gateway"), best("rasa-direct")
    p95_10 = m["gateway"]["faq"]["10"]["p95_ms"]
    one_gw, one_rasa = m["gateway"]["faq"]["1"]["p95_ms"], m["rasa-direct"]["faq"]["1"]["p95_ms"]
    first, p99_1 = data["first_answer_ms"], m["gateway"]["faq"]["1"]["p99_ms"]
    at_50 = [m["gateway"][kind]["50"] for kind in KINDS] + list(data["soak"].values())
    errors_50, turns_50 = sum(r["errors"] for r in at_50), sum(r["turns"] + r["errors"] for r in at_50)
    total = data["memory"]["peak_total_rss_bytes"]
    return [
        (
            f"FAQ turns/s: stack ≥ {THROUGHPUT_FACTOR}× one Rasa server",
            stack_tps >= THROUGHPUT_FACTOR * rasa_tps,
            f"{stack_tps:.1f} vs {rasa_tps:.1f} ({stack_tps / rasa_tps:.2f}×)",
        ),
        (f"FAQ p95 at 10 users ≤ {P95_AT_10_USERS_MS:.0f} ms", p95_10 <= P95_AT_10_USERS_MS, f"{p95_10:.0f} ms"),
        (
            f"1 user: gateway p95 ≤ {ONE_USER_P95_FACTOR}× Rasa-direct p95",
            one_gw <= ONE_USER_P95_FACTOR * one_rasa,
            f"{one_gw:.0f} vs {one_rasa:.0f} ms ({one_gw / one_rasa:.2f}×)",
        ),
        (
            "first answer after start as fast as the rest (≤ steady 1-user p99)",
            first <= p99_1,
            f"{first:.0f} ms vs {p99_1:.0f} ms (cold, without the warm-up: "
            + ", ".join(f"{v * 1000:.0f} ms" for v in data["warm_up_seconds"].values() if v is not None)
            + ")",
        ),
        (
            "no errors at 50 users (the 2-min soak and both 50-user rows)",
            errors_50 == 0,
            f"{errors_50} errors in {turns_50} turns",
        ),
        ("whole stack ≤ 3 GB (peak RSS sum)", total <= MEMORY_BUDGET_BYTES, f"{mb(total)} MB"),
    ]


def markdown(data: dict[str, Any]) -> str:
    lines = [
        "# Benchmark (`make bench`)",
        "",
        f"Run {data['when']} on {data['machine']}, commit {data['commit']}; {data['rasa_instances']} Rasa "
        f"server(s) behind the gateway, SQLite stores (the `make run` default), rate limits off, "
        f"{data['seconds']:.0f} s per row, closed-loop users (scripts/loadgen.py).",
        "",
        "## Targets (issue 8)",
        "",
        "| target | met | measured |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in targets(data)]
    lines += [
        "",
        "## Turns",
        "",
        "| path | turn | users | turns/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        for target in ("gateway", "rasa-direct"):
            for users in USERS:
                r = data["matrix"][target][kind][str(users)]
                lines.append(
                    f"| {target} | {kind} | {users} | {r['turns_per_s']} | {r['p50_ms']} | {r['p95_ms']} | "
                    f"{r['p99_ms']} | {r['errors']} |"
                )
    every = data["every_rasa_direct_faq_50"]
    lines += [
        "",
        f"Every Rasa server at once, straight (no gateway), FAQ, 50 users: {every['turns_per_s']} turns/s, "
        f"p95 {every['p95_ms']} ms — how far the Rasa servers alone scale on this machine.",
    ]
    lines += [
        "",
        "## Where the time goes: CPU milliseconds per turn, by process (50 users)",
        "",
        "Measured with psutil over each row (user + system time of each process, divided by the row's turns);",
        "2 cores give 2,000 CPU ms per second to share. py-spy (`py-spy record -p PID`) shows inside a process.",
        "",
    ]
    names = sorted({name for target in data["cpu_ms_per_turn"].values() for kind in target.values()
                    for row in kind.values() for name in row})
    lines += ["| path | turn | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for target, kinds in data["cpu_ms_per_turn"].items():
        for kind, per_users in kinds.items():
            row = per_users["50"]
            lines.append(f"| {target} | {kind} | " + " | ".join(str(row.get(name, "")) for name in names) + " |")
    lines += ["", f"## Soak: 50 users through the gateway for {data['soak_seconds']:.0f} s", ""]
    for kind, r in data["soak"].items():
        lines.append(
            f"- {kind} (25 users): {r['turns']} turns, {r['turns_per_s']} turns/s, p95 {r['p95_ms']} ms, "
            f"p99 {r['p99_ms']} ms, {r['errors']} errors"
        )
    mem = data["memory"]
    lines += [
        "",
        "## Start and memory",
        "",
        f"- Training (full `rasa train`): {data['training_seconds']:.0f} s.",
        f"- Cold first turn of each Rasa server (the gateway's warm-up at start): "
        + ", ".join(f"{v * 1000:.0f} ms" if v is not None else "failed" for v in data["warm_up_seconds"].values())
        + f"; first user answer after start: {data['first_answer_ms']:.0f} ms.",
        f"- Peak memory of the whole stack: RSS {mb(mem['peak_total_rss_bytes'])} MB, "
        f"PSS {mb(mem['peak_total_pss_bytes'])} MB (PSS counts shared pages once).",
        "",
        "| process | peak RSS MB | peak PSS MB |",
        "|---|---|---|",
    ]
    lines += [
        f"| {name} | {mb(mem['peak_rss_bytes'][name])} | {mb(mem['peak_pss_bytes'][name])} |"
        for name in sorted(mem["peak_rss_bytes"])
    ]
    return "\n".join(lines) + "\n"
