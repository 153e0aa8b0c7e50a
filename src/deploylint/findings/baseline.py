"""The baseline: today's findings recorded so that only new ones are reported.

An entry is keyed by identity, never by text (docs/baseline.md):

- the config set: its folder, relative to the baseline file's folder (a copied set is
  another set, even with its own settings file; ``BM``, ``./BM`` and ``$PWD/BM`` are one);
- the rule;
- the environments, as a sorted set (reordering them in the architecture is harmless);
- the subject: the document path, with every list item named by what identifies it (an
  inbound rule by protocol, port and source; a subnet by its CIDR; a step by its name), so
  inserting an item above another does not shift it; a problem of a whole file (a YAML
  syntax error) is keyed by that file's path within its set;
- a digest of the whole subject (the list item, or the value at the path): any change to
  a baselined subject's values is a new finding. deploylint's own findings are keyed by
  problem kind and document path, never by their message.

Never a line number, never the file of a value (moving a file within its set is harmless).
Entries that match nothing are reported as DL011 (info) so a baseline shrinks;
``--update-baseline`` drops them, for the sets checked in that run only.

The file is JSON, one entry per line, sorted, so its diffs read like a list.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from deploylint.findings.finding import Finding, Severity, make_finding
from deploylint.i18n import msg
from deploylint.model.location import FilePosition
from deploylint.model.location import Path as DocPath

FORMAT = 2
STALE_RULE = "DL011"
FIELDS = ("set", "rule", "environments", "subject", "value")

# What identifies an item of a list, by the list's key; another list's mapping items are
# named by ``name`` or ``id`` when they have one, else by all their scalar fields.
IDENTITY: dict[str, tuple[str, ...]] = {
    "inbound": ("protocol", "port", "source"),
    "public": ("cidr",),
    "private": ("cidr",),
    "steps": ("name",),
}
_NAMES = ("name", "id")
_ABSENT = object()


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


@dataclass(frozen=True, order=True, slots=True)
class Key:
    # in memory the set is its folder's real path; in the file, relative to the file's folder
    set: str
    rule: str
    environments: str
    subject: str
    value: str

    def as_dict(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in FIELDS}

    def describe(self) -> str:
        env = f" [{self.environments}]" if self.environments else ""
        return f"{self.rule} at {self.subject or '(document)'}{env}"

    def fingerprint(self) -> str:
        """A stable hex digest of the key, for SARIF and GitLab fingerprints: the set is
        named relative to its repository, so every checkout gives the same print."""
        parts = (_stable(self.set), self.rule, self.environments, self.subject, self.value)
        text = "\x1f".join(parts)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def key(f: Finding) -> Key:
    """The baseline key of a finding (its identity fields are filled by :func:`identify`)."""
    envs = ",".join(sorted(e for e in (f.environment or "").split(",") if e))
    subject = f.subject or f.path
    if not isinstance(f.location, FilePosition):
        subject = f"{f.location.arn}:{subject}"  # live state: the resource is the identity
    return Key(f.config_set, f.rule, envs, subject, f.value_hash)


# --- identity of a subject --------------------------------------------------------------------


def digest(value: Any) -> str:
    """A short digest of a value, blind to key order (a missing value has one too)."""
    text = "<missing>" if value is _ABSENT else json.dumps(_canonical(value), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def subject(data: Any, path: DocPath) -> tuple[str, str]:
    """The subject of a finding at ``path``: its identity (the path, list items named by
    what identifies them) and a digest of the whole subject (the innermost list item on the
    path, else the value at the path)."""
    out: list[str] = []
    node: Any = data
    item: Any = _ABSENT
    in_item = False
    for n, part in enumerate(path):
        if isinstance(part, int):
            parent = path[n - 1] if n and isinstance(path[n - 1], str) else ""
            if isinstance(node, list) and -len(node) <= part < len(node):
                node = node[part]
                out.append(f"[{_item_identity(str(parent), node)}]")
                item, in_item = node, True
                continue
            out.append(f"[{part}]")
            node = _ABSENT
        else:
            out.append(("." if out else "") + str(part))
            node = node.get(part, _ABSENT) if isinstance(node, Mapping) else _ABSENT
    return "".join(out), digest(item if in_item else node)


def _item_identity(list_key: str, item: Any) -> str:
    if not isinstance(item, Mapping):
        return f"={_scalar(item)}" if _is_scalar(item) else f"#{digest(item)}"
    fields = IDENTITY.get(list_key) or tuple(n for n in _NAMES if n in item)
    present = [f for f in fields if f in item and _is_scalar(item[f])]
    if not present:
        present = sorted(str(k) for k, v in item.items() if _is_scalar(v))
    if not present:
        return f"#{digest(item)}"
    return ",".join(f"{f}={_scalar(item[f])}" for f in present)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def identify(findings: Iterable[Finding], top: Path, files: Mapping[str, Path]) -> list[Finding]:
    """The findings of one config set with their set (``top``, its real folder) filled, and
    a file-level problem (no document path) named by its file within the set."""
    folder = top.as_posix()
    out = []
    for f in findings:
        name = f.subject
        if not f.path and not name and isinstance(f.location, FilePosition):
            real = files.get(f.location.file)
            if real is not None:
                within = real.relative_to(top) if real.is_relative_to(top) else real
                name = f"file:{within.as_posix()}"
        out.append(replace(f, config_set=folder, subject=name))
    return out


@lru_cache(maxsize=256)
def _stable(folder: str) -> str:
    """A set's folder relative to its repository (the nearest folder holding ``.git``), else
    its own name: fingerprints do not depend on where the repository is checked out."""
    if not folder:
        return ""
    path = Path(folder)
    for parent in (path, *path.parents):
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix()
    return path.name


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


# --- the file -----------------------------------------------------------------------------------


def _folder(path: Path) -> Path:
    return Path(os.path.realpath(path.parent if str(path.parent) else "."))


def _relative(folder: Path, k: Key) -> Key:
    if not k.set:
        return k
    return replace(k, set=Path(os.path.relpath(k.set, folder)).as_posix())


def dumps(keys: Iterable[Key], folder: Path | None = None) -> str:
    """The file's text; ``folder`` (the file's real folder) makes the sets relative."""
    shown = {k if folder is None else _relative(folder, k) for k in keys}
    lines = [json.dumps(k.as_dict(), ensure_ascii=False) for k in sorted(shown)]
    body = ",\n    ".join(lines)
    entries = f"[\n    {body}\n  ]" if lines else "[]"
    return f'{{\n  "deploylint-baseline": {FORMAT},\n  "entries": {entries}\n}}\n'


def write(path: Path, keys: Iterable[Key]) -> None:
    try:
        # a key from a hostile file (a surrogate escape) is written as a \udcff JSON escape
        text = dumps(keys, _folder(path))
        path.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror}") from None


def read(path: Path) -> dict[Key, int]:
    """Entry (its set made absolute) -> its line in the file (for the stale-entry finding)."""
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
    version = data.get("deploylint-baseline") if isinstance(data, dict) else None
    if version == 1:
        raise BaselineError(
            f"{path}: a baseline of format 1 (an older deploylint) names no config set and "
            "only one value of each finding, so it could hide new findings; record it again "
            "with --write-baseline"
        )
    if not isinstance(data, dict) or version != FORMAT:
        raise BaselineError(f"{path}: not a deploylint baseline (format {FORMAT})")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: entries: a list is needed")
    folder = _folder(path)
    lines = text.splitlines()
    out: dict[Key, int] = {}
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in FIELDS):
            raise BaselineError(f"{path}: entries[{n}]: needs text {', '.join(FIELDS)}")
        written = Key(*(entry[f] for f in FIELDS))
        needle = json.dumps(written.as_dict(), ensure_ascii=False)
        line = next((i for i, text in enumerate(lines, 1) if needle in text), 1)
        absolute = os.path.normpath(folder / written.set) if written.set else ""
        out[replace(written, set=Path(absolute).as_posix() if absolute else "")] = line
    return out


def checked(entries: Mapping[Key, int], sets: Iterable[str], selected: Any) -> dict[Key, int]:
    """The entries a run can judge: of a set it checked and a rule it ran."""
    folders = set(sets)
    return {k: line for k, line in entries.items() if k.set in folders and selected(k.rule)}


def updated(entries: Mapping[Key, int], judged: Mapping[Key, int], seen: set[Key]) -> list[Key]:
    """``--update-baseline``: the entries of the sets and rules this run judged that still
    match a finding, and every other set's or rule's entries untouched."""
    return [k for k in entries if k in seen or k not in judged]


def stale_findings(baseline: dict[Key, int], seen: set[Key], file: str) -> list[Finding]:
    """DL011 for every entry no finding of this run matches."""
    from deploylint.rules import all_rules

    rule = all_rules()[STALE_RULE]
    return [
        make_finding(
            rule,
            FilePosition(file, line, 1),
            # the environment is the finding's own (reporters show it): not in the message
            msg(
                "baseline entry matches no finding: {rule} at {subject}; `--update-baseline` "
                "removes it",
                rule=k.rule,
                subject=k.subject or "(document)",
            ),
            severity=Severity.INFO,
            path=k.subject,
            environment=k.environments or None,
        )
        for k, line in sorted(baseline.items(), key=lambda item: item[1])
        if k not in seen
    ]
