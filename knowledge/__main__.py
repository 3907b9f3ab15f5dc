"""python -m knowledge check [--path DIR] | search TEXT | terms"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.check import errors, validate_content
from knowledge.loader import load_knowledge


def _rules_and_followups() -> list[str]:
    """The shipped rules' parameters (knowledge/rules/) and follow-up aspects (followups.yaml)."""
    from knowledge.followup import entry_ids, load_followups
    from knowledge.rules.params import validate_rules

    known = {e.id for e in load_knowledge().entries}
    missing = sorted(entry_ids(load_followups()) - known)
    return validate_rules() + [f"followups.yaml: {eid!r} is not a knowledge entry" for eid in missing]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge")
    parser.add_argument("--path", type=Path, default=None,
                        help="content folder (default: $KNOWLEDGE_DIR, else knowledge/content)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the content; exit 1 on errors")
    check.add_argument("--path", type=Path, default=None, dest="sub_path")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    search = sub.add_parser("search", help="search the entries like the staff console does")
    search.add_argument("text")
    search.add_argument("--limit", type=int, default=3)
    sub.add_parser("terms", help="print the domain terms (jieba user dictionary), one a line")
    args = parser.parse_args(argv)
    path = getattr(args, "sub_path", None) or args.path

    if args.command == "check":
        problems = validate_content(path)
        for p in problems:
            print(p)
        failed = errors(problems) or (args.strict and problems)
        if failed:
            print(f"check failed: {len(errors(problems))} error(s), {len(problems) - len(errors(problems))} warning(s)")
            return 1
        kb = load_knowledge(path)
        rule_problems = _rules_and_followups() if path is None else []
        for problem in rule_problems:
            print(f"ERROR {problem}")
        if rule_problems:
            print(f"check failed: {len(rule_problems)} error(s) in the rules' data or the follow-ups")
            return 1
        n_questions = sum(len(e.questions) for e in kb.entries)
        print(f"OK: {len(kb.entries)} entries, {n_questions} questions, {len(kb.contacts)} contacts, "
              f"{len(kb.verifiers.bodies)} verification bodies ({kb.source_dir})")
        return 0
    kb = load_knowledge(path)
    if args.command == "search":
        for entry, score in kb.search(args.text, limit=args.limit):
            print(f"{score:.2f}  {entry.id}  {entry.title}")
        return 0
    print("\n".join(kb.terms()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
