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
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any, Protocol

from deploylint import i18n
from deploylint.findings import baseline
from deploylint.findings.baseline import Key
from deploylint.findings.baseline import key as baseline_key
from deploylint.findings.finding import Finding, Related, Severity, make_finding
from deploylint.findings.fixes import resolve, settle
from deploylint.i18n import _, msg, ngettext
from deploylint.model.effective import Effective
from deploylint.model.location import format_path
from deploylint.report import Inbound, Report, SecurityGroups
from deploylint.rules import all_rules
from deploylint.rules.input import RULES
from deploylint.rules.plugins import invalid, one_line
from deploylint.rules.policy import Policy, load_policy
from deploylint.rules.rule import Context, Rule, Violation, read_only
from deploylint.settings import Settings
from deploylint.sources.configset import (
    Issue,
    SourceDoc,
    check_environment_names,
    load_set,
    resolve_extends,
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
from deploylint.sources.merge import build
from deploylint.testing import without_fixtures

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
            pool = stack.enter_context(  # the workers speak the run's language
                ProcessPoolExecutor(
                    max_workers=jobs, initializer=i18n.set_language, initargs=(i18n.language(),)
                )
            )
            results = pool.map(check_set, sets, per_set, chunksize=4)
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
    report.findings.sort()
    # nothing named (or in a folder named) read, and not because the settings leave it out
    # (a named file that `exclude` removes is its own visible skip, as a symlink out is)
    excluded = any(not why.startswith(NOT_CONFIG) for _, why in report.skipped)
    if named_read == 0 and not excluded and not allow_no_configs:
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


def _jobs(requested: int | None, sets: Sequence[ConfigSet]) -> int:
    if requested is not None:
        return max(1, min(requested, len(sets)))
    files = sum(len(s.files) for s in sets)
    if files < PARALLEL_FILES or len(sets) < 2:
        return 1
    return max(1, min(os.cpu_count() or 1, len(sets)))


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
    config_set = _included(config_set, settings)
    policy = load_policy(settings.policy)
    loaded = load_set(config_set, settings.limits)
    resolve_extends(loaded, settings.limits)
    check_environment_names(loaded)
    environments = build(loaded)
    raw = run_rules(environments.primary, policy, settings, environments.variants)
    raw.extend(
        issue_finding(i, environments.primary) for i in [*loaded.issues, *environments.issues]
    )
    findings = finish(raw, settings, policy, loaded.texts, loaded.docs)
    findings = baseline.identify(findings, config_set.top, dict(config_set.files))
    read = len(config_set.files) - len(loaded.skipped)
    result = SetResult(config_set.display_root, read, len(environments.primary))
    result.config_set = config_set.top.as_posix()
    findings, result.keys = apply_baseline(findings, settings)
    result.environment_names = tuple(sorted(e for e in environments.primary if e is not None))
    result.networks = [
        security_groups(eff, policy, config_set.display_root)
        for _, eff in sorted(environments.primary.items(), key=lambda kv: kv[0] or "")
    ]
    if config_set.whole:
        result.shown = findings
    else:
        named = {shown for shown, real in config_set.files if real in config_set.named}
        result.shown = [f for f in findings if f.file in named]
        result.hidden = len(findings) - len(result.shown)
    result.texts = {f.file: loaded.texts[f.file] for f in result.shown if f.file in loaded.texts}
    not_configs = [  # with some files named, the others' skips are not the user's concern
        entry
        for real, entry in loaded.skipped.items()
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
    read_files = {real for _, real in config_set.files} - set(loaded.skipped)
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


def _included(config_set: ConfigSet, settings: Settings) -> ConfigSet:
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


def declared_environments(
    paths: list[str], settings: Settings
) -> tuple[dict[str | None, Effective], dict[str, str], list[Issue]]:
    """The declared side for drift: every environment of the sets ``paths`` name."""
    environments: dict[str | None, Effective] = {}
    texts: dict[str, str] = {}
    issues: list[Issue] = []
    for config_set in discover(paths):
        config_set = _included(config_set, settings)  # `exclude` means the same as for check
        loaded = load_set(config_set, settings.limits)
        resolve_extends(loaded, settings.limits)
        check_environment_names(loaded)
        built = build(loaded)
        environments.update(built.primary)
        texts.update(loaded.texts)
        issues.extend([*loaded.issues, *built.issues])
    return environments, texts, issues


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
    variants: Mapping[str | None, Sequence[Effective]] | None = None,
) -> list[Finding]:
    """Run every enabled rule on every environment (and conflict variant); located findings."""
    rules = active_rules(policy, settings)
    found: list[Finding] = []
    variants = variants or {}
    for eff in [*environments.values(), *(v for vs in variants.values() for v in vs)]:
        read_only(eff)  # once per environment: rules cannot change what the others see
    environments = MappingProxyType(dict(environments))
    for env, eff in environments.items():
        for one in (eff, *variants.get(env, ())):
            for rule in rules:
                if rule.scope == "environment":
                    found.extend(_run_one(rule, one, policy, environments))
    for rule in [r for r in rules if r.scope == "all"]:
        worlds = [dict(environments)]
        for env, extra in variants.items():
            worlds.extend({**environments, env: one} for one in extra)
        for world in worlds:
            found.extend(_run_all(rule, world, policy))
    return settle(found)


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
    assert rule.check is not None
    try:
        violations = list(rule.check(ctx))
    except Exception as exc:  # a rule bug must not hide the other findings
        raised = f"{type(exc).__name__}: {exc}"
        return [_broken(rule, ctx, f"raised {raised}" if rule.origin else raised)]
    if not violations:
        return []
    found: list[Finding] = []
    problem = None
    for v in violations:
        problem = problem or invalid(v)
        if invalid(v) is not None:
            continue
        try:
            eff = ctx.effective if where is None else where(v)
            if v.path and not eff.has(v.path[:1]):
                continue  # the set does not declare this section at all: not its concern
            found.append(_from_violation(rule, eff, v, ctx.environments))
        except Exception as exc:  # a path the engine cannot place
            problem = problem or f"yielded a Violation that cannot be placed ({exc!r})"
            continue
    if problem is not None:
        found.append(_broken(rule, ctx, problem))
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
        fix=resolve(v.fix, eff, environments) if v.fix is not None else None,
    )


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
    if texts:
        from deploylint.findings.suppressions import apply

        def wanted(rule: str, file: str) -> bool:
            return _wanted(rule, file, settings, policy)

        kept = _filter(
            apply(kept, dict(texts), docs, policy, settings.today, wanted), settings, policy
        )
    return sorted(kept)


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
        kept[key] = replace(f, severity=severity)
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
