"""Metamorphic properties of config sets (docs/config-sets.md), through the real CLI.

(a) Splitting a valid config into a base plus N environment-scoped files that extend it,
    in any file names and order, gives the same findings (rule, environment, path,
    message) as the single file: inheriting a value is not losing it.
(b) Naming the files in any order, or twice, never changes the findings.
(c) A process pool gives exactly the serial run's output.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.sources.loader import load_bytes
from tests.helpers import EXAMPLES, run_json

ENVS = ("production", "staging")
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _single() -> dict[str, Any]:
    """The guide's five dicts as one unscoped config (it has findings of its own)."""
    data: dict[str, Any] = {}
    for path in sorted((EXAMPLES / "guide").glob("*.yaml")):
        loaded = load_bytes(path.read_bytes()).documents[0].data
        _merge(data, loaded)
    return data


SINGLE = _single()


def _leaves(data: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out: list[tuple[tuple[str, ...], Any]] = []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out.extend(_leaves(value, (*path, key)))
        else:
            out.append(((*path, key), value))
    return out


LEAVES = _leaves(SINGLE)


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def essence(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """What a finding says, whatever file it sits in: rule, environment, path, message."""
    out = set()
    for f in data["findings"]:
        for env in (f["environment"] or "").split(","):
            out.add((f["rule"], env, f["path"], f["message"]))
    return sorted(out)


NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12).filter(
    lambda n: n not in ENVS
)


@st.composite
def splits(draw: st.DrawFn) -> tuple[dict[str, str], int]:
    """A base plus N scoped files per environment, each leaf written by one of them."""
    n = draw(st.integers(1, 3))
    owner = [draw(st.integers(-1, n - 1)) for _ in LEAVES]  # -1: the base
    base_name = draw(NAMES) + draw(st.sampled_from([".yaml", ".json"]))
    in_folder = draw(st.booleans())
    files: dict[str, str] = {}
    base: dict[str, Any] = {}
    for (path, value), who in zip(LEAVES, owner, strict=True):
        if who == -1:
            _put(base, path, value)
    files[base_name] = json.dumps(base) if base_name.endswith(".json") else _yaml(base)
    for env in ENVS:
        names = draw(st.lists(NAMES, min_size=n, max_size=n, unique=True))
        for k, name in enumerate(names):
            own: dict[str, Any] = {"environment": env}
            for (path, value), who in zip(LEAVES, owner, strict=True):
                if who == k:
                    _put(own, path, value)
            folder = f"{env}/" if in_folder else f"{env}-"
            own["extends"] = f"../{base_name}" if in_folder else base_name
            ext = draw(st.sampled_from([".yaml", ".json"]))
            files[f"{folder}{name}{ext}"] = json.dumps(own) if ext == ".json" else _yaml(own)
    return files, n


def _yaml(data: dict[str, Any]) -> str:
    # JSON is YAML 1.2; one line per top-level key keeps it readable in failures
    return "".join(
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items()
    )


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _check(*paths: str) -> dict[str, Any]:
    code, data = run_json(["check", "--no-config", "--fail-on", "never", *paths])
    assert code == 0
    return data


SINGLE_FINDINGS: list[tuple[str, str, str, str]] = []


def _single_findings() -> list[tuple[str, str, str, str]]:
    if not SINGLE_FINDINGS:
        with tempfile.TemporaryDirectory() as tmp:
            _write(Path(tmp), {"config.yaml": _yaml(SINGLE)})
            SINGLE_FINDINGS.extend(essence(_check(tmp)))
    return SINGLE_FINDINGS


@SETTINGS
@given(split=splits(), order=st.randoms(use_true_random=False))
def test_splitting_into_a_base_and_scoped_files_changes_no_finding(
    split: tuple[dict[str, str], int], order: Any
) -> None:
    files, _ = split
    expected = _single_findings()
    assert expected, "the guide has findings: the property must compare something"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write(root, files)
        # the settings file makes this folder the config root: a file named inside it
        # then names the whole set (docs/config-sets.md)
        (root / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")
        whole = _check(str(root))
        assert essence(whole) == expected
        # (b) the same files named one by one, in any order, some twice
        named = [str(root / name) for name in files]
        order.shuffle(named)
        again = _check(*named, named[0])
        assert again == whole


def test_a_process_pool_gives_the_serial_output(tmp_path: Path) -> None:
    for i in range(6):
        _write(tmp_path / f"set{i}", {"config.yaml": _yaml(SINGLE)})
    _, serial = run_json(["check", "--no-config", "--jobs", "1", str(tmp_path)])
    _, pooled = run_json(["check", "--no-config", "--jobs", "2", str(tmp_path)])
    assert serial == pooled
    assert serial["summary"]["config_sets"] == 6
