"""The one loader of the text catalogues: read once, checked for shape, clear errors naming file and key, and
placeholders filled one way."""

from __future__ import annotations

from pathlib import Path

import pytest

from textdata import Catalogue, CatalogueError, fill, load_catalogue, read_yaml


def write(tmp_path: Path, text: str, name: str = "messages.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_text_by_its_dotted_key_with_placeholders_filled(tmp_path: Path) -> None:
    path = write(tmp_path, 'errors:\n  too_long: "{field} 最多 {limit:,} 字"\nbrace: "例如 {{\\"a\\": 1}}"\n')
    catalogue = load_catalogue(path)
    assert catalogue.text("errors.too_long", field="message", limit=2000) == "message 最多 2,000 字"
    assert catalogue.template("errors.too_long") == "{field} 最多 {limit:,} 字"
    assert catalogue.text("brace") == '例如 {"a": 1}'


def test_a_text_is_exactly_what_the_file_says(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, 'indent: "\u3000算式：{steps}"\ncompany: "{company} "\n'))
    assert catalogue.text("indent", steps="1+1") == "\u3000算式：1+1"
    assert catalogue.text("company", company="某公司") == "某公司 "


def test_read_once_however_the_path_is_written(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 一\n")
    first = load_catalogue(path)
    path.write_text("a: 二\n", encoding="utf-8")
    assert load_catalogue(str(path)) is first
    assert load_catalogue(tmp_path / "." / path.name) is first
    assert first.text("a") == "一"


def test_a_missing_text_names_the_file_and_the_key(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, "errors:\n  field_missing: 缺少 {field}\n", "labels.yml"))
    with pytest.raises(CatalogueError, match=r"^labels\.yml lacks errors\.not_there$"):
        catalogue.text("errors.not_there")
    with pytest.raises(KeyError):  # as a missing key always was
        catalogue.text("errors.field_missing.deeper")
    with pytest.raises(CatalogueError, match=r"labels\.yml: errors\.field_missing: no value given for \{field\}"):
        catalogue.text("errors.field_missing", name="x")
    section = catalogue.section("errors")
    with pytest.raises(CatalogueError, match=r"^labels\.yml lacks errors\.other$"):
        section.text("other")


def test_the_shape_is_checked(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"list\.yml: expected a mapping"):
        load_catalogue(write(tmp_path, "- a\n- b\n", "list.yml"))
    catalogue = Catalogue({"group": {"a": "一", "n": 3}, "words": ["甲", 2], "nested": [["x"]]}, "t.yml")
    assert catalogue.words("words") == ["甲", "2"]
    with pytest.raises(CatalogueError, match=r"t\.yml: nested must be a list of texts"):
        catalogue.words("nested")
    with pytest.raises(CatalogueError, match=r"t\.yml: group must be a text"):
        catalogue.text("group")
    with pytest.raises(CatalogueError, match=r"t\.yml: words must be a mapping"):
        catalogue.mapping("words")
    with pytest.raises(CatalogueError, match=r"t\.yml: group\.n must be text"):
        catalogue.section("group").require_texts()
    with pytest.raises(CatalogueError, match=r"t\.yml lacks: group\.b"):
        Catalogue({"group": {"a": "一"}}, "t.yml").require_texts(["group.a", "group.b"])
    assert Catalogue(None, "empty.yml").flat() == {}


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"^broken\.yml: cannot read"):
        read_yaml(write(tmp_path, "a: [unclosed\n", "broken.yml"))
    with pytest.raises(CatalogueError, match=r"^absent\.yml: cannot read"):
        load_catalogue(tmp_path / "absent.yml")
    assert isinstance(CatalogueError("x"), ValueError) and str(CatalogueError("x")) == "x"


def test_fill_is_the_one_way_placeholders_are_filled() -> None:
    assert fill("{n} 則", {"n": 3}) == "3 則"
    with pytest.raises(CatalogueError, match=r"^where: cannot fill in"):
        fill("{n!z}", {"n": 1}, "where")
