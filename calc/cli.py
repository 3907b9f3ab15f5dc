"""``python -m calc``: JSON on stdin → JSON on stdout; bad input → exit 2 and {"error", "activity"}."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from calc.api import compute_json
from calc.errors import CalcInputError
from calc.messages import message

EXIT_BAD_INPUT = 2


def _write(obj: object, indent: int | None) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calc",
        description=message("cli_description"),
    )
    parser.add_argument("--compact", action="store_true", help=message("cli_compact"))
    args = parser.parse_args(argv)
    indent = None if args.compact else 2
    raw = sys.stdin.buffer.read()
    try:
        try:
            payload = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise CalcInputError(message("bad_json", detail=str(err)), code="bad_json") from None
        result = compute_json(payload)
    except CalcInputError as err:
        _write(err.to_dict(), indent)
        return EXIT_BAD_INPUT
    _write(result, indent)
    return 0
