"""Types flow down: ``sources/`` and ``model/`` import nothing from the layers above them
(findings, rules, live, the CLI and the pipeline), not even inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "deploylint"
LOW = ("sources", "model")
ABOVE = (
    "deploylint.findings",
    "deploylint.rules",
    "deploylint.live",
    "deploylint.cli",
    "deploylint.pipeline",
    "deploylint.source",  # the Source interface: files and live state (above both)
    "deploylint.report",
    "deploylint.reporters",
    "deploylint.settings",
    "deploylint.drift",
    "deploylint.api",
)


def imported(file: Path) -> list[tuple[int, str]]:
    tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    found: list[tuple[int, str]] = []
    package = ".".join(file.relative_to(SRC.parent).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


FILES = sorted(f for layer in LOW for f in (SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("file", FILES, ids=[str(f.relative_to(SRC)) for f in FILES])
def test_low_layers_import_nothing_above(file: Path) -> None:
    wrong = [
        f"{file.relative_to(SRC)}:{line}: imports {module}"
        for line, module in imported(file)
        if any(module == above or module.startswith(f"{above}.") for above in ABOVE)
    ]
    assert wrong == []


def test_the_check_sees_imports() -> None:  # the test itself can fail
    sample = SRC / "findings" / "engine.py"
    assert any(m.startswith("deploylint.rules") for _, m in imported(sample))


def test_the_plugin_api_is_the_same_objects_as_the_old_paths() -> None:
    import deploylint.api as api
    from deploylint.findings.finding import Severity
    from deploylint.rules import rule

    assert api.Severity is Severity
    for name in ("Rule", "Violation", "RelatedPath", "Context", "Options", "Docs"):
        assert getattr(api, name) is getattr(rule, name)


def test_plugins_and_docs_import_only_the_api() -> None:
    repo = SRC.parents[1]
    sources = [f.read_text(encoding="utf-8") for f in (repo / "examples").rglob("*.py")]
    doc = (repo / "docs" / "custom-rules.md").read_text(encoding="utf-8")
    sources += [block.split("```")[0] for block in doc.split("```python\n")[1:]]
    modules = {
        node.module
        for text in sources
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("deploylint")
    }
    assert modules == {"deploylint.api"}


def test_every_finding_is_built_by_the_one_constructor() -> None:
    calls = [
        f"{file.relative_to(SRC)}:{node.lineno}"
        for file in sorted(SRC.rglob("*.py"))
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Finding"
    ]
    assert len(calls) == 1 and calls[0].startswith("findings/finding.py:"), calls
