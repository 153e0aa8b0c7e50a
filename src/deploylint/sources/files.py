"""File discovery: which config sets the PATH arguments name, and their config roots.

The rules are in ``docs/config-sets.md``. In short:

- The *config root* of a path is the folder holding the settings file (``.deploylint.yaml``
  or a ``pyproject.toml`` with ``[tool.deploylint]``), else the top of the git work tree,
  else the folder named. Nothing outside it is read (``extends`` included).
- A folder that holds no config files directly stands for every config set below it: the
  topmost folders that hold config files directly, each with everything below it.
- A folder or file *inside* a config set names that set: from the folder named (or the
  file's folder), the set's top is found by walking up while the parent folder also holds
  config files directly, without leaving the config root (the root itself only when it
  holds the settings file). The set is checked whole; findings are shown for the named
  files only.
- The same file named twice (``configs configs/``, ``./configs``) is checked once, and
  nothing depends on the order of the PATH arguments or of directory listings.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from deploylint.i18n import _
from deploylint.model.problems import Kind

EXTENSIONS = (".yaml", ".yml", ".json")
SETTINGS_FILE = ".deploylint.yaml"


class UsageError(Exception):
    """A command-line problem (a PATH that does not exist): exit code 2."""


NOT_CONFIG = "not a deploylint config"  # the reason every content skip starts with


@dataclass
class ConfigSet:
    root: FsPath  # the config root: nothing outside it is read
    top: FsPath  # the set's own folder (real path)
    display_root: str  # the set's folder as the user would type it
    files: list[tuple[str, FsPath]]  # (as shown, real path), sorted by real path
    named: set[FsPath] = field(default_factory=set)  # files whose findings are shown
    whole: bool = True  # every file of the set was named
    # real path -> text that stands in for the file (``check -``: an editor's buffer)
    overrides: dict[FsPath, bytes] = field(default_factory=dict)
    # files left out, and why (a symlink leading out of the root, a named file excluded)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    explicit: set[FsPath] = field(default_factory=set)  # files named one by one
    # files read as configs whatever their content (the settings' include names them)
    forced: set[FsPath] = field(default_factory=set)
    # folders below ``top`` that hold their own settings file: other roots, other sets
    nested: list[FsPath] = field(default_factory=list)

    @property
    def display_config_root(self) -> str:
        """The config root as the user would type it (``.`` for the current folder); the
        set's own folder is ``display_root``, which the root may lie above."""
        return _shown(self.root, self.top, self.display_root)


def has_settings(folder: FsPath) -> bool:
    """Whether ``folder`` holds deploylint settings."""
    if (folder / SETTINGS_FILE).is_file():
        return True
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return False
    import tomllib  # for a pyproject.toml only (its import: 0.6% of a one-file check)

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and isinstance(tool.get("deploylint"), dict)


def config_root(start: FsPath) -> tuple[FsPath, bool]:
    """The config root for a folder, and whether it holds the settings file."""
    for folder in (start, *start.parents):
        if has_settings(folder):
            return folder, True
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder, False
    return start, False


def _holds_configs(folder: FsPath) -> bool:
    try:
        with os.scandir(folder) as entries:
            names = [e for e in entries if not e.name.startswith(".")]
    except OSError:
        return False
    for entry in names:
        if not entry.name.lower().endswith(EXTENSIONS):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and own_output(FsPath(entry.path)) is None:
                return True
        except OSError:
            continue
    return False


def shown_path(given: str) -> str:
    """A path as the user gave it, normalized: ``./x`` and ``a/../x`` are shown as ``x``."""
    return os.path.normpath(given) if given else given


def _join(shown: str, name: str) -> str:
    return name if shown in ("", ".") else os.path.join(shown, name)


def _shown(real: FsPath, anchor_real: FsPath, anchor_shown: str) -> str:
    """``real`` as the user would type it, relative to a path they typed."""
    if real == anchor_real:
        return anchor_shown
    rel = os.path.relpath(real, anchor_real)
    if anchor_shown in ("", ".", "./"):
        return rel
    return os.path.normpath(os.path.join(anchor_shown, rel))


def discover(paths: list[str]) -> list[ConfigSet]:
    """Group the PATH arguments into config sets, in a stable order."""
    sets: dict[FsPath, ConfigSet] = {}
    todo = list(paths)
    while todo:
        given = todo.pop(0)
        try:
            st = os.stat(given)
        except OSError:
            raise UsageError(_("path does not exist: {path}").format(path=given)) from None
        arg = shown_path(given)
        real = FsPath(arg).resolve()
        anchor_shown = None  # the folder's path as typed, where it is not arg's own parent
        if stat.S_ISDIR(st.st_mode):
            folder, named_file = real, None
        elif stat.S_ISREG(st.st_mode):
            folder, named_file = real.parent, real
            if FsPath(os.path.abspath(arg)) != real:  # a symlink on the way: where it sits
                where, rest = _before_links(arg)
                if not real.is_relative_to(config_root(where)[0]):
                    folder, named_file = where, where / rest  # out of its root: never read
                    anchor_shown = os.path.normpath(os.path.join(arg, *[".."] * len(rest.parts)))
        else:
            raise UsageError(_("not a file or folder: {path}").format(path=arg))
        root, settled = config_root(folder)
        if named_file is None and not _holds_configs(folder):
            nested: list[FsPath] = []
            for top in _tops_below(real, root, nested):
                _add(sets, root, top, _shown(top, real, arg.rstrip("/") or arg), None)
                nested.extend(sets[top].nested)
            todo.extend(_shown(n, real, arg.rstrip("/") or arg) for n in nested)
            continue
        top = folder
        while top != root and top.parent.is_relative_to(root) and _holds_configs(top.parent):
            if top.parent == root and not settled:
                break
            top = top.parent
        if anchor_shown is None:
            anchor_shown = (
                os.path.dirname(arg) if named_file is not None else arg.rstrip("/") or arg
            )
        shown_top = _shown(top, folder, anchor_shown)
        _add(sets, root, top, shown_top, named_file if named_file is not None else folder)
        if named_file is None:  # a folder with its own settings below the one named
            below = [n for n in sets[top].nested if n.is_relative_to(real)]
            todo.extend(_shown(n, real, arg.rstrip("/") or arg) for n in below)
    for top in sorted(sets):
        if top in sets:
            _join_by_extends(sets, sets[top])
    return [sets[k] for k in sorted(sets)]


# --- sets joined by ``extends`` -------------------------------------------------------------

_EXTENDS_LINE = re.compile(r"^extends\s*:[ \t]*(?P<value>[^#\n]*)", re.MULTILINE)
_LIST_ITEM = re.compile(r"[ \t]*-[ \t]*(?P<value>[^#\n]*)")
_EXTENDS_JSON = re.compile(r'"extends"\s*:\s*(?P<value>"[^"]*"|\[[^\]]*\])')
SCAN_BYTES = 65_536  # ``extends`` is a top-level key, written near the top


def extends_targets(real: FsPath) -> list[FsPath]:
    """Where a file's ``extends`` points, read cheaply from its text (no YAML parse): only
    to tell which folders form one config set; the loader reads ``extends`` for real."""
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(fd)
            head = handle.read(SCAN_BYTES)
    except OSError:
        return []
    _hold(real, st, head)
    text = head.decode("utf-8", "replace")
    values: list[str] = []
    if real.suffix.lower() == ".json":
        match = _EXTENDS_JSON.search(text) if '"extends"' in text else None
        if match:
            values = match["value"].strip("[]").split(",")
    else:
        match = _extends_line(text)
        if match:
            value = match["value"].strip()
            if value:
                values = value.strip("[]").split(",")
            else:
                for line in text[match.end() :].lstrip("\n").splitlines():
                    item = _LIST_ITEM.fullmatch(line)
                    if item is None:
                        break
                    values.append(item["value"])
    targets = []
    for value in values:
        name = value.strip().strip("\"'")
        if name and not os.path.isabs(name) and not name.startswith("~"):
            targets.append(FsPath(os.path.normpath(real.parent / name)))
    return targets


def _extends_line(text: str) -> re.Match[str] | None:
    """``_EXTENDS_LINE.search(text)``, tried only where a line starts with ``extends`` (a
    multi-line ``^`` is tried at every character: 0.1 ms per config)."""
    at = text.find("extends")
    while at != -1:
        if at == 0 or text[at - 1] == "\n":
            match = _EXTENDS_LINE.match(text, at)
            if match is not None:
                return match
        at = text.find("extends", at + 1)
    return None


# Whole files read by extends_targets, with their identity (inode, size, mtime): the loader
# takes them instead of reading the file again, if it has not changed since. Bounded: the
# bytes of the first HELD_BYTES of files.
_held: dict[FsPath, tuple[tuple[int, int, int], bytes]] = {}
HELD_BYTES = 16 * 1024 * 1024
_held_bytes = 0


def _identity(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _hold(real: FsPath, st: os.stat_result, data: bytes) -> None:
    global _held_bytes
    if len(data) != st.st_size or not stat.S_ISREG(st.st_mode):
        return  # only part of it (or not a regular file): the loader reads it
    old = _held.pop(real, None)
    _held_bytes -= len(old[1]) if old is not None else 0
    if _held_bytes + len(data) <= HELD_BYTES:
        _held[real] = (_identity(st), data)
        _held_bytes += len(data)


def release_held() -> None:
    """Drop the bytes held for the loader (the end of a run)."""
    global _held_bytes
    _held.clear()
    _held_bytes = 0


def _take_held(real: FsPath, st: os.stat_result) -> bytes | None:
    """The bytes extends_targets read of ``real``, if the file is still the same."""
    global _held_bytes
    held = _held.pop(real, None)
    if held is None:
        return None
    _held_bytes -= len(held[1])
    return held[1] if held[0] == _identity(st) else None


def _join_by_extends(sets: dict[FsPath, ConfigSet], found: ConfigSet) -> None:
    """A set whose files extend files outside its folder (a base at the repository top or
    in a sibling folder) is one set with every folder linked to it by ``extends``: naming
    one file checks what naming the whole would, and no file is checked twice."""
    root = found.root
    outside = [
        target.resolve()
        for _path, real in found.files
        for target in extends_targets(real)
        if not target.is_relative_to(found.top)
    ]
    outside = [t for t in outside if t.is_relative_to(root) and t.is_file()]
    if not outside:
        return
    top = FsPath(os.path.commonpath([found.top, *(t.parent for t in outside)]))
    units = [top] if _holds_configs(top) else _tops_below(top, root)
    files_of = {unit: sorted(_files_below("", unit, root), key=lambda f: f[1]) for unit in units}
    unit_of = {real: unit for unit, files in files_of.items() for _path, real in files}
    linked: dict[FsPath, set[FsPath]] = {unit: set() for unit in units}
    for unit, files in files_of.items():
        for _path, real in files:
            for target in extends_targets(real):
                other = unit_of.get(target.resolve())
                if other is not None and other != unit:
                    linked[unit].add(other)
                    linked[other].add(unit)
    start = unit_of.get(found.files[0][1]) if found.files else None
    if start is None:
        return
    component, todo = {start}, [start]
    while todo:
        for other in linked[todo.pop()]:
            if other not in component:
                component.add(other)
                todo.append(other)
    component |= {unit for unit in units if unit.is_relative_to(found.top)}
    joined_top = FsPath(os.path.commonpath(sorted(component)))
    shown_top = _shown(joined_top, found.top, found.display_root)
    files = sorted(
        {
            real: (os.path.join(_prefix(shown_top), os.path.relpath(real, joined_top)), real)
            for unit in sorted(component)
            for _path, real in files_of[unit]
        }.values(),
        key=lambda f: f[1],
    )
    named = set(found.named)
    whole = found.whole
    gone: list[list[tuple[str, str]]] = []
    explicit: set[FsPath] = set()
    for key in [k for k in sets if k != found.top and k.is_relative_to(joined_top)]:
        merged = sets[key]
        if any(unit_of.get(real) in component for _path, real in merged.files):
            named |= {real for _path, real in merged.files} if merged.whole else merged.named
            gone.append(merged.skipped)
            explicit |= merged.explicit
            del sets[key]
    if whole:
        named |= {real for _path, real in found.files}
    del sets[found.top]
    joined = ConfigSet(root, joined_top, shown_top, files, named, whole=False)
    joined.skipped = sorted({*found.skipped, *(s for k in gone for s in k)})
    joined.explicit = set(found.explicit) | explicit
    joined.whole = named >= {real for _path, real in files}
    sets[joined_top] = joined


def _add(
    sets: dict[FsPath, ConfigSet], root: FsPath, top: FsPath, shown: str, named: FsPath | None
) -> None:
    """Add the set at ``top`` (once), noting what was named inside it (None: all of it)."""
    found = sets.get(top)
    if found is None:
        skipped: list[tuple[str, str]] = []
        nested: list[FsPath] = []
        files = sorted(_files_below(shown, top, root, skipped, nested), key=lambda f: f[1])
        found = sets[top] = ConfigSet(root, top, shown or ".", files, set(), whole=False)
        found.skipped = skipped
        found.nested = nested
    if named is not None and not named.is_dir():
        found.explicit.add(named)
    if found.whole:
        return
    if named is None or named == top:
        found.whole = True
        found.named = {real for _path, real in found.files}
        return
    if named.is_dir():
        found.named |= {real for _path, real in found.files if real.is_relative_to(named)}
    else:
        found.named.add(named)
        own = OUTSIDE if not named.resolve().is_relative_to(root) else own_output(named)
        if own is not None:
            shown = os.path.join(_prefix(found.display_root), os.path.relpath(named, top))
            if (shown, own) not in found.skipped:
                found.skipped.append((shown, own))
        elif named not in {real for _path, real in found.files}:
            found.files.append(
                (os.path.join(_prefix(found.display_root), os.path.relpath(named, top)), named)
            )
            found.files.sort(key=lambda f: f[1])
    found.whole = found.named >= {real for _path, real in found.files}


def _before_links(given: str) -> tuple[FsPath, FsPath]:
    """The last real folder ``given`` reaches before a symlink (its parent if none), and the
    rest of the path from there: where a named file sits, before any link is followed."""
    parts = FsPath(given).parts
    where = FsPath(parts[0] if FsPath(given).is_absolute() else os.getcwd()).resolve()
    parts = parts[1:] if FsPath(given).is_absolute() else parts
    for n, part in enumerate(parts[:-1]):
        step = where / part
        if step.is_symlink() or not step.is_dir():
            return where, FsPath(*parts[n:])
        where = step
    return where, FsPath(parts[-1])


def _prefix(display_root: str) -> str:
    return "" if display_root == "." else display_root


OUTSIDE = _("a symlink leading outside the config root; not read")


def _walk(
    shown: str,
    real: FsPath,
    root: FsPath,
    skipped: list[tuple[str, str]] | None = None,
    nested: list[FsPath] | None = None,
) -> Iterator[tuple[str, FsPath, bool]]:
    """(shown path, real path, is_dir) of the entries of a folder, sorted; nothing hidden.
    Config files skipped (a symlink out of the root) are added to ``skipped``; a folder
    holding its own settings file is another config root: left out, added to ``nested``."""
    try:
        entries = sorted(os.scandir(real), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_shown = _join(shown, entry.name)
        try:
            if entry.is_symlink():
                target = FsPath(entry.path).resolve()
                if not target.is_relative_to(root):
                    if skipped is not None and entry.name.lower().endswith(EXTENSIONS):
                        skipped.append((entry_shown, OUTSIDE))
                    continue
                if not target.is_file():
                    continue  # links to folders are not followed
                yield entry_shown, target, False
            elif entry.is_dir(follow_symlinks=False):
                if has_settings(FsPath(entry.path)):
                    if nested is not None:
                        nested.append(FsPath(entry.path))
                    continue
                yield entry_shown, FsPath(entry.path), True
            elif entry.is_file(follow_symlinks=False):
                yield entry_shown, FsPath(entry.path), False
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            continue


def _tops_below(folder: FsPath, root: FsPath, nested: list[FsPath] | None = None) -> list[FsPath]:
    """The topmost folders below ``folder`` that hold config files directly (folders with
    their own settings file, other roots, go to ``nested``)."""
    tops: list[FsPath] = []
    for _path, real, is_dir in _walk("", folder, root, None, nested):
        if not is_dir:
            continue
        if _holds_configs(real):
            tops.append(real)
        else:
            tops.extend(_tops_below(real, root, nested))
    return tops


def _files_below(
    shown: str,
    folder: FsPath,
    root: FsPath,
    skipped: list[tuple[str, str]] | None = None,
    nested: list[FsPath] | None = None,
) -> list[tuple[str, FsPath]]:
    """The config files below ``folder``. deploylint's own outputs and a policy pack's test
    fixtures are left out (and noted in ``skipped``): they are never read as configs."""
    found: list[tuple[str, FsPath]] = []
    entries = list(_walk(shown, folder, root, skipped, nested))
    pack = None
    if any(is_dir and real.name == "tests" for _, real, is_dir in entries):
        pack = next((s for s, r, d in entries if not d and is_pack(r)), None)
    for entry_shown, real, is_dir in entries:
        if is_dir and pack is not None and real.name == "tests":
            if skipped is not None:
                skipped.append((entry_shown, f"{NOT_CONFIG}: test fixtures of the pack {pack}"))
        elif is_dir:
            found.extend(_files_below(entry_shown, real, root, skipped, nested))
        elif real.suffix.lower() in EXTENSIONS:
            own = own_output(real)
            if own is None:
                found.append((entry_shown, real))
            elif skipped is not None:
                skipped.append((entry_shown, own))
    return found


# deploylint's own outputs, told by their first bytes: never read as configs
_OWN_OUTPUTS = tuple(
    (re.compile(pattern), what)
    for pattern, what in (
        (rb'\A\s*\{\s*"format"\s*:\s*"deploylint-snapshot"', "a deploylint snapshot"),
        (rb'\A\s*\{\s*"deploylint-baseline"\s*:', "a deploylint baseline"),
        (rb'\A\s*\{\s*"findings"\s*:\s*\[', "a deploylint JSON report"),
        (rb'\A\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*"', "a SARIF report"),
        (rb'\A\s*\[\s*(\]|\{\s*"description"\s*:)', "a GitLab code quality report"),
        (
            rb'\A\s*\{\s*"\$schema"\s*:\s*"[^"]*"\s*,\s*"\$id"\s*:\s*"https://deploylint\.dev/',
            "a deploylint JSON Schema (schema --write)",
        ),
        (rb'\A\s*\{\s*"\$schema"\s*:\s*"[^"]*schema-catalog\.json"', "a schema catalog"),
    )
)


def own_output(path: FsPath) -> str | None:
    """Why a file is one of deploylint's own outputs (a report, SARIF, GitLab, a baseline, a
    snapshot, a written schema or catalog, or an empty one a redirect is writing), or None.
    Only the first 512 bytes are read."""
    if path.suffix.lower() != ".json":
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return None
    if len(head) < 512 and not head.removeprefix(b"\xef\xbb\xbf").strip():
        # nothing yet: what a shell redirect (`check --format json . > report.json`) has
        # just created; empty, as an empty YAML file is
        return f"{NOT_CONFIG}: empty"
    for pattern, what in _OWN_OUTPUTS:
        if pattern.match(head):
            return f"{NOT_CONFIG}: {what}"
    return None


def is_snapshot(path: FsPath) -> bool:
    """A live snapshot (``deploylint export``) is input to ``--snapshot``, not a config."""
    return (own_output(path) or "").endswith("a deploylint snapshot")


_PACK_NAME = re.compile(r"^name\s*:", re.MULTILINE)
_PACK_KEYS = re.compile(r"^(rules|prefix|mandatory|vocabulary)\s*:", re.MULTILINE)


def is_pack(path: FsPath) -> bool:
    """A policy pack (``name:`` and ``rules:``/``prefix:`` at the top level), read cheaply."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            text = handle.read(SCAN_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    return bool(_PACK_NAME.search(text) and _PACK_KEYS.search(text))


def read_regular(path: FsPath, limit: int) -> bytes | tuple[Kind, str]:
    """The bytes of a regular file, or why it was not read (FIFOs are never opened)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return Kind.SYNTAX, _("not a regular file; not read")
        if st.st_size > limit:
            return (
                Kind.RESOURCE_LIMIT,
                _("file is {size:,} bytes, over the {limit:,}-byte limit; not parsed").format(
                    size=st.st_size, limit=limit
                ),
            )
        held = _take_held(path, st)
        if held is not None:  # read whole while the sets were found: not read twice
            return held
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        return Kind.SYNTAX, _("cannot read file: {reason}").format(reason=exc.strerror)
