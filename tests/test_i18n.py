"""Japanese (``--lang ja``): the catalog covers every extracted message, the language is
chosen by --lang, the settings file and the locale, and machine formats do not change."""

from __future__ import annotations

import ast
import json
import re
import string
import sys
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from deploylint import i18n
from tests.helpers import cli

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "deploylint"
PO = SRC / "locale" / "ja" / "LC_MESSAGES" / "deploylint.po"
KEYWORDS = {"_": None, "N_": None, "msg": None, "ngettext": (1, 2)}

# Issue 20 is converted in part. These modules' messages pass through gettext (and the
# catalog test below holds them to a full Japanese translation):
CONVERTED = {
    "findings/baseline.py",
    "sources/loader.py",
    "sources/merge.py",
    "sources/configset.py",
    "sources/files.py",
    "findings/engine.py",
    "findings/suppressions.py",
    "rules/deployment/dl504_post_deploy_verification.py",
    "rules/deployment/dl503_environment_checks.py",
    "rules/deployment/dl502_step_order.py",
    "rules/deployment/dl501_backup_before_deploy.py",
    "rules/monitoring/dl410_alert_routing.py",
    "rules/monitoring/dl409_log_filters.py",
    "rules/monitoring/dl408_log_format.py",
    "rules/monitoring/dl407_log_streams.py",
    "rules/monitoring/dl404_log_retention_valid.py",
    "rules/monitoring/dl403_required_metrics.py",
    "rules/monitoring/dl402_alarm_threshold.py",
    "rules/monitoring/dl401_alarm_period.py",
    "rules/application/dl310_plaintext_secret.py",
    "rules/application/dl309_timeouts.py",
    "rules/application/dl308_rate_limit.py",
    "rules/application/dl306_search_replicas.py",
    "rules/application/dl305_cache_capacity.py",
    "rules/application/dl304_db_pool_capacity.py",
    "rules/application/dl303_workers.py",
    "rules/_phrases.py",
    "rules/_steps.py",
    "rules/_monitoring.py",
    "rules/_capacity.py",
    "rules/architecture/dl109_environment_parity.py",
    "rules/architecture/dl108_s3_lifecycle.py",
    "rules/architecture/dl106_engine_version.py",
    "rules/architecture/dl105_fargate_size.py",
    "rules/architecture/dl104_az_in_region.py",
    "rules/architecture/dl103_multi_az.py",
    "rules/architecture/dl102_scaling_baseline.py",
    "rules/architecture/dl101_scaling_order.py",
    "rules/network/dl204_subnet_az.py",
    "rules/network/dl209_port_range.py",
    "rules/network/dl208_port_consistency.py",
    "rules/network/dl207_sg_chain.py",
    "rules/network/dl206_sg_reference.py",
    "rules/network/dl205_open_ingress.py",
    "rules/network/dl203_subnet_overlap.py",
    "rules/network/dl202_subnet_in_vpc.py",
    "rules/network/dl201_vpc_cidr.py",
    "rules/_network.py",
    "rules/application/dl301_https_urls.py",
    "rules/application/dl302_analytics_id.py",
    "rules/application/dl307_cors.py",
    "rules/custom/__init__.py",
    "rules/monitoring/dl405_log_retention_minimum.py",
    "rules/monitoring/dl406_monitoring_consistency.py",
    "rules/monitoring/dl411_alert_channels.py",
    "drift.py",
    "live/run.py",
    "live/snapshot.py",
    "model/validate.py",
}
# ...and these still hold English text for people (docs/translating.md "Not yet translated"):
NOT_CONVERTED = {
    "findings/fixes.py",
    "live/aws.py",
    "live/collector.py",
    "live/imports.py",
    "live/options.py",
    "live/remediation.py",
    "model/effective.py",
    "model/schemas.py",
    "model/sections.py",
    "model/severity.py",
    "model/values.py",
    "rules/__init__.py",
    "rules/_secrets.py",
    "rules/architecture/dl107_instance_class.py",
    "rules/custom/conditions.py",
    "rules/custom/paths.py",
    "rules/plugins.py",
    "rules/policy.py",
    "rules/rule.py",
    "sources/json_events.py",
}

# Rules whose docs (what / why / options) may stay English under --lang ja (none today: a
# rule whose docs change on main is listed here until the catalog catches up).
DOCS_IN_ENGLISH: set[str] = set()


@cache
def extracted() -> dict[str, tuple[str, ...]]:
    """msgid -> (msgid, plural) of every marked text in the package, as pybabel extracts."""
    out: dict[str, tuple[str, ...]] = {}
    method_map = [("**.py", "python")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SRC), method_map, keywords=KEYWORDS
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        if forms[0]:
            out[forms[0]] = forms
    return out


@cache
def catalog() -> dict[str, object]:
    with PO.open("rb") as fp:
        cat = read_po(fp, locale="ja")
    return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in cat if m.id}


def placeholders(text: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0]
        for _lit, name, _spec, _conv in string.Formatter().parse(text)
        if name is not None
    }


def _english_docs() -> set[str]:
    from deploylint.rules import all_rules

    texts: set[str] = set()
    for rule_id in DOCS_IN_ENGLISH:
        rule = all_rules()[rule_id]
        texts |= {rule.docs.what, rule.docs.why}
        texts |= {f.description for f in rule.options.model_fields.values() if f.description}
    return texts


def test_every_message_has_a_japanese_translation() -> None:
    cat = catalog()
    problems = []
    exempt = _english_docs()
    for msgid, forms in sorted(extracted().items()):
        if msgid in exempt and not getattr(cat.get(msgid), "string", ""):
            continue
        entry = cat.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r}")
            continue
        if entry.fuzzy:  # type: ignore[attr-defined]
            problems.append(f"fuzzy: {msgid!r}")
        strings = entry.string  # type: ignore[attr-defined]
        translated = strings if isinstance(strings, tuple) else (strings,)
        if not all(translated):
            problems.append(f"untranslated: {msgid!r}")
            continue
        want = set().union(*(placeholders(f) for f in forms))
        for text in translated:
            if placeholders(text) != want:
                problems.append(
                    f"placeholders differ: {msgid!r}: {sorted(want)} vs {sorted(placeholders(text))}"
                )
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"


def test_the_catalog_has_no_stale_entries() -> None:
    stale = sorted(set(catalog()) - set(extracted()))
    assert not stale, f"in the .po but no longer in the code: {stale[:10]}"


MESSAGE_CALLS = {"Violation": 1, "RelatedPath": 1, "make_finding": 2, "Related": 1}


def _marked(node: ast.expr) -> bool:
    """A message argument that is not an English literal: _()/msg()/ngettext(...).format(...),
    a helper's result, a name ("...".format() of a literal is not)."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _marked(func.value)
        return True
    if isinstance(node, ast.BinOp):
        return _marked(node.left) and _marked(node.right)
    return not isinstance(node, (ast.JoinedStr, ast.Constant))


def _english_literals(path: Path) -> list[str]:
    """Message arguments written as English literals (not marked for translation)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        at = MESSAGE_CALLS.get(name)
        if at is None or len(node.args) <= at:
            continue
        arg = node.args[at]
        if not _marked(arg):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def _modules() -> list[Path]:
    parts = ("rules", "findings", "live", "sources", "model")
    found = sorted(p for part in parts for p in (SRC / part).rglob("*.py"))
    return [*found, SRC / "drift.py", SRC / "pipeline.py"]


def test_converted_modules_pass_messages_through_gettext() -> None:
    left = []
    for rel in sorted(CONVERTED):
        path = SRC / rel
        assert "from deploylint.i18n import" in path.read_text(encoding="utf-8"), rel
        left += _english_literals(path)
    assert not left, "messages not marked for translation: " + ", ".join(left)


def test_the_lists_name_real_modules() -> None:
    every = {str(p.relative_to(SRC)) for p in _modules()}
    assert every >= CONVERTED and every >= NOT_CONVERTED
    assert not CONVERTED & NOT_CONVERTED
    # a module with a message written as an English literal is listed as not converted
    unlisted = [
        f for p in _modules() for f in _english_literals(p) if f.split(":")[0] not in NOT_CONVERTED
    ]
    assert not unlisted, unlisted


# --- choosing the language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ja", "LANG": "C"}, "ja"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_locale_picks_the_language(environ: dict[str, str], lang: str) -> None:
    assert i18n.from_locale(environ) == lang


CLEAN_ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1"}


def _check(*args: str, env: dict[str, str] | None = None) -> str:
    result = cli(
        ["check", "examples/guide", "--no-config", *args], env={**CLEAN_ENV, **(env or {})}
    )
    assert result.exit_code == 1, result.output
    return result.stdout


def test_lang_ja_speaks_japanese_and_en_overrides_the_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    ja = _check("--lang", "ja")
    by_locale = _check(env={"LANG": "ja_JP.UTF-8"})
    en = _check("--lang", "en", env={"LANG": "ja_JP.UTF-8"})
    assert ja == by_locale
    assert "件の指摘" in ja.splitlines()[-1]
    assert en == _check()
    assert re.search(r"^\d+ findings \(.*\) in \d+ files[,.]", en.splitlines()[-1])


def test_settings_file_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    settings = tmp_path / "s.yaml"
    settings.write_text("lang: ja\n", encoding="utf-8")
    env = {**CLEAN_ENV}
    result = cli(["check", "examples/guide", "--config", str(settings)], env=env)
    assert "件の指摘" in result.stdout.splitlines()[-1]
    result = cli(["check", "examples/guide", "--config", str(settings), "--lang", "en"], env=env)
    assert "findings" in result.stdout.splitlines()[-1]
    settings.write_text("lang: klingon\n", encoding="utf-8")
    result = cli(["check", "examples/guide", "--config", str(settings)], env=env)
    assert result.exit_code == 2
    assert "klingon" in result.stderr


def test_unknown_lang_is_a_usage_error() -> None:
    result = cli(["rules", "--lang", "xx"], env=CLEAN_ENV)
    assert result.exit_code == 2
    assert "unknown language 'xx'; choose one of en, ja" in result.stderr


def test_usage_errors_follow_the_language() -> None:
    result = cli(["check", "--formt", "json", "--lang", "ja"], env=CLEAN_ENV)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("deploylint check: ") and "--formt" in line
    assert "不明なオプション" in line


def test_machine_formats_keep_their_keys_and_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    en = json.loads(_check("--format", "json", "--lang", "en"))["findings"]
    ja = json.loads(_check("--format", "json", "--lang", "ja"))["findings"]
    strip = lambda items: [  # noqa: E731
        {k: v for k, v in f.items() if k not in ("message", "related")} for f in items
    ]
    assert sorted(map(json.dumps, strip(en))) == sorted(map(json.dumps, strip(ja)))
    assert {f["message"] for f in en} != {f["message"] for f in ja}


@pytest.mark.parametrize("example", ["examples/guide", "examples/failing"])
def test_a_baseline_written_in_english_matches_in_japanese(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Findings without a value digest (DL0xx: a syntax error, a duplicate key) key on the
    English message, whatever the language."""
    monkeypatch.chdir(REPO)
    base = tmp_path / "baseline.json"
    args = ["check", example, "--no-config", "--fail-on", "info"]
    result = cli([*args, "--write-baseline", str(base), "--lang", "en"], env=CLEAN_ENV)
    assert base.is_file(), result.output
    result = cli([*args, "--baseline", str(base), "--lang", "ja"], env=CLEAN_ENV)
    assert result.exit_code == 0, result.stdout


def test_rule_docs_in_japanese() -> None:
    result = cli(["rule", "DL205", "--lang", "ja"], env=CLEAN_ENV)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# DL205 open-ingress\n")
    for heading in (
        "## 何をするか",
        "## なぜ問題か",
        "## 例",
        "## 代わりに",
        "## オプション",
        "## 参照",
    ):
        assert heading in out
    assert "ガイド「3.1 インフラストラクチャ設定」" in out
    en = cli(["rule", "DL205", "--lang", "en"], env=CLEAN_ENV).stdout
    assert "## What it does" in en and "guide 3.1" in en


def test_guide_sections_are_named_as_the_guide_titles_them() -> None:
    guide = Path("/work/shared/guide/deployment-guide.ja.md")
    text = guide.read_text(encoding="utf-8") if guide.is_file() else ""
    for number, title in i18n.GUIDE_SECTIONS.items():
        if text:
            assert re.search(rf"^#+ {re.escape(number)}\.? {re.escape(title)}$", text, re.M)
    i18n.set_language("ja")
    try:
        assert i18n.guide("4.1") == "ガイド「4.1 デプロイメントプロセス」"
        assert i18n.guide_refs("guide 6.1") == "ガイド「6.1 監視設定」"
    finally:
        i18n.reset()


def test_width_of_japanese_text() -> None:
    assert i18n.cells("セキュリティグループ") == 20
    assert i18n.cells("sg: アラーム") == 4 + 8
    assert i18n.ljust("監視", 6) == "監視  "


def test_an_installed_catalog_needs_no_babel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel carries the .mo (hatch_build.py): the runtime reads it without Babel; a
    source checkout without a .mo compiles the .po in memory."""
    folder = tmp_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    mo = i18n.compile_po(PO)
    assert mo is not None
    (folder / "deploylint.mo").write_bytes(mo)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    for name in ("babel", "babel.messages", "babel.messages.mofile", "babel.messages.pofile"):
        monkeypatch.setitem(sys.modules, name, None)  # Babel is not installed
    i18n.translations.cache_clear()
    try:
        i18n.set_language("ja")
        assert i18n._("No findings in {where}.") == "{where}に指摘はありません。"
        assert i18n.compile_po(PO) is None  # without Babel nothing compiles
    finally:
        i18n.translations.cache_clear()
        i18n.reset()


def test_drift_of_the_guide_example_in_japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    """DL901-DL905 messages follow --lang: the guide example against its production snapshot."""
    monkeypatch.chdir(REPO)
    args = ["drift", "examples/guide", "--env", "production", "--no-config"]
    args += ["--snapshot", "examples/live/production.json", "--format", "json"]
    ja = cli([*args, "--lang", "ja"], env=CLEAN_ENV)
    en = cli([*args, "--lang", "en"], env=CLEAN_ENV)
    assert ja.exit_code == en.exit_code == 1, ja.output
    found = json.loads(ja.stdout)["findings"]
    messages = {f["message"] for f in found if f["rule"].startswith("DL90")}
    assert (
        "アラーム 'high_cpu' のしきい値は実環境で 90、宣言は 80 です"
        "（arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:production-high_cpu）"
    ) in messages
    assert {f["rule"] for f in found} >= {"DL901", "DL903"}
    english = re.compile(r"\b(live|declared|not checked|could not be read)\b")
    assert not [m for m in messages if english.search(m)], messages
    # the same findings, in English
    english_messages = {f["message"] for f in json.loads(en.stdout)["findings"]}
    assert "alarm 'high_cpu' threshold is 90 live, declared 80 " in " ".join(english_messages)
    assert len(english_messages) == len(messages)


def test_schema_wording_in_japanese(tmp_path: Path) -> None:
    """DL002's expected/found and DL004's "did you mean" follow --lang; English is unchanged."""
    (tmp_path / "config.yaml").write_text(
        "architecture:\n  components:\n    compute:\n      cpu: lots\n      memroy: 2048\n",
        encoding="utf-8",
    )
    args = ["check", str(tmp_path), "--no-config", "--format", "json"]
    ja = {
        f["rule"]: f["message"]
        for f in json.loads(cli([*args, "--lang", "ja"], env=CLEAN_ENV).stdout)["findings"]
    }
    en = {
        f["rule"]: f["message"]
        for f in json.loads(cli([*args, "--lang", "en"], env=CLEAN_ENV).stdout)["findings"]
    }
    assert ja["DL002"] == (
        "architecture.components.compute.cpu: 整数 または 数値の文字列が必要ですが、'lots' です"
    )
    assert ja["DL004"] == (
        "architecture.components.compute に不明なキー 'memroy' があります。"
        "'memory' の間違いではありませんか？"
    )
    assert en["DL002"] == (
        "architecture.components.compute.cpu: expected an integer or a numeric string, found 'lots'"
    )
    assert en["DL004"] == (
        "unknown key 'memroy' in architecture.components.compute; did you mean 'memory'?"
    )
