"""What rules see is read-only, however it is frozen: ``freeze`` (a type table instead of an
isinstance chain) against the plain recursive reading, and ``read_only_all`` (environments
that share their data and model share one frozen copy) against freezing each alone."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from deploylint.model.effective import DataEffective
from deploylint.model.sections import ConfigFile
from deploylint.rules.rule import (
    FrozenDict,
    FrozenList,
    ReadOnlyError,
    freeze,
    read_only,
    read_only_all,
)


def plain_freeze(value: Any) -> Any:
    """The obvious reading: every dict and list (not yet frozen) rebuilt read-only, every
    model's fields frozen in place, anything else kept."""
    if isinstance(value, FrozenDict | FrozenList):
        return value
    if isinstance(value, dict):
        return FrozenDict({k: plain_freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return FrozenList(plain_freeze(v) for v in value)
    if isinstance(value, BaseModel):
        for name, field_value in value.__dict__.items():
            value.__dict__[name] = plain_freeze(field_value)
    return value


class Inner(BaseModel):
    names: list[str] = []
    table: dict[str, int] = {}


class Outer(BaseModel):
    inner: Inner | None = None
    items: list[Inner] = []
    anything: Any = None
    pair: tuple[int, ...] = ()
    label: str = ""


class MyDict(dict[str, Any]):
    pass


class MyList(list[Any]):
    pass


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
data = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
        | st.lists(children, max_size=3).map(MyList)
        | st.dictionaries(st.text(max_size=5), children, max_size=3).map(MyDict)
        | st.lists(children, max_size=3).map(tuple)
        | st.lists(children, max_size=3).map(FrozenList)
    ),
    max_leaves=25,
)


def shape(value: Any) -> Any:
    """Every container with its exact type, to compare two frozen values."""
    if isinstance(value, dict):
        return (type(value), [(k, shape(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value), [shape(v) for v in value])
    if isinstance(value, BaseModel):
        return (type(value), [(k, shape(v)) for k, v in value.__dict__.items()])
    return (type(value), value)


@settings(max_examples=150, deadline=None)
@given(data)
def test_freeze_is_the_plain_reading(value: Any) -> None:
    assert shape(freeze(value)) == shape(plain_freeze(value))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=4), max_size=3), data, data)
def test_freeze_of_a_model_is_the_plain_reading(names: list[str], a: Any, b: Any) -> None:
    def build() -> Outer:
        inner = Inner(names=names, table={n: i for i, n in enumerate(names)})
        return Outer(inner=inner, items=[inner, Inner(names=names)], anything=[a, {"b": b}])

    mine, plain = build(), build()
    assert freeze(mine) is mine
    plain_freeze(plain)
    assert shape(mine) == shape(plain)
    assert isinstance(mine.items, FrozenList) and isinstance(mine.inner, Inner)
    assert isinstance(mine.inner.names, FrozenList) and isinstance(mine.inner.table, FrozenDict)
    assert isinstance(mine.anything[1], FrozenDict)


def _environment(env: str, data: dict[str, Any], model: ConfigFile) -> DataEffective:
    return DataEffective(env, data, model, {})


def _every_container(value: Any) -> list[Any]:
    found = [value] if isinstance(value, dict | list) else []
    children = value.values() if isinstance(value, dict) else value if found else []
    for child in children:
        found += _every_container(child)
    return found


def test_environments_that_share_their_data_share_one_frozen_copy() -> None:
    data = {"config": {"application": {"api": {"port": 8000}}}, "tags": [{"a": [1, 2]}]}
    model = ConfigFile.model_validate({"config": {"application": {"api": {"port": 8000}}}})
    prod, staging = _environment("production", data, model), _environment("staging", data, model)
    alone = _environment("dev", {"tags": [1]}, ConfigFile())
    read_only_all([prod, staging, alone])
    assert prod.data is staging.data  # frozen once
    assert prod.data == data and alone.data == {"tags": [1]}
    for frozen in [prod.data, alone.data]:
        for container in _every_container(frozen):
            assert isinstance(container, FrozenDict | FrozenList)
    with pytest.raises(ReadOnlyError):
        staging.data["tags"][0]["a"].append(3)
    with pytest.raises(ReadOnlyError):
        prod.data["config"].pop("application")
    with pytest.raises(TypeError):
        prod.data = {}
    # what they were built from is left as it was (another set may read it)
    assert type(data) is dict and type(data["tags"]) is list


def test_read_only_all_is_read_only_on_each() -> None:
    """The shared freeze gives each environment what freezing it alone gives."""
    source = {"a": [{"b": [1, {"c": None}]}], "d": {"e": "f"}}
    together = [_environment(e, source, ConfigFile()) for e in ("x", "y")]
    read_only_all(together)
    for env in ("x", "y"):
        alone = read_only(_environment(env, source, ConfigFile()))
        mine = next(e for e in together if e.env == env)
        assert shape(mine.data) == shape(alone.data)
        assert isinstance(mine.origins, type(alone.origins))
    assert read_only_all([*together]) is None  # a second call costs nothing and changes nothing
