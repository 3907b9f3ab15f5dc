"""What each package may import (docs/architecture.md), checked by import-linter with the contracts of
pyproject.toml's [tool.importlinter]: the shared libraries import no application package, the gateway nothing of
the Rasa side, the actions nothing of the gateway, and no package has an import cycle among its modules."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("actions", "gateway", "calc", "contracts", "knowledge", "nlu", "scripts", "textdata")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept() -> None:
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_a_broken_contract_fails_the_check(tmp_path: Path) -> None:
    """Not vacuous: in a copy of the code, a library importing the gateway, the text loader importing a
    package above it and a cycle inside a package are all reported."""
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / "calc" / "engine.py").open("a", encoding="utf-8") as fh:
        fh.write("\nimport gateway  # noqa\n")
    with (tmp_path / "textdata" / "catalogue.py").open("a", encoding="utf-8") as fh:
        fh.write("\nimport calc  # noqa\n")  # the text loader is below every package that reads texts
    (tmp_path / "knowledge" / "cycle_a.py").write_text("from knowledge import cycle_b  # noqa\n")
    (tmp_path / "knowledge" / "cycle_b.py").write_text("from knowledge import cycle_a  # noqa\n")
    run = lint_imports(tmp_path)
    assert run.returncode != 0
    assert "calc.engine -> gateway" in run.stdout
    assert "textdata.catalogue -> calc" in run.stdout
    assert "No cycles are allowed in knowledge" in run.stdout
