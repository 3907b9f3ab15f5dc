"""Content is data: the Chinese a user reads lives in YAML (knowledge/content, actions/*.yml, gateway/*.yml,
calc/data, nlu/lexicon.yml …), not in Python — in every package, not only knowledge/.

Not counted: docstrings and comments; a string of at most two Chinese characters (a unit such as 公斤, a joining
word); regular expressions, which are the grammar of what users type, not text shown to them (a string with
``(?``, ``[``, ``|``, ``\\d``, ``\\s``, ``{n`` …). ALLOWED names the few other strings that are input grammar
rather than text, each with why."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: the application packages; scripts/ (evaluation prompts, load-test and benchmark inputs) is not user-facing
PACKAGES = ("actions", "gateway", "calc", "contracts", "knowledge", "nlu")
CJK = re.compile(r"[\u4e00-\u9fff]")
REGEX = re.compile(r"\(\?|\[|\||\\[dDsSwWb]|\{\d")
ALLOWED = {
    ("calc/chinese_numbers.py", "零〇一二三四五六七八九兩两壹貳贰參叁肆伍陸柒捌玖"): "the numerals the number parser reads",
    ("nlu/mentions.py", "零〇一二兩两三四五六七八九"): "the numerals the statement lexer reads",
    ("nlu/mentions.py", "十百千萬万億亿"): "the numeral multipliers the statement lexer reads",
}


def chinese_in_code(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and len(CJK.findall(node.value)) > 2 and not REGEX.search(node.value)]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_user_facing_chinese_in_python(package: str) -> None:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        found += [f"{where}:{line}: {value!r}" for line, value in chinese_in_code(path)
                  if (where, value) not in ALLOWED]
    assert not found, "Chinese text in code (move it to the package's YAML):\n" + "\n".join(found)


def test_the_allow_list_names_only_strings_that_exist() -> None:
    for where, value in ALLOWED:
        assert value in {v for _, v in chinese_in_code(ROOT / where)}, (where, value)


def test_the_guard_sees_a_message_in_code(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""文件說明不算。"""\nERROR = "請輸入盤查年度"\nPATTERN = r"(?:去年|今年)度?"\n',
                      encoding="utf-8")
    assert chinese_in_code(module) == [(2, "請輸入盤查年度")]
