"""Imports go one way: the import-linter contracts of pyproject.toml run in the suite, so an upward import, an
import between two screen modules or a cycle fails `make test`, not only `lint-imports`."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from importlinter import api  # noqa: F401  (configures import-linter, as its command line does)
from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
CONTRACTS = {c["id"]: c for c in tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]}


def test_the_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    kept = lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out


def test_every_screen_module_is_kept_apart_from_the_others() -> None:
    """A new screen module (views_*.py, *_views.py) must join the list of the contract that keeps screens apart."""
    listed = CONTRACTS["screens"]["modules"]
    patterns = [re.compile("^" + re.escape(m).replace(r"\*", r"[^.]+") + "$") for m in listed]
    screens = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "lvzhi").glob("*/*.py")
        if re.fullmatch(r"views(_\w+)?|\w+_views", path.stem)
    )
    missing = [m for m in screens if not any(p.match(m) for p in patterns)]
    assert screens and not missing, f"add to [[tool.importlinter.contracts]] id = \"screens\": {missing}"
