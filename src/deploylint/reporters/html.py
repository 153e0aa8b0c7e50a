"""``--format html``: one self-contained report file for people (check and drift).

The verdict and counts; the security-group graph of each environment (inline SVG: the
internet -> load balancer -> app -> database/cache, one edge per inbound rule, the edges
DL205/DL207/DL208 reject in red with their finding); the drift table per resource; the
findings by file with source excerpts and carets. Filters by severity, rule and
environment work from the file alone (inline script; the URL fragment keeps them:
``report.html#severity=error&rule=DL205&env=production``).

Self-contained: no network access at all. A Content-Security-Policy meta allows only the
report's own inline style and script (by hash) and nothing to load; no external script,
style, font or image. Every text from a config is HTML-escaped. Stable: no timestamps.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from importlib.resources import files
from typing import IO

from deploylint import __version__
from deploylint.findings.finding import Finding
from deploylint.i18n import _, language
from deploylint.report import Report, SecurityGroups
from deploylint.reporters import _graph
from deploylint.reporters import _people as people
from deploylint.reporters.text import caret, where

CONTEXT = 2  # lines of source shown above a finding's line


def _asset(name: str) -> str:
    return (files("deploylint.reporters") / "assets" / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _plural(n: int, noun: str) -> str:
    return people.counted(n, noun)


def h(value: object) -> str:
    return escape(str(value), quote=True)


class HtmlReporter:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report, out: IO[str]) -> None:
        # a byte that was not UTF-8 (a surrogate escape in a file name) as its \udcff escape
        out.write(self.document(report).encode("utf-8", "backslashreplace").decode("utf-8"))

    def document(self, report: Report) -> str:
        style, script = _asset("report.css"), _asset("report.js")
        csp = (
            "default-src 'none'; "
            f"style-src {_hash(style)}; script-src {_hash(script)}; "
            "img-src 'none'; font-src 'none'; connect-src 'none'; "
            "base-uri 'none'; form-action 'none'"
        )
        state, headline = people.verdict(report)
        body = [
            self._head(report, state, headline),
            self._filters(report),
            self._networks(report),
            self._drift(report),
            self._files(report),
        ]
        return (
            f'<!DOCTYPE html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{h(csp)}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>deploylint: {h(headline)}</title>\n"
            f"<style>{style}</style>\n</head>\n<body>\n"
            + "".join(body)
            + f"<footer>deploylint {h(__version__)}</footer>\n"
            f"<script>{script}</script>\n</body>\n</html>\n"
        )

    # --- parts ----------------------------------------------------------------------

    def _head(self, report: Report, state: str, headline: str) -> str:
        cards = "".join(
            f'<div class="count sev-{s.label}"><span class="n">{n}</span> {s.label}</div>'
            for s, n in people.counts(report)
        )
        envs = people.environments(report)
        read = [h(_plural(n, noun)) for n, noun in people.sources(report)] or [h(_("live state"))]
        shown = ", ".join(f"<code>{h(e)}</code>" for e in envs)
        facts = " · ".join(read) + " · "
        facts += (
            h(_("environments: {environments}")).format(environments=shown)
            if envs
            else h(_("no environments"))
        )
        out = [
            "<header>\n<h1>" + h(_("deploylint report")) + "</h1>\n",
            f'<p class="verdict state-{state}" id="verdict">{h(headline)}</p>\n',
            *(f'<p class="verdict state-failed note">{h(note)}</p>\n' for note in report.notes),
            f'<div class="counts">{cards}</div>\n<p class="facts">{facts}</p>\n',
        ]
        for folder, count in sorted(report.hidden.items()):
            sentence = h(
                _(
                    "{findings} in other files of the config set {folder} (not named on the "
                    "command line)."
                )
            ).format(findings=h(_plural(count, "more finding")), folder=f"<code>{h(folder)}</code>")
            out.append(f'<p class="note">{sentence}</p>\n')
        if report.skipped:
            items = "".join(
                f"<li><code>{h(f)}</code>: {h(w)}</li>" for f, w in sorted(report.skipped)
            )
            label = h(_("Not read (left out of the run):"))
            out.append(f'<div class="note">{label}<ul>{items}</ul></div>\n')
        if report.incomplete:
            items = "".join(f"<li>{h(p)}</li>" for p in report.incomplete)
            label = h(_("{strong}Incomplete{end}, not checked:")).format(strong="<b>", end="</b>")
            out.append(f'<div class="incomplete">{label}<ul>{items}</ul></div>\n')
        rows = people.rule_rows(report)
        if rows:
            heads = (_("rule"), _("name"), _("severity"), _("findings"))
            cells = "".join(f"<th>{h(x)}</th>" for x in heads)
            out.append(f'<table class="rules"><thead><tr>{cells}</tr></thead><tbody>\n')
            for r in rows:
                rule = f'<a href="{h(r.url)}">{h(r.rule)}</a>' if r.url else h(r.rule)
                out.append(
                    f"<tr><td>{rule}</td><td>{h(r.name)}</td>"
                    f'<td><span class="sev sev-{r.severity.label}">{r.severity.label}</span></td>'
                    f'<td class="num">{r.count}</td></tr>\n'
                )
            out.append("</tbody></table>\n")
        out.append("</header>\n")
        return "".join(out)

    def _filters(self, report: Report) -> str:
        if not report.findings:
            return ""
        severities = [s.label for s, n in people.counts(report) if n]
        rules = sorted({f.rule for f in report.findings})
        envs = people.environments(report)

        def select(name: str, label: str, values: list[str]) -> str:
            options = "".join(f'<option value="{h(v)}">{h(v)}</option>' for v in values)
            return (
                f'<label>{h(label)} <select id="filter-{name}" data-filter="{name}">'
                '<option value="">' + h(_("all")) + f"</option>{options}</select></label>"
            )

        template = _("{shown} of {total} findings shown")
        count = len(report.findings)
        return (
            '<nav class="filters" id="filters">'
            + select("severity", _("Severity"), severities)
            + select("rule", _("Rule"), rules)
            + select("env", _("Environment"), envs)
            + f'<span id="shown" data-template="{h(template)}">'
            + h(template.format(shown=count, total=count))
            + "</span></nav>\n"
        )

    def _networks(self, report: Report) -> str:
        nets = [n for n in report.networks if n.groups or n.problem]
        if not nets:
            return ""
        several = len({n.config_set for n in nets}) > 1
        out = ['<section class="networks"><h2>' + h(_("Security groups")) + "</h2>\n"]
        for net in nets:
            out.append(self._network(report, net, several))
        out.append("</section>\n")
        return "".join(out)

    def _network(self, report: Report, net: SecurityGroups, several: bool) -> str:
        name = net.environment or _("(no environment)")
        title = f"{name} ({net.config_set})" if several and net.config_set else name
        parts = [
            f'<div class="network" data-env="{h(net.environment)}"><h3>'
            + h(_("Environment {name}")).format(name=f"<code>{h(title)}</code>")
            + "</h3>\n"
        ]
        if net.problem:
            note = h(_("Not drawn: {problem}.")).format(problem=h(net.problem))
            parts.append(f'<p class="note">{note}</p></div>\n')
            return "".join(parts)
        graph_title = _(
            "Security groups of {environment}: internet -> load balancer -> app -> database/cache"
        ).format(environment=title)
        parts.append(f'<div class="graph">{_graph.svg(net, report.findings, graph_title)}</div>\n')
        edges = _graph.layout(net, report.findings)[1]
        rejected = [(e, f) for e in edges for f in e.findings]
        other = _graph.group_findings(report.findings, net)
        if rejected or other:
            parts.append('<ul class="graph-findings">')
            for e, f in rejected:
                edge = _("{source} -> {group} port {port}").format(
                    source=e.rule.source.strip(), group=e.rule.group, port=e.rule.port
                )
                parts.append(
                    f'<li class="sev-{f.severity.label}"><b>{h(f.rule)}</b> '
                    f"<code>{h(edge)}</code> ({h(e.rule.location.short())}): "
                    f"{h(f.message)}</li>"
                )
            for f in other:
                parts.append(
                    f'<li class="sev-{f.severity.label}"><b>{h(f.rule)}</b> '
                    f"({h(where(f))}): {h(f.message)}</li>"
                )
            parts.append("</ul>\n")
        parts.append("</div>\n")
        return "".join(parts)

    def _drift(self, report: Report) -> str:
        rows = people.drift_rows(report)
        if not rows:
            return ""
        out = ['<section class="drift"><h2>' + h(_("Declared vs live")) + "</h2>\n"]
        heads = (_("attribute"), _("declared"), _("live"), _("remediation"))
        cells = "".join(f"<th>{h(x)}</th>" for x in heads)
        for resource in sorted({r.resource for r in rows}):
            out.append(
                f'<table class="drift-table" data-resource="{h(resource)}"><caption>'
                f"<code>{h(resource)}</code></caption><thead><tr>{cells}</tr></thead><tbody>\n"
            )
            for r in (r for r in rows if r.resource == resource):
                attribute = h(r.path) + (
                    f"<br><small>{h(r.attribute)}</small>" if r.attribute else ""
                )
                declared = h(r.declared) + (f"<br><small>{h(r.where)}</small>" if r.where else "")
                live = f"{h(r.live)}<br><small>{h(resource)}</small>"
                fix = f"<pre>{h(r.remediation)}</pre>" if r.remediation else ""
                out.append(
                    f'<tr class="finding-row" data-rule="{h(r.finding.rule)}">'
                    f"<td>{attribute}</td><td>{declared}</td><td>{live}</td><td>{fix}</td></tr>\n"
                )
            out.append("</tbody></table>\n")
        out.append("</section>\n")
        return "".join(out)

    def _files(self, report: Report) -> str:
        groups = people.by_file(report.findings)
        if not groups:
            clean = h(_("No findings."))
            return f'<section class="files"><p class="clean">{clean}</p></section>\n'
        out = ['<section class="files"><h2>' + h(_("Findings by file")) + "</h2>\n"]
        for file, found in groups:
            out.append(
                f'<section class="file"><h3><code>{h(file)}</code> '
                f'<span class="n">{len(found)}</span></h3>\n<ol class="findings">\n'
            )
            out.extend(self._finding(report, f) for f in found)
            out.append("</ol></section>\n")
        out.append("</section>\n")
        return "".join(out)

    def _finding(self, report: Report, f: Finding) -> str:
        envs = people.envs_of(f)
        attrs = (
            f'class="finding sev-{f.severity.label}" data-severity="{f.severity.label}" '
            f'data-rule="{h(f.rule)}" data-envs="{h(" ".join(envs))}"'
        )
        env = "".join(f' <span class="env">{h(e)}</span>' for e in envs)
        parts = [
            f'<li {attrs}><div class="line1"><span class="sev sev-{f.severity.label}">'
            f'{f.severity.label}</span> <b class="rule">{h(f.rule)}</b> '
            f'<span class="name">{h(f.name)}</span> <span class="where">{h(where(f))}</span>'
            f"{env}</div>\n"
            f'<p class="message">{h(f.message)}</p>\n'
        ]
        excerpt = self._excerpt(report, f)
        if excerpt:
            parts.append(excerpt)
        for r in f.related:
            related = _("see also {where}: {message}").format(
                where=r.location.short(), message=r.message
            )
            parts.append(f'<p class="related">{h(related)}</p>\n')
        fix = people.fix_view(report, f)
        if fix is not None:
            safety = f" ({h(fix.safety)})" if fix.safety else ""
            label = h(_("Fix{safety}:")).format(safety=safety)
            parts.append(f'<div class="fix"><b>{label}</b> {h(fix.description)}')
            if fix.removed or fix.added:
                lines = [f'<span class="del">-{h(x)}</span>' for x in fix.removed]
                lines += [f'<span class="add">+{h(x)}</span>' for x in fix.added]
                parts.append(f'<pre class="diff">{"".join(x + chr(10) for x in lines)}</pre>')
            parts.append("</div>\n")
        if people.remediation(f) and f.resource is None:
            parts.append(
                '<div class="fix"><b>' + h(_("Remediation:")) + "</b>"
                f"<pre>{h(people.remediation(f))}</pre></div>\n"
            )
        parts.append("</li>\n")
        return "".join(parts)

    def _excerpt(self, report: Report, f: Finding) -> str:
        line = people.excerpt(report, f)
        text = report.texts.get(f.file)
        if line is None or text is None:
            return ""
        lines = text.splitlines()
        rows = []
        for n in range(max(1, f.line - CONTEXT), f.line):
            before = lines[n - 1].expandtabs(1)
            before = before if len(before) <= 200 else before[:200] + "..."
            rows.append(f'<span class="ln">{n:>5}</span> {h(before)}')
        rows.append(f'<span class="ln">{f.line:>5}</span> <span class="hit">{h(line)}</span>')
        rows.append(
            f'<span class="ln">{"":>5}</span> <span class="caret">{h(caret(f, line))}</span>'
        )
        return f'<pre class="source">{chr(10).join(rows)}</pre>\n'
