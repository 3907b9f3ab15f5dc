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
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: the application packages; scripts/ (evaluation prompts, load-test and benchmark inputs) is not user-facing
PACKAGES = ("actions", "gateway", "calc", "contracts", "knowledge", "nlu", "textdata")
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


# -- the browser pages: their texts are gateway/static_texts.yml, served as JSON (gateway/routes/pages.py) ---------

STATIC_TEXTS = ROOT / "gateway" / "static_texts.yml"
#: each script and the section of gateway/static_texts.yml it reads as ``T``
SCRIPTS = {"gateway/static/widget/widget.js": "widget", "gateway/static/staff/staff.js": "console"}
#: what may stand before a "/" that starts a regular expression (not a division)
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "in", "of", ""}


def js_pieces(source: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]], str]:
    """A script's string and template literals (line, text), its regular expression literals, and its code
    with comments, strings and regular expressions blanked out."""
    strings: list[tuple[int, str]] = []
    regexes: list[tuple[int, str]] = []
    code: list[str] = []
    i, last = 0, ""
    while i < len(source):
        ch, line = source[i], source.count("\n", 0, i) + 1
        if source.startswith("//", i) or source.startswith("/*", i):
            end = source.find("\n" if source[i + 1] == "/" else "*/", i + 2)
            end = len(source) if end < 0 else end + (0 if source[i + 1] == "/" else 2)
            code.append(" ")
        elif ch in "\"'`" or (ch == "/" and last in _REGEX_AFTER):
            end, in_class = i + 1, False
            while end < len(source) and (source[end] != ch or in_class):
                if source[end] == "\\":
                    end += 1
                elif ch == "/" and source[end] in "[]":
                    in_class = source[end] == "["
                end += 1
            (regexes if ch == "/" else strings).append((line, source[i + 1:end]))
            end += 1
            code.append(' "" ')
            last = '"'
        else:
            word = re.match(r"[\w$]+", source[i:])
            end = i + (len(word.group(0)) if word else 1)
            code.append(source[i:end])
            if not ch.isspace():
                last = word.group(0) if word else ch
        i = end
    return strings, regexes, "".join(code)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_no_user_facing_chinese_in_the_scripts(script: str) -> None:
    """Comments may say anything; regular expressions are the grammar of the content they read (分機)."""
    strings, _, _ = js_pieces((ROOT / script).read_text(encoding="utf-8"))
    found = [f"{script}:{line}: {value!r}" for line, value in strings if CJK.search(value)]
    assert not found, "Chinese text in a script (move it to gateway/static_texts.yml):\n" + "\n".join(found)


def asked_keys(script: str) -> set[str]:
    """The dotted keys a script reads of its texts: ``T.retryNow``, ``T.facts.topic``, ``T.status[code]``."""
    _, _, code = js_pieces((ROOT / script).read_text(encoding="utf-8"))
    return {match.group(1) for match in re.finditer(r"(?<![\w$.])T((?:\.\w+)+)", code)}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_every_text_a_script_asks_for_is_in_the_catalogue(script: str) -> None:
    section = yaml.safe_load(STATIC_TEXTS.read_text(encoding="utf-8"))[SCRIPTS[script]]
    asked = asked_keys(script)
    assert asked, f"{script} reads no texts: the guard would see nothing"
    missing = []
    for dotted in sorted(asked):
        node = section
        for part in dotted.strip(".").split("."):
            if not isinstance(node, dict):
                break  # a text's or a list's own member: T.starters.map, T.calcExamples.forEach
            if part not in node:
                missing.append(dotted.strip("."))
                break
            node = node[part]
    assert not missing, f"{script} asks for texts gateway/static_texts.yml lacks: {missing}"
    unused = sorted(set(section) - {dotted.strip(".").split(".")[0] for dotted in asked})
    assert not unused, f"gateway/static_texts.yml has texts {script} never reads: {unused}"


def test_the_staff_page_leaves_what_the_script_writes_empty() -> None:
    """An element staff.js fills (``$("ticket-title").textContent = …``) has no Chinese of its own in the
    page."""
    script = (ROOT / "gateway/static/staff/staff.js").read_text(encoding="utf-8")
    page = (ROOT / "gateway/static/staff/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\$\("([\w-]+)"\)\.textContent\s*=', script)
    assert "ticket-title" in ids and "ticket-inventory" in ids
    for element_id in ids:
        match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', page)
        assert match is not None, element_id
        said = match.group(1)
        assert not CJK.search(said), f"index.html #{element_id} says {said!r}; staff.js sets it"


def test_the_script_guard_sees_a_text_and_skips_comments_and_patterns() -> None:
    source = ('// 註解不算\nvar a = "請輸入問題"; /* 也不算 */ var b = x / 2 / 3;\n'
              "var c = /(?:分機)\\d+/g; var d = T.send + T.facts.topic;\n")
    strings, regexes, code = js_pieces(source)
    assert [value for _, value in strings] == ["請輸入問題"]
    assert [value for _, value in regexes] == ["(?:分機)\\d+"]
    assert "x / 2 / 3" in code and "註解" not in code
    assert {m.group(1) for m in re.finditer(r"(?<![\w$.])T((?:\.\w+)+)", code)} == {".send", ".facts.topic"}
