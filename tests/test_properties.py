"""Hypothesis properties of the whole run (the loader's own are in sources/test_loader.py).

- Every finding's line (and column) lies inside its file, for generated YAML-ish config sets:
  configs built from the guide's keys with some values of the wrong type and some unknown
  keys, written in block and flow styles, then sometimes damaged (a character removed or
  added, a line repeated, the text cut short, CRLF line ends, a BOM, UTF-16).
- A schema-valid config, generated from the pydantic models in ``deploylint.model.sections``,
  yields no DL0xx finding, in YAML and in JSON.
"""

from __future__ import annotations

import json
import math
import random
import re
import tempfile
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

import annotated_types
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, BeforeValidator

from deploylint.model import values
from deploylint.model.sections import ConfigFile, Environment
from deploylint.sources.loader import decode, load_text
from tests.helpers import cli

SETTINGS = settings(
    max_examples=50,
    derandomize=True,  # CI must not depend on the draw
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- strategies from the models ---------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),  # any character, even controls
    max_size=10,
)
WORDS = st.sampled_from(["production", "staging", "alb", "ecs", "rds", "high_cpu", "値", "x-1"])
KEYS = st.one_of(WORDS, st.text(min_size=1, max_size=8))
# Strings the rules read for meaning, so that generated configs reach past their first test.
DOMAIN = st.sampled_from(
    [
        "ap-northeast-1", "us-east-1", "1a", "1c", "ap-northeast-1b", "10.0.0.0/16",
        "10.0.1.0/24", "10.0.0.5/33", "0.0.0.0/0", "::/0", "alb-sg", "ecs-sg", "rds-sg",
        "sg-0123", "PostgreSQL", "Redis", "OpenSearch", "Elasticsearch", "15.4", "15.0",
        "8.0", "7.1", "2.19", "db.r5.large", "cache.r5.large", "r5.large.search", "FARGATE",
        "STANDARD_IA", "tcp", "-1", "icmp", "8000-8010", "https://example.com", "http://x",
        "G-PSW1MY7HB4", "UA-XXXXXXXXX-X", "*", "#alerts", "ops@acme.co.jp", "pagerduty",
        "slack", "ISO8601", "DEBUG", "required", "ヘルスチェック", "マイグレーションの実行",
        "データベースのスナップショット作成", "AKIAIOSFODNN7EXAMPLE",
    ]
)  # fmt: skip
BIG = 10**12


def _integers(ge: int | None) -> st.SearchStrategy[Any]:
    ints = st.integers(min_value=-BIG if ge is None else ge, max_value=BIG)
    return st.one_of(ints, ints.filter(lambda n: abs(n) < 10**17).map(str))  # '2048' too


DURATIONS = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.builds(
        "{}{}".format,
        st.integers(0, 999),
        st.sampled_from(["s", "m", "h", "d", "ms", "分以内", "時間以内"]),
    ),
    st.sampled_from(["PT15M", "P1DT2H", "PT1H30M", "PT30S", "PT1M30S", "15 min", "1.5h"]),
)
DAYS = st.one_of(
    st.integers(min_value=0, max_value=4000),
    st.builds("{}{}".format, st.integers(0, 4000), st.sampled_from(["日", "d", ""])),
    st.sampled_from(["P30D", "P365D"]),
)
TRANSITIONS = st.one_of(
    st.sampled_from(["30日でIA", "90d to GLACIER", "30 -> ONEZONE"]),
    st.fixed_dictionaries({"days": _integers(None), "storage_class": TEXT}),
)
NUMBERS = st.one_of(
    st.integers(min_value=-BIG, max_value=BIG),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["80", "12.5", "-3", ".5"]),
)
BY_PARSER: dict[Any, st.SearchStrategy[Any]] = {
    values.number: NUMBERS,
    values.seconds: DURATIONS,
    values.days: DAYS,
    values.transition: TRANSITIONS,
    values.protocol: st.one_of(TEXT, st.sampled_from([-1, 6, 17, "tcp", "-1"])),
}


def _parts(tp: Any) -> tuple[Any, list[Any]]:
    """(base type, metadata) of an Annotated type, metadata flattened."""
    meta: list[Any] = []
    while typing.get_origin(tp) is typing.Annotated:
        base, *more = typing.get_args(tp)
        for m in more:
            meta.extend([m, *getattr(m, "metadata", [])])
        tp = base
    return tp, meta


@cache
def strategy(tp: Any, dense: bool = False) -> st.SearchStrategy[Any]:
    """Values that validate as ``tp`` (a field annotation of deploylint.model.sections).

    ``dense``: every optional key present and not null, lists and mappings not empty, so
    that rules which look several levels deep are reached on most examples."""
    base, meta = _parts(tp)
    for m in meta:
        if isinstance(m, BeforeValidator):
            if m.func is values.integer:
                ge = next((g.ge for g in meta if isinstance(g, annotated_types.Ge)), None)
                return _integers(ge)
            return BY_PARSER[m.func]
    origin = typing.get_origin(base)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(base) if a is not type(None)]
        return st.one_of(*(strategy(a, dense) for a in members))
    if origin is list:
        return st.lists(strategy(typing.get_args(base)[0], dense), min_size=dense, max_size=3)
    if origin is dict:
        return st.dictionaries(
            KEYS, strategy(typing.get_args(base)[1], dense), min_size=dense, max_size=3
        )
    if isinstance(base, type) and issubclass(base, BaseModel):
        fields = {
            n: f
            for n, f in base.model_fields.items()
            if n not in ("environment", "extends", "schema_ref")  # set-level keys
        }
        if dense:
            return st.fixed_dictionaries(
                {n: strategy(f.annotation, True) for n, f in fields.items()}
            )
        required = {n: strategy(f.annotation) for n, f in fields.items() if f.is_required()}
        optional = {
            n: st.one_of(st.none(), strategy(f.annotation))
            for n, f in fields.items()
            if not f.is_required()
        }
        return st.fixed_dictionaries(required, optional=optional)
    if base is bool:
        return st.booleans()
    if base is int:
        return st.integers(min_value=-BIG, max_value=BIG)
    if base is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if base is str:
        return st.one_of(TEXT, DOMAIN)
    raise AssertionError(f"no strategy for {tp!r}")  # a new type in models.py: add it here


VALID = strategy(ConfigFile)


def _bad(value: Any) -> st.SearchStrategy[Any]:
    """The value, or something of another type in its place."""
    return st.one_of(
        st.just(value),
        st.sampled_from([None, True, "yes", 7, -1, 1.5, "x", [], {}, [1, "a"], {"k": 1}]),
    )


@st.composite
def yamlish(draw: st.DrawFn) -> Any:
    """A config from the guide's keys, with some wrong types and some unknown keys."""
    data = draw(VALID)

    def spoil(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: spoil(v) for k, v in node.items()}
            if draw(st.integers(0, 9)) == 0:
                out[draw(KEYS)] = draw(_bad(1))
            return out
        if isinstance(node, list):
            return [spoil(v) for v in node]
        return draw(_bad(node)) if draw(st.integers(0, 5)) == 0 else node

    return spoil(data)


# --- a small YAML writer with a choice of styles ----------------------------------------

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_KEYWORDS = {"true", "false", "null", "True", "False", "Null", "TRUE", "FALSE", "NULL"}
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def quoted(text: str) -> str:
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif _PRINTABLE.match(c):
            out.append(c)
        elif ord(c) <= 0xFF:
            out.append(f"\\x{ord(c):02x}")
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def scalar(value: Any, rnd: random.Random) -> str:
    if value is None:
        return rnd.choice(["null", "~", "Null"])
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if rnd.random() < 0.9 else hex(value) if value >= 0 else str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ".inf" if value > 0 else "-.inf"
    if _PLAIN.match(value) and value not in _KEYWORDS and rnd.random() < 0.7:
        return value
    if "'" not in value and _PRINTABLE.fullmatch(value or " ") and rnd.random() < 0.3:
        return f"'{value}'"
    return quoted(value)


def flow(value: Any, rnd: random.Random) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key(k, rnd)}: {flow(v, rnd)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v, rnd) for v in value) + "]"
    return scalar(value, rnd)


def key(value: Any, rnd: random.Random) -> str:
    text = scalar(value, rnd)
    return text if text != "<<" else quoted(text)


def block(value: Any, rnd: random.Random, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v and rnd.random() < 0.8:
                lines.append(f"{pad}{key(k, rnd)}:")
                lines.extend(block(v, rnd, indent + rnd.choice([2, 4])))
            else:
                lines.append(f"{pad}{key(k, rnd)}: {flow(v, rnd)}")
            if rnd.random() < 0.1:
                lines.append(f"{pad}# a comment: {len(lines)} 値")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item and rnd.random() < 0.8:
                inner = block(item, rnd, indent + 2)
                lines.append(f"{pad}- {inner[0][indent + 2 :]}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {flow(item, rnd)}")
    else:
        lines.append(pad + flow(value, rnd))
    return lines


def dump(value: Any, rnd: random.Random) -> str:
    if not isinstance(value, (dict, list)) or not value or rnd.random() < 0.15:
        return flow(value, rnd) + "\n"
    return "\n".join(block(value, rnd)) + "\n"


JUNK = ["", ":", "- ", "[", "}", "&a ", "*a", "!foo ", "\t", "#", "'", '"', "値", "\n", "<<: "]


def damage(text: str, rnd: random.Random) -> str:
    for _ in range(rnd.choice([0, 0, 1, 2])):
        at = rnd.randrange(len(text) + 1)
        action = rnd.randrange(4)
        if action == 0:
            text = text[:at] + text[at + 1 :]
        elif action == 1:
            text = text[:at] + rnd.choice(JUNK) + text[at:]
        elif action == 2:
            lines = text.splitlines(keepends=True) or [""]
            i = rnd.randrange(len(lines))
            text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        else:
            text = text[:at]
    return text


def encode(text: str, rnd: random.Random) -> bytes:
    if rnd.random() < 0.15:
        text = text.replace("\n", "\r\n")
    choice = rnd.random()
    if choice < 0.1:
        return text.encode("utf-16")
    if choice < 0.2:
        return b"\xef\xbb\xbf" + text.encode()
    return text.encode("utf-8")


# --- running the CLI -------------------------------------------------------------------


def check(root: Path, *args: str) -> dict[str, Any]:
    result = cli(["check", "--no-config", "--format", "json", *args, str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML knows


def lines_of(raw: bytes) -> list[str]:
    text, _ = decode(raw)
    if text is None:  # undecodable: positions are counted in the part before the bad byte
        text = raw.decode("utf-8", errors="replace")
    lines = _BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def assert_inside(finding: dict[str, Any], files: dict[str, bytes]) -> None:
    name = finding["file"]
    assert name in files, finding
    lines = lines_of(files[name])
    line, column = finding["line"], finding["column"]
    assert 1 <= line <= len(lines), (finding, len(lines))
    text = lines[line - 1].lstrip("\ufeff") if line == 1 else lines[line - 1]
    assert 1 <= column <= len(lines[line - 1]) + 1, (finding, text)
    assert (finding["end_line"], finding["end_column"]) >= (line, column), finding
    assert finding["end_line"] <= len(lines), (finding, len(lines))


@st.composite
def config_sets(draw: st.DrawFn) -> dict[str, bytes]:
    rnd = draw(st.randoms(use_true_random=False))
    names = ["base.yaml", "app.yml", "production/app.yaml", "staging/app.json", "x/y/z.yaml"]
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    files: dict[str, bytes] = {}
    for name in chosen:
        docs = []
        for _ in range(draw(st.sampled_from([1, 1, 1, 2]))):
            data = draw(yamlish())
            if isinstance(data, dict) and rnd.random() < 0.5:
                env = name.split("/")[0] if "/" in name else rnd.choice(["production", "qa"])
                data = {"environment": env, **data}
                if rnd.random() < 0.5:
                    data["extends"] = rnd.choice(
                        ["../base.yaml", "base.yaml", "/etc/passwd", "app.yml"]
                    )
            docs.append(dump(data, rnd))
        text = "---\n".join(docs)
        files[name] = encode(damage(text, rnd), rnd)
    return files


@SETTINGS
@given(config_sets())
def test_every_finding_lies_inside_its_file(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, raw in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(raw)
        data = check(root, "--allow-no-configs")  # a file may be no config at all
        shown = {str(root / name): raw for name, raw in files.items()}
        for finding in data["findings"]:
            assert_inside(finding, shown)
            assert "internal error" not in finding["message"], finding


def _with_environments(data: dict[str, Any], envs: dict[str, Any]) -> dict[str, Any]:
    return {**data, "architecture": {**(data.get("architecture") or {}), "environments": envs}}


# Rules run once per environment: every generated config declares at least one; half of
# them have every key, so that rules looking several levels deep are reached.
WITH_ENVIRONMENTS = st.builds(
    _with_environments,
    st.one_of(VALID, strategy(ConfigFile, dense=True)),
    st.dictionaries(
        st.sampled_from(["production", "staging", "qa"]),
        strategy(Environment),
        min_size=1,
        max_size=3,
    ),
)


# hypothesis 6.170 warns while it draws a float it cannot narrow (a repr of the whole
# strategy, 65 kB) and filterwarnings=error turned that into a failure of this test
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@SETTINGS
@given(WITH_ENVIRONMENTS, st.randoms(use_true_random=False))
def test_no_rule_raises_on_a_schema_valid_config(data: dict[str, Any], rnd: random.Random) -> None:
    text = dump(data, rnd)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "app.yaml").write_text(text, encoding="utf-8")
        result = check(root)
        for finding in result["findings"]:
            assert "internal error" not in finding["message"], (finding, text)
            assert_inside(finding, {str(root / "app.yaml"): text.encode()})


# --- schema-valid configs have no DL0xx finding ------------------------------------------


def to_json(data: Any, rnd: random.Random) -> str:
    """JSON as a YAML parser can read it: characters outside YAML's printable set escaped.

    Two JSON spellings are not read (libyaml's limits, noted for the docs): a character
    beyond U+FFFF escaped as a surrogate pair (``json.dumps``' default for emoji), and a raw
    DEL or C1 control character inside a string.
    """
    text = json.dumps(data, ensure_ascii=False, indent=rnd.choice([None, 2]))
    return "".join(c if c in "\n\r\t" or _PRINTABLE.match(c) else f"\\u{ord(c):04x}" for c in text)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@SETTINGS
@given(VALID, st.randoms(use_true_random=False), st.booleans())
def test_a_schema_valid_config_has_no_dl0_finding(
    data: dict[str, Any], rnd: random.Random, as_json: bool
) -> None:
    ConfigFile.model_validate(data)  # the generator makes valid configs only
    if as_json:
        name, text = "app.json", to_json(data, rnd)
    else:
        name, text = "app.yaml", dump(data, rnd)
    [doc] = load_text(text).documents or [None]
    assert doc is not None and _same(doc.data, data), text  # the file says what we meant
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / name).write_text(text, encoding="utf-8")
        result = check(root, "--select", "DL0")
        assert result["findings"] == [], text


@pytest.mark.parametrize("duration", ["PT30S", "PT1M30S", "P1DT0.5S"])
def test_iso_durations_with_seconds_are_valid(tmp_path: Path, duration: str) -> None:
    (tmp_path / "app.yaml").write_text(f"config:\n  cache: {{timeout: {duration}}}\n")
    assert check(tmp_path, "--select", "DL0")["findings"] == []


@pytest.mark.parametrize("duration", ["9" * 400 + "s", "P" + "9" * 400 + "D", "9" * 400 + "分以内"])
def test_durations_too_large_for_a_float_are_a_schema_finding(
    tmp_path: Path, duration: str
) -> None:
    (tmp_path / "app.yaml").write_text(f"config:\n  cache: {{timeout: '{duration}'}}\n")
    findings = check(tmp_path, "--select", "DL0")["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("DL002", 2)]
    assert "too large a duration" in findings[0]["message"]
