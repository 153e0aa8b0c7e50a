"""``drift --fix``: adopt live values into the config at the declaring line (offline)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers import cli

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = str(REPO / "examples" / "live" / "production.json")


def drift(folder: Path, *extra: str) -> tuple[int, str, str]:
    result = cli(
        [
            "drift",
            str(folder),
            "--env",
            "production",
            "--snapshot",
            SNAPSHOT,
            "--no-config",
            *extra,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def findings(folder: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(drift(folder, "-f", "json")[1])["findings"]
    return found


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_guide_example_adopts_live_values(tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    shutil.copytree(REPO / "examples" / "guide", folder)
    before = findings(folder)
    changed = [f for f in before if f["rule"] == "DL901"]
    assert len(changed) == 7
    original = tree(folder)
    code, out, _ = drift(folder, "--diff")
    assert code == 1 and tree(folder) == original  # --diff writes nothing
    assert "-        desired: 5\n+        desired: 6\n" in out
    _, out, _ = drift(folder, "--fix")
    assert "1 fixed (4 more with --unsafe-fixes)." in out
    arch = (folder / "architecture.yaml").read_text()
    assert "        desired: 6\n" in arch  # production's own entry: safe
    assert "      version: '15.0'\n" in arch  # shared by staging: unsafe, not yet
    _, out, _ = drift(folder, "--fix", "--unsafe-fixes")
    assert "4 fixed." in out
    after = findings(folder)
    left = {(f["rule"], f["path"]) for f in after}
    adopted = {
        ("DL901", "architecture.environments.production.scaling.desired"),
        ("DL901", "architecture.components.database.version"),
        ("DL901", "architecture.components.cache.version"),
        ("DL901", "architecture.components.search.version"),
        ("DL901", "infrastructure.monitoring.cloudwatch.alarms.high_cpu.threshold"),
    }
    assert not left & adopted
    # reported, not rewritten: the unmanaged SSH rule, and one retention with two live values
    assert ("DL903", "infrastructure.network.security.groups.alb.inbound") in left
    assert [f["rule"] for f in after].count("DL901") == 2
    assert all(f.get("remediation") for f in after)
    changed_text = tree(folder)
    for name, raw in original.items():
        old, new = raw.decode().splitlines(), changed_text[name].decode().splitlines()
        assert len(old) == len(new)  # in place: each edit replaces one value
        diffs = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        assert all(a.split(":")[0] == b.split(":")[0] for a, b in diffs)  # same keys
    assert "0 fixed." in drift(folder, "--fix", "--unsafe-fixes")[1]


def test_shared_value_goes_into_the_environment_file(tmp_path: Path) -> None:
    folder = tmp_path / "multi-env"
    shutil.copytree(REPO / "examples" / "multi-env", folder)
    base = (folder / "base.yaml").read_text()
    staging = (folder / "staging" / "app.yaml").read_bytes()
    _, out, _ = drift(folder, "--fix")
    assert "4 fixed." in out
    assert {(f["rule"], f["path"]) for f in findings(folder)} == {
        ("DL903", "infrastructure.network.security.groups.alb.inbound")
    }
    new_base = (folder / "base.yaml").read_text()
    assert new_base == base.replace(
        "scaling: {min: 3, max: 10, desired: 5}", "scaling: {min: 3, max: 10, desired: 6}"
    )
    assert (folder / "staging" / "app.yaml").read_bytes() == staging
    production = (folder / "production" / "app.yaml").read_text()
    assert production.endswith(
        "architecture:\n  components:\n    database:\n      version: '15.4'\n"
        "    search:\n      version: '2.11'\n"
        "infrastructure:\n  monitoring:\n    cloudwatch:\n      alarms:\n        high_cpu:\n"
        "          threshold: 90\n"
    )


def test_unsafe_fixes_needs_fix_or_diff(tmp_path: Path) -> None:
    code, _, err = drift(REPO / "examples" / "guide", "--unsafe-fixes")
    assert code == 2 and "--unsafe-fixes needs --fix or --diff" in err
