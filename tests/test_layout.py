"""The tests mirror the source tree (tests/README.md): every rule module has its test module,
and no test module imports another (what two test files share lives in tests/helpers.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

TESTS = REPO / "tests"
RULES = REPO / "src" / "deploylint" / "rules"

# Rules tested through a whole feature rather than a module of their own: the file that tests
# them (it must exist and name the rule).
ELSEWHERE = {
    "DL009": "tests/findings/test_suppressions.py",
    "DL011": "tests/findings/test_baseline.py",
    "DL901": "tests/live/test_drift.py",
    "DL902": "tests/live/test_drift.py",
    "DL903": "tests/live/test_drift.py",
    "DL904": "tests/live/test_never_guess.py",
    "DL905": "tests/live/test_never_guess.py",
}

RULE_MODULES = sorted(RULES.glob("*/dl[0-9][0-9][0-9]_*.py"))


def test_the_rule_modules_are_found() -> None:
    assert len(RULE_MODULES) > 50
    assert {p.parent.name for p in RULE_MODULES} >= {"architecture", "input", "network"}


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda p: p.stem)
def test_every_rule_module_has_its_test_module(module: Path) -> None:
    rule = f"DL{module.stem[2:5]}"
    if rule in ELSEWHERE:
        tested = REPO / ELSEWHERE[rule]
        assert tested.is_file(), tested
        assert rule in tested.read_text(encoding="utf-8"), f"{tested} never names {rule}"
        return
    expected = TESTS / "rules" / module.parent.name / f"test_{module.name}"
    assert expected.is_file(), f"{module.relative_to(REPO)} has no {expected.relative_to(REPO)}"


def test_the_exceptions_are_rule_modules() -> None:
    assert set(ELSEWHERE) <= {f"DL{p.stem[2:5]}" for p in RULE_MODULES}


def test_no_rule_test_module_names_a_rule_that_does_not_exist() -> None:
    """``test_dlNNN_<topic>.py`` beside a rule's own test module (a focused topic of one rule)
    is fine, as long as rule NNN lives in that section."""
    rules = {(p.parent.name, p.stem[:5]) for p in RULE_MODULES}
    stray = [
        str(path.relative_to(REPO))
        for path in sorted((TESTS / "rules").glob("*/test_dl[0-9][0-9][0-9]_*.py"))
        if (path.parent.name, path.stem[5:10]) not in rules
    ]
    assert stray == []


def _test_modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if ".venv" not in p.parts)


def _imported(source: str, package: list[str]) -> set[str]:
    """The modules ``source`` (a module of ``package``) imports, relative ones resolved."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", _test_modules(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_module_imports_another(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    names = _imported(source, [*path.relative_to(REPO).parent.parts])
    imported = {name for name in names if name.split(".")[-1].startswith("test_")}
    assert imported == set(), f"{path.relative_to(REPO)}: move what it shares to tests/helpers.py"


def test_the_import_check_sees_a_test_module_import() -> None:
    """The check above catches the forms it must (relative, absolute, a module as a name)."""
    source = "from .test__phrases import named\nimport tests.test_cli\nfrom . import test_x\n"
    names = _imported(source, ["tests", "rules"])
    found = {n for n in names if n.split(".")[-1].startswith("test_")}
    assert found == {"tests.rules.test__phrases", "tests.test_cli", "tests.rules.test_x"}
