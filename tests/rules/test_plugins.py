"""Python plugins (issue 11, point 2): the sample package installed in a fresh venv.

The test must run offline and fast, so it does not run a build backend (the machine's
setuptools cannot build wheels without the ``wheel`` package): it zips the sample's sources
into a wheel whose entry points it reads from the sample's own ``pyproject.toml``, and
``pip install --no-deps --no-index`` installs that wheel into a venv that sees this
environment's packages (deploylint, pydantic) through a ``.pth`` file. A second, broken
package holds a plugin that fails to import and one whose check raises.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

import deploylint
from tests.helpers import EXAMPLES

SAMPLE = EXAMPLES / "plugin"

BROKEN = {
    "broken_plugin/__init__.py": "",
    "broken_plugin/at_import.py": "raise RuntimeError('boom at import')\n",
    "broken_plugin/crash.py": textwrap.dedent(
        """
        from deploylint.findings.finding import Severity
        from deploylint.rules.rule import Docs, Rule


        def check(ctx):
            raise ValueError("bad day")
            yield


        RULE = Rule("BRK001", "always-crashes", Severity.WARNING, "s", Docs("w", "y", "e", "u"),
                    check=check)
        """
    ),
    "broken_plugin/garbage.py": textwrap.dedent(
        """
        from deploylint.findings.finding import Severity
        from deploylint.rules.rule import Docs, Rule, Violation


        def check(ctx):
            yield "x"
            yield Violation(path=None, message="no path")
            yield Violation(path=("infrastructure",), message="kept,\\n  on one line")


        RULE = Rule("BRK002", "yields-garbage", Severity.WARNING, "s", Docs("w", "y", "e", "u"),
                    check=check)
        """
    ),
    "broken_plugin/nullpath.py": textwrap.dedent(
        """
        from deploylint.findings.finding import Severity
        from deploylint.rules.rule import Docs, Rule, Violation


        def check(ctx):
            yield Violation(path=None, message="no path")


        RULE = Rule("BRK003", "null-path", Severity.WARNING, "s", Docs("w", "y", "e", "u"),
                    check=check)
        """
    ),
    "broken_plugin/meddler.py": textwrap.dedent(
        """
        from deploylint.findings.finding import Severity
        from deploylint.rules.rule import Docs, Rule


        def check(ctx):
            groups = ctx.config.infrastructure.network.security.groups
            groups.pop("rds", None)
            ctx.effective.data["infrastructure"]["network"]["security"]["groups"].pop("rds")
            yield from ()


        # an ID that sorts before DL: it runs first
        RULE = Rule("AAA001", "meddles", Severity.WARNING, "s", Docs("w", "y", "e", "u"),
                    check=check)
        """
    ),
    "broken_plugin/multiline.py": textwrap.dedent(
        """
        from deploylint.findings.finding import Severity
        from deploylint.rules.rule import Docs, Rule


        def check(ctx):
            raise ValueError("line one\\nline two\\n  line three")
            yield


        RULE = Rule("BRK004", "multi-line", Severity.WARNING, "s", Docs("w", "y", "e", "u"),
                    check=check)
        """
    ),
    "broken_plugin/at_import_lines.py": "raise RuntimeError('first\\nsecond')\n",
    "broken_plugin/reserved.py": textwrap.dedent(
        """
        from deploylint.findings.finding import Severity
        from deploylint.rules.rule import Docs, Rule

        RULE = Rule("DL990", "reserved-id", Severity.WARNING, "s", Docs("w", "y", "e", "u"),
                    check=lambda ctx: iter(()))
        """
    ),
}
BROKEN_ENTRY_POINTS = {
    "at-import": "broken_plugin.at_import",
    "crashing": "broken_plugin.crash",
    "reserved": "broken_plugin.reserved",
    "garbage": "broken_plugin.garbage",
    "nullpath": "broken_plugin.nullpath",
    "meddler": "broken_plugin.meddler",
    "multiline": "broken_plugin.multiline",
    "at-import-lines": "broken_plugin.at_import_lines",
}

CONFIG = """\
architecture:
  components:
    compute: {type: ECS Fargate, instance_type: FARGATE, cpu: '1024', memory: '2048'}
config:
  application:
    api: {port: 8000, workers: 8}
infrastructure:
  network:
    vpc: {cidr: 10.0.0.5/16}
"""


def _wheel(out: Path, name: str, files: dict[str, bytes], entry_points: dict[str, str]) -> Path:
    """A pure-Python wheel (PEP 427) of ``files`` with ``deploylint.rules`` entry points."""
    dist = name.replace("-", "_")
    info = f"{dist}-0.1.0.dist-info"
    contents = dict(files)
    contents[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n".encode()
    contents[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: deploylint-tests\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    contents[f"{info}/entry_points.txt"] = f"[deploylint.rules]\n{lines}".encode()
    record = []
    for path, data in contents.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    contents[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out / f"{dist}-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, data in contents.items():
            zf.writestr(path, data)
    return wheel


def _sample_wheel(out: Path) -> Path:
    project = tomllib.loads((SAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    files = {
        p.relative_to(SAMPLE / "src").as_posix(): p.read_bytes()
        for p in sorted((SAMPLE / "src").rglob("*.py"))
    }
    return _wheel(out, project["name"], files, project["entry-points"]["deploylint.rules"])


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding the sample plugin and the broken one; its python."""
    root = tmp_path_factory.mktemp("plugins")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "v")], check=True)
    python = root / "v" / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = [p for p in sys.path if p.endswith("site-packages")]
    ours.append(str(Path(deploylint.__file__).resolve().parent.parent))
    (Path(site) / "_outer_environment.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    wheels = [
        _sample_wheel(root),
        _wheel(
            root,
            "broken-plugins",
            {k: v.encode() for k, v in BROKEN.items()},
            BROKEN_ENTRY_POINTS,
        ),
    ]
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", "--disable-pip-version-check", *map(str, wheels)],
        check=True,
    )  # fmt: skip
    return python


def _run(python: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "deploylint", *args], capture_output=True, text=True, cwd=cwd
    )


def test_plugin_rule_runs_and_broken_plugins_do_not_stop_the_others(
    venv: Path, tmp_path: Path
) -> None:
    (tmp_path / "app.yaml").write_text(CONFIG, encoding="utf-8")
    result = _run(venv, "check", "--no-config", "--format", "json", "app.yaml", cwd=tmp_path)
    assert result.returncode == 1
    warnings = result.stderr.splitlines()
    assert len(warnings) == 3
    assert warnings[1] == (
        "deploylint: warning: plugin 'at-import-lines' (broken_plugin.at_import_lines, package "
        "broken-plugins) failed to load (RuntimeError: first second); its rule does not run"
    )
    del warnings[1]
    assert warnings[0].startswith(
        "deploylint: warning: plugin 'at-import' (broken_plugin.at_import, package "
        "broken-plugins) failed to load (RuntimeError: boom at import); its rule does not run"
    )
    assert warnings[1].startswith("deploylint: warning: plugin 'reserved' (")
    assert "the DL prefix is reserved for built-in rules" in warnings[1]
    findings = json.loads(result.stdout)["findings"]
    got = {(f["rule"], f["line"], f["severity"]): f["message"] for f in findings}
    assert got[("ACME101", 6, "warning")] == (
        "8 API workers on 1 vCPU: at most 3 (2 per vCPU + 1); more workers only queue on "
        "the CPU and multiply database connections"
    )
    acme = next(f for f in findings if f["rule"] == "ACME101")
    assert acme["name"] == "workers-per-vcpu"
    assert got[("BRK001", 1, "error")] == (
        "rule BRK001 from plugin crashing (broken_plugin.crash) raised ValueError: bad day; "
        "its other findings here are missing"
    )
    assert any(rule.startswith("DL2") for rule, _, _ in got)  # built-in rules still ran


def test_plugin_rules_are_listed_documented_and_configurable(venv: Path, tmp_path: Path) -> None:
    listed = _run(venv, "rules", "--no-config", "--format", "json")
    rules: dict[str, Any] = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rules["ACME101"]["source"] == (
        "plugin workers-per-vcpu (acme_deploylint_rules.acme101_workers_per_vcpu)"
    )
    assert "DL990" not in rules
    shown = _run(venv, "rule", "ACME101", "--no-config")
    assert shown.stdout.startswith("# ACME101 workers-per-vcpu\n")
    assert "- `per_vcpu` (int, guide pack: `2`): Workers allowed per vCPU" in shown.stdout
    (tmp_path / "app.yaml").write_text(CONFIG, encoding="utf-8")
    pack = tmp_path / ".pack.yaml"
    pack.write_text("name: p\nextends: guide\nrules:\n  ACME101:\n    options: {per_vcpu: 8}\n")
    quiet = _run(
        venv, "check", "--no-config", "--select", "ACME", "--policy", str(pack), "app.yaml",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert json.loads(quiet.stdout)["findings"] == []
    pack.write_text("name: p\nextends: guide\nrules:\n  ACME101:\n    options: {per_cpu: 8}\n")
    bad = _run(venv, "check", "--no-config", "--policy", str(pack), "app.yaml", cwd=tmp_path)
    assert bad.returncode == 2
    assert "rule ACME101 (workers-per-vcpu) options: per_cpu: unknown option" in bad.stderr


GATE = """\
architecture:
  environments:
    production: {region: ap-northeast-1}
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound: [{port: 443, source: 0.0.0.0/0}]
        ecs:
          inbound: [{port: 8000, source: alb-sg}]
        rds:
          inbound: [{port: 5432, source: 0.0.0.0/0}]
"""


def test_plugins_that_misbehave_cannot_break_the_gate(venv: Path, tmp_path: Path) -> None:
    (tmp_path / "infra.yaml").write_text(GATE, encoding="utf-8")
    result = _run(venv, "check", "--no-config", "--format", "json", "infra.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    got = {f["rule"]: f for f in findings}
    # the critical finding of the group a plugin tried to remove is still there
    assert got["DL205"]["severity"] == "critical"
    assert "rds admits 0.0.0.0/0 on port 5432" in got["DL205"]["message"]
    messages = {r: [f["message"] for f in findings if f["rule"] == r] for r in got}
    [meddled] = messages["AAA001"]
    assert meddled.startswith(
        "rule AAA001 from plugin meddler (broken_plugin.meddler) raised ReadOnlyError: "
        "rules get read-only data"
    )
    assert sorted(messages["BRK002"]) == [
        "kept, on one line",  # its valid violation stays
        "rule BRK002 from plugin garbage (broken_plugin.garbage) yielded str 'x', not a "
        "Violation; its other findings here are missing",
    ]
    assert messages["BRK003"] == [
        "rule BRK003 from plugin nullpath (broken_plugin.nullpath) yielded a Violation whose "
        "path is None, not a tuple of keys; its other findings here are missing"
    ]
    assert messages["BRK004"] == [
        "rule BRK004 from plugin multiline (broken_plugin.multiline) raised ValueError: "
        "line one line two line three; its other findings here are missing"
    ]
    text = _run(venv, "check", "--no-config", "--format", "text", "infra.yaml", cwd=tmp_path)
    [line] = [x for x in text.stdout.splitlines() if "BRK004" in x]
    assert line.endswith(
        "raised ValueError: line one line two line three; its other findings here are missing"
        " [production]"
    )
