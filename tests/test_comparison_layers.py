"""Drift's comparison depends on ``model/`` only, and drift holds no mapping of its own
between config paths and live fields (the one mapping is ``live/fields.py``)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from deploylint.live.fields import PLACES

SRC = Path(__file__).resolve().parents[1] / "src" / "deploylint"
COMPARISON = SRC / "model" / "compare.py"


def imported(text: str, package: str) -> list[tuple[int, str]]:
    """Every module ``text`` imports (relative imports resolved against ``package``), even
    inside a function."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([module] if module else [])])
            found.append((node.lineno, module))
    return found


def _outside_model_and_stdlib(text: str, package: str = "deploylint.model") -> list[str]:
    wrong = []
    for line, module in sorted(imported(text, package)):
        top = module.split(".")[0]
        if module == "__future__" or top in sys.stdlib_module_names:
            continue
        if module == "deploylint.model" or module.startswith("deploylint.model."):
            continue
        wrong.append(f"{line}: imports {module}")
    return wrong


def test_the_comparison_imports_only_the_model_and_the_standard_library() -> None:
    assert _outside_model_and_stdlib(COMPARISON.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_wrong_import() -> None:  # the test itself can fail
    sample = (
        "import json\nfrom deploylint.model.values import full_az\nfrom . import versions\n"
        "def f():\n    from deploylint.i18n import _\nfrom ..live import fields\n"
        "import pydantic\n"
    )
    assert _outside_model_and_stdlib(sample) == [
        "5: imports deploylint.i18n",
        "6: imports deploylint.live",
        "7: imports pydantic",
    ]


def _strings(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_drift_names_no_live_field_itself() -> None:
    """The live fields a declared value is compared with (launch_type, instance_class,
    node_type, desired_count, engine_version, transition_days, ...) are named in
    live/fields.py only: neither drift.py nor the comparison spells one."""
    fields = {f for places in PLACES.values() for _p, f in places}
    renamed = {f for places in PLACES.values() for p, f in places if f not in p}
    assert {"launch_type", "instance_class", "node_type", "desired_count"} <= renamed
    for file in (SRC / "drift.py", COMPARISON):
        assert _strings(file) & renamed == set(), file.name
    assert "transition_days" in fields and "engine_version" in fields
