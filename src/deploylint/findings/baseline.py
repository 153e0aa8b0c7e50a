"""The baseline: today's findings recorded so that only new ones are reported.

An entry is keyed by rule + environment + document path + a digest of the offending value:
never a line number (inserting lines above must not matter), never a file (moving a file
within its config set must not matter) and never an address alone (a second violation at
the same path with a different value is new: checkov#7647). Entries that match nothing
are reported as DL011 (info) so a baseline shrinks; ``--update-baseline`` drops them.

The file is JSON, one entry per line, sorted, so its diffs read like a list.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from deploylint.findings.finding import Finding, Severity, make_finding
from deploylint.model.location import FilePosition

FORMAT = 1
STALE_RULE = "DL011"


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


@dataclass(frozen=True, order=True, slots=True)
class Key:
    rule: str
    environment: str
    path: str
    value: str

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "environment": self.environment,
            "path": self.path,
            "value": self.value,
        }

    def describe(self) -> str:
        env = f" [{self.environment}]" if self.environment else ""
        return f"{self.rule} at {self.path or '(document)'}{env}"

    def fingerprint(self) -> str:
        """A stable hex digest of the key, for SARIF and GitLab fingerprints."""
        text = "\x1f".join((self.rule, self.environment, self.path, self.value))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def key(f: Finding) -> Key:
    """The baseline key of a finding; a finding without a value digest uses its message."""
    value = (
        f.value_hash or hashlib.sha256(f.message.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    )
    return Key(f.rule, f.environment or "", f.path, value)


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """One fingerprint per finding, unique within the run: a key's second finding (two
    rules' messages about one value) gets an occurrence number, as GitHub's own do."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        base = key(f).fingerprint()
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}:{n}")
    return out


def dumps(keys: Iterable[Key]) -> str:
    lines = [json.dumps(k.as_dict(), ensure_ascii=False) for k in sorted(set(keys))]
    body = ",\n    ".join(lines)
    entries = f"[\n    {body}\n  ]" if lines else "[]"
    return f'{{\n  "deploylint-baseline": {FORMAT},\n  "entries": {entries}\n}}\n'


def write(path: Path, keys: Iterable[Key]) -> None:
    try:
        # a key from a hostile file (a surrogate escape) is written as a \udcff JSON escape
        path.write_text(dumps(keys), encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror}") from None


def read(path: Path) -> dict[Key, int]:
    """Entry -> its line in the file (for the stale-entry finding)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a baseline (not UTF-8)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not a baseline: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("deploylint-baseline") != FORMAT:
        raise BaselineError(f"{path}: not a deploylint baseline (format {FORMAT})")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: entries: a list is needed")
    lines = text.splitlines()
    out: dict[Key, int] = {}
    for n, entry in enumerate(entries):
        fields = ("rule", "environment", "path", "value")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
            raise BaselineError(f"{path}: entries[{n}]: needs text {', '.join(fields)}")
        k = Key(*(entry[f] for f in fields))
        needle = json.dumps(k.as_dict(), ensure_ascii=False)
        out[k] = next((i for i, line in enumerate(lines, 1) if needle in line), 1)
    return out


def stale_findings(baseline: dict[Key, int], seen: set[Key], file: str) -> list[Finding]:
    """DL011 for every entry no finding of this run matches."""
    from deploylint.rules import all_rules

    rule = all_rules()[STALE_RULE]
    return [
        make_finding(
            rule,
            FilePosition(file, line, 1),
            # the environment is the finding's own (reporters show it): not in the message
            f"baseline entry matches no finding: {k.rule} at {k.path or '(document)'}; "
            "`--update-baseline` removes it",
            severity=Severity.INFO,
            path=k.path,
            environment=k.environment or None,
        )
        for k, line in sorted(baseline.items(), key=lambda item: item[1])
        if k not in seen
    ]
