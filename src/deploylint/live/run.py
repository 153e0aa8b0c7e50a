"""What the CLI's live commands run: read the live side, bind, compare or check, report.

``drift_report`` (``deploylint drift``), ``check_report`` (``check --live/--snapshot``)
and ``export_snapshot`` (``deploylint export``) each return what the CLI prints; every
problem the user can fix is a :class:`LiveUsageError` (one line, exit 2).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TextIO, TypeVar

from deploylint.drift import AMBIGUOUS, UNREADABLE, Drift, compare, ignored
from deploylint.findings.engine import (
    apply_baseline,
    declared_environments,
    evaluate,
    finish,
    security_groups,
)
from deploylint.findings.finding import Finding, Related, Severity, make_finding
from deploylint.i18n import _, join
from deploylint.live.aws import read_aws
from deploylint.live.binding import Bound, bind, needed_types
from deploylint.live.collector import Connection, Counter, LiveError
from deploylint.live.options import LiveOptions
from deploylint.live.snapshot import Snapshot, SnapshotError, load_snapshot
from deploylint.live.source import live_effective
from deploylint.model.effective import Effective
from deploylint.model.fix import Fix
from deploylint.model.location import FilePosition, ResourceLocation, format_path
from deploylint.model.sections import AwsBinding
from deploylint.report import Report
from deploylint.rules import all_rules
from deploylint.rules.policy import load_policy
from deploylint.settings import Settings
from deploylint.source import LiveStateSource, Read

# Rules whose inputs the live state cannot show: DL403 reads the metrics a config says it
# collects (CloudWatch has every metric; which ones are "collected" is a config decision).
UNOBSERVABLE = frozenset({"DL403"})


T = TypeVar("T")
U = TypeVar("U")


class LiveUsageError(Exception):
    """A live run that cannot start: the message is one line saying what to set."""


@dataclass(frozen=True)
class LiveSource:
    """Where the live state comes from: a snapshot file, or AWS itself."""

    snapshot: str | None = None
    connection: Connection | None = None
    progress: bool = True  # on a terminal, unless --quiet
    roles: dict[str, str] = field(default_factory=dict)  # --role-arn ENV=ARN

    def for_env(self, env: str | None, many: bool = False) -> LiveSource:
        """This source for one environment: its --role-arn ENV=ARN; no progress line when
        several environments are read at once."""
        conn = self.connection
        if conn is not None and env is not None and env in self.roles:
            conn = replace(conn, role_arn=self.roles[env])
        return LiveSource(self.snapshot, conn, self.progress and not many, self.roles)


class _Progress:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.shown = False

    def __call__(self, done: int, total: int, counter: Counter) -> None:
        self.out.write(
            "\r"
            + _("reading AWS: {done}/{total} parts, {calls} calls, {retries} retries").format(
                done=done, total=total, calls=counter.calls, retries=counter.retries
            )
        )
        self.out.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown:
            self.out.write("\n")
            self.out.flush()


def read_live(
    source: LiveSource,
    env: str | None,
    declared_region: str | None,
    options: LiveOptions | None = None,
    types: Iterable[str] | None = None,
) -> Snapshot:
    """The snapshot file, or a fresh read of AWS (progress on a terminal's stderr)."""
    try:
        if source.snapshot is not None:
            return load_snapshot(source.snapshot)
        conn = source.connection or Connection()
        progress = _Progress(sys.stderr) if source.progress and sys.stderr.isatty() else None
        try:
            return read_aws(conn, env, declared_region, options, types, progress)
        finally:
            if progress is not None:
                progress.end()
    except (LiveError, SnapshotError) as exc:
        raise LiveUsageError(str(exc)) from None


def _declared(
    paths: list[str], env: str, settings: Settings
) -> tuple[Effective, dict[str, str], list[Finding]]:
    declared = declared_environments(paths, settings)
    environments, texts = declared.environments, declared.texts
    if env not in environments:
        names = join(sorted(e for e in environments if e is not None)) or _("none")
        raise LiveUsageError(
            _("environment {env} is not declared in the configs (declared: {names})").format(
                env=repr(env), names=names
            )
        )
    return environments[env], texts, declared.problems


def _aws_block(eff: Effective, env: str) -> tuple[AwsBinding | None, str | None]:
    arch = eff.model.architecture
    declared = (arch.environments or {}).get(env) if arch else None
    return (declared.aws if declared else None), (declared.region if declared else None)


def drift_findings(
    declared: Effective, bound: Bound, settings: Settings
) -> tuple[list[Finding], set[int]]:
    """The drift findings, and which drift.ignore entries hid one."""
    rules = all_rules()
    snap = bound.snapshot
    out: list[Finding] = []
    entries = list(settings.drift_ignore)
    used: set[int] = set()
    for d in compare(declared.model, bound):
        path = format_path(d.path)
        entry = ignored(d, path, entries, settings.today)
        if entry is not None:
            used.add(entries.index(entry))
            continue
        rule = rules[d.rule]
        related: tuple[Related, ...] = ()
        if d.resource:
            where = ResourceLocation(d.resource, d.attribute, snap.account, snap.region)
            related = (Related(where, _("the live resource")),)
        out.append(
            make_finding(
                rule,
                declared.origin(d.path),
                d.message,
                path=path,
                environment=bound.env,
                related=related,
                resource=d.resource,
                declared=_plain(d.declared),
                live=_plain(d.live),
                remediation=_remedy(d, bound),
                fix=_adopt(d, declared, bound.env),
            )
        )
    return _one_live_value(out), used


def _adopt(d: Drift, declared: Effective, env: str) -> Fix | None:
    from deploylint.live.remediation import adopt

    try:
        return adopt(d, declared, env)
    except Exception:  # pragma: no cover - defensive: the drift is reported without it
        return None


def _one_live_value(findings: list[Finding]) -> list[Finding]:
    """No adoption where one declared value has several live values (a shared retention)."""
    values: dict[str, set[str]] = {}
    for f in findings:
        if f.fix is not None:
            values.setdefault(f.path, set()).add(repr(f.live))
    return [
        replace(f, fix=None) if f.fix is not None and len(values[f.path]) > 1 else f
        for f in findings
    ]


def _remedy(d: Drift, bound: Bound) -> str | None:
    from deploylint.live.remediation import remediation_for

    try:
        found = remediation_for(d, bound)
    except Exception:  # pragma: no cover - defensive: the drift is reported without it
        return None
    return found.text() if found is not None else None


def ignore_findings(settings: Settings, used: set[int], env: str) -> list[Finding]:
    """drift.ignore entries reported like suppressions (DL009): expired, expiring, unused."""
    rule = all_rules()["DL009"]
    where = FilePosition(str(settings.file or ".deploylint.yaml"))
    out: list[Finding] = []

    def finding(n: int, message: str, severity: Severity = rule.severity) -> None:
        path = f"drift.ignore[{n}]"
        out.append(
            make_finding(
                rule,
                where,
                " ".join((path, message)),
                severity=severity,
                path=path,
                environment=env,
            )
        )

    for n, e in enumerate(settings.drift_ignore):
        what = f"({e.resource} {e.attribute})"
        if e.until is not None and e.until < settings.today:
            finding(
                n,
                _("{what} expired on {date}; it hides nothing").format(
                    what=what, date=e.until.isoformat()
                ),
            )
        elif n not in used:
            finding(n, _("{what} matched no drift; remove it").format(what=what))
        elif e.until is not None and e.until - settings.today <= timedelta(days=14):
            days = (e.until - settings.today).days
            text = _("{what} expires on {date} (in {days} days)")
            finding(n, text.format(what=what, date=e.until.isoformat(), days=days), Severity.INFO)
    return out


def _plain(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


ALL = "all"


def _environments(
    paths: list[str], env: str, settings: Settings
) -> tuple[dict[str, Effective], dict[str, str], list[Finding], list[tuple[str, str]]]:
    """The declared environments a live run covers: ``env``, or every one for ``all``; and
    the files left out."""
    declared = declared_environments(paths, settings)
    environments, texts = declared.environments, declared.texts
    names = sorted(e for e in environments if e is not None)
    if env == ALL:
        if not names:
            raise LiveUsageError(_("--env all: the configs declare no environment"))
        chosen = names
    elif env not in environments:
        raise LiveUsageError(
            _("environment {env} is not declared in the configs (declared: {names})").format(
                env=repr(env), names=join(names) or _("none")
            )
        )
    else:
        chosen = [env]
    chosen_envs = {n: environments[n] for n in chosen}
    return chosen_envs, texts, declared.problems, declared.skipped


def each(items: list[U], fn: Callable[[U], T]) -> list[T]:
    """``fn`` for every environment, in parallel (each reads its own account and region)."""
    if len(items) == 1:
        return [fn(items[0])]
    with ThreadPoolExecutor(min(8, len(items))) as pool:
        return list(pool.map(fn, items))


_each = each


def live_read(
    source: LiveSource,
    env: str,
    aws: AwsBinding | None,
    region: str | None,
    settings: Settings,
    many: bool = False,
    types: Iterable[str] | None = None,
) -> Read:
    """The live state of one environment as a source's read: its effective config, the
    ambiguous bindings (DL905), the parts not read."""
    snap = read_live(source, env, region, settings.live, types)
    return snapshot_read(snap, env, aws, settings, many)


def snapshot_read(
    snap: Snapshot, env: str, aws: AwsBinding | None, settings: Settings, many: bool = False
) -> Read:
    bound = bind(snap, env, settings.live, aws)
    where = f"[{env}] " if many else ""
    incomplete = [
        where
        + _("{kind} {key}: the rules read {id} only of {count} candidates").format(
            kind=kind, key=key, id=found[0].id, count=len(found)
        )
        for (kind, key), found in sorted(bound.candidates.items())
    ]
    incomplete += [f"{where}{join(u.types)} ({u.part}: {u.reason})" for u in snap.unreadable]
    incomplete += [
        f"{where}{r.arn} {field} ({why})"
        for r in bound.resources()
        for field, why in sorted(r.unreadable.items())
    ]
    return Read(
        {env: live_effective(bound)},
        identity="",  # live state belongs to no config set
        problems=_ambiguous(bound),
        incomplete=incomplete,
        bound={env: bound},
    )


def drift_report(paths: list[str], env: str, settings: Settings, source: LiveSource) -> Report:
    """Drift of one environment, or of every declared one (``--env all``) in one report."""
    environments, texts, issues, skipped = _environments(paths, env, settings)
    names = list(environments)
    many = len(names) > 1

    def one(name: str) -> tuple[list[Finding], set[int]]:
        declared = environments[name]
        aws, region = _aws_block(declared, name)
        types = needed_types(declared.model, name)
        live = live_read(source.for_env(name, many), name, aws, region, settings, many, types)
        return drift_findings(declared, live.bound[name], settings)

    drifts: list[Finding] = []
    used: set[int] = set()
    for found, hid in _each(names, one):
        drifts.extend(found)
        used |= hid
    policy = load_policy(settings.policy)
    extra = ignore_findings(settings, used, env)
    findings = finish([*issues, *drifts, *extra], settings, policy)
    # the baseline (drift over time): recorded drift is not reported again; what could not
    # be read is never recorded nor hidden (it is not drift, and the run is incomplete)
    unread = [f for f in findings if f.rule == UNREADABLE]
    incomplete = sorted({_part(f, many) for f in unread})
    kept, keys = apply_baseline([f for f in findings if f.rule != UNREADABLE], settings)
    findings = sorted([*kept, *unread])
    files = {f.file for f in findings if f.line}
    return Report(
        findings,
        files=len(texts),
        sets=1,
        environments=len(names),
        texts={k: v for k, v in texts.items() if k in files},
        incomplete=incomplete,
        keys=keys,
        config_sets={""},  # live state belongs to no config set: its entries have set ""
        rules=policy.registry(),
        environment_names=set(names),
        networks=[security_groups(environments[n], policy) for n in names],
        skipped=skipped,
    )


def _part(f: Finding, many: bool = False) -> str:
    where = f"[{f.environment}] " if many and f.environment else ""
    return f"{where}{f.path} ({re.split('; |。', f.message)[0]})"


def check_report(
    paths: list[str], env: str | None, settings: Settings, source: LiveSource
) -> Report:
    """The policy rules on the live state of one environment, or of every declared one
    (``check --live --env all``), in one report."""
    if not paths:
        if env is None or env == ALL:
            snap = read_live(source, env if env != ALL else None, None, settings.live)
            env = env if env not in (None, ALL) else snap.environment
            if env is None:
                raise LiveUsageError(_("--env names the environment to bind the live resources to"))
        else:
            snap = read_live(source, env, None, settings.live)
            _check_env(snap, env, settings)
        return _check([snapshot_read(snap, env, None, settings)], settings)
    if env is None:
        raise LiveUsageError(_("--env names the environment to read (or all)"))
    environments, _texts, _issues, skipped = _environments(paths, env, settings)
    live = LiveStateSource(
        source, [(name, *_aws_block(eff, name)) for name, eff in environments.items()]
    )
    report = _check(list(live.reads(settings)), settings)
    report.skipped = skipped
    return report


def _check(reads: list[Read], settings: Settings) -> Report:
    """The policy rules on the live reads (one per environment), finished like any run."""
    live: dict[str | None, Effective] = {}
    incomplete: list[str] = []
    ambiguous: list[Finding] = []
    for read in reads:
        live.update(read.environments)
        ambiguous += read.problems
        incomplete += read.incomplete
    policy = load_policy(settings.policy)
    combined = Read(live, problems=ambiguous, incomplete=incomplete)  # every environment
    found = [f for f in evaluate(combined, policy, settings) if f.rule not in UNOBSERVABLE]
    findings, keys = apply_baseline(finish(found, settings, policy), settings)
    return Report(
        findings,
        files=0,
        sets=0,
        environments=len(reads),
        incomplete=incomplete,
        keys=keys,
        config_sets={""},  # live state belongs to no config set: its entries have set ""
        rules=policy.registry(),
        environment_names={env for env in live if env is not None},
        networks=[security_groups(eff, policy, "live") for eff in live.values()],
    )


def _check_env(snap: Snapshot, env: str, settings: Settings) -> None:
    """``--env`` without configs: the snapshot's own environment, or one its tags name."""
    if snap.environment is not None:
        if env != snap.environment:
            raise LiveUsageError(
                _("environment {env} is not the snapshot's (it is of {snapshot})").format(
                    env=repr(env), snapshot=repr(snap.environment)
                )
            )
        return
    tag = settings.live.environment_tag
    tagged = sorted({r.tags[tag] for r in snap.resources if tag in r.tags})
    if tagged and env not in tagged:
        raise LiveUsageError(
            _("environment {name}: no resource is tagged {tag}={env} (tagged: {tagged})").format(
                name=repr(env), tag=tag, env=env, tagged=join(tagged)
            )
        )


def _ambiguous(bound: Bound) -> list[Finding]:
    """DL905 on the live side: one finding per declared item several resources bind to,
    at the first candidate, naming them all (the rules read the first only)."""
    rule = all_rules()[AMBIGUOUS]
    snap = bound.snapshot
    out: list[Finding] = []
    for (kind, key), found in sorted(bound.candidates.items()):
        names = join([r.arn for r in found])
        out.append(
            make_finding(
                rule,
                ResourceLocation(found[0].arn, "", snap.account, snap.region),
                _("{kind} {key} binds to {count} live resources: {names}").format(
                    kind=kind, key=repr(key), count=len(found), names=names
                ),
                environment=bound.env,
                related=tuple(
                    Related(
                        ResourceLocation(r.arn, "", snap.account, snap.region), _("a candidate")
                    )
                    for r in found[1:]
                ),
            )
        )
    return out


def export_snapshot(
    source: LiveSource,
    env: str | None,
    paths: list[str],
    settings: Settings,
) -> Snapshot:
    region: str | None = None
    if paths and env is not None:
        declared, _texts, _issues = _declared(paths, env, settings)
        region = _aws_block(declared, env)[1]
    return read_live(source, env, region, settings.live)
