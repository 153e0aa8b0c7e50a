"""What a run tells stderr while it works: ``--verbose`` lines and a progress line.

Both are engine observers (``findings.engine.Observer``): told the config sets when a run
starts and each set's result as it is done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from deploylint.i18n import _, cells, join, ngettext

if TYPE_CHECKING:
    from deploylint.findings.engine import SetResult
    from deploylint.sources.files import ConfigSet

# A run shorter than this shows no progress at all; tests set it to 0.
DELAY = float(os.environ.get("DEPLOYLINT_PROGRESS_DELAY", "0.5"))
INTERVAL = 0.1  # at most ten updates a second


class Verbose:
    """Each config set as it is done: its folder, environments and files (to stderr)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def started(self, sets: Sequence[ConfigSet]) -> None:
        files = sum(len(s.files) for s in sets)
        self.out.write(
            "deploylint: "
            + _("{sets}, {files}").format(sets=_sets(len(sets)), files=_files(files))
            + "\n"
        )

    def set_done(self, config_set: ConfigSet, result: SetResult) -> None:
        envs = join(result.environment_names) or _("none declared")
        line = _("config set {folder}: {files}; environments: {environments}").format(
            folder=config_set.display_root, files=_files(result.files), environments=envs
        )
        self.out.write(line + "\n")
        skipped = dict(result.skipped)
        for shown, _unused in config_set.files:
            if shown not in skipped:
                self.out.write(f"  {shown}\n")
        self.out.flush()  # the files skipped: listed at the end, as for every command


class Progress:
    """``N/M files, n/m sets`` on one line, rewritten in place; only on a terminal."""

    def __init__(self, out: IO[str], delay: float = DELAY) -> None:
        self.out = out
        self.delay = delay
        self.start = time.monotonic()
        self.last = 0.0
        self.files = self.sets = self.total_files = self.total_sets = 0
        self.width = 0

    def started(self, sets: Sequence[ConfigSet]) -> None:
        self.start = time.monotonic()
        self.total_sets = len(sets)
        self.total_files = sum(len(s.files) for s in sets)

    def set_done(self, config_set: ConfigSet, result: SetResult) -> None:
        self.files += result.files
        self.sets += 1
        now = time.monotonic()
        if now - self.start < self.delay or (self.width and now - self.last < INTERVAL):
            return
        self.last = now
        line = "deploylint: " + _(
            "{files:,}/{total_files:,} files, {sets:,}/{total_sets:,} config sets checked"
        ).format(
            files=self.files,
            total_files=self.total_files,
            sets=self.sets,
            total_sets=self.total_sets,
        )
        self.out.write("\r" + line + " " * max(self.width - cells(line), 0))
        self.width = cells(line)
        self.out.flush()

    def close(self) -> None:
        """Clear the progress line, so the report starts on a clean terminal."""
        if self.width:
            self.out.write("\r" + " " * self.width + "\r")
            self.out.flush()
            self.width = 0


def _files(count: int) -> str:
    return ngettext("{count:,} file", "{count:,} files", count).format(count=count)


def _sets(count: int) -> str:
    return ngettext("{count:,} config set", "{count:,} config sets", count).format(count=count)


class Chatter:
    """``--verbose`` for every command: the settings file used, the files skipped, and
    where the time went (stderr). Off unless a command's ``--verbose`` turned it on."""

    def __init__(self) -> None:
        self.out: IO[str] | None = None
        self.start = time.monotonic()
        self.settings: list[str] = []
        self.stages: dict[str, float] = {}

    def begin(self, out: IO[str] | None) -> None:
        self.out = out
        self.start = time.monotonic()
        self.settings = []
        self.stages = {}

    @property
    def on(self) -> bool:
        return self.out is not None

    def settings_used(self, file: object | None) -> None:
        """A settings file the run applies (None: the defaults); each one said once."""
        shown = str(file) if file is not None else ""
        if self.out is None or shown in self.settings:
            return
        self.settings.append(shown)
        line = (
            _("settings file: {file}").format(file=shown)
            if shown
            else _("settings file: none (defaults)")
        )
        self.out.write(f"deploylint: {line}\n")

    def skipped(self, file: str, why: str) -> None:
        if self.out is not None:
            note = _("skipped {file}: {why}").format(file=file, why=why)
            self.out.write(f"deploylint: {note}\n")

    def timed(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    def end(self) -> None:
        """The last line: the whole run's time and its stages'."""
        if self.out is None:
            return
        total = time.monotonic() - self.start
        parts = ", ".join(f"{_(name)} {seconds:.2f} s" for name, seconds in self.stages.items())
        line = _("done in {seconds:.2f} s").format(seconds=total)
        self.out.write(f"deploylint: {line}{f' ({parts})' if parts else ''}\n")
        self.out.flush()
        self.out = None


CHATTER = Chatter()
