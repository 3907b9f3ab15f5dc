"""`make eval-collect`: the realistic inventory conversations of tests/conversations/inventory/ through the
running stack (gateway → Rasa → action server → calc), scored against their independently computed answers.

Each conversation is a user's side of a chat (what factory staff type) and either the correct annual result
(per-line emissions and the total) or the question the bot must ask back. The script plays the user's turns;
when the script is over and no result has come, it settles the way a user would: it says 「結算」 and, when the
bot reads the data back with a confirmation button, presses it. Printed per file:

- totals within 2 %: conversations with an expected total whose computed total is within 2 % of it;
- silently wrong values: lines of a computed (and confirmed) result that are more than 10 % off the expected
  line of the same source, or that should not exist (money read as kWh, green power counted twice, …);
- expected questions: turns whose reply had to ask something (a regex in the corpus) and did;
- turns per conversation (median, max), counting every user message including the settling ones.

Usage: ``python -m scripts.eval_collect [tuning|heldout|heldout2|heldout3|heldout4|heldout5|all] [--url http://127.0.0.1:8000] [--only ID] [-v]``.
Without --url a private stack is started on free ports (as the tests do), from the trained model.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import calc
from calc import units as calc_units

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "tests" / "conversations" / "inventory"
OUTPUT_DIR = ROOT / "test-output"
TOTAL_TOLERANCE = 0.02
LINE_TOLERANCE = 0.10
ZERO_TCO2E = 0.001
#: the Ministry's form rounds each gas to 4 decimals of a tonne before × GWP: on a line of a few hundred
#: grams of refrigerant that alone moves the emission by more than 10 %, which is not a wrong value
ROUNDING_TCO2E = 0.1
#: what the simulated user types to settle when its script did not get a result
SETTLE_TEXT = "結算"
#: payloads of the buttons that confirm a read-back (the runner presses them; the user would)
CONFIRM_PAYLOADS = ("/inventory_confirm",)
MAX_SETTLE_STEPS = 3

Send = Callable[[str, str], list[dict[str, Any]]]


# ---------------------------------------------------------------- the corpus


@dataclass
class Turn:
    say: str
    expect: str | None = None


@dataclass
class Conversation:
    id: str
    persona: str
    year: int | None
    turns: list[Turn]
    expected: dict[str, Any]

    @property
    def expects_total(self) -> bool:
        return self.expected.get("total_tco2e") is not None


def load(path: Path) -> list[Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for raw in data.get("conversations", []):
        turns = [Turn(t) if isinstance(t, str) else Turn(str(t["say"]), t.get("expect")) for t in raw["turns"]]
        out.append(Conversation(raw["id"], raw.get("persona", ""), raw.get("year"), turns, raw.get("expected", {})))
    return out


# ---------------------------------------------------------------- scoring


def line_key(line: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """Lines compare by source, by usage for fuels that have two, by gas for refrigerants."""
    source = line["source"]
    usage = line.get("usage") or line.get("emission_type_id")
    if source not in ("diesel", "gasoline", "lpg"):
        usage = None
    gas = _gas_key(line.get("refrigerant")) if source == "refrigerant" else None
    return source, usage, gas


def _gas_key(name: str | None) -> str | None:
    if not name:
        return None
    key = re.sub(r"[\s\-_]", "", str(name)).upper()
    return {"HFC134A": "R134A", "HFC32": "R32", "HCFC22": "R22", "R507": "R507A"}.get(key, key)


def _group(lines: list[dict[str, Any]], value: Callable[[dict[str, Any]], float]) -> dict[tuple, float]:
    out: dict[tuple, float] = {}
    for line in lines:
        out[line_key(line)] = out.get(line_key(line), 0.0) + float(value(line))
    return out


def recorded_amount(line: dict[str, Any], expected: bool) -> float:
    """The activity amount of a line in its source's canonical unit (calc's result lines are; the corpus writes
    coal in t, calc keeps kg); a refrigerant's expected amount is its charge or its top-up (kg)."""
    if expected and line["source"] == "refrigerant":
        return float(line.get("refill_kg") or line.get("charge_kg") or line.get("amount") or 0)
    amount = float(line.get("amount") or 0)
    if expected and line.get("unit"):
        amount *= _to_canonical(line["source"], str(line["unit"]))
    return amount


def _to_canonical(source: str, unit: str) -> float:
    info = calc.SOURCES.get(source)
    if info is None:
        return 1.0
    try:
        return float(calc_units.conversion_factor(unit, info.canonical_unit))
    except KeyError:
        return 1.0


def wrong_lines(expected: list[dict[str, Any]], result_lines: list[dict[str, Any]]) -> list[str]:
    """Groups of the computed result whose recorded amount is more than 10 % off the expected one (or whose
    emission is, beyond the Ministry's four-decimal rounding of tiny lines), or that should not exist."""
    want = _group(expected, lambda ln: ln.get("tco2e", 0))
    got = _group(result_lines, lambda ln: ln.get("tco2e", 0))
    want_amount = _group(expected, lambda ln: recorded_amount(ln, True))
    got_amount = _group(result_lines, lambda ln: recorded_amount(ln, False))
    problems = []
    for key, value in got.items():
        name = "/".join(k for k in key if k)
        if key not in want:
            if value > ZERO_TCO2E or key[0] == "green_electricity":
                problems.append(f"{name}: {got_amount[key]:g} recorded ({value:g} t), none expected")
            continue
        if _off(got_amount[key], want_amount[key]):
            problems.append(f"{name}: {got_amount[key]:g} recorded, expected {want_amount[key]:g} ({value:g} t vs "
                            f"{want[key]:g} t)")
        elif abs(value - want[key]) > max(LINE_TOLERANCE * abs(want[key]), ROUNDING_TCO2E):
            problems.append(f"{name}: {value:g} t, expected {want[key]:g} t (same amount: method or equipment)")
    return problems


def _off(value: float, target: float) -> bool:
    if target == 0:
        return abs(value) > ZERO_TCO2E
    return abs(value - target) > LINE_TOLERANCE * abs(target)


def forbidden_lines(not_recorded: list[str], result_lines: list[dict[str, Any]]) -> list[str]:
    return [
        f"{line['source']}: {line.get('amount')} {line.get('unit')} recorded, should have been asked"
        for line in result_lines
        if line["source"] in not_recorded
    ]


# ---------------------------------------------------------------- playing a conversation


@dataclass
class Outcome:
    conversation: Conversation
    turns: int = 0
    transcript: list[tuple[str, str]] = field(default_factory=list)
    total: float | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)
    expects_met: int = 0
    expects_total: int = 0
    expect_failures: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    question_met: bool | None = None
    error: str | None = None

    @property
    def total_ok(self) -> bool:
        target = self.conversation.expected.get("total_tco2e")
        if target is None or self.total is None:
            return False
        if target == 0:
            return abs(self.total) < ZERO_TCO2E
        return abs(self.total - target) <= TOTAL_TOLERANCE * abs(target)

    @property
    def passed(self) -> bool:
        if self.error or self.wrong:
            return False
        if self.conversation.expects_total:
            return self.total_ok
        return bool(self.question_met)


def reply_text(messages: list[dict[str, Any]]) -> str:
    parts = []
    for m in messages:
        if m.get("text"):
            parts.append(m["text"])
        for b in m.get("buttons") or []:
            parts.append(f"[{b.get('title')}]")
    return "\n".join(parts)


def find_result(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    for m in messages:
        custom = m.get("custom") or {}
        if custom.get("type") == "inventory_result":
            return custom.get("result")
    return None


def confirm_button(messages: list[dict[str, Any]]) -> str | None:
    for m in messages:
        for b in m.get("buttons") or []:
            payload = str(b.get("payload") or "")
            if payload.startswith(CONFIRM_PAYLOADS):
                return payload
    return None


def play(conversation: Conversation, send: Send) -> Outcome:
    out = Outcome(conversation)
    who = f"eval-{conversation.id[:40]}-{uuid.uuid4().hex[:6]}"
    result = None
    last: list[dict[str, Any]] = []

    def say(text: str, counted: bool = True) -> list[dict[str, Any]]:
        nonlocal result
        replies = send(who, text)
        if counted:
            out.turns += 1
        out.transcript.append((text, reply_text(replies)))
        result = find_result(replies) or result
        return replies

    try:
        for turn in conversation.turns:
            last = say(turn.say)
            if turn.expect:
                out.expects_total += 1
                if re.search(turn.expect, reply_text(last)):
                    out.expects_met += 1
                else:
                    out.expect_failures.append(f"「{turn.say}」 → no /{turn.expect}/")
        expected = conversation.expected
        if not conversation.expects_total:
            out.question_met = bool(re.search(expected.get("question", "$^"), reply_text(last)))
        # settle: the user of a total case wants the result; a question-back case is probed (not counted)
        counted = conversation.expects_total
        for _ in range(MAX_SETTLE_STEPS):
            if result is not None:
                break
            payload = confirm_button(last)
            last = say(payload if payload else SETTLE_TEXT, counted=counted)
        if result is not None:
            out.total = float(result["total_tco2e"])
            out.lines = result.get("lines", [])
            if conversation.expects_total:
                out.wrong = wrong_lines(expected.get("lines", []), out.lines)
            else:
                out.wrong = forbidden_lines(expected.get("not_recorded", []), out.lines)
    except Exception as exc:  # noqa: BLE001 - one broken conversation must not stop the evaluation
        out.error = f"{type(exc).__name__}: {exc}"
    return out


# ---------------------------------------------------------------- reporting


@dataclass
class Summary:
    name: str
    outcomes: list[Outcome]

    def figures(self) -> dict[str, Any]:
        totals = [o for o in self.outcomes if o.conversation.expects_total]
        questions = [o for o in self.outcomes if not o.conversation.expects_total]
        turns = [o.turns for o in self.outcomes]
        return {
            "conversations": len(self.outcomes),
            "totals_within_2pct": sum(o.total_ok for o in totals),
            "totals_expected": len(totals),
            "questions_back_met": sum(bool(o.question_met) and not o.wrong for o in questions),
            "questions_back_expected": len(questions),
            "silently_wrong_values": sum(len(o.wrong) for o in self.outcomes),
            "conversations_with_wrong_values": sum(bool(o.wrong) for o in self.outcomes),
            "expected_questions_met": sum(o.expects_met for o in self.outcomes),
            "expected_questions": sum(o.expects_total for o in self.outcomes),
            "turns_median": statistics.median(turns) if turns else 0,
            "turns_max": max(turns) if turns else 0,
            "errors": sum(bool(o.error) for o in self.outcomes),
            "passed": sum(o.passed for o in self.outcomes),
        }

    def print(self, verbose: bool) -> None:
        f = self.figures()
        pct = lambda a, b: f"{100 * a / b:.0f}%" if b else "—"  # noqa: E731
        print(f"\n== {self.name}: {f['conversations']} conversations")
        print(f"  totals within 2%        {f['totals_within_2pct']}/{f['totals_expected']} "
              f"({pct(f['totals_within_2pct'], f['totals_expected'])})")
        print(f"  questions back          {f['questions_back_met']}/{f['questions_back_expected']}")
        print(f"  silently wrong values   {f['silently_wrong_values']} "
              f"(in {f['conversations_with_wrong_values']} conversations)")
        print(f"  expected questions      {f['expected_questions_met']}/{f['expected_questions']}")
        print(f"  turns per conversation  median {f['turns_median']}, max {f['turns_max']}")
        print(f"  passed (all of the above) {f['passed']}/{f['conversations']}; errors {f['errors']}")
        for o in self.outcomes:
            if o.passed and not verbose:
                continue
            c = o.conversation
            target = c.expected.get("total_tco2e")
            status = "ok " if o.passed else "BAD"
            print(f"  {status} {c.id}: total {o.total} (expected {target}), {o.turns} turns")
            for problem in o.wrong:
                print(f"       wrong: {problem}")
            for failure in o.expect_failures:
                print(f"       ask:   {failure}")
            if o.question_met is False:
                print(f"       last reply lacks /{c.expected.get('question')}/")
            if o.error:
                print(f"       error: {o.error}")
            if verbose or not o.passed:
                for said, answer in o.transcript:
                    print(f"       > {said}")
                    for line in answer.splitlines():
                        print(f"         {line}")


# ---------------------------------------------------------------- the stack


@contextmanager
def private_stack() -> Iterator[str]:
    """The product as `make run` starts it, on free ports, with a throw-away store; yields the gateway URL."""
    from scripts.rasa_project import model_path
    from scripts.stack import Stack, default_rasa_instances, free_port

    model = model_path()
    if not model.exists():
        sys.exit(f"no trained model at {model}: run `make train`")
    with tempfile.TemporaryDirectory(prefix="eval-collect-") as tmp:
        var_dir = Path(tmp)
        stack = Stack(
            model=model,
            var_dir=var_dir,
            rasa_ports=[free_port() for _ in range(default_rasa_instances())],
            action_port=free_port(),
            gateway_port=free_port(),
            database_url=f"sqlite:///{var_dir}/gateway.db",
            extra_env={"RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_IP": "0", "RATE_LIMIT_SESSIONS_PER_IP": "0",
                       "RATE_LIMIT_TICKETS_PER_IP_PER_HOUR": "0"},
        )
        stack.start(gateway=True)
        try:
            yield stack.gateway_url
        finally:
            stack.stop()


def http_sender(base_url: str) -> tuple[Send, Callable[[], None]]:
    """Each conversation its own server-issued session (README "Security": the session protocol)."""
    from scripts.chat_client import ChatClient

    client = ChatClient(base_url, timeout=60)
    return client.send, client.close


def run(files: list[Path], send: Send, only: str | None) -> list[Summary]:
    summaries = []
    for path in files:
        conversations = [c for c in load(path) if only is None or c.id == only]
        if conversations:
            summaries.append(Summary(path.stem, [play(c, send) for c in conversations]))
    return summaries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", default="tuning", choices=("tuning", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "all"))
    parser.add_argument("--url", help="a running gateway (default: start a private stack)")
    parser.add_argument("--only", help="one conversation id")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every transcript")
    args = parser.parse_args(argv)
    names = [n for n in ("tuning", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")
             if (CORPUS_DIR / f"{n}.yml").exists()] if args.which == "all" else [args.which]
    files = [CORPUS_DIR / f"{name}.yml" for name in names]

    def evaluate(url: str) -> list[Summary]:
        send, close = http_sender(url)
        try:
            return run(files, send, args.only)
        finally:
            close()

    if args.url:
        summaries = evaluate(args.url)
    else:
        with private_stack() as url:
            summaries = evaluate(url)
    for summary in summaries:
        summary.print(args.verbose)
    OUTPUT_DIR.mkdir(exist_ok=True)
    report = {s.name: s.figures() for s in summaries}
    (OUTPUT_DIR / "eval-collect.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
