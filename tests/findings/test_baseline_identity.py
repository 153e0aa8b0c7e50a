"""Baseline keys from identity (issue 15, part 1): an entry matches only its own finding.

Each example of the issue, on the real CLI and real files; then hypothesis properties:
harmless edits keep every entry matching, any change to a baselined subject and any copied
set give new findings.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.helpers import cli

INFRA = """\
architecture:
  environments:
    production:
      region: ap-northeast-1
    staging:
      region: ap-northeast-1
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 443, source: 0.0.0.0/0}
        ecs:
          inbound:
            - {port: 8000, source: alb-sg}
        rds:
          inbound:
            - {port: 22, source: 0.0.0.0/0}
"""


def run(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = cli([args[0], "--format", "json", *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)["findings"]


def shown(*args: str) -> list[tuple[str, str, str]]:
    return sorted((f["rule"], f["severity"], f["path"]) for f in run("check", *args)[1])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # the set is a fragment: what it lacks of the guide (zones, scaling, VPC, monitoring) is
    # not what these tests baseline
    partial = "ignore: [DL102, DL103, DL201, DL204, DL403, DL407]\n"
    (tmp_path / ".deploylint.yaml").write_text(partial, encoding="utf-8")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "infra.yaml").write_text(INFRA, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_port_in_a_baselined_item_is_a_new_critical_finding(repo: Path) -> None:
    run("check", "--write-baseline", "bl.json", "legacy")
    assert shown("--baseline", "bl.json", "legacy") == []
    edit(repo / "legacy" / "infra.yaml", "port: 22", "port: 5432")
    rows = shown("--baseline", "bl.json", "legacy")
    assert (
        "DL205",
        "critical",
        "infrastructure.network.security.groups.rds.inbound[0].source",
    ) in (rows)


def test_a_copied_set_is_not_hidden_by_the_original_entries(repo: Path) -> None:
    run("check", "--write-baseline", "bl.json", "legacy")
    shutil.copytree(repo / "legacy", repo / "newsvc")
    code, findings = run("check", "--baseline", "bl.json", ".")
    assert code == 1
    assert {f["file"].split(os.sep)[0] for f in findings if f["rule"] == "DL205"} == {"newsvc"}
    (repo / "newsvc" / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")  # own settings
    assert ("DL205", "critical") in {
        (f["rule"], f["severity"]) for f in run("check", "--baseline", "bl.json", "newsvc")[1]
    }


def test_reordered_environments_and_an_item_inserted_above_still_match(repo: Path) -> None:
    run("check", "--write-baseline", "bl.json", "legacy")
    infra = repo / "legacy" / "infra.yaml"
    edit(
        infra,
        "    production:\n      region: ap-northeast-1\n    staging:\n      region: ap-northeast-1\n",
        "    staging:\n      region: ap-northeast-1\n    production:\n      region: ap-northeast-1\n",
    )
    edit(
        infra,
        "            - {port: 22",
        "            - {port: 5432, source: ecs-sg}\n            - {port: 22",
    )
    assert [f["environment"] for f in run("check", "legacy")[1] if f["rule"] == "DL205"] == [
        "staging,production"
    ]
    assert shown("--baseline", "bl.json", "legacy") == []


def test_own_findings_match_however_the_path_is_spelt(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "BM").mkdir()
    (repo / "BM" / "app.yaml").write_text(
        "config:\n  application:\n    api: {port: 8000, workers: 4, wrokers: 4}\n", encoding="utf-8"
    )
    (repo / "BM" / "broken.yaml").write_text("config: [\n", encoding="utf-8")
    (repo / "BM" / "more.yaml").write_text(
        "config:\n  application:\n    api: {workers: 8}\n", encoding="utf-8"
    )  # DL007: its message names the other file as the path was typed (BM/app.yaml)
    before = shown("BM")
    assert {r[0] for r in before} >= {"DL001", "DL004", "DL007"}
    run("check", "--write-baseline", "bl.json", "BM")
    for spelling in ("./BM", f"{repo}/BM", "BM/"):
        assert shown("--baseline", "bl.json", spelling) == [], spelling
    monkeypatch.chdir(repo / "BM")
    assert shown("--baseline", "../bl.json", ".") == []
    # a new problem of the same kind elsewhere is new
    edit(repo / "BM" / "app.yaml", "wrokers: 4", "wrokers: 4, tiemout: 3")
    assert [r[0] for r in shown("--baseline", "../bl.json", ".")] == ["DL004"]


def test_update_baseline_keeps_the_entries_of_sets_not_checked(repo: Path) -> None:
    shutil.copytree(repo / "legacy", repo / "other")
    run("check", "--write-baseline", "bl.json", ".")
    entries = json.loads((repo / "bl.json").read_text(encoding="utf-8"))["entries"]
    assert {e["set"] for e in entries} == {"legacy", "other"}
    edit(repo / "legacy" / "infra.yaml", "22, source: 0.0.0.0/0", "22, source: ecs-sg")
    stale = run("check", "--baseline", "bl.json", "legacy")[1]
    assert [(f["rule"], f["path"]) for f in stale] == [
        ("DL011", "infrastructure.network.security.groups.rds.inbound[port=22,source=0.0.0.0/0]"
         ".source")
    ]  # fmt: skip
    run("check", "--baseline", "bl.json", "--update-baseline", "legacy")
    after = json.loads((repo / "bl.json").read_text(encoding="utf-8"))["entries"]
    assert [e for e in after if e["set"] == "other"] == [e for e in entries if e["set"] == "other"]
    assert [e["rule"] for e in after if e["set"] == "legacy"] == []
    assert shown("--baseline", "bl.json", ".") == []


def fingerprints(fmt: str) -> list[str]:
    result = cli(["check", "--format", fmt, "legacy"])
    data = json.loads(result.stdout)
    if fmt == "gitlab":
        return sorted(i["fingerprint"] for i in data if i["check_name"] == "DL205")
    return sorted(
        r["partialFingerprints"]["deploylintKey/v2"]
        for r in data["runs"][0]["results"]
        if r["ruleId"] == "DL205"
    )


@pytest.mark.parametrize("fmt", ["gitlab", "sarif"])
def test_fingerprints_come_from_the_same_identity(repo: Path, fmt: str) -> None:
    before = fingerprints(fmt)
    infra = repo / "legacy" / "infra.yaml"
    edit(
        infra,
        "            - {port: 22",
        "            - {port: 5432, source: ecs-sg}\n            - {port: 22",
    )
    assert fingerprints(fmt) == before
    edit(infra, "port: 22,", "port: 22, description: ssh,")
    assert fingerprints(fmt) != before


# --- properties ---------------------------------------------------------------------------------

ITEMS = st.lists(
    st.fixed_dictionaries(
        {
            "port": st.sampled_from([22, 80, 443, 3306, 5432, 6379]),
            "source": st.sampled_from(["0.0.0.0/0", "10.0.0.0/8", "ecs-sg"]),
        }
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda i: (i["port"], i["source"]),
)
PROPERTY = settings(  # each example runs the CLI a few times: few examples, no long shrinking
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def write_set(
    folder: Path, items: list[dict[str, Any]], *, swap: bool = False, pad: int = 0
) -> None:
    envs = ["production", "staging"]
    if swap:
        envs.reverse()
    arch = ["architecture:", "  environments:"]
    for env in envs:
        arch += [f"    {env}:", "      region: ap-northeast-1"]
    lines = [
        "infrastructure:",
        "  network:",
        "    security:",
        "      groups:",
        "        alb:",
        "          inbound: [{port: 443, source: 0.0.0.0/0}]",
        "        ecs:",
        "          inbound: [{port: 8000, source: alb-sg}]",
        "        rds:",
        "          inbound:",
    ]
    lines += ["          # a comment"] * pad
    for item in items:
        keys = sorted(item, reverse=swap)
        lines.append("            - {" + ", ".join(f"{k}: {item[k]}" for k in keys) + "}")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "architecture.yaml").write_text("\n".join(arch) + "\n", encoding="utf-8")
    (folder / "infra.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@PROPERTY
@given(items=ITEMS, extra=ITEMS, data=st.data())
def test_harmless_edits_keep_every_entry_matching(
    repo: Path, items: list[dict[str, Any]], extra: list[dict[str, Any]], data: st.DataObject
) -> None:
    write_set(repo / "svc", items)
    run("check", "--write-baseline", "bl.json", "svc")
    new = [i for i in extra if i not in items]
    mixed = list(items)
    for item in new:  # items inserted anywhere, with values no rule objects to
        mixed.insert(data.draw(st.integers(0, len(mixed))), {**item, "source": "ecs-sg"})
    mixed = [dict(t) for t in dict.fromkeys(tuple(sorted(i.items())) for i in mixed)]
    spelling = data.draw(st.sampled_from(["svc", "./svc", f"{repo}/svc", "svc/"]))
    moved = data.draw(st.booleans())
    write_set(repo / "svc", mixed, swap=True, pad=data.draw(st.integers(0, 3)))
    if moved:  # the file moved within its set
        (repo / "svc" / "sub").mkdir()
        (repo / "svc" / "infra.yaml").rename(repo / "svc" / "sub" / "infra.yaml")
    new_open = [i for i in mixed if i not in items and i["source"] == "0.0.0.0/0"]
    assert not new_open
    assert shown("--baseline", "bl.json", spelling) == []
    shutil.rmtree(repo / "svc")


@PROPERTY
@given(items=ITEMS, data=st.data())
def test_a_changed_subject_or_a_copied_set_gives_new_findings(
    repo: Path, items: list[dict[str, Any]], data: st.DataObject
) -> None:
    items = [{**items[0], "source": "0.0.0.0/0"}, *items[1:]]
    write_set(repo / "svc", items)
    run("check", "--write-baseline", "bl.json", "svc")
    if data.draw(st.booleans()):
        shutil.copytree(repo / "svc", repo / "copy")
        assert shown("--baseline", "bl.json", "copy") != []
        shutil.rmtree(repo / "copy")
    n = data.draw(st.integers(0, len(items) - 1))
    changed = dict(items[n])
    how = data.draw(st.sampled_from(["port", "description"]))
    if how == "port":
        changed["port"] = changed["port"] + 1
    else:
        changed["description"] = "changed"
    edited = [changed if i == n else item for i, item in enumerate(items)]
    write_set(repo / "svc", edited)
    before = {(f["rule"], f["path"]) for f in run("check", "svc")[1]}
    after = shown("--baseline", "bl.json", "svc")
    item_path = f"infrastructure.network.security.groups.rds.inbound[{n}]"
    if any(path.startswith(item_path) for _, path in before):
        # the changed item still has findings: every one of them is new
        assert any(path.startswith(item_path) for _, _, path in after)
    shutil.rmtree(repo / "svc")
