"""``--format markdown``: the job summary, read the way GitHub reads it (cmark-gfm).

Structure (headline, tables, one ``<details>`` per file), links to the rules' docs, the
declared-vs-live table of drift, fixes, escaping of hostile config values, the 1 MiB
limit, and byte-for-byte stability between runs.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.findings.finding import Finding, Related, Severity
from deploylint.model.location import FilePosition
from deploylint.report import Report
from deploylint.reporters._people import DOCS_URL
from deploylint.reporters.markdown import LIMIT, MarkdownReporter, text
from tests.helpers import EXAMPLES, GUIDE_DEFECTS, cli, write_files

# what GitHub keeps of the HTML in a summary; our own markup uses only these
ALLOWED = {
    "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "details", "summary",
    "code", "pre", "ul", "li", "strong", "a", "blockquote", "br", "wbr",
}  # fmt: skip

HOSTILE = {
    "app.yaml": """\
        architecture:
          environments:
            production: {region: ap-northeast-1}
        infrastructure:
          network:
            security:
              groups:
                "<img src=x onerror=alert(1)>":
                  inbound:
                    - {port: 22, source: "0.0.0.0/0"}
                alb:
                  inbound:
                    - {port: 443, source: 0.0.0.0/0}
                ecs:
                  inbound:
                    - {port: 8000, source: "[x](https://evil.test) **b** www.evil.test a|b `c` </details> $x$ ~~s~~ me@evil.test-sg"}
        """
}


class Tree(HTMLParser):
    """The tags of rendered HTML, with attributes and the text of each <details>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.first_child: list[str] = []  # the first element inside each <details>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stack and self.stack[-1] == "details" and self.tags[-1][0] == "details":
            self.first_child.append(tag)
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def github(markdown: str) -> Tree:
    """Render as GitHub does (cmark-gfm with its extensions, raw HTML kept) and parse."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert not tree.stack, f"unclosed: {tree.stack}"
    return tree


def markdown(*args: str, code: int = 1) -> str:
    result = cli(["check", "--no-config", "--format", "markdown", *args])
    assert result.exit_code == code, result.output
    return result.stdout


def test_the_guide_summary_has_headline_tables_and_a_details_block_per_file() -> None:
    text = markdown(str(EXAMPLES / "guide"))
    tree = github(text)
    tags = [t for t, _ in tree.tags]
    assert set(tags) <= ALLOWED, set(tags) - ALLOWED
    assert text.startswith("## ❌ deploylint: ")
    assert tags.count("h2") == 1
    # counts by severity, then rules: two tables, the rules' with one row per rule
    assert tags.count("table") == 2
    rules = sorted({row[3] for row in GUIDE_DEFECTS})
    links = [a["href"] for t, a in tree.tags if t == "a"]
    assert len(links) == len(rules)
    for rule, href in zip(sorted(rules), sorted(links), strict=True):
        assert href is not None and href.startswith(f"{DOCS_URL}#{rule.lower()}-")
    # one collapsible block per file, <summary> first, every finding listed once
    files = sorted({row[0] for row in GUIDE_DEFECTS})
    assert tags.count("details") == len(files)
    assert tree.first_child == ["summary"] * len(files)
    assert text.count("\n- **") == len(GUIDE_DEFECTS)
    # the source line and its caret, in a code block
    assert "     28 |       version: '15.0'\n        |                ^^^^^^\n" in text
    assert "environments: production, staging" in text


def test_anchor_links_match_the_docs_headings() -> None:
    """The rule links point at headings that exist in docs/rules.md (GitHub's anchors)."""
    from tests.helpers import REPO

    anchors = {
        re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^## (.+)$", (REPO / "docs" / "rules.md").read_text("utf-8"), re.M)
    }
    text = markdown(str(EXAMPLES / "guide"))
    found = re.findall(re.escape(DOCS_URL) + r"#([a-z0-9-]+)\)", text)
    assert found and set(found) <= anchors


def test_a_clean_run_says_so() -> None:
    text = markdown(str(EXAMPLES / "multi-env"), code=0)
    assert text.startswith("## ✅ deploylint: no findings\n")
    tags = [t for t, _ in github(text).tags]
    assert "details" not in tags


def test_stable_between_runs_and_the_same_as_output_format(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "guide", tmp_path / "configs")
    first = markdown(str(tmp_path / "configs"))
    result = cli(
        [
            "check",
            "--no-config",
            "--format",
            "text",
            "--output-format",
            f"markdown:{tmp_path / 'summary.md'}",
            str(tmp_path / "configs"),
        ],
    )
    assert result.exit_code == 1
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == first
    assert markdown(str(tmp_path / "configs")) == first
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", first)  # no timestamp


def test_hostile_config_values_stay_text(tmp_path: Path) -> None:
    write_files(tmp_path, HOSTILE)
    text = markdown(str(tmp_path))
    tree = github(text)
    tags = [t for t, _ in tree.tags]
    assert set(tags) <= ALLOWED
    assert "img" not in tags and "del" not in tags and "em" not in tags
    hrefs = [a.get("href") or "" for t, a in tree.tags if t == "a"]
    assert hrefs and all(h.startswith(DOCS_URL) for h in hrefs), hrefs  # no autolink either
    assert tags.count("details") == 1  # the hostile </details> closed nothing
    rendered = "".join(tree.text)
    assert "<img src=x onerror=alert(1)>" in rendered  # shown as text
    assert "[x](https://evil.test) **b** www.evil.test a|b `c` </details> $x$" in rendered
    assert "me@evil.test" in rendered


def _finding(n: int, file: str, message: str) -> Finding:
    return Finding(FilePosition(file, n % 50 + 1, 3), "DL205", message, "open-ingress")


def test_truncated_at_githubs_limit_with_a_note() -> None:
    findings = [
        _finding(n, f"configs/file{n // 4:05d}.yaml", f"message {n} " + "x" * 300)
        for n in range(12_000)
    ]
    report = Report(sorted(findings), files=3000, sets=1)
    text = MarkdownReporter().document(report)
    size = len(text.encode("utf-8"))
    assert LIMIT - 64 * 1024 < size <= LIMIT
    shown = text.count("\n- **")
    assert 0 < shown < len(findings)
    files_shown = text.count("<details>")
    note = re.search(r"(\d+) more findings in (\d+) more files not shown", text)
    assert note is not None, text[-500:]
    assert int(note.group(1)) == len(findings) - shown
    assert int(note.group(2)) == 3000 - files_shown
    assert text.count("<details>") == text.count("</details>")
    tree = github(text)
    assert [t for t, _ in tree.tags].count("blockquote") == 1  # the note


def test_a_small_limit_keeps_the_headline() -> None:
    findings = [_finding(n, f"f{n}.yaml", "m") for n in range(40)]
    text = MarkdownReporter(limit=4096).document(Report(sorted(findings), files=40))
    assert len(text.encode("utf-8")) <= 4096
    assert text.startswith("## ❌ deploylint: 40 findings")
    assert "not shown" in text


def test_drift_adds_a_declared_vs_live_table() -> None:
    result = cli(
        [
            "drift",
            str(EXAMPLES / "guide"),
            "--env",
            "production",
            "--snapshot",
            str(EXAMPLES / "live" / "production.json"),
            "--no-config",
            "--format",
            "markdown",
        ],
    )
    assert result.exit_code == 1, result.output
    text = result.stdout
    assert "### Declared vs live" in text
    table = text.split("### Declared vs live", 1)[1].split("\n\n", 2)[1]
    rows = table.splitlines()[2:]
    drifts = re.findall(r"^- \*\*\w+\*\* DL90\d", text, re.M)
    assert len(rows) == len(drifts) > 0
    assert any("arn&#58;aws&#58;ecs" in r or "arn:aws:ecs" in r for r in rows)
    assert re.search(r"\| 5 at \S*examples/guide/architecture\.yaml:11 \| 6 \| DL901 \|", text)
    assert [t for t, _ in github(text).tags].count("table") == 3


@dataclass(frozen=True)
class _Edit:
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True)
class _Fix:
    description: str
    safety: str
    edits: tuple[_Edit, ...]


@dataclass(frozen=True)
class _Fixed(Finding):
    """A finding with the optional ``fix`` attribute (as helper ``fixes`` adds it)."""

    fix: Any = None
    remediation: str | None = None


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_fix_is_shown_as_a_diff(fmt: str) -> None:
    from deploylint.reporters import get_reporter

    text = "database:\n  version: 15.0\n"
    edit = _Edit("a.yaml", 2, 12, 2, 16, "'15.17'")
    found = _Fixed(
        FilePosition("a.yaml", 2, 12, 2, 16),
        "DL106",
        "bad version",
        "engine-version",
        Severity.ERROR,
        fix=_Fix("use 15.17", "safe", (edit,)),
    )
    report = Report([found], files=1, texts={"a.yaml": text})
    out = get_reporter(fmt).document(report)  # type: ignore[attr-defined]
    assert "use 15.17" in out and "safe" in out
    if fmt == "markdown":
        assert "-  version: 15.0\n" in out and "+  version: '15.17'\n" in out
    else:
        assert "-  version: 15.0</span>" in out and "+  version: &#x27;15.17&#x27;</span>" in out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_config_text_stays_inert(value: str) -> None:
    """Whatever a config holds, text() renders as that text: no tag but <wbr>, no link."""
    tree = github(f"- {text(value)}\n\n| a |\n|---|\n| {text(value)} |\n")
    assert {t for t, _ in tree.tags} <= {
        "ul",
        "li",
        "wbr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    shown = " ".join(re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", value).split())
    rendered = " ".join("".join(tree.text).split())
    assert rendered.count(shown) >= 2 if shown else True  # in the list and in the table


def test_drift_remediation_is_shown(tmp_path: Path) -> None:
    from deploylint.model.location import ResourceLocation
    from deploylint.reporters.html import HtmlReporter

    found = _Fixed(
        FilePosition("a.yaml", 3, 5),
        "DL901",
        "desired is 6 live, declared 5",
        "drift-changed",
        Severity.ERROR,
        "scaling.desired",
        "production",
        resource="arn:aws:ecs:ap-northeast-1:1:service/app/api",
        declared=5,
        live=6,
        remediation="aws ecs update-service --desired-count 5 --service api",
    )
    found = replace(
        found,
        related=(Related(ResourceLocation(found.resource or "", "/desired_count"), "live"),),
    )
    report = Report([found], files=1)
    md = MarkdownReporter().document(report)
    assert "aws ecs update-service --desired-count 5 --service api" in md
    assert "(/desired\\_count)" in md
    html = HtmlReporter().document(report)
    assert "<pre>aws ecs update-service --desired-count 5 --service api</pre>" in html
    assert "a.yaml:3" in html


def test_max_warnings_says_why_the_run_failed() -> None:
    text = markdown(str(EXAMPLES / "guide"), "--fail-on", "never", "--max-warnings", "1")
    warnings = sum(1 for row in GUIDE_DEFECTS if row[4] == "warning")
    assert text.startswith(f"## ❌ deploylint: {len(GUIDE_DEFECTS)} findings")
    assert f"\n**Failed: {warnings} warnings, more than --max-warnings 1.**\n" in text


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_files_left_out_are_named(fmt: str) -> None:
    from deploylint.reporters import get_reporter

    report = Report([], files=1, skipped=[("configs/big.yaml", "larger than 5 MiB")])
    out = get_reporter(fmt).document(report)  # type: ignore[attr-defined]
    assert "configs/big.yaml" in out and "larger than 5 MiB" in out


@pytest.mark.parametrize(
    ("fail_on", "code", "headline"),
    [
        ("error", 1, "## ❌ deploylint: {total} findings, {errors} at error or above"),
        ("critical", 0, "## ⚠️ deploylint: {total} findings, none at critical or above"),
        ("never", 0, "## ⚠️ deploylint: {total} findings, none failing the run"),
    ],
)
def test_the_verdict_is_the_exit_codes(fail_on: str, code: int, headline: str) -> None:
    """The headline follows --fail-on: it never says passed when the run failed, or back."""
    errors = sum(1 for row in GUIDE_DEFECTS if row[4] in ("error", "critical"))
    assert 0 < errors < len(GUIDE_DEFECTS) and "critical" not in {row[4] for row in GUIDE_DEFECTS}
    headline = headline.format(total=len(GUIDE_DEFECTS), errors=errors)
    text = markdown(str(EXAMPLES / "guide"), "--fail-on", fail_on, code=code)
    assert text.startswith(headline), text.splitlines()[0]
