"""``check --fix`` / ``--unsafe-fixes`` / ``--diff``: text edits at the loader's spans."""

from __future__ import annotations

import difflib
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.model.fix import InsertItem, MoveItem, QuoteValue, SetValue
from deploylint.sources.edits import DocText, edits_for, plain_string
from deploylint.sources.loader import load_text
from tests.helpers import invoke, valid_sarif

ARCH = """\
# shared by every environment
architecture:
  environments:
    production: {region: ap-northeast-1}
  components:
    database:
      type: RDS
      engine: PostgreSQL
      version: 15.14   # keep this comment
    cache: {type: ElastiCache, engine: Redis, version: '7.3'}
"""

INFRA = """\
infrastructure:
  network:
    vpc:
      cidr: "10.0.0.5/16"  # host bits
  monitoring:
    logs:
      retention: 45
      streams: [application, access, error]
"""

CONFIG = """\
environment: production
config:
  application:
    frontend:
      api_url: http://api.acme.co.jp/v1
  security:
    cors:
      allowed_origins: ["HTTPS://App.Acme.co.jp/", 'http://admin.acme.co.jp']
      allowed_headers: ['*']
"""

DEPLOY = """\
deployment:
  pre_deployment:
    steps:
      - name: バックアップの作成
        actions:
          - 設定ファイルのバックアップ   # config
          - アプリケーションデータのバックアップ
      - name: 環境チェック
        actions: [リソース使用状況の確認, セキュリティグループの確認, 証明書の有効期限確認]
  deployment:
    steps:
      - name: データベース更新
        actions:
          - マイグレーションの実行
      - name: 後のバックアップ
        actions:
          - データベースのスナップショット作成
      - name: アプリケーション更新
        actions:
          - ECSサービスの更新
          - ヘルスチェック
"""


def write_set(tmp: Path, crlf: bool = False) -> Path:
    files = {
        "architecture.yaml": ARCH,
        "infrastructure.yaml": INFRA,
        "config.yaml": CONFIG,
        "deployment.yaml": DEPLOY,
    }
    for name, text in files.items():
        data = text.replace("\n", "\r\n") if crlf else text
        (tmp / name).write_bytes(data.encode("utf-8"))
    return tmp


def findings(path: Path, *extra: str) -> list[dict[str, object]]:
    result = invoke("check", str(path), "--format", "json", "--no-config", *extra)
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


def keys(found: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(f["rule"], f["file"], f["path"], f["message"]) for f in found}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_fix_applies_safe_fixes_only_and_keeps_everything_else(tmp_path: Path) -> None:
    folder = write_set(tmp_path)
    before = findings(folder)
    safe = [f for f in before if isinstance(f.get("fix"), dict) and f["fix"]["safety"] == "safe"]
    unsafe = [f for f in before if isinstance(f.get("fix"), dict) and f["fix"]["safety"] != "safe"]
    assert {f["rule"] for f in safe} >= {"DL002", "DL201", "DL301", "DL307"}
    # retention 45 is not a value CloudWatch accepts: DL404 alone (DL405 leaves it to DL404)
    assert {f["rule"] for f in unsafe} >= {"DL106", "DL307", "DL404", "DL502"}
    result = invoke("check", str(folder), "--fix", "--no-config")
    assert f"{len(safe)} fixed ({len(unsafe)} more with --unsafe-fixes)." in result.stdout
    arch = (folder / "architecture.yaml").read_text()
    assert "      version: '15.14'   # keep this comment\n" in arch
    assert "version: '7.3'" in arch  # unsafe: not without --unsafe-fixes
    assert arch.replace("'15.14'", "15.14") == ARCH  # byte-identical outside the edit
    infra = (folder / "infrastructure.yaml").read_text()
    assert infra == INFRA.replace('"10.0.0.5/16"', '"10.0.0.0/16"')  # its quotes kept
    config = (folder / "config.yaml").read_text()
    assert "allowed_origins: [\"https://app.acme.co.jp\", 'https://admin.acme.co.jp']" in config
    assert "api_url: https://api.acme.co.jp/v1" in config
    assert "allowed_headers: ['*']" in config  # unsafe: not without --unsafe-fixes
    after = findings(folder)
    assert not keys(after) & keys(safe)  # none of the fixed findings
    assert keys(after) <= keys(before)  # and no new ones
    again = snapshot(folder)
    invoke("check", str(folder), "--fix", "--no-config")
    assert snapshot(folder) == again  # a second --fix changes nothing


def test_unsafe_fixes_insert_and_move_steps_in_the_file_style(tmp_path: Path) -> None:
    folder = write_set(tmp_path)
    result = invoke("check", str(folder), "--fix", "--unsafe-fixes", "--no-config")
    assert "fixed." in result.stdout and "more with" not in result.stdout
    deploy = (folder / "deployment.yaml").read_text()
    assert deploy == textwrap.dedent("""\
        deployment:
          pre_deployment:
            steps:
              - name: バックアップの作成
                actions:
                  - 設定ファイルのバックアップ   # config
                  - アプリケーションデータのバックアップ
              - name: 環境チェック
                actions: [リソース使用状況の確認, セキュリティグループの確認, 証明書の有効期限確認]
              - name: 後のバックアップ
                actions:
                  - データベースのスナップショット作成
          deployment:
            steps:
              - name: アプリケーション更新
                actions:
                  - Dockerイメージのビルド
                  - イメージのプッシュ
                  - ECSサービスの更新
                  - ヘルスチェック
              - name: データベース更新
                actions:
                  - マイグレーションの実行
                  - インデックスの更新
                  - 統計情報の更新
        """)
    infra = (folder / "infrastructure.yaml").read_text()
    assert "      retention: 365\n" in infra
    arch = (folder / "architecture.yaml").read_text()
    assert "    cache: {type: ElastiCache, engine: Redis, version: '7.1'}\n" in arch
    assert "allowed_headers: [Content-Type, Authorization]" in (folder / "config.yaml").read_text()
    rules = {f["rule"] for f in findings(folder)}
    assert not rules & {"DL106", "DL201", "DL301", "DL307", "DL404", "DL405", "DL502"}


def test_crlf_line_endings_are_kept(tmp_path: Path) -> None:
    folder = write_set(tmp_path, crlf=True)
    invoke("check", str(folder), "--fix", "--unsafe-fixes", "--no-config")
    for path in folder.iterdir():
        raw = path.read_bytes()
        assert raw.count(b"\n") == raw.count(b"\r\n"), path.name
    assert b"          - \xe3" in (folder / "deployment.yaml").read_bytes()


def test_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    folder = write_set(tmp_path)
    before = snapshot(folder)
    result = invoke("check", str(folder), "--diff", "--no-config")
    assert result.exit_code == 1
    assert snapshot(folder) == before
    assert "-      version: 15.14   # keep this comment\n" in result.stdout
    assert "+      version: '15.14'   # keep this comment\n" in result.stdout
    assert "+      allowed_headers" not in result.stdout  # an unsafe fix
    unsafe = invoke("check", str(folder), "--diff", "--unsafe-fixes", "--no-config")
    assert "+      allowed_headers: [Content-Type, Authorization]\n" in unsafe.stdout
    assert snapshot(folder) == before
    invoke("check", str(folder), "--fix", "--unsafe-fixes", "--no-config")
    clean = invoke("check", str(folder), "--diff", "--unsafe-fixes", "--no-config")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_unsafe_fixes_alone_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("check", str(write_set(tmp_path)), "--unsafe-fixes", "--no-config")
    assert result.exit_code == 2 and "--unsafe-fixes needs --fix or --diff" in result.output


def test_fix_in_a_file_shared_by_environments_that_differ_is_unsafe(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "architecture:\n  environments:\n    production: {region: ap-northeast-1}\n"
        "    staging: {region: ap-northeast-1}\n"
        "config:\n  security:\n    cors:\n      allowed_origins: ['http://admin.acme.co.jp']\n"
        "  application:\n    frontend:\n      api_url: http://api.acme.co.jp\n"
    )
    found = findings(tmp_path)
    https = [f for f in found if f["rule"] == "DL301"]
    assert len(https) == 1 and https[0]["environment"] == "production"
    fix = https[0]["fix"]
    assert isinstance(fix, dict) and fix["safety"] == "unsafe"
    assert "also changes staging" in fix["description"]
    cors = [f for f in found if f["rule"] == "DL307"]
    assert cors and all(isinstance(f["fix"], dict) for f in cors)
    assert {f["fix"]["safety"] for f in cors} == {"safe"}  # every environment asks for it
    invoke("check", str(tmp_path), "--fix", "--no-config")
    text = (tmp_path / "base.yaml").read_text()
    assert "api_url: http://api.acme.co.jp\n" in text  # not fixed: staging reads it too
    assert "allowed_origins: ['https://admin.acme.co.jp']" in text  # fixed once


def test_fix_edits_only_the_named_file_under_pre_commit(tmp_path: Path) -> None:
    folder = write_set(tmp_path)
    before = snapshot(folder)
    invoke("check", str(folder / "architecture.yaml"), "--fix", "--no-config")
    after = snapshot(folder)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"architecture.yaml"}


def test_fix_never_edits_outside_the_config_root(tmp_path: Path) -> None:
    root = tmp_path / "configs"
    root.mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text(INFRA)
    (root / ".deploylint.yaml").write_text("{}\n")
    (root / "infrastructure.yaml").write_text("extends: ../outside.yaml\n")
    invoke("check", str(root), "--fix", "--unsafe-fixes", "--no-config")
    assert outside.read_text() == INFRA


def test_stdin_diff(tmp_path: Path) -> None:
    result = invoke(
        "check",
        "-",
        "--stdin-filename",
        str(tmp_path / "architecture.yaml"),
        "--diff",
        "--no-config",
        input=ARCH.encode(),
    )
    assert result.exit_code == 1
    assert "+      version: '15.14'   # keep this comment\n" in result.stdout
    assert not (tmp_path / "architecture.yaml").exists()
    refused = invoke(
        "check",
        "-",
        "--stdin-filename",
        str(tmp_path / "a.yaml"),
        "--fix",
        "--no-config",
        input=ARCH.encode(),
    )
    assert refused.exit_code == 2


def test_json_sarif_and_github_carry_the_fix(tmp_path: Path) -> None:
    folder = write_set(tmp_path)
    found = findings(folder)
    quote = next(f for f in found if f["rule"] == "DL002")
    assert quote["fix"] == {
        "description": "quote the version as written: '15.14'",
        "safety": "safe",
        "edits": [
            {
                "file": str(folder / "architecture.yaml"),
                "line": 9,
                "column": 16,
                "end_line": 9,
                "end_column": 21,
                "replacement": "'15.14'",
            }
        ],
    }
    sarif = valid_sarif(invoke("check", str(folder), "-f", "sarif", "--no-config").stdout)
    results = sarif["runs"][0]["results"]
    fixed = next(r for r in results if r["ruleId"] == "DL002")
    (change,) = fixed["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 9, "startColumn": 16, "endLine": 9, "endColumn": 21},
            "insertedContent": {"text": "'15.14'"},
        }
    ]
    github = invoke("check", str(folder), "-f", "github", "--no-config").stdout
    assert "fix available (safe, `deploylint check --fix`): quote the version" in github
    text = invoke("check", str(folder), "--no-config").stdout
    assert "fix (safe): quote the version as written: '15.14'" in text
    assert "fixable with --fix (" in text


# --- edits, as properties -----------------------------------------------------------------

WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=st.one_of(WORDS, st.integers(-(10**6), 10**6), st.booleans()),
    style=st.sampled_from(["plain", "'single'", '"double"', "[flow, list]"]),
    comment=st.booleans(),
    crlf=st.booleans(),
)
def test_set_value_reads_back_and_keeps_the_rest(
    value: object, style: str, comment: bool, crlf: bool
) -> None:
    """Any value written over any scalar style reads back as that value; every byte outside
    the edit is unchanged."""
    nl = "\r\n" if crlf else "\n"
    written = {"plain": "old", "'single'": "'old'", '"double"': '"old"'}.get(style, "[a, b]")
    tail = "  # note" if comment else ""
    text = f"# head{nl}top:{nl}  key: {written}{tail}{nl}  other: 1{nl}"
    doc = load_text(text).documents[0]
    target = [value] if style.startswith("[") else value
    edits = edits_for(SetValue(("top", "key"), target), DocText("f", text, doc.values))
    assert edits is not None
    (edit,) = edits
    new = text[: edit.start] + edit.replacement + text[edit.end :]
    assert load_text(new).documents[0].data == {"top": {"key": target, "other": 1}}
    assert new[: edit.start] == text[: edit.start]
    assert new[edit.start + len(edit.replacement) :] == text[edit.end :]


@settings(max_examples=40, deadline=None)
@given(items=st.lists(WORDS.filter(plain_string), min_size=2, max_size=5), data=st.data())
def test_insert_and_move_keep_the_list(items: list[str], data: st.DataObject) -> None:
    text = "list:\n" + "".join(f"  - {i}  # c{n}\n" for n, i in enumerate(items)) + "end: 1\n"
    doc = DocText("f", text, load_text(text).documents[0].values)
    index = data.draw(st.integers(0, len(items)))
    edits = edits_for(InsertItem(("list",), index, "new"), doc)
    assert edits is not None
    new = text[: edits[0].start] + edits[0].replacement + text[edits[0].end :]
    assert load_text(new).documents[0].data["list"] == [*items[:index], "new", *items[index:]]
    source = data.draw(st.integers(0, len(items) - 1))
    before = data.draw(st.integers(0, len(items)).filter(lambda b: b not in (source, source + 1)))
    moved = edits_for(MoveItem(("list",), source, before), doc)
    assert moved is not None
    out = text
    for e in sorted(moved, key=lambda e: e.start, reverse=True):
        out = out[: e.start] + e.replacement + out[e.end :]
    expected = list(items)
    item = expected.pop(source)
    expected.insert(before - (before > source), item)
    assert load_text(out).documents[0].data == {"list": expected, "end": 1}
    assert sorted(out.splitlines()) == sorted(text.splitlines())  # comments travel along


def test_quote_value_and_anchors() -> None:
    text = "a: &x 7.10\nb: *x\nc: 7.10\n"
    doc = DocText("f", text, load_text(text).documents[0].values)
    assert edits_for(QuoteValue(("a",)), doc) is None  # an anchor other places use
    (edit,) = edits_for(QuoteValue(("c",)), doc) or ()
    assert edit.replacement == "'7.10'"


@pytest.mark.parametrize("example", ["guide", "multi-env"])
def test_fix_on_shipped_examples_converges(tmp_path: Path, example: str) -> None:
    """--fix --unsafe-fixes on the shipped examples: a second run changes nothing and every
    finding left has no fix."""
    repo = Path(__file__).resolve().parents[2]
    folder = tmp_path / example
    shutil.copytree(repo / "examples" / example, folder)
    invoke("check", str(folder), "--fix", "--unsafe-fixes", "--no-config")
    once = snapshot_tree(folder)
    invoke("check", str(folder), "--fix", "--unsafe-fixes", "--no-config")
    assert snapshot_tree(folder) == once
    assert all("fix" not in f for f in findings(folder))


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the CLI, as properties -------------------------------------------------------------------

VERSIONS = ["15.14", "'15.14'", '"15.14"', "'15.1'"]
CIDRS = ["10.0.0.0/16", "10.0.0.5/16", "'10.0.3.9/16'", '"10.0.0.0/16"']
URLS = ["https://api.acme.co.jp", "http://api.acme.co.jp/v1", "'http://cdn.acme.co.jp'"]
RETENTIONS = ["1", "30", "45", "90", "100", "365", "400"]
ORIGINS = [
    "['https://app.acme.co.jp']",
    '["HTTPS://App.Acme.co.jp/"]',
    "{nl}        - http://admin.acme.co.jp{nl}        - https://app.acme.co.jp:443",
]
HEADERS = ["[Content-Type]", "['*']"]
FIXED_KEYS = ("version", "cidr", "api_url", "retention", "allowed_origins", "- ", "allowed_headers")


@st.composite
def config_texts(draw: st.DrawFn) -> str:
    note = draw(st.sampled_from(["", "  # keep", "   # 注意"]))
    lines = [
        "# a generated config",
        "environment: production",
        "architecture:",
        "  environments:",
        "    production: {region: ap-northeast-1}",
        "  components:",
        "    database:",
        "      type: RDS",
        "      engine: PostgreSQL",
        f"      version: {draw(st.sampled_from(VERSIONS))}{note}",
        "infrastructure:",
        "  network:",
        "    vpc:",
        f"      cidr: {draw(st.sampled_from(CIDRS))}{note}",
        "  monitoring:",
        "    logs:",
        f"      retention: {draw(st.sampled_from(RETENTIONS))}{note}",
        "      streams: [application, access, error]",
        "config:",
        "  application:",
        "    frontend:",
        f"      api_url: {draw(st.sampled_from(URLS))}{note}",
        "  security:",
        "    cors:",
        "      allowed_origins: " + draw(st.sampled_from(ORIGINS)),
        "      allowed_headers: " + draw(st.sampled_from(HEADERS)),
    ]
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    return (nl.join(lines) + nl).replace("{nl}", nl)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=config_texts(), unsafe=st.booleans())
def test_fix_properties(tmp_path_factory: pytest.TempPathFactory, text: str, unsafe: bool) -> None:
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "app.yaml"
    path.write_bytes(text.encode())
    extra = ("--unsafe-fixes",) if unsafe else ()
    before = findings(folder)
    invoke("check", str(folder), "--diff", "--no-config", *extra)
    assert path.read_bytes() == text.encode()  # --diff never writes
    invoke("check", str(folder), "--fix", "--no-config", *extra)
    fixed_text = path.read_bytes().decode()
    after = findings(folder)
    wanted = {"safe", "unsafe"} if unsafe else {"safe"}
    applied = [f for f in before if isinstance(f.get("fix"), dict) and f["fix"]["safety"] in wanted]
    assert not keys(after) & keys(applied)  # none of the fixed findings
    assert keys(after) <= keys(before)  # and no new ones
    once = path.read_bytes()
    invoke("check", str(folder), "--fix", "--no-config", *extra)
    assert path.read_bytes() == once  # a second --fix changes nothing
    nl = "\r\n" if "\r\n" in text else "\n"
    assert fixed_text.count(nl) == fixed_text.count("\n")  # line endings kept
    old, new = text.split(nl), fixed_text.split(nl)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":  # outside the fixed values, every line is byte-identical
            assert all(any(k in line for k in FIXED_KEYS) for line in old[i1:i2] + new[j1:j2])
    for comment in ("# a generated config", "# keep", "# 注意"):
        assert text.count(comment) == fixed_text.count(comment)


ENVS = "architecture:\n  environments:\n    production:\n      region: ap-northeast-1\n"


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        (  # DL102 + DL101: min raised to the policy's 3, desired moved along
            ENVS + "      scaling: {min: 1, max: 10, desired: 2}\n",
            "scaling: {min: 1, max: 10, desired: 2}",
            "scaling: {min: 3, max: 10, desired: 3}",
        ),
        (  # DL105: the next Fargate size that allows the memory; quoted numbers stay quoted
            ENVS + "  components:\n    compute: {type: ECS Fargate, cpu: '1500', memory: '4096'}\n",
            "cpu: '1500'",
            "cpu: '2048'",
        ),
        (  # DL303: workers to 2 x vCPU + 1
            ENVS + "  components:\n    compute: {type: ECS Fargate, cpu: '1024', memory: '2048'}\n"
            "config:\n  application:\n    api: {port: 8000, workers: 8}\n",
            "workers: 8",
            "workers: 3",
        ),
        (  # DL306: replicas that the data nodes can hold
            ENVS + "  components:\n    search: {type: OpenSearch, version: '2.13', "
            "instance_type: r6g.large.search, instance_count: 2}\n"
            "config:\n  search: {number_of_shards: 3, number_of_replicas: 2}\n",
            "number_of_replicas: 2",
            "number_of_replicas: 1",
        ),
        (  # DL401: the next period CloudWatch accepts
            ENVS + "infrastructure:\n  monitoring:\n    cloudwatch:\n      alarms:\n"
            "        high_cpu:\n          threshold: 80\n          period: 90  # s\n"
            "          evaluation_periods: 2\n",
            "period: 90  # s",
            "period: 120  # s",
        ),
        (  # DL404 then DL405: the next accepted value, then the policy's minimum
            ENVS + "infrastructure:\n  monitoring:\n    logs:\n      retention: '45'\n",
            "retention: '45'",
            "retention: '365'",
        ),
        (  # DL405 alone: a shared retention raised once, to its longest-kept stream's
            ENVS + "infrastructure:\n  monitoring:\n    logs:\n      retention: 30\n",
            "retention: 30",
            "retention: 365",
        ),
    ],
)
def test_more_unsafe_fixes(tmp_path: Path, text: str, before: str, after: str) -> None:
    (tmp_path / "app.yaml").write_text(text)
    assert "fix (unsafe" in invoke("check", str(tmp_path), "--no-config").stdout
    invoke("check", str(tmp_path), "--fix", "--unsafe-fixes", "--no-config")
    fixed = (tmp_path / "app.yaml").read_text()
    assert before not in fixed and after in fixed
    assert fixed == text.replace(before, after)


@pytest.mark.parametrize("written", ["'45'", "30"])
def test_a_short_retention_is_raised_to_the_policy_minimum_in_one_edit(
    tmp_path: Path, written: str
) -> None:
    """--diff shows one pass: a rejected (45) or short (30) shared retention goes straight to
    the longest-kept stream's minimum, not to an intermediate value a second pass raises."""
    text = ENVS + f"infrastructure:\n  monitoring:\n    logs:\n      retention: {written}\n"
    (tmp_path / "app.yaml").write_text(text)
    out = invoke("check", str(tmp_path), "--diff", "--unsafe-fixes", "--no-config").stdout
    quote = "'" if written.startswith("'") else ""
    assert f"+      retention: {quote}365{quote}\n" in out, out
