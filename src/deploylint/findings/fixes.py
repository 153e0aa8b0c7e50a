"""Fixes: a rule's intent made into text edits, and ``check --fix`` / ``--diff``.

The engine calls :func:`resolve` for a violation that carries a
:class:`~deploylint.model.fix.FixIntent`: the intent names document paths, the file that
writes each one (its *owner* in the effective config) gives the text and the spans, and
:mod:`deploylint.sources.edits` makes the edits. :func:`settle` then marks unsafe a fix in a
file several environments read when one of them does not ask for the same change.

:func:`fix_run` applies the fixes of the shown findings, non-overlapping, to the texts in
memory, checks again and repeats to a fixed point (at most :data:`MAX_PASSES` passes); it
writes only with ``write=True``, only files of the run's config sets (inside their config
root), and only the files whose findings are shown (under pre-commit, the named files).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from deploylint import i18n
from deploylint.findings.finding import Finding
from deploylint.model.fix import Edit, Fix, FixIntent, MoveItem, Safety
from deploylint.model.location import Path
from deploylint.sources.edits import DocText, edits_for
from deploylint.sources.loader import decode, is_json

if TYPE_CHECKING:
    from deploylint.findings.engine import Observer
    from deploylint.model.effective import Effective
    from deploylint.report import Report
    from deploylint.settings import Settings

MAX_PASSES = 10


def resolve(
    intent: FixIntent, eff: Effective, environments: Mapping[str | None, Effective]
) -> Fix | None:
    """Edits for ``intent`` in the files that write its paths, or None (not placeable).

    A fix is an extra: whatever goes wrong placing it, the finding stays, without a fix.
    """
    try:
        return _resolve(intent, eff, environments)
    except Exception:  # pragma: no cover - defensive: never lose the finding
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        return None


def _resolve(
    intent: FixIntent, eff: Effective, environments: Mapping[str | None, Effective]
) -> Fix | None:
    owner = getattr(eff, "owner", None)
    if owner is None:  # a live source: nothing to edit
        return None
    edits: list[Edit] = []
    readers: set[str | None] = set()
    for change in intent.changes:
        paths: list[Path] = [change.path]
        if isinstance(change, MoveItem) and change.target is not None:
            paths.append(change.target)
        docs = {id(owner(p)): owner(p) for p in paths}
        if len(docs) != 1:
            return None  # a move between files is no text edit
        doc = next(iter(docs.values()))
        if doc is None or any(p not in doc.values for p in paths):
            return None  # inherited or written as a whole parent: not placeable here
        text = DocText(doc.file, doc.text, doc.values, is_json(doc.real), doc.keys)
        found = edits_for(change, text)
        if not found:
            return None
        edits.extend(found)
        for env, other in environments.items():
            other_owner = getattr(other, "owner", None)
            if other_owner is not None and other_owner(change.path) is doc:
                readers.add(env)
    readers.add(eff.env)
    return Fix(intent.description, intent.safety, tuple(sorted(set(edits))), frozenset(readers))


def settle(findings: Sequence[Finding]) -> list[Finding]:
    """Mark unsafe each fix that changes a value another environment reads but does not ask
    to change the same way (a file several environments inherit)."""
    proposers: dict[tuple[Edit, ...], set[str | None]] = {}
    wanted: dict[tuple[str, int, int], set[str]] = {}
    for f in findings:
        if f.fix is not None:
            proposers.setdefault(f.fix.edits, set()).add(f.environment)
            for e in f.fix.edits:
                wanted.setdefault((e.file, e.start, e.end), set()).add(e.replacement)
    out = []
    for f in findings:
        fix = f.fix
        if fix is not None and fix.safety is Safety.SAFE:
            others = sorted(str(e) for e in fix.readers - proposers[fix.edits] if e is not None)
            clash = any(len(wanted[(e.file, e.start, e.end)]) > 1 for e in fix.edits)
            if others or clash:
                why = (
                    i18n._("also changes {environments}").format(environments=", ".join(others))
                    if others
                    else i18n._("environments differ")
                )
                description = i18n._("{description} ({why})").format(
                    description=fix.description, why=why
                )
                fix = replace(fix, safety=Safety.UNSAFE, description=description)
                f = replace(f, fix=fix)
        out.append(f)
    return out


# --- applying ---------------------------------------------------------------------------------


def wanted_fixes(findings: Iterable[Finding], unsafe: bool) -> list[Fix]:
    return [
        f.fix
        for f in findings
        if f.fix is not None and (unsafe or f.fix.safety is Safety.SAFE) and f.fix.edits
    ]


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.file != b.file or a == b:
        return False
    if a.start == a.end or b.start == b.end:  # an insertion: at the same point or inside
        return a.start == b.start or a.start < b.start < a.end or b.start < a.start < b.end
    return a.start < b.end and b.start < a.end


def choose(fixes: Iterable[Fix]) -> tuple[list[Edit], int]:
    """Edits of the fixes that fit together (first come first served), and how many fixes."""
    chosen: list[Edit] = []
    count = 0
    for fix in fixes:
        if any(_overlaps(e, c) for e in fix.edits for c in chosen):
            continue  # a second pass picks it up
        chosen.extend(e for e in fix.edits if e not in chosen)
        count += 1
    return chosen, count


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (from the end, so offsets hold)."""
    out = text
    for e in sorted(set(edits), key=lambda e: (e.start, e.end), reverse=True):
        out = out[: e.start] + e.replacement + out[e.end :]
    return out


@dataclass
class FileText:
    shown: str
    real: FsPath
    raw: bytes  # as read: written back only when unchanged on disk
    original: str
    text: str
    bom: bytes = b""
    codec: str = "utf-8"

    def encoded(self) -> bytes:
        return self.bom + self.text.encode(self.codec, "surrogatepass")


@dataclass
class FixOutcome:
    """What ``--fix`` did: fixes applied, files changed, fixes left for ``--unsafe-fixes``."""

    fixed: int = 0
    unsafe_left: int = 0
    files: dict[str, FileText] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # files not written, and why

    @property
    def changed(self) -> list[FileText]:
        return [f for f in self.files.values() if f.text != f.original]

    def diff(self) -> str:
        out: list[str] = []
        for f in sorted(self.changed, key=lambda f: f.shown):
            name = os.path.normpath(f.shown).lstrip(os.sep)
            for line in difflib.unified_diff(
                f.original.splitlines(keepends=True),
                f.text.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            ):
                if not line.endswith(("\n", "\r")):  # a last line without a line break
                    line += "\n\\ No newline at end of file\n"
                out.append(line)
        return "".join(out)

    def summary(self, unsafe: bool, would: bool = False) -> str:
        """``3 fixed (1 more with --unsafe-fixes).``, or ``Would fix 3 ...`` for ``--diff``."""
        more = ""
        if not unsafe and self.unsafe_left:
            more = i18n._(" ({count} more with --unsafe-fixes)").format(count=self.unsafe_left)
        if would:
            return i18n.ngettext(
                "Would fix {count} finding{more}.", "Would fix {count} findings{more}.", self.fixed
            ).format(count=self.fixed, more=more)
        return i18n._("{count} fixed{more}.").format(count=self.fixed, more=more)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _file_text(shown: str, real: FsPath, raw: bytes) -> FileText | None:
    text, problem = decode(raw)
    if text is None or problem is not None:
        return None
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return FileText(shown, real, raw, text, text, bom, codec)
    return FileText(shown, real, raw, text, text)


def fix_run(
    paths: list[str],
    settings: Settings,
    *,
    unsafe: bool,
    write: bool,
    observer: Observer | None = None,
    stdin: bytes | None = None,
    env: str | None = None,
) -> tuple[Report, FixOutcome]:
    """Check, apply the shown findings' fixes in memory, check again, to a fixed point;
    write the changed files when ``write``. Returns the last report and the outcome."""
    from deploylint.findings.engine import check, discover_stdin
    from deploylint.sources.files import discover, read_regular

    sets = discover_stdin(paths[0], stdin) if stdin is not None else discover(paths)
    known: dict[str, tuple[FsPath, FsPath]] = {}  # shown -> (real, config root)
    for s in sets:
        for shown, real in s.files:
            known[shown] = (real, s.root)
    outcome = FixOutcome()
    overrides: dict[FsPath, bytes] = {}
    report = check(paths, settings, observer, stdin)
    for _ in range(MAX_PASSES):
        visible = [
            f
            for f in report.findings
            if env is None or f.environment is None or env in f.environment.split(",")
        ]
        allowed = {f.file for f in visible}
        fixes = [
            fix
            for fix in wanted_fixes(visible, unsafe)
            if all(_editable(e.file, allowed, known) for e in fix.edits)
        ]
        edits, count = choose(fixes)
        if not edits:
            break
        changed = False
        for shown in sorted({e.file for e in edits}):
            state = outcome.files.get(shown)
            if state is None:
                raw = stdin if stdin is not None and shown == paths[0] else None
                real = known[shown][0]
                read = raw if raw is not None else read_regular(real, settings.limits.max_bytes)
                state = _file_text(shown, real, read) if isinstance(read, bytes) else None
            if state is None:
                outcome.skipped.append(
                    i18n._("{file}: not read as text; not fixed").format(file=shown)
                )
                edits = [e for e in edits if e.file != shown]
                continue
            outcome.files[shown] = state
            new = apply_edits(state.text, [e for e in edits if e.file == shown])
            if new != state.text:
                changed = True
                state.text = new
                overrides[state.real] = state.encoded()
        if not changed:
            break
        outcome.fixed += count
        if stdin is None:
            report = check(paths, settings, None, None, overrides)
        else:  # the buffer stands in for the named file: its fixed text is the new buffer
            state = outcome.files.get(paths[0])
            buffer = state.encoded() if state is not None else stdin
            report = check(paths, settings, None, buffer, overrides)
    outcome.unsafe_left = (
        0
        if unsafe
        else sum(1 for f in report.findings if f.fix is not None and f.fix.safety is Safety.UNSAFE)
    )
    if write:
        _write(outcome)
    return report, outcome


def _known(paths: list[str]) -> dict[str, tuple[FsPath, FsPath]]:
    """shown -> (real path, config root) of every file of the sets ``paths`` name."""
    from deploylint.sources.files import discover

    return {shown: (real, s.root) for s in discover(paths) for shown, real in s.files}


def apply_report(report: Report, paths: list[str], *, unsafe: bool, write: bool) -> FixOutcome:
    """One pass of the report's fixes (``drift --fix``: adopting live values needs no
    re-check); a fix that overlaps another is left for the next run."""
    from deploylint.sources.files import read_regular

    known = _known(paths)
    outcome = FixOutcome()
    fixes = [
        fix
        for fix in wanted_fixes(report.findings, unsafe)
        if all(e.file in known and _editable(e.file, set(known), known) for e in fix.edits)
    ]
    edits, outcome.fixed = choose(fixes)
    for shown in sorted({e.file for e in edits}):
        real = known[shown][0]
        raw = read_regular(real, 1 << 24)
        state = _file_text(shown, real, raw) if isinstance(raw, bytes) else None
        if state is None:
            outcome.skipped.append(i18n._("{file}: not read as text; not fixed").format(file=shown))
            continue
        state.text = apply_edits(state.text, [e for e in edits if e.file == shown])
        outcome.files[shown] = state
    chosen = {id(f) for f in fixes}
    outcome.unsafe_left = (
        0
        if unsafe
        else sum(
            1
            for f in report.findings
            if f.fix is not None and f.fix.safety is Safety.UNSAFE and id(f.fix) not in chosen
        )
    )
    if write:
        _write(outcome)
    return outcome


def drift_fix(
    report_of: Callable[[], Report], paths: list[str], *, unsafe: bool, write: bool
) -> tuple[Report, FixOutcome]:
    """``drift --fix``: adopt, run drift again, adopt what waited for an overlapping edit,
    until nothing changes (``--diff``: one pass, nothing written)."""
    report = report_of()
    outcome = apply_report(report, paths, unsafe=unsafe, write=write)
    if not write:
        return report, outcome
    total = outcome.fixed if outcome.changed else 0
    for _ in range(MAX_PASSES):
        if not outcome.changed:
            break
        report = report_of()  # what is left
        outcome = apply_report(report, paths, unsafe=unsafe, write=True)
        total += outcome.fixed if outcome.changed else 0
    outcome.fixed = total
    return report, outcome


def _editable(shown: str, allowed: set[str], known: Mapping[str, tuple[FsPath, FsPath]]) -> bool:
    """Only files whose findings are shown, of the run's sets, inside their config root."""
    if shown not in allowed or shown not in known:
        return False
    real, root = known[shown]
    return real.resolve().is_relative_to(root)


def _write(outcome: FixOutcome) -> None:
    """Write each changed file, unless it changed on disk since it was read."""
    for state in outcome.changed:
        try:
            current = state.real.read_bytes()
        except OSError as exc:
            outcome.skipped.append(
                i18n._("{file}: {reason}; not written").format(
                    file=state.shown, reason=exc.strerror
                )
            )
            continue
        if current != state.raw:
            outcome.skipped.append(
                i18n._("{file}: changed while deploylint ran; not written").format(file=state.shown)
            )
            continue
        mode = os.stat(state.real).st_mode
        tmp = state.real.with_name(f".{state.real.name}.deploylint-fix")
        tmp.write_bytes(state.encoded())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, state.real)
