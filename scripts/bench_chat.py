"""Latency of FAQ turns through the gateway (or straight to Rasa's REST channel, for the baseline).

Usage: .venv/bin/python scripts/bench_chat.py [--url http://127.0.0.1:8000] [--n 200] [--rasa]
Prints p50/p95/p99 in milliseconds. Run it against a started `make run`.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid

import httpx

QUESTIONS = [
    "我們公司250人可以申請輔導嗎",
    "查證機構有哪些",
    "要怎麼申請輔導",
    "哪裡可以查到輔導資訊",
    "碳費怎麼算",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rasa", action="store_true", help="--url is a Rasa server: use its REST channel")
    args = parser.parse_args()
    path = "/webhooks/rest/webhook" if args.rasa else "/api/chat"
    latencies: list[float] = []
    with httpx.Client(base_url=args.url, timeout=30) as client:
        for i in range(args.n + 5):
            body = {"sender": f"bench-{uuid.uuid4().hex[:8]}", "message": QUESTIONS[i % len(QUESTIONS)]}
            started = time.perf_counter()
            response = client.post(path, json=body)
            elapsed = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            if i >= 5:  # the first few warm the connection pool
                latencies.append(elapsed)
    print(
        f"{'rasa-direct' if args.rasa else 'gateway'} FAQ turn, n={len(latencies)}, 1 user: "
        f"p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
        f"p99 {percentile(latencies, 0.99):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
