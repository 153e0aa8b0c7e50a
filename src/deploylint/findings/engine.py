"""The engine: run the rules on effective configs, locate, filter and suppress findings.

Rules report document paths; this is the one place that turns them into locations (a
file position or a live resource, whichever the effective config answers), applies the
policy's and the settings' severities, ``select``/``ignore``/``enabled``/per-path
filters and suppression comments, and removes duplicates (a shared file is checked once
per environment). Every finding goes through the same filters, including the ones the
engine makes itself (DL009, DL007, loader findings).
"""

from __future__ import annotations

import fnmatch
import gc
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from deploylint import i18n
from deploylint.findings import baseline
from deploylint.findings.baseline import Key
from deploylint.findings.baseline import key as baseline_key
from deploylint.findings.finding import Finding, Related, Severity, make_finding
from deploylint.i18n import _, msg, ngettext
from deploylint.model.effective import MISSING, Effective, lookup
from deploylint.model.location import Path, format_path
from deploylint.model.problems import Kind
from deploylint.model.reads import Reads, release, traced_all
from deploylint.model.values import UNKNOWN
from deploylint.ownmodels import users_models
from deploylint.report import Inbound, Report, SecurityGroups
from deploylint.rules import all_rules
from deploylint.rules.input import RULES
from deploylint.rules.plugins import invalid, one_line
from deploylint.rules.policy import Policy, fixture_folder, load_policy
from deploylint.rules.rule import Context, Rule, Violation, read_only, read_only_all
from deploylint.settings import Settings
from deploylint.source import Read
from deploylint.sources.configset import (
    Issue,
    SourceDoc,
)
from deploylint.sources.files import (
    NOT_CONFIG,
    ConfigSet,
    UsageError,
    config_root,
    discover,
    release_held,
)
from deploylint.sources.files import _holds_configs as holds_configs
from deploylint.sources.merge import (
    MAX_VARIANTS,
    Conflict,
    SetEnvironments,
    combinations,
)

if TYPE_CHECKING:
    from deploylint.model.fix import Fix, FixIntent

_GLOB = re.compile(r"[*?\[]")
PARALLEL_FILES = 400  # below this many files a process pool costs more than it saves


class Observer(Protocol):
    """Told when a run starts and as each config set is done (``--verbose``, progress)."""

    def started(self, sets: Sequence[ConfigSet]) -> None: ...

    def set_done(self, config_set: ConfigSet, result: SetResult) -> None: ...


def check(
    paths: list[str],
    settings: Settings,
    observer: Observer | None = None,
    stdin: bytes | None = None,
    overrides: Mapping[FsPath, bytes] | None = None,
    allow_no_configs: bool = False,
) -> Report:
    """Check every config set ``paths`` name. Raises UsageError or PolicyError only.

    With ``stdin``, ``paths`` is one file name and ``stdin`` stands in for that file's text
    inside its config set (nothing is read from disk for it). ``overrides`` stand in for
    files by real path (``--fix`` checks its edited texts before writing them). A run in
    which no file is a config is the usage error "no config files", unless
    ``allow_no_configs`` (the pre-commit hook: it passes every changed YAML and JSON file).
    """
    policy = load_policy(settings.policy)  # a broken pack is a usage error before any work
    sets = discover_stdin(paths[0], stdin) if stdin is not None else discover(paths)
    sets = without_fixtures(sets, settings.policy)  # `deploylint test` reads those
    for found in sets:
        found.overrides = {**(overrides or {}), **found.overrides}
    if not any(s.files for s in sets):
        skipped = [s for found in sets for s in found.skipped]
        if allow_no_configs and skipped:
            return Report([], skipped=skipped, skipped_named={f for f, _ in skipped})
        raise UsageError(_no_configs(paths, skipped))
    if observer is not None:
        observer.started(sets)
    report = Report([], rules=policy.registry())
    named_read = 0
    if sets:
        report.root = os.path.commonpath([str(s.root) for s in sets])
    # each set under the nearest settings file at or above it (ruff's model)
    per_set = [settings.nearest(s.top) for s in sets]
    for local in {id(x): x for x in per_set}.values():
        if local is not settings:
            report.rules = {**load_policy(local.policy).registry(), **report.rules}
    jobs = _jobs(settings.jobs, sets)
    with ExitStack() as stack:
        if jobs > 1:
            results = _in_pool(stack, jobs, sets, per_set)
        else:
            results = (check_set(s, local) for s, local in zip(sets, per_set, strict=True))
        for config_set, result in zip(sets, results, strict=True):
            if observer is not None:
                observer.set_done(config_set, result)
            report.files += result.files
            report.sets += 1
            report.environments += result.environments
            report.findings.extend(result.shown)
            report.texts.update(result.texts)
            report.keys |= result.keys
            report.config_sets.add(result.config_set)
            report.skipped.extend(result.skipped)
            report.skipped_named |= result.skipped_named
            named_read += result.named_read
            report.environment_names.update(result.environment_names)
            report.networks.extend(result.networks)
            if result.hidden:
                report.hidden[result.display_root] = result.hidden
    release_held()  # what discovery read for the loader and it did not take
    report.findings.sort(key=Finding.sort_key)  # the order of Finding.__lt__, each key once
    # nothing named (or in a folder named) read, and not because the settings leave it out
    # (a named file that `exclude` removes is its own visible skip, as a symlink out is);
    # a run that read no file at all is never a clean pass, whatever the reason
    excluded = any(not why.startswith(NOT_CONFIG) for _, why in report.skipped)
    if named_read == 0 and (not excluded or report.files == 0) and not allow_no_configs:
        named = [s for s in report.skipped if s[0] in report.skipped_named]
        raise UsageError(_no_configs(paths, named or report.skipped))
    return report


def _no_configs(paths: list[str], skipped: list[tuple[str, str]]) -> str:
    """The usage error of a run in which no file is a config: what was skipped, and why."""
    if not skipped:
        return _("no config files (.yaml, .yml, .json) under {paths}").format(paths=" ".join(paths))
    shown = _("; ").join(f"{file}: {why}" for file, why in skipped[:3])
    more = (
        _("; and {count} more (--verbose lists them)").format(count=len(skipped) - 3)
        if len(skipped) > 3
        else ""
    )
    files = ngettext("{count} file", "{count} files", len(skipped)).format(count=len(skipped))
    return _("no config files: {files} skipped ({shown}{more})").format(
        files=files, shown=shown, more=more
    )


def discover_stdin(shown: str, text: bytes) -> list[ConfigSet]:
    """The config set of ``shown`` with ``text`` standing in for it, on disk or not."""
    if not shown or shown.endswith(("/", os.sep)):
        raise UsageError(f"--stdin-filename {shown!r}: name a file")
    real = FsPath(shown).resolve()
    if real.is_file():
        sets = discover([shown])
    else:
        folder = real.parent
        if real.exists():
            raise UsageError(_("--stdin-filename {path}: not a regular file").format(path=shown))
        if not folder.is_dir():
            raise UsageError(_("--stdin-filename {path}: folder does not exist").format(path=shown))
        sets = []
        if holds_configs(folder):  # a new file beside others: their set (never a tree walk)
            sets = [
                s for s in discover([os.path.dirname(shown) or "."]) if folder.is_relative_to(s.top)
            ]
        if sets:
            found = sets[0]
            found.files.append((shown, real))
            found.files.sort(key=lambda f: f[1])
        else:
            root, _unused = config_root(folder)
            sets = [ConfigSet(root, folder, os.path.dirname(shown) or ".", [(shown, real)])]
    for found in sets:
        found.named = {real}
        found.whole = len(found.files) == 1
        found.overrides[real] = text
    return sets


def without_fixtures(sets: list[ConfigSet], policy: str | None) -> list[ConfigSet]:
    """The config sets without the pack's fixtures (``check`` never reads them: a ``fire``
    fixture is wrong on purpose; ``deploylint test`` reads them)."""
    folder = fixture_folder(policy).resolve()
    out = []
    for found in sets:
        files = [(shown, real) for shown, real in found.files if not real.is_relative_to(folder)]
        if len(files) == len(found.files):
            out.append(found)
        elif files:
            named = {real for real in found.named if not real.is_relative_to(folder)}
            out.append(replace(found, files=files, named=named))
    return out


def _jobs(requested: int | None, sets: Sequence[ConfigSet]) -> int:
    if requested is not None:
        return max(1, min(requested, len(sets)))
    files = sum(len(s.files) for s in sets)
    if files < PARALLEL_FILES or len(sets) < 2:
        return 1
    return max(1, min(os.cpu_count() or 1, len(sets)))


def _in_pool(
    stack: ExitStack, jobs: int, sets: Sequence[ConfigSet], per_set: Sequence[Settings]
) -> Iterator[SetResult]:
    """``check_set`` on every set in ``jobs`` worker processes, results in order.

    What the pool costs is kept small: the workers get the sets and their settings once, as
    they start (inherited through fork; pickled once per worker elsewhere), and are sent
    only indices; sets go in chunks (one message carries several); and what the parent
    holds when it forks is frozen for the garbage collector, so a worker's collections do
    not walk (and so copy the memory pages of) the parent's objects.
    """
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: -j only

    pool = stack.enter_context(  # the workers speak the run's language
        ProcessPoolExecutor(
            max_workers=jobs,
            initializer=_worker_start,
            initargs=(i18n.language(), sets, per_set),
        )
    )
    frozen = gc.get_freeze_count()
    gc.freeze()  # the workers fork on the first submit, inside ``map``
    try:
        return pool.map(_check_nth, range(len(sets)), chunksize=chunk_size(len(sets), jobs))
    finally:
        # the collector as it was for a caller that froze nothing (a library's, a test's);
        # a process that freezes (the CLI's main) keeps them frozen, since unfreezing would
        # also thaw what it froze itself (they live until it exits anyway)
        if not frozen:
            gc.unfreeze()


def chunk_size(sets: int, jobs: int) -> int:
    """Sets per message to a worker: about 16 chunks per worker (the last chunks to finish
    keep few workers waiting), at most 32 sets (a progress report per chunk)."""
    return max(1, min(32, sets // (jobs * 16)))


_WORK: tuple[Sequence[ConfigSet], Sequence[Settings]] = ((), ())  # a worker's sets


def _worker_start(language: str, sets: Sequence[ConfigSet], per_set: Sequence[Settings]) -> None:
    global _WORK
    i18n.set_language(language)
    _WORK = (sets, per_set)


def _check_nth(n: int) -> SetResult:
    """The worker's job: ``check_set`` on the nth set of the run."""
    sets, per_set = _WORK
    return check_set(sets[n], per_set[n])


@dataclass
class SetResult:
    display_root: str
    files: int
    environments: int
    shown: list[Finding] = field(default_factory=list)
    hidden: int = 0
    texts: dict[str, str] = field(default_factory=dict)
    keys: set[Key] = field(default_factory=set)  # every finding's baseline key
    config_set: str = ""  # the set's folder (real path): baseline entries of this run
    environment_names: tuple[str, ...] = ()
    networks: list[SecurityGroups] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    skipped_named: set[str] = field(default_factory=set)  # skipped files named one by one
    named_read: int = 0  # files read whose findings are shown (all, or the named ones)


def check_set(config_set: ConfigSet, settings: Settings) -> SetResult:
    """One config set, start to finish (a unit of work for the process pool)."""
    from deploylint.source import read_set

    config_set = included(config_set, settings)
    policy = load_policy(settings.policy)
    read = read_set(config_set, settings)
    raw = evaluate(read, policy, settings)
    findings = finish(raw, settings, policy, read.texts, read.docs)
    findings = one_mistake(findings, read.issues, read.environments)
    findings = baseline.identify(findings, config_set.top, dict(config_set.files))
    files = len(config_set.files) - len(read.not_configs)
    result = SetResult(config_set.display_root, files, len(read.environments))
    result.config_set = read.identity
    findings, result.keys = apply_baseline(findings, settings)
    result.environment_names = tuple(sorted(e for e in read.environments if e is not None))
    result.networks = [
        security_groups(eff, policy, config_set.display_root)
        for _, eff in sorted(read.environments.items(), key=lambda kv: kv[0] or "")
    ]
    if config_set.whole:
        result.shown = findings
    else:
        named = {shown for shown, real in config_set.files if real in config_set.named}
        result.shown = [f for f in findings if f.file in named]
        result.hidden = len(findings) - len(result.shown)
    result.texts = {f.file: read.texts[f.file] for f in result.shown if f.file in read.texts}
    not_configs = [  # with some files named, the others' skips are not the user's concern
        entry
        for real, entry in read.not_configs.items()
        if config_set.whole or real in config_set.named
    ]
    found = [  # deploylint's outputs and pack fixtures met in the folders
        entry
        for entry in config_set.skipped
        if config_set.whole
        or not entry[1].startswith(NOT_CONFIG)
        or FsPath(entry[0]).resolve() in config_set.explicit
    ]
    result.skipped = sorted([*found, *not_configs])
    read_files = {real for _, real in config_set.files} - set(read.not_configs)
    result.named_read = len(read_files & config_set.named)
    result.skipped_named = {
        shown for shown, _ in result.skipped if FsPath(shown).resolve() in config_set.explicit
    }
    return result


def apply_baseline(findings: list[Finding], settings: Settings) -> tuple[list[Finding], set[Key]]:
    """The findings ``settings.baseline`` does not hold, and every finding's key."""
    keys = {baseline_key(f) for f in findings}
    if settings.baseline:
        findings = [f for f in findings if baseline_key(f) not in settings.baseline]
    return findings, keys


def evaluate(read: Read, policy: Policy, settings: Settings) -> list[Finding]:
    """The rules on a source's read (any source), with the findings of reading it."""
    raw = run_rules(read.environments, policy, settings, read.worlds)
    return [*raw, *read.problems]


def included(config_set: ConfigSet, settings: Settings) -> ConfigSet:
    """The set without the files ``include``/``exclude`` leave out (they are not read)."""
    if not settings.include and not settings.exclude:
        return config_set

    def wanted(real: FsPath) -> bool:
        names = {real.as_posix()}
        if settings.base is not None and real.is_relative_to(settings.base):
            names.add(real.relative_to(settings.base).as_posix())
        if settings.include and not any(
            fnmatch.fnmatch(n, p) for n in names for p in settings.include
        ):
            return False
        return not any(fnmatch.fnmatch(n, p) for n in names for p in settings.exclude)

    def forced(real: FsPath) -> bool:  # a file the include names, not only a pattern
        names = {real.as_posix()}
        if settings.base is not None and real.is_relative_to(settings.base):
            names.add(real.relative_to(settings.base).as_posix())
        return any(
            n == p.rstrip("/") or (not _GLOB.search(p) and fnmatch.fnmatch(n, p))
            for n in names
            for p in settings.include
        )

    files = [(shown, real) for shown, real in config_set.files if wanted(real)]
    named = {real for real in config_set.named if wanted(real)}
    force = {real for _, real in files if forced(real)}
    skipped = [*config_set.skipped]
    skipped += [  # a file named on the command line that include/exclude leaves out
        (shown, _("excluded by the settings' include/exclude"))
        for shown, real in config_set.files
        if real in config_set.explicit and not wanted(real)
    ]
    return replace(config_set, files=files, named=named, skipped=skipped, forced=force)


@dataclass
class Declared:
    """The declared side of a live run: every environment of the sets named."""

    environments: dict[str | None, Effective]
    texts: dict[str, str]
    problems: list[Finding]  # of reading the files (DL0xx)
    skipped: list[tuple[str, str]]  # files left out (not configs, excluded), as for check


def declared_environments(paths: list[str], settings: Settings) -> Declared:
    """The declared side for drift: every environment of the sets ``paths`` name (the
    same file source as ``check``'s)."""
    from deploylint.source import FileSource

    found = Declared({}, {}, [], [])
    for read in FileSource(discover(paths)).reads(settings):
        found.environments.update(read.environments)
        found.texts.update(read.texts)
        found.problems.extend(read.problems)
        found.skipped.extend(read.skipped)
    found.skipped.sort()
    return found


def security_groups(eff: Effective, policy: Policy, config_set: str = "") -> SecurityGroups:
    """An environment's security groups and their roles, as the network rules read them.

    For the reports that draw them; a failure here is the report's "not drawn", never a
    failed run (as a rule's bug is one finding, not a lost run)."""
    try:
        return _security_groups(eff, policy, config_set)
    except Exception as exc:
        problem = f"internal error reading them ({type(exc).__name__}: {exc}); please report it"
        return SecurityGroups(eff.env or "", config_set, problem=problem)


def _security_groups(eff: Effective, policy: Policy, config_set: str) -> SecurityGroups:
    from deploylint.rules import _network

    env = eff.env or ""
    declared = _network.groups(eff.model)
    if declared is None:
        problem = ""
        if eff.has(_network.GROUPS):
            problem = "the security groups do not match the schema (see the findings)"
        return SecurityGroups(env, config_set, problem=problem)
    options = {k: getattr(policy.options.get("DL207"), k, None) for k in ("load_balancer", "app")}
    roles = {name: role for role, name in options.items() if isinstance(name, str)}
    named = {
        kind: getattr(policy.options.get("DL207"), kind, None) for kind in ("database", "cache")
    }
    exclude = tuple(roles)
    for name, kind in _network.store_groups(eff.model, named, exclude).items():
        roles.setdefault(name, kind)
    rules = tuple(
        Inbound(
            ref.group,
            ref.index,
            str(ref.rule.port),
            ref.rule.protocol or "",
            ref.rule.source,
            eff.origin(ref.path),
            format_path(ref.path),
        )
        for ref in _network.inbound(eff.model)
    )
    return SecurityGroups(env, config_set, tuple(declared), rules, roles)


# --- running rules -----------------------------------------------------------------------


def active_rules(policy: Policy, settings: Settings) -> list[Rule]:
    """The rules to run (worked out once per policy and selection, not once per set)."""
    key = (tuple(settings.select), tuple(settings.ignore))
    held = _active.get(id(policy))
    if held is not None and held[0] is policy and held[1] == key:
        return list(held[2])
    rules = [
        rule
        for rule in policy.registry().values()
        if rule.check is not None and rule.id in policy.enabled and settings.selected(rule.id)
    ]
    _active[id(policy)] = (policy, key, tuple(rules))
    return rules


_active: dict[int, tuple[Policy, tuple[tuple[str, ...], tuple[str, ...]], tuple[Rule, ...]]] = {}


def run_rules(
    environments: Mapping[str | None, Effective],
    policy: Policy,
    settings: Settings,
    worlds: SetEnvironments | None = None,
) -> list[Finding]:
    """Run every enabled rule on every environment; located findings.

    Where a config set has conflicting values (``worlds``) or rejected ones, the engine
    observes what each rule reads (``model.reads``): a rule sees every combination of the
    values of the conflicts it reads, and says "not checked" where it read a rejected
    value and reported nothing there.
    """
    rules = active_rules(policy, settings)
    found: list[Finding] = []
    # once per environment (what environments share, once): rules cannot change what the
    # others see
    read_only_all(environments.values())
    environments = MappingProxyType(dict(environments))
    conflicts = worlds.conflicts if worlds is not None else {}
    for env, eff in environments.items():
        for rule in rules:
            if rule.scope != "environment":
                continue
            if conflicts.get(env) or eff.invalid:
                found.extend(_observed(rule, [env], environments, policy, worlds))
            else:
                found.extend(_run_one(rule, eff, policy, environments))
    for rule in [r for r in rules if r.scope == "all"]:
        if any(conflicts.values()) or any(e.invalid for e in environments.values()):
            found.extend(_observed(rule, list(environments), environments, policy, worlds))
        else:
            found.extend(_run_all(rule, environments, policy))
    if all(f.fix is None for f in found):
        return found  # nothing to settle (findings.fixes is imported for a fix only)
    from deploylint.findings.fixes import settle

    return settle(found)


Pick = tuple[str | None, int]  # a conflict: its environment and its place there


def _observed(
    rule: Rule,
    scope: list[str | None],
    environments: Mapping[str | None, Effective],
    policy: Policy,
    worlds: SetEnvironments | None,
) -> Iterator[Finding]:
    """``rule`` on every combination of the values of the conflicts it reads (found by
    observing its reads, to a fixed point: a rule that reads the same values says the same
    things), bounded by ``MAX_VARIANTS`` combinations; "not checked" where it read a
    rejected value and said nothing there."""
    conflicts = worlds.conflicts if worlds is not None else {}
    every = [(env, n) for env in scope for n in range(len(conflicts.get(env, ())))]
    group: list[Pick] = []
    seen: set[tuple[tuple[Pick, int], ...]] = set()
    partial = False
    unchecked: dict[tuple[str | None, Path], Effective] = {}
    reported: set[tuple[str | None, Path]] = set()
    while True:
        sizes = [1 + len(conflicts[env][n].alternatives) for env, n in group]
        if rule.reads_alone:  # each value once is every value it can judge
            rows = [tuple(min(r, s - 1) for s in sizes) for r in range(max(sizes, default=1))]
        else:
            rows = [tuple(0 for _ in group), *combinations(sizes)]
            partial = partial or len(rows) < math.prod(sizes)
        new: set[Pick] = set()
        for row in rows:
            picks = tuple((group[k], v) for k, v in enumerate(row) if v)
            if picks in seen:
                continue
            seen.add(picks)
            world = dict(environments)
            for env in {env for (env, _n), _v in picks}:
                assert worlds is not None
                world[env] = worlds.variant(env, [(n, v) for (e, n), v in picks if e == env])
                read_only(world[env])
            reads = Reads()
            try:
                views = traced_all({env: world[env] for env in world}, reads)
                for v_found in _run_traced(rule, scope, world, views, policy):
                    reported.add((v_found.environment, v_found.path_tuple))
                    yield v_found.finding
            finally:
                release(reads)
            new |= {p for p in every if p not in group and reads.covers(p[0], _path(conflicts, p))}
            for env in scope:
                for path in world[env].invalid:
                    if (env, path) in reads.at:
                        unchecked.setdefault((env, path), world[env])
        if not new:
            break
        group.extend(sorted(new, key=lambda p: (p[0] or "", p[1])))
    for (env, path), eff in sorted(unchecked.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        if any(e in (env, None) and p[: len(path)] == path for e, p in reported):
            continue  # the rule said something about it
        yield make_finding(
            rule,
            eff.origin(path),
            _not_checked(format_path(path), rule.id),
            path=path,
            environment=env if rule.scope == "environment" else eff.env,
        )
    if partial:
        env, n = group[0]
        first = conflicts[env][n]
        yield make_finding(
            rule,
            environments[env].origin(first.path),
            msg(
                "not checked in full: {rule} reads {count} conflicting keys, {combinations} combinations of their values (over {max}); it saw every pair of values, not every combination; resolve the conflicts",
                rule=rule.id,
                count=len(group),
                combinations=math.prod(1 + len(conflicts[e][m].alternatives) for e, m in group),
                max=MAX_VARIANTS,
            ),
            path=first.path,
            environment=env,
        )


def _not_checked(path: str, rule: str) -> str:
    return msg(
        "not checked: {path} has an invalid value (see DL002); fix it so that {rule} can check it",
        path=path,
        rule=rule,
    )


def _path(conflicts: Mapping[str | None, Sequence[Conflict]], pick: Pick) -> Path:
    return conflicts[pick[0]][pick[1]].path


@dataclass(frozen=True)
class _Said:
    finding: Finding
    path_tuple: Path
    environment: str | None


def _run_traced(
    rule: Rule,
    scope: list[str | None],
    world: Mapping[str | None, Effective],
    views: Mapping[str | None, Effective],
    policy: Policy,
) -> Iterator[_Said]:
    real = MappingProxyType(dict(world))
    if rule.scope == "environment":
        env = scope[0]
        view = views[env]
        ctx = Context(env, view.model, view, policy.options[rule.id], policy, real)
        located = _located(rule, ctx, lambda v: world[env])
    else:
        first_env = next(iter(world))
        view = views[first_env]
        ctx = Context(None, view.model, view, policy.options[rule.id], policy, views)
        located = _located(rule, ctx, lambda v: real.get(v.env, world[first_env]))
    for finding, path in located:
        yield _Said(finding, path, finding.environment)


def _run_one(
    rule: Rule, eff: Effective, policy: Policy, environments: Mapping[str | None, Effective]
) -> list[Finding]:
    ctx = Context(eff.env, eff.model, eff, policy.options[rule.id], policy, environments)
    return _locate_all(rule, ctx, None)


def _run_all(
    rule: Rule, environments: Mapping[str | None, Effective], policy: Policy
) -> list[Finding]:
    if not environments:
        return []
    first = next(iter(environments.values()))
    ctx = Context(None, first.model, first, policy.options[rule.id], policy, environments)
    return _locate_all(rule, ctx, lambda v: environments.get(v.env, first))


def _broken(rule: Rule, ctx: Context[Any], what: str) -> Finding:
    """One finding of the rule naming it (and its plugin): a bug, garbage from a plugin
    or an attempt to change read-only data never hides the other rules' findings."""
    message = (
        msg(
            "rule {rule} from {origin} {what}; its other findings here are missing",
            rule=rule.id,
            origin=rule.origin,
            what=what,
        )
        if rule.origin
        else msg(
            "internal error in rule {rule} ({what}); please report it with this config",
            rule=rule.id,
            what=what,
        )
    )
    return make_finding(
        rule,
        ctx.effective.origin(()),
        one_line(message),
        severity=Severity.ERROR,
        environment=ctx.env,
    )


def _locate_all(
    rule: Rule, ctx: Context[Any], where: Callable[[Violation], Effective] | None
) -> list[Finding]:
    """The rule's findings on ``ctx``, located (``where``: the environment a violation is
    in; None: the context's own)."""
    return [finding for finding, _path in _located(rule, ctx, where)]


def _located(
    rule: Rule, ctx: Context[Any], where: Callable[[Violation], Effective] | None
) -> list[tuple[Finding, Path]]:
    """Each violation located (with its document path); a broken rule is one finding."""
    assert rule.check is not None
    try:
        if rule.origin.startswith("plugin "):
            with users_models():  # a plugin's code: pydantic's plugins as the user set them
                violations = list(rule.check(ctx))
        else:
            violations = list(rule.check(ctx))
    except Exception as exc:  # a rule bug must not hide the other findings
        raised = f"{type(exc).__name__}: {exc}"
        return [(_broken(rule, ctx, f"raised {raised}" if rule.origin else raised), ())]
    if not violations:
        return []
    found: list[tuple[Finding, Path]] = []
    problem = None
    for v in violations:
        why = invalid(v)
        if why is not None:
            problem = problem or why
            continue
        try:
            eff = ctx.effective if where is None else where(v)
            if v.path and not eff.has(v.path[:1]):
                continue  # the set does not declare this section at all: not its concern
            found.append((_from_violation(rule, eff, v, ctx.environments), tuple(v.path)))
        except Exception as exc:  # a path the engine cannot place
            problem = problem or f"yielded a Violation that cannot be placed ({exc!r})"
            continue
    if problem is not None:
        found.append((_broken(rule, ctx, problem), ()))
    return found


def _from_violation(
    rule: Rule, eff: Effective, v: Violation, environments: Mapping[str | None, Effective]
) -> Finding:
    related = tuple(
        Related(
            environments.get(r.env, eff).origin(r.path) if r.env else eff.origin(r.path), r.message
        )
        for r in v.related
    )
    subject, digest = baseline.subject(eff.data, v.path)
    return make_finding(
        rule,
        eff.origin(v.path),
        one_line(v.message) if rule.origin else v.message,  # a plugin's: one line
        severity=v.severity,
        path=v.path,
        environment=v.env if v.env is not None else eff.env,
        related=related,
        value_hash=digest,
        subject=subject,
        fix=_fix(v.fix, eff, environments) if v.fix is not None else None,
        covered_by=v.covered_by,
    )


def _fix(
    intent: FixIntent, eff: Effective, environments: Mapping[str | None, Effective]
) -> Fix | None:
    from deploylint.findings.fixes import resolve  # a rule proposed a fix: rare in a run

    return resolve(intent, eff, environments)


def issue_finding(
    issue: Issue, environments: Mapping[str | None, Effective] | None = None
) -> Finding:
    """A loader's or merger's finding; keyed (baseline) by its rule (the problem kind) and
    the subject at its document path in its environment's data, never by its message."""
    rule = all_rules()[RULES[issue.kind]]
    eff = (environments or {}).get(issue.environment) or next(
        iter((environments or {}).values()), None
    )
    subject, digest = baseline.subject(eff.data if eff is not None else {}, issue.path)
    return make_finding(
        rule,
        issue.origin,
        issue.message,
        severity=Severity.parse(issue.severity) if issue.severity else None,
        path=issue.path,
        environment=issue.environment,
        related=tuple(Related(loc, message) for loc, message in issue.related),
        value_hash=digest if issue.path else "",
        subject=subject,
        fix=issue.fix,
    )


# --- cascades: one mistake, one finding ---------------------------------------------------


def _leaves(value: Any, path: tuple[str | int, ...]) -> Iterable[str]:
    """The formatted paths of the scalars in ``value`` (at ``path``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key if isinstance(key, (str, int)) else str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    else:
        yield format_path(path)


def one_mistake(
    findings: list[Finding], issues: Iterable[Issue], environments: Mapping[str | None, Effective]
) -> list[Finding]:
    """An added credential key is one mistake, reported once: DL310 (a secret in plain
    text) says what is wrong with it, so the key's DL004 (unknown key) is dropped when
    DL310 reports the key's value, or every scalar under it. Runs on the shown findings:
    with DL310 deselected, ignored or suppressed, DL004 still reports the key."""
    secrets = {(f.file, f.path) for f in findings if f.rule == "DL310"}
    if not secrets:
        return findings
    unknown = {format_path(i.path): i.path for i in issues if RULES[i.kind] == "DL004"}

    def cascade(f: Finding) -> bool:
        if f.rule != "DL004" or f.path not in unknown:
            return False
        if (f.file, f.path) in secrets:
            return True
        leaves: set[str] = set()
        for eff in environments.values():
            value = lookup(eff.data, unknown[f.path])
            if value is not MISSING:
                leaves.update(_leaves(value, unknown[f.path]))
        return bool(leaves) and all((f.file, leaf) in secrets for leaf in leaves)

    return [f for f in findings if not cascade(f)]


# --- filters, severities, dedup, suppressions ---------------------------------------------


def finish(
    findings: list[Finding],
    settings: Settings,
    policy: Policy,
    texts: Mapping[str, str] | None = None,
    docs: Iterable[SourceDoc] = (),
) -> list[Finding]:
    """Filter, re-rate, deduplicate across environments, then apply suppressions."""
    kept = _filter(findings, settings, policy)
    # a suppression is a `deploylint:` comment: texts without one never load the module
    if texts and any("deploylint:" in text for text in texts.values()):
        from deploylint.findings.suppressions import apply

        def wanted(rule: str, file: str) -> bool:
            return _wanted(rule, file, settings, policy)

        kept = _filter(
            apply(kept, dict(texts), docs, policy, settings.today, wanted), settings, policy
        )
    return sorted(_one_per_mistake(kept), key=Finding.sort_key)


def _one_per_mistake(findings: list[Finding]) -> list[Finding]:
    """One mistake, one finding: where DL002 reports a rejected value, a rule's finding at
    the same place that only repeats it (it quotes ``UNKNOWN``) or says the rule could not
    check it is left out, unless it is more severe (the worst case of an unknown value,
    e.g. a critical open port). When DL002 itself is not reported (ignored, suppressed),
    every one of them is: a rejected value never makes a rule quiet. The same holds for a
    finding a rule marks ``covered_by`` the rule that rejects the value (DL208's "not
    checked" beside DL209's invalid port)."""
    findings = _uncovered(findings)
    schema = {f.location: f.severity for f in findings if f.rule == RULES[Kind.TYPE] and f.line}
    if not schema:
        return findings
    return [
        f
        for f in findings
        if f.rule == RULES[Kind.TYPE]
        or f.location not in schema
        or f.severity > schema[f.location]
        or (UNKNOWN not in f.message and f.message != _not_checked(f.path, f.rule))
    ]


def _uncovered(findings: list[Finding]) -> list[Finding]:
    """The findings less those ``covered_by`` a shown finding of another rule, at least as
    severe, at the same place or at a place the finding names (its related locations)."""
    if not any(f.covered_by for f in findings):
        return findings
    worst: dict[tuple[str, object], Severity] = {}  # the same text in every environment
    for f in findings:
        key = (f.rule, f.location)
        if key not in worst or f.severity > worst[key]:
            worst[key] = f.severity
    return [
        f
        for f in findings
        if not any(
            (s := worst.get((rule, place))) is not None and s >= f.severity
            for rule in f.covered_by
            for place in (f.location, *(r.location for r in f.related))
        )
    ]


def _wanted(rule: str, file: str, settings: Settings, policy: Policy) -> bool:
    return (
        settings.selected(rule)
        and rule in policy.enabled
        and not path_ignored(rule, file, settings)
    )


def _filter(findings: Iterable[Finding], settings: Settings, policy: Policy) -> list[Finding]:
    kept: dict[tuple[object, ...], Finding] = {}
    for f in findings:
        if not _wanted(f.rule, f.file, settings, policy):
            continue
        severity = settings.severity.get(f.rule) or policy.severities.get(f.rule) or f.severity
        key = (f.rule, f.location, f.message, f.related)
        if key in kept:
            envs = kept[key].environment
            if f.environment and envs and f.environment not in envs.split(","):
                kept[key] = replace(kept[key], environment=f"{envs},{f.environment}")
            continue
        kept[key] = f if f.severity is severity else replace(f, severity=severity)
    return list(kept.values())


def path_ignored(rule: str, file: str, settings: Settings) -> bool:
    """Whether ``per-path-ignores`` ignores ``rule`` in ``file``.

    Patterns are relative to the settings file's folder, however the path was typed
    (``configs/``, ``./configs/``, an absolute path).
    """
    if not settings.per_path_ignores:
        return False
    names = {file, os.path.normpath(file)}
    if settings.base is not None and not file.startswith("arn:"):
        real = FsPath(os.path.abspath(file))
        if real.is_relative_to(settings.base):
            names.add(real.relative_to(settings.base).as_posix())
    for pattern, ids in settings.per_path_ignores.items():
        if any(rule.startswith(i) for i in ids) and any(fnmatch.fnmatch(n, pattern) for n in names):
            return True
    return False
