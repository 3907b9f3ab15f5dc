"""Measure how the running bot answers questions it never trained on: `make eval-nlu`.

Every question goes through the whole stack — gateway → Rasa → action server → knowledge/ — as a user's
message would, each in a conversation of its own; a follow-up's earlier turns (`context`) are sent first in
the same conversation. What the bot answered is read back from the gateway's conversation store (the markers
the actions leave for the staff dashboard: which entry answered, which rule and decision, a decline, a
hand-off) and judged by scripts/nlu_judge.py.

Sets (tests/nlu/):
- questions/heldout.yml — the new held-out set: never used to train or tune anything (the issue's targets),
- questions/heldout2.yml … heldout28.yml — later held-out sets by other authors, each written after the previous
  one's figures had been read (reported apart; each one's first clean run is its honest figure),
- questions/tuning.yml — the tuning set (reported apart; it may train and tune),
- heldout_faq.yml + out_of_scope.yml — the old held-out set (in scope, out of scope).

By default a stack is started on free ports with a throw-away store (about a minute), as the tests start it;
`--gateway URL --database-url URL` uses one already running instead (e.g. `make run`; rate limits must allow
the load). Exit code 1 when a figure of the newest held-out sets is under the issue's target, a set read before
falls under its floor, or the old in-scope figure is under 95% (tests/nlu/floors.yml).

    .venv/bin/python -m scripts.eval_nlu [--sets heldout,…,heldout12,tuning,old] [--json FILE] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from scripts.nlu_judge import Figure, Item, Observed, Verdict, figures, judge

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "tests" / "nlu"
SETS: dict[str, str] = {
    "heldout": "new held-out (tests/nlu/questions/heldout.yml)",
    "heldout2": "second held-out (tests/nlu/questions/heldout2.yml)",
    "heldout3": "third held-out (tests/nlu/questions/heldout3.yml)",
    "heldout4": "fourth held-out (tests/nlu/questions/heldout4.yml)",
    "heldout5": "fifth held-out (tests/nlu/questions/heldout5.yml)",
    "heldout6": "sixth held-out (tests/nlu/questions/heldout6.yml)",
    "heldout7": "seventh held-out (tests/nlu/questions/heldout7.yml)",
    "heldout8": "eighth held-out (tests/nlu/questions/heldout8.yml)",
    "heldout9": "ninth held-out (tests/nlu/questions/heldout9.yml)",
    "heldout10": "tenth held-out (tests/nlu/questions/heldout10.yml)",
    "heldout11": "eleventh held-out (tests/nlu/questions/heldout11.yml)",
    "heldout12": "twelfth held-out (tests/nlu/questions/heldout12.yml)",
    "heldout13": "thirteenth held-out (tests/nlu/questions/heldout13.yml)",
    "heldout14": "fourteenth held-out (tests/nlu/questions/heldout14.yml)",
    "heldout15": "fifteenth held-out (tests/nlu/questions/heldout15.yml)",
    "heldout16": "sixteenth held-out (tests/nlu/questions/heldout16.yml)",
    "heldout17": "seventeenth held-out (tests/nlu/questions/heldout17.yml)",
    "heldout18": "eighteenth held-out (tests/nlu/questions/heldout18.yml)",
    "heldout19": "nineteenth held-out (tests/nlu/questions/heldout19.yml)",
    "heldout20": "twentieth held-out (tests/nlu/questions/heldout20.yml)",
    "heldout21": "twenty-first held-out (tests/nlu/questions/heldout21.yml)",
    "heldout22": "twenty-second held-out (tests/nlu/questions/heldout22.yml)",
    "heldout23": "twenty-third held-out (tests/nlu/questions/heldout23.yml)",
    "heldout24": "twenty-fourth held-out (tests/nlu/questions/heldout24.yml)",
    "heldout25": "twenty-fifth held-out (tests/nlu/questions/heldout25.yml)",
    "heldout26": "twenty-sixth held-out (tests/nlu/questions/heldout26.yml)",
    "heldout27": "twenty-seventh held-out (tests/nlu/questions/heldout27.yml)",
    "heldout28": "twenty-eighth held-out (tests/nlu/questions/heldout28.yml)",
    "tuning": "tuning (tests/nlu/questions/tuning.yml)",
    "tuning2": "second tuning set (tests/nlu/questions/tuning2.yml; trains the classifier too)",
    "tuning3": "third tuning set (tests/nlu/questions/tuning3.yml; trains the classifier too)",
    "tuning4": "fourth tuning set (tests/nlu/questions/tuning4.yml; trains the classifier too)",
    "old": "old held-out (tests/nlu/heldout_faq.yml + out_of_scope.yml)",
}
#: The sets `make eval-nlu` runs besides tuning and old: every held-out set whose first run has been spent
DEFAULT_HELD_OUT = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
                    "heldout9", "heldout10", "heldout11", "heldout12", "heldout13",
                    "heldout14", "heldout15", "heldout16", "heldout17",
                    "heldout18", "heldout19", "heldout20", "heldout21", "heldout22", "heldout23", "heldout24",
                    "heldout25", "heldout26", "heldout27", "heldout28")
#: The issue's targets, judged on the newest held-out sets (tests/nlu/floors.yml ``fresh``); the sets read before
#: are held to their floors (``floors``), the old set to its in-scope floor (``old``).
ISSUE_TARGETS = {"in_scope": 0.95, "follow_up": 0.90, "out_of_scope": 0.95}
FLOORS_FILE = NLU_DIR / "floors.yml"


def load_floors(path: Path = FLOORS_FILE) -> tuple[tuple[str, ...], dict[str, dict[str, float]]]:
    """(the fresh sets, set → kind → floor) — the old set's floor among them."""
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    floors = {name: {kind: float(v) for kind, v in kinds.items()} for name, kinds in raw["floors"].items()}
    return tuple(raw["fresh"]), {**floors, "old": {k: float(v) for k, v in raw["old"].items()}}


FRESH, FLOORS = load_floors()
#: what each set is judged on: the issue's targets for the fresh sets, its floors for the others
TARGETS: dict[str, dict[str, float]] = {**FLOORS, **{name: ISSUE_TARGETS for name in FRESH}}
LABELS = {
    "in_scope": "in scope right", "follow_up": "follow-ups right", "rule": "rules applied right",
    "multi": "several questions: first right", "multi_second_offered": "several questions: second offered",
    "out_of_scope": "out of scope declined", "small_talk": "small talk right",
    "no_entry": "no entry (when written): said so",
}
WORKERS = 3


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_set(name: str) -> list[Item]:
    if name != "old":
        return [Item.from_yaml(raw) for raw in _read_yaml(NLU_DIR / "questions" / f"{name}.yml")["items"]]
    faq = [
        Item(id=f"old-faq-{i:03d}", kind="in_scope", text=raw["text"], expect_entry=raw["expect"])
        for i, raw in enumerate(_read_yaml(NLU_DIR / "heldout_faq.yml"))
    ]
    oos = [
        Item(id=f"old-oos-{i:03d}", kind="out_of_scope", text=raw if isinstance(raw, str) else raw["text"])
        for i, raw in enumerate(_read_yaml(NLU_DIR / "out_of_scope.yml"))
    ]
    return faq + oos


class StackClient:
    """Sends turns through the gateway and reads the stored replies (markers included) back."""

    def __init__(self, gateway_url: str, database_url: str) -> None:
        from gateway.store import ConversationStore
        from scripts.chat_client import ChatClient

        self.chat = ChatClient(gateway_url, timeout=30)
        self.store = ConversationStore.from_url(database_url)

    def close(self) -> None:
        self.chat.close()
        self.store.dispose()

    def ask(self, item: Item, tag: str) -> Observed:
        who = f"eval-{tag}-{item.id}-{uuid.uuid4().hex[:6]}"  # its own server-issued session
        for text in (*item.context, item.text):
            self.chat.send(who, text)
        stored = self.store.messages_after(self.chat.conversation_key(who), "web")
        last_in = max(i for i, m in enumerate(stored) if m.direction == "in")
        replies = [{**(m.payload or {}), "text": m.text} for m in stored[last_in + 1:]]
        return Observed.from_replies(replies)


@contextmanager
def started_stack() -> Iterator[tuple[str, str]]:
    """The product on free ports with a throw-away store, rate limits off: (gateway URL, database URL)."""
    from scripts.rasa_project import model_path
    from scripts.stack import Stack, default_rasa_instances, free_port

    model = model_path()
    if not model.exists():
        raise SystemExit(f"no trained model at {model}: run `make train`")
    with tempfile.TemporaryDirectory(prefix="eval-nlu-") as tmp:
        var = Path(tmp)
        database_url = f"sqlite:///{var}/gateway.db"
        stack = Stack(
            model=model, var_dir=var,
            rasa_ports=[free_port() for _ in range(default_rasa_instances())],
            action_port=free_port(), gateway_port=free_port(), database_url=database_url,
            extra_env={"RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_IP": "0", "RATE_LIMIT_SESSIONS_PER_IP": "0",
                       "RATE_LIMIT_TICKETS_PER_IP_PER_HOUR": "0", "LOG_LEVEL": "WARNING"},
        )
        print(f"starting the stack ({model.name}) …", file=sys.stderr, flush=True)
        stack.start(gateway=True)
        try:
            yield stack.gateway_url, database_url
        finally:
            stack.stop()


def run_set(client: StackClient, name: str, progress: Callable[[str], None]) -> list[Verdict]:
    items = load_set(name)
    with ThreadPoolExecutor(WORKERS) as pool:
        seen = list(pool.map(lambda item: client.ask(item, name), items))
    progress(f"{name}: {len(items)} questions asked")
    return [judge(item, observed) for item, observed in zip(items, seen, strict=True)]


def report(name: str, verdicts: Sequence[Verdict]) -> dict[str, Figure]:
    figs = figures(verdicts)
    print(f"\n{SETS[name]}")
    for group, fig in figs.items():
        target = TARGETS.get(name, {}).get(group)
        what = "target" if name in FRESH or name == "old" else "floor"
        mark = "" if target is None else (f"  ({what} ≥ {target:.0%}: {'met' if fig.rate >= target else 'NOT met'})")
        print(f"  {LABELS.get(group, group):<36} {fig}{mark}")
    handoffs = sum(v.got == "handoff" for v in verdicts)
    print(f"  {'hand-off tickets opened':<36} {handoffs}")
    return figs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join([*DEFAULT_HELD_OUT, "tuning", "old"]),
                        help="comma-separated names of " + ", ".join(SETS))
    parser.add_argument("--gateway", help="a running gateway (default: start a stack)")
    parser.add_argument("--database-url", help="that gateway's DATABASE_URL (with --gateway)")
    parser.add_argument("--json", type=Path, default=ROOT / "test-output" / "nlu-eval.json")
    parser.add_argument("--show-misses", action="store_true", help="print every wrong answer")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = set(names) - set(SETS)
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    if bool(args.gateway) != bool(args.database_url):
        parser.error("--gateway and --database-url go together")

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    results: dict[str, list[Verdict]] = {}
    stack = started_stack() if not args.gateway else _given(args.gateway, args.database_url)
    with stack as (gateway_url, database_url):
        client = StackClient(gateway_url, database_url)
        try:
            for name in names:
                results[name] = run_set(client, name, progress)
        finally:
            client.close()

    ok = True
    summary: dict[str, Any] = {}
    for name, verdicts in results.items():
        if args.show_misses:
            for v in verdicts:
                if not v.right:
                    print(f"  MISS [{name}] {v.item.id} ({v.item.kind}) {v.item.text!r}: {v.why}; got {v.got}")
        figs = report(name, verdicts)
        for group, target in TARGETS.get(name, {}).items():
            ok &= group in figs and figs[group].rate >= target
        summary[name] = {
            "figures": {g: {"right": f.right, "total": f.total, "rate": round(f.rate, 4)} for g, f in figs.items()},
            "verdicts": [{**asdict(v.item), "right": v.right, "why": v.why, "got": v.got,
                          "second_offered": v.second_offered} for v in verdicts],
        }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\n(details in {args.json})")
    return 0 if ok else 1


@contextmanager
def _given(gateway_url: str, database_url: str) -> Iterator[tuple[str, str]]:
    yield gateway_url, database_url


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
