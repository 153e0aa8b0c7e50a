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
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from deploylint.model.problems import Kind

EXTENSIONS = (".yaml", ".yml", ".json")
SETTINGS_FILE = ".deploylint.yaml"


class UsageError(Exception):
    """A command-line problem (a PATH that does not exist): exit code 2."""


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


def has_settings(folder: FsPath) -> bool:
    """Whether ``folder`` holds deploylint settings."""
    if (folder / SETTINGS_FILE).is_file():
        return True
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return False
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
            if entry.is_file(follow_symlinks=False) and not is_snapshot(FsPath(entry.path)):
                return True
        except OSError:
            continue
    return False


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
    for arg in paths:
        try:
            st = os.stat(arg)
        except OSError:
            raise UsageError(f"path does not exist: {arg}") from None
        real = FsPath(arg).resolve()
        if stat.S_ISDIR(st.st_mode):
            folder, named_file = real, None
        elif stat.S_ISREG(st.st_mode):
            folder, named_file = real.parent, real
        else:
            raise UsageError(f"not a file or folder: {arg}")
        root, settled = config_root(folder)
        if named_file is None and not _holds_configs(folder):
            for top in _tops_below(real, root):
                _add(sets, root, top, _shown(top, real, arg.rstrip("/") or arg), None)
            continue
        top = folder
        while top != root and top.parent.is_relative_to(root) and _holds_configs(top.parent):
            if top.parent == root and not settled:
                break
            top = top.parent
        anchor_shown = os.path.dirname(arg) if named_file is not None else arg.rstrip("/") or arg
        shown_top = _shown(top, folder, anchor_shown)
        _add(sets, root, top, shown_top, named_file if named_file is not None else folder)
    return [sets[k] for k in sorted(sets)]


def _add(
    sets: dict[FsPath, ConfigSet], root: FsPath, top: FsPath, shown: str, named: FsPath | None
) -> None:
    """Add the set at ``top`` (once), noting what was named inside it (None: all of it)."""
    found = sets.get(top)
    if found is None:
        files = sorted(_files_below(shown, top, root), key=lambda f: f[1])
        found = sets[top] = ConfigSet(root, top, shown or ".", files, set(), whole=False)
    if found.whole:
        return
    if named is None or named == top:
        found.whole = True
        found.named = {real for _, real in found.files}
        return
    if named.is_dir():
        found.named |= {real for _, real in found.files if real.is_relative_to(named)}
    else:
        found.named.add(named)
        if named not in {real for _, real in found.files}:
            found.files.append(
                (os.path.join(_prefix(found.display_root), os.path.relpath(named, top)), named)
            )
            found.files.sort(key=lambda f: f[1])
    found.whole = found.named >= {real for _, real in found.files}


def _prefix(display_root: str) -> str:
    return "" if display_root == "." else display_root


def _walk(shown: str, real: FsPath, root: FsPath) -> Iterator[tuple[str, FsPath, bool]]:
    """(shown path, real path, is_dir) of the entries of a folder, sorted; nothing hidden."""
    try:
        entries = sorted(os.scandir(real), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_shown = os.path.join(shown, entry.name)
        try:
            if entry.is_symlink():
                target = FsPath(entry.path).resolve()
                if not target.is_relative_to(root) or not target.is_file():
                    continue  # links out of the root, and links to folders, are not followed
                yield entry_shown, target, False
            elif entry.is_dir(follow_symlinks=False):
                yield entry_shown, FsPath(entry.path), True
            elif entry.is_file(follow_symlinks=False):
                yield entry_shown, FsPath(entry.path), False
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            continue


def _tops_below(folder: FsPath, root: FsPath) -> list[FsPath]:
    """The topmost folders below ``folder`` that hold config files directly."""
    tops: list[FsPath] = []
    for _, real, is_dir in _walk("", folder, root):
        if not is_dir:
            continue
        if _holds_configs(real):
            tops.append(real)
        else:
            tops.extend(_tops_below(real, root))
    return tops


def _files_below(shown: str, folder: FsPath, root: FsPath) -> list[tuple[str, FsPath]]:
    found: list[tuple[str, FsPath]] = []
    for entry_shown, real, is_dir in _walk(shown, folder, root):
        if is_dir:
            found.extend(_files_below(entry_shown, real, root))
        elif real.suffix.lower() in EXTENSIONS and not is_snapshot(real):
            found.append((entry_shown, real))
    return found


_SNAPSHOT = re.compile(rb'\A\s*\{\s*"format"\s*:\s*"deploylint-snapshot"')


def is_snapshot(path: FsPath) -> bool:
    """A live snapshot (``deploylint export``) is input to ``--snapshot``, not a config:
    its first key says so, and only the first 256 bytes are read to tell."""
    if path.suffix.lower() != ".json":
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return _SNAPSHOT.match(head) is not None


def read_regular(path: FsPath, limit: int) -> bytes | tuple[Kind, str]:
    """The bytes of a regular file, or why it was not read (FIFOs are never opened)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return Kind.SYNTAX, "not a regular file; not read"
        if st.st_size > limit:
            return (
                Kind.RESOURCE_LIMIT,
                f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit; not parsed",
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        return Kind.SYNTAX, f"cannot read file: {exc.strerror}"
