"""Measure the NLU on questions it never saw in training.

- FAQ accuracy: tests/nlu/heldout_faq.yml (text + expected knowledge entry id); right when the model predicts
  faq_<expected id> above the fallback threshold.
- Out-of-scope decline rate: tests/nlu/out_of_scope.yml; declined when the model predicts out_of_scope or falls
  back (nlu_fallback), or takes it as small talk (greet/goodbye/thanks: "晚安" gets a greeting, not an answer)
  — i.e. it gives no FAQ answer, starts no inventory and hands over to no one.
Texts are normalised the way the gateway normalises user input. Runs in .venv-rasa (it loads the model):
`make eval-nlu`, or `.venv-rasa/bin/python -m scripts.eval_nlu [--json FILE] [--min-faq 0.95 --min-oos 0.90]`.
Exit code 1 when a figure is under its minimum.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "nlu" / "heldout_faq.yml"
OUT_OF_SCOPE = ROOT / "tests" / "nlu" / "out_of_scope.yml"
DECLINED = {"out_of_scope", "nlu_fallback", "greet", "goodbye", "thanks"}


def _load_list(path: Path) -> list:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data if isinstance(data, list) else next(iter(data.values()))


async def _parse_all(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(t) for t in texts]


def evaluate(model: Path) -> dict:
    from knowledge.textnorm import normalize_text

    heldout = _load_list(HELDOUT)
    oos = [item if isinstance(item, str) else item["text"] for item in _load_list(OUT_OF_SCOPE)]
    texts = [normalize_text(h["text"]) for h in heldout] + [normalize_text(t) for t in oos]
    started = time.perf_counter()
    parsed = asyncio.run(_parse_all(model, texts))
    elapsed = time.perf_counter() - started

    faq_results, oos_results = parsed[: len(heldout)], parsed[len(heldout):]
    faq_errors = []
    for item, result in zip(heldout, faq_results):
        predicted = result["intent"]["name"]
        if predicted != f"faq_{item['expect']}":
            faq_errors.append(
                {"text": item["text"], "expect": item["expect"], "predicted": predicted,
                 "confidence": round(result["intent"].get("confidence") or 0, 3)}
            )
    oos_errors = [
        {"text": text, "predicted": r["intent"]["name"], "confidence": round(r["intent"].get("confidence") or 0, 3)}
        for text, r in zip(oos, oos_results)
        if r["intent"]["name"] not in DECLINED
    ]
    return {
        "model": model.name,
        "faq_total": len(heldout),
        "faq_correct": len(heldout) - len(faq_errors),
        "faq_accuracy": round(1 - len(faq_errors) / max(len(heldout), 1), 4),
        "oos_total": len(oos),
        "oos_declined": len(oos) - len(oos_errors),
        "oos_decline_rate": round(1 - len(oos_errors) / max(len(oos), 1), 4),
        "faq_confusions": Counter(e["predicted"] for e in faq_errors).most_common(5),
        "faq_errors": faq_errors,
        "oos_errors": oos_errors,
        "parse_seconds": round(elapsed, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="model archive (default: the current trained one)")
    parser.add_argument("--json", type=Path, default=ROOT / "test-output" / "nlu-eval.json")
    parser.add_argument("--min-faq", type=float, default=0.95)
    parser.add_argument("--min-oos", type=float, default=0.90)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.path.insert(0, str(ROOT))
    from scripts.rasa_project import model_path

    model = args.model or model_path()
    if not model.exists():
        print(f"no trained model at {model}: run `make train`", file=sys.stderr)
        return 2
    report = evaluate(model)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    for err in report["faq_errors"]:
        print(f"  FAQ miss: {err['text']}  expect={err['expect']}  got={err['predicted']} ({err['confidence']})")
    for err in report["oos_errors"]:
        print(f"  OOS answered: {err['text']}  got={err['predicted']} ({err['confidence']})")
    print(
        f"FAQ held-out accuracy: {report['faq_correct']}/{report['faq_total']} = {report['faq_accuracy']:.1%}\n"
        f"Out-of-scope declined: {report['oos_declined']}/{report['oos_total']} = {report['oos_decline_rate']:.1%}\n"
        f"(model {report['model']}; details in {args.json})"
    )
    ok = report["faq_accuracy"] >= args.min_faq and report["oos_decline_rate"] >= args.min_oos
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
