"""``--format markdown``: a summary for people, for ``$GITHUB_STEP_SUMMARY``, MR notes, PRs.

A headline (verdict, counts by severity, environments), a table by rule with links to the
rules' docs, the findings grouped by file in collapsible ``<details>`` blocks with the
source line and the fix, and for drift a declared-vs-live table. GitHub Flavored Markdown
as cmark-gfm (GitHub's parser) reads it.

- Safe: every text that comes from a config (values in messages, file names, source
  lines) is escaped, so it never becomes markup, a link, an autolink or HTML.
- Bounded: at most ``limit`` bytes (GitHub refuses a step summary above 1 MiB): the files
  that do not fit are left out with a note saying how many findings are not shown.
- Stable: sorted, no timestamps, no absolute paths added: two runs on the same configs
  give the same bytes, so a diff between runs shows what changed.
"""

from __future__ import annotations

import re
from typing import IO

from deploylint.findings.finding import Finding
from deploylint.i18n import _
from deploylint.report import Report
from deploylint.reporters import _people as people
from deploylint.reporters.text import caret, where

LIMIT = 1024 * 1024  # GitHub: "the maximum size of the summary for each step is 1 MiB"
_STATE = {"failed": "❌", "warnings": "⚠️", "incomplete": "⚠️", "clean": "✅"}
# CommonMark: any ASCII punctuation may be backslash-escaped; these are the ones that make
# markup inside a line (code, emphasis, links and images, tables, strikethrough, math);
# text() output never starts a line, so list, heading and quote markers stay as they are
_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_WWW = re.compile(r"(?i)(www)\.")
_BLOCK_START = re.compile(r"^(\d{0,9})([#>+=.)-])")


def _clean(value: object) -> str:
    """One line of valid UTF-8: control characters become spaces, a byte that was not
    UTF-8 (a surrogate escape in a file name) its ``\\xff`` escape."""
    out = _CONTROL.sub(" ", str(value))
    return out.encode("utf-8", "backslashreplace").decode("utf-8")


def text(value: object) -> str:
    """Config text as inert Markdown on one line: no markup, HTML, link or autolink, also
    at the start of a block; surrounding whitespace is dropped."""
    out = _clean(value).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _SPECIAL.sub(r"\\\1", out)
    # GFM autolinks (www., scheme://): an entity splits the text node they need; an e-mail
    # autolink survives entities and escapes, but not a <wbr> (invisible, kept by GitHub)
    # after the @, which also keeps a config's @name from mentioning anyone
    out = out.replace("://", "&#58;//").replace("@", "@<wbr>")
    out = _WWW.sub(r"\1&#46;", out).strip()
    # at the start of a block (a list item's text): no heading, quote, list or rule marker
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out, count=1)


def html_text(value: object) -> str:
    """Text inside an HTML block (``<summary>``): HTML-escaped, never Markdown-parsed."""
    out = _clean(value).replace("\r", " ").replace("\n", " ")
    return (
        out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def fence(lines: list[str], info: str = "") -> str:
    """A fenced code block that no line can close early (a fence longer than any run)."""
    runs = [len(m) for line in lines for m in re.findall(r"`+", line)]
    ticks = "`" * max(3, max(runs, default=0) + 1)
    body = "".join(_clean(line) + "\n" for line in lines)
    return f"{ticks}{info}\n{body}{ticks}\n"


def _plural(n: int, noun: str) -> str:
    return people.counted(n, noun)


class MarkdownReporter:
    def __init__(self, color: bool = False, limit: int = LIMIT) -> None:
        del color
        self.limit = limit

    def render(self, report: Report, out: IO[str]) -> None:
        out.write(self.document(report))

    def document(self, report: Report) -> str:
        head = self._head(report)
        drift = self._drift(report)
        files = people.by_file(report.findings)
        blocks = [(file, found, self._file(report, file, found)) for file, found in files]
        parts = [head]
        if drift:
            parts.append(drift)
        if blocks:
            parts.append("### " + _("Findings by file") + "\n\n")
        size = sum(_bytes(p) for p in parts)
        left_out: list[Finding] = []
        for _file, found, block in blocks:
            if left_out or size + _bytes(block) > self.limit - 1024:  # room for the note
                left_out.extend(found)
                continue
            parts.append(block)
            size += _bytes(block)
        if left_out:
            files_out = len({f.file for f in left_out})
            parts.append(
                "> [!NOTE]\n> "
                + _(
                    "{findings} in {files} not shown: a summary is limited to {limit} KiB. Run "
                    "`deploylint check --format text` (or `--output-format html:report.html`) "
                    "for all of them."
                ).format(
                    findings=_plural(len(left_out), "more finding"),
                    files=_plural(files_out, "more file"),
                    limit=self.limit // 1024,
                )
                + "\n"
            )
        return "".join(parts)

    # --- parts ----------------------------------------------------------------------

    def _head(self, report: Report) -> str:
        state, headline = people.verdict(report)
        lines = [f"## {_STATE[state]} deploylint: {headline}\n\n"]
        lines.extend(f"**{text(note)}**\n\n" for note in report.notes)
        lines.append("| " + " | ".join(s.label for s, _ in people.counts(report)) + " |\n")
        lines.append("|" + "---:|" * len(people.counts(report)) + "\n")
        lines.append("| " + " | ".join(str(n) for _, n in people.counts(report)) + " |\n\n")
        envs = people.environments(report)
        shown = ", ".join(text(e) for e in envs)
        facts = [_plural(n, noun) for n, noun in people.sources(report)] or [_("live state")]
        facts.append(
            _("environments: {environments}").format(environments=shown)
            if envs
            else _("no environments")
        )
        lines.append(" · ".join(facts) + "\n\n")
        for folder, count in sorted(report.hidden.items()):
            lines.append(
                _(
                    "{findings} in other files of the config set {folder} (not named on the "
                    "command line)."
                ).format(findings=_plural(count, "more finding"), folder=text(folder))
                + "\n\n"
            )
        if report.skipped:
            lines.append(_("Not read (left out of the run):") + "\n\n")
            lines.extend(f"- {text(file)}: {text(why)}\n" for file, why in sorted(report.skipped))
            lines.append("\n")
        if report.incomplete:
            lines.append(_("**Incomplete**, not checked:") + "\n\n")
            lines.extend(f"- {text(part)}\n" for part in report.incomplete)
            lines.append("\n")
        rows = people.rule_rows(report)
        if rows:
            lines.append(
                "### "
                + _("Rules")
                + "\n\n"
                + _("| rule | name | severity | findings |")
                + "\n|---|---|---|---:|\n"
            )
            for r in rows:
                rule = f"[{text(r.rule)}]({r.url})" if r.url else text(r.rule)
                lines.append(f"| {rule} | {text(r.name)} | {r.severity.label} | {r.count} |\n")
            lines.append("\n")
        return "".join(lines)

    def _drift(self, report: Report) -> str:
        rows = people.drift_rows(report)
        if not rows:
            return ""
        lines = [
            "### " + _("Declared vs live") + "\n\n",
            _("| resource | attribute | declared | live | rule |") + "\n|---|---|---|---|---|\n",
        ]
        for r in rows:
            attribute = text(r.path) + (f" ({text(r.attribute)})" if r.attribute else "")
            declared = text(r.declared) + (
                _(" at {where}").format(where=text(r.where)) if r.where else ""
            )
            lines.append(
                f"| {text(r.resource)} | {attribute} | {declared} | {text(r.live)} | "
                f"{text(r.finding.rule)} |\n"
            )
        lines.append("\n")
        for r in rows:
            if r.remediation:
                lines.append(
                    _("Remediation for {resource} {path}:").format(
                        resource=text(r.resource), path=text(r.path)
                    )
                    + "\n\n"
                )
                lines.append(fence(r.remediation.splitlines(), "sh") + "\n")
        return "".join(lines)

    def _file(self, report: Report, file: str, found: list[Finding]) -> str:
        severities = [
            f"{n} {s.label}"
            for s in people.SEVERITIES
            if (n := sum(1 for f in found if f.severity == s))
        ]
        summary = f"<code>{html_text(file)}</code>: " + _("{findings} ({severities})").format(
            findings=_plural(len(found), "finding"), severities=", ".join(severities)
        )
        parts = [f"<details>\n<summary>{summary}</summary>\n\n"]
        for f in found:
            parts.append(self._finding(report, f))
        parts.append("</details>\n\n")
        return "".join(parts)

    def _finding(self, report: Report, f: Finding) -> str:
        envs = people.envs_of(f)
        env = f" ({', '.join(text(e) for e in envs)})" if envs else ""
        place = (
            _("line {line}, column {column}").format(line=f.line, column=f.column)
            if f.line
            else text(where(f))
        )
        out = [
            f"- **{f.severity.label}** {text(f.rule)} {text(f.name)} "
            + _("at {place}{environments}: {message}").format(
                place=place, environments=env, message=text(f.message)
            )
            + "\n"
        ]
        for r in f.related:
            see = _("see also {where}: {message}").format(
                where=text(r.location.short()), message=text(r.message)
            )
            out.append(f"  - {see}\n")
        line = people.excerpt(report, f)
        if line is not None:
            number = f"{f.line:>5} | "
            shown = [number + line, " " * (len(number) - 2) + "| " + caret(f, line)]
            out.append("\n" + _indent(fence(shown, "yaml")) + "\n")
        fix = people.fix_view(report, f)
        if fix is not None:
            safety = f" ({text(fix.safety)})" if fix.safety else ""
            out.append(
                "  "
                + _("Fix{safety}: {description}").format(
                    safety=safety, description=text(fix.description) or _("see the diff")
                )
                + "\n"
            )
            if fix.removed or fix.added:
                diff = [f"-{x}" for x in fix.removed] + [f"+{x}" for x in fix.added]
                out.append("\n" + _indent(fence(diff, "diff")) + "\n")
        if people.remediation(f) and f.resource is None:
            out.append("  Remediation:\n\n" + _indent(fence(people.remediation(f).splitlines())))
        return "".join(out)


def _indent(block: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in block.splitlines(True))


def _bytes(part: str) -> int:
    return len(part.encode("utf-8", "surrogatepass"))
