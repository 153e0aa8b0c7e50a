"""The merge shares documents' mappings and reuses their validated sections (merge.SHARE).

The fast path must give what the plain path gives (every mapping copied key by key, every
model validated from the merged data): the same effective data, owners, conflicts,
findings, variants and typed models, and no document's data changed.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.sources import merge
from deploylint.sources.configset import (
    check_environment_names,
    load_set,
    resolve_extends,
)
from deploylint.sources.files import discover
from deploylint.sources.loader import Limits, load_bytes
from tests.helpers import EXAMPLES


def _merge_into(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge_into(target[key], value)
        else:
            target[key] = value


def _guide() -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path in sorted((EXAMPLES / "guide").glob("*.yaml")):
        _merge_into(data, load_bytes(path.read_bytes()).documents[0].data)
    return data


GUIDE = _guide()


def _leaves(data: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out: list[tuple[tuple[str, ...], Any]] = []
    for key, value in data.items():
        out.append(((*path, key), value))  # mappings too: a file may write one whole
        if isinstance(value, dict):
            out.extend(_leaves(value, (*path, key)))
    return out


LEAVES = _leaves(GUIDE)
# values a file may write instead of the guide's: removals, other types, nested mappings
# (with and without a null below), a list
ODD = st.sampled_from([None, 1, "x", True, [1, "a"], {"k": 1}, {"k": None}, {"k": {"j": 2}}, {}])


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path, value in draw(st.lists(st.sampled_from(LEAVES), max_size=8)):
        if draw(st.integers(0, 3)) == 0:
            value = draw(ODD)
        node = data
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = copy.deepcopy(value)
    if draw(st.booleans()):
        data["x-extra"] = draw(ODD)
    return data


@st.composite
def config_sets(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """A base (most of the guide), maybe an unrelated unscoped file, and scoped files that
    extend the base or not: conflicts, removals, overrides and invalid values."""
    base = copy.deepcopy(GUIDE)
    for key in draw(st.lists(st.sampled_from(sorted(GUIDE)), max_size=2)):
        base.pop(key, None)
    if draw(st.booleans()):
        _merge_into(base, draw(documents()))
    files = {"base.yaml": base}
    if draw(st.booleans()):
        files["other.yaml"] = draw(documents())
    for env in ("production", "staging"):
        for i in range(draw(st.integers(0, 2))):
            doc = {"environment": env, **draw(documents())}
            if draw(st.integers(0, 3)):
                doc["extends"] = "base.yaml"
            files[f"{env}-{i}.yaml"] = doc
    return files


def _built(root: Path) -> list[Any]:
    """Everything the merge gives, by file name (two runs share no objects)."""
    out: list[Any] = []
    for config_set in discover([str(root)]):
        loaded = load_set(config_set, Limits())
        resolve_extends(loaded, Limits())
        check_environment_names(loaded)
        before = [copy.deepcopy(d.data) for d in loaded.docs]
        built = merge.build(loaded)
        files = [[d.file for d in ds] for ds in (loaded.docs,)]
        for env, eff in built.primary.items():
            out.append(
                (
                    env,
                    eff.data,
                    eff.model,
                    {p: [d.file for d in ds] for p, ds in eff.owners.items()},
                    list(eff.owners),
                    sorted(eff.invalid),
                    sorted(eff.unknown_keys),
                    eff.incomplete,
                    [d.file for d in eff.docs],
                )
            )
        for env, conflicts in built.conflicts.items():
            out.append(
                [
                    (env, c.path, [(v, [d.file for d in ds]) for v, ds in c.alternatives])
                    for c in conflicts
                ]
            )
        out.append(
            sorted(
                (i.kind.name, i.message, str(i.origin), i.path, str(i.environment), str(i.related))
                for i in [*loaded.issues, *built.issues]
            )
        )
        for env, variants in built.variants.items():
            out.append([(env, v.data, v.model) for v in variants])
        assert [d.data for d in loaded.docs] == before  # sharing never changes a document
        out.append(files)
    return out


def _both(files: dict[str, dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_text(json.dumps(data), encoding="utf-8")
        fast = _built(root)
        merge.SHARE = False
        try:
            plain = _built(root)
        finally:
            merge.SHARE = True
    return fast, plain


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(config_sets())
def test_sharing_gives_what_copying_gives(files: dict[str, dict[str, Any]]) -> None:
    fast, plain = _both(files)
    assert fast == plain


def test_examples_and_a_null_below_a_new_mapping() -> None:
    base = copy.deepcopy(GUIDE)
    scoped = {
        "environment": "production",
        "extends": "base.yaml",
        "x-new": {"a": None, "b": {"c": None, "d": 1}},  # nulls below: key by key
        "config": {"application": {"extra": {"k": 1}}},  # below a shared mapping: copied
        "monitoring": None,  # a removal
    }
    other = {"environment": "staging", "architecture": {"environments": None}}
    fast, plain = _both({"base.yaml": base, "p.yaml": scoped, "s.yaml": other})
    assert fast == plain
    production = fast[0]
    assert production[1]["x-new"] == {"b": {"d": 1}}  # the nulls removed, as key by key


def test_one_valid_file_is_shared_and_its_sections_reused(tmp_path: Path) -> None:
    """The fast path is taken: the effective data is the document's, the model's sections
    the ones validated with the file (not validated again)."""
    (tmp_path / "c.yaml").write_text(json.dumps(GUIDE), encoding="utf-8")
    (config_set,) = discover([str(tmp_path)])
    loaded = load_set(config_set, Limits())
    resolve_extends(loaded, Limits())
    (doc,) = loaded.docs
    assert doc.model is not None
    built = merge.build(loaded)
    for eff in built.primary.values():
        for section in ("architecture", "infrastructure", "deployment", "config", "monitoring"):
            assert eff.data[section] is doc.data[section]
            assert getattr(eff.model, section) is getattr(doc.model, section)
