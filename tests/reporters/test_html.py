"""``--format html``: one self-contained file; the graph, the drift tables, the filters.

Structure and escaping are checked on the file (the standard library's HTML parser); the
report is then opened in a real headless Chromium with the network off: a screenshot
(not blank, the rejected edges drawn in their red) and the DOM after the script ran (the
findings are there, the filter in the URL fragment hid the others). The screenshot of that
run is docs/report.png (rewritten when missing or with DEPLOYLINT_SCREENSHOT=1).
"""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from deploylint.reporters._graph import RED
from tests.helpers import EXAMPLES, REPO, cli, write_files

from . import browser

# the guide's chain with one defect per graph rule, and hostile text in names and values
NETWORK = {
    "app.yaml": """\
        architecture:
          environments:
            production: {region: ap-northeast-1}
            staging: {region: ap-northeast-1}
          components:
            database: {engine: PostgreSQL, version: '15.4'}
            cache: {engine: Redis, version: '7.1'}
        config:
          application:
            api: {port: 8000}
        infrastructure:
          network:
            security:
              groups:
                alb:
                  inbound:
                    - {port: 443, source: 0.0.0.0/0}
                    - {port: 22, source: 0.0.0.0/0}
                ecs:
                  inbound:
                    - {port: 8080, source: alb-sg, description: "<img src=x onerror=alert(1)>"}
                rds:
                  inbound:
                    - {port: 5432, source: ecs-sg}
                    - {port: 5432, source: 0.0.0.0/0}
                redis:
                  inbound:
                    - {port: 6379, source: 10.0.0.0/16}
        """
}
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_SOURCE = "</title><script>alert(2)</script>-sg"
HOSTILE = {
    "app.yaml": f"""\
        architecture:
          environments:
            production: {{region: ap-northeast-1}}
        infrastructure:
          network:
            security:
              groups:
                "{HOSTILE_NAME}":
                  inbound:
                    - {{port: 22, source: "0.0.0.0/0"}}
                alb:
                  inbound:
                    - {{port: 443, source: 0.0.0.0/0}}
                ecs:
                  inbound:
                    - {{port: 8000, source: "{HOSTILE_SOURCE}"}}
                    - {{port: 8000, source: "x\\" onmouseover=\\"alert(3)"}}
        """
}


class Page(HTMLParser):
    """Elements with their attributes, and the text, of a report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.elements
            if t == tag and (cls is None or cls in (a.get("class") or "").split())
        ]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def html_report(*args: str, code: int = 1) -> str:
    result = cli(["check", "--no-config", "--format", "html", *args])
    assert result.exit_code == code, result.output
    return result.stdout


def test_self_contained_with_a_csp_that_forbids_loading() -> None:
    html = html_report(str(EXAMPLES / "guide"))
    page = parse(html)
    [csp] = [a for t, a in page.elements if t == "meta" and a.get("http-equiv")]
    policy = csp["content"] or ""
    assert "default-src 'none'" in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+';", policy)
    assert "unsafe-inline" not in policy
    # nothing to load: no src, no stylesheet link, no url(...) in the style, no import
    assert not [a for _, a in page.elements if "src" in a]
    assert not page.all("link")
    assert "url(" not in html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@import" not in html and "fetch(" not in html and "XMLHttpRequest" not in html
    hrefs = [a["href"] for a in page.all("a")]
    assert hrefs and all((h or "").startswith("https://github.com/deploylint/") for h in hrefs)
    assert len(page.all("script")) == 1 and len(page.all("style")) == 1


def test_the_guide_report_lists_every_finding_by_file() -> None:
    from tests.helpers import GUIDE_DEFECTS

    page = parse(html_report(str(EXAMPLES / "guide")))
    findings = page.all("li", "finding")
    assert len(findings) == len(GUIDE_DEFECTS)
    assert sorted(a["data-rule"] or "" for a in findings) == sorted(r[3] for r in GUIDE_DEFECTS)
    assert len(page.all("section", "file")) == len({r[0] for r in GUIDE_DEFECTS})
    text = "".join(page.text)
    assert "   28       version: '15.0'\n                     ^^^^^^" in text  # excerpt + caret
    # the guide's own groups: a graph per environment, the chain drawn, no edge rejected
    graphs = page.all("svg", "sg-graph")
    assert len(graphs) == 2
    assert len(page.all("path", "edge")) == 2 * 4  # alb 80, alb 443, ecs, rds
    assert not page.all("path", "rejected")


def test_the_graph_draws_each_rule_and_marks_the_rejected_edges(tmp_path: Path) -> None:
    write_files(tmp_path, NETWORK)
    page = parse(html_report(str(tmp_path)))
    assert len(page.all("svg", "sg-graph")) == 2  # production, staging
    edges = page.all("path", "edge")
    assert len(edges) == 2 * 6  # one per inbound rule
    rejected = {
        (a["data-group"], a["data-index"], a["data-rules"]) for a in page.all("path", "rejected")
    }
    assert rejected == {
        ("alb", "1", "DL205"),  # SSH from the internet
        ("ecs", "0", "DL208"),  # 8080, the app listens on 8000
        ("rds", "1", "DL205"),  # the database open to the internet
        ("redis", "0", "DL207"),  # the cache reachable from the VPC CIDR
    }
    nodes = {(a["data-kind"], a["data-name"]) for a in page.all("g", "node")}
    assert nodes == {
        ("internet", "internet"),
        ("cidr", "10.0.0.0/16"),
        ("group", "alb"),
        ("group", "ecs"),
        ("group", "rds"),
        ("group", "redis"),
    }
    text = "".join(page.text)
    assert "8080  ✕ DL208" in text and "22  ✕ DL205" in text
    assert "redis admits 10.0.0.0/16; only ecs-sg may reach redis" in text  # beside the graph


def test_drift_tables_per_resource() -> None:
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
            "html",
        ],
    )
    assert result.exit_code == 1, result.output
    page = parse(result.stdout)
    tables = page.all("table", "drift-table")
    resources = {a["data-resource"] for a in tables}
    assert len(tables) == len(resources) == 8
    assert "arn:aws:ecs:ap-northeast-1:123456789012:service/app/api" in resources
    rows = page.all("tr", "finding-row")
    assert len(rows) == 8
    text = "".join(page.text)
    assert "architecture.environments.production.scaling.desired" in text
    assert "/desiredCount" in text and "architecture.yaml:11" in text  # live/fields.py
    # the declared graph of the environment, with the SSH rule only live (DL903)
    assert len(page.all("svg", "sg-graph")) == 1


def test_check_on_a_live_snapshot_draws_the_live_groups() -> None:
    """check --snapshot: the graph comes from the live state; the SSH rule added during an
    incident (alb's third live rule) is DL205's red edge."""
    result = cli(
        [
            "check",
            "--snapshot",
            str(EXAMPLES / "live" / "production.json"),
            "--env",
            "production",
            "--no-config",
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 1, result.output
    page = parse(result.stdout)
    edges = [(a["data-group"], a["data-rules"]) for a in page.all("path", "edge")]
    assert edges == [("alb", ""), ("alb", ""), ("alb", "DL205"), ("ecs", ""), ("rds", "")]
    assert "live state · environments: production" in "".join(page.text)
    # DL205, DL402 and DL106 (the snapshot's PostgreSQL 15.4 is deprecated) link to their docs
    assert len(page.all("a")) == 3


def test_hostile_config_values_never_become_markup(tmp_path: Path) -> None:
    write_files(tmp_path, HOSTILE)
    html = html_report(str(tmp_path))
    page = parse(html)
    assert len(page.all("script")) == 1  # ours
    assert not page.all("img")
    handlers = [(t, k) for t, a in page.elements for k in a if k.startswith("on")]
    assert handlers == []
    text = "".join(page.text)
    assert HOSTILE_NAME in text  # shown, as text
    assert HOSTILE_SOURCE in text
    assert 'x" onmouseover="alert(3)' in text


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    write_files(root / "configs", NETWORK)
    out = root / "report.html"
    cwd = os.getcwd()
    os.chdir(root)  # relative file names, as a user's report shows them
    try:
        result = cli(
            [
                "check",
                "--no-config",
                "--format",
                "text",
                "--output-format",
                f"html:{out}",
                # the set is a network fragment: what it lacks of the guide is not the subject
                "--ignore",
                "DL102,DL103,DL201,DL308,DL403,DL407",
                "configs",
            ],
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1, result.output
    return out


def test_in_headless_chromium(rendered: Path, tmp_path: Path) -> None:
    """Two launches: a screenshot, then the DOM after the script ran with a filter."""
    browser.chromium()  # skipped (or failed on CI) without it, before any work
    png = tmp_path / "report.png"
    browser.screenshot(rendered.as_uri(), png, tmp_path / "profile-1", size=(1280, 1000))
    image = browser.read_png(png.read_bytes())
    assert (image.width, image.height) == (1280, 1000)
    colours = len(set(image.pixels))
    white = image.count((255, 255, 255))
    assert colours > 50 and white < 0.95 * len(image.pixels), "the page looks blank"
    red = tuple(int(RED[i : i + 2], 16) for i in (1, 3, 5))
    assert image.count(red) > 1500, "no rejected edge drawn in the graph's red"  # type: ignore[arg-type]
    assert image.count((0xE8, 0xF1, 0xFB)) > 5000, "no security group node drawn"
    target = REPO / "docs" / "report.png"
    if not target.exists() or os.environ.get("DEPLOYLINT_SCREENSHOT") == "1":
        shutil.copyfile(png, target)

    dom = browser.dump_dom(
        rendered.as_uri() + "#severity=critical&env=staging", tmp_path / "profile-2"
    )
    page = parse(dom)
    findings = page.all("li", "finding")
    assert len(findings) == 5  # each holds in both environments
    visible = [a for a in findings if "hidden" not in a]
    assert visible and all(a["data-severity"] == "critical" for a in visible)
    assert len(visible) < len(findings)
    text = "".join(page.text)
    assert f"{len(visible)} of {len(findings)} findings shown" in text
    assert "rds admits 0.0.0.0/0 on port 5432" in text
    assert HOSTILE_NAME in text and len(page.all("script")) == 1 and not page.all("img")
    assert len(page.all("svg", "sg-graph")) == 2
    networks = {a["data-env"]: "hidden" in a for a in page.all("div", "network")}
    assert networks == {"production": True, "staging": False}  # the env filter
