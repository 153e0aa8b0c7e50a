"""What the CLI's live commands run: read the live side, bind, compare or check, report.

``drift_report`` (``deploylint drift``), ``check_report`` (``check --live/--snapshot``)
and ``export_snapshot`` (``deploylint export``) each return what the CLI prints; every
problem the user can fix is a :class:`LiveUsageError` (one line, exit 2).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TextIO

from deploylint.drift import UNREADABLE, Drift, compare, ignored
from deploylint.findings.engine import (
    apply_baseline,
    declared_environments,
    finish,
    issue_finding,
    run_rules,
    security_groups,
)
from deploylint.findings.finding import Finding, Related, Severity, make_finding
from deploylint.live.binding import Bound, bind
from deploylint.live.collector import Collector, Connection, Counter, LiveError
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

# Rules whose inputs the live state cannot show: DL403 reads the metrics a config says it
# collects (CloudWatch has every metric; which ones are "collected" is a config decision).
UNOBSERVABLE = frozenset({"DL403"})


class LiveUsageError(Exception):
    """A live run that cannot start: the message is one line saying what to set."""


@dataclass(frozen=True)
class LiveSource:
    """Where the live state comes from: a snapshot file, or AWS itself."""

    snapshot: str | None = None
    connection: Connection | None = None
    progress: bool = True  # on a terminal, unless --quiet


class _Progress:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.shown = False

    def __call__(self, done: int, total: int, counter: Counter) -> None:
        self.out.write(
            f"\rreading AWS: {done}/{total} parts, {counter.calls} calls, {counter.retries} retries"
        )
        self.out.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown:
            self.out.write("\n")
            self.out.flush()


def _region(conn: Connection, declared: str | None) -> str:
    region = (
        conn.region
        or declared
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
    )
    if not region and conn.profile:
        import botocore.session

        region = botocore.session.Session(profile=conn.profile).get_config_variable("region")
    if not region:
        raise LiveUsageError(
            "no AWS region: pass --region, declare architecture.environments.<env>.region, "
            "or set AWS_REGION"
        )
    return str(region)


def read_live(source: LiveSource, env: str | None, declared_region: str | None) -> Snapshot:
    """The snapshot file, or a fresh read of AWS (progress on a terminal's stderr)."""
    try:
        if source.snapshot is not None:
            return load_snapshot(source.snapshot)
        conn = source.connection or Connection()
        region = _region(conn, declared_region)
        progress = _Progress(sys.stderr) if source.progress and sys.stderr.isatty() else None
        try:
            collector = Collector(conn, region, progress)
            return collector.collect(env)
        finally:
            if progress is not None:
                progress.end()
    except (LiveError, SnapshotError) as exc:
        raise LiveUsageError(str(exc)) from None


def _declared(
    paths: list[str], env: str, settings: Settings
) -> tuple[Effective, dict[str, str], list[Finding]]:
    environments, texts, issues = declared_environments(paths, settings)
    if env not in environments:
        names = ", ".join(sorted(e for e in environments if e is not None)) or "none"
        raise LiveUsageError(
            f"environment {env!r} is not declared in the configs (declared: {names})"
        )
    return environments[env], texts, [issue_finding(i) for i in issues]


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
            related = (Related(where, "the live resource"),)
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
                rule, where, f"{path} {message}", severity=severity, path=path, environment=env
            )
        )

    for n, e in enumerate(settings.drift_ignore):
        what = f"({e.resource} {e.attribute})"
        if e.until is not None and e.until < settings.today:
            finding(n, f"{what} expired on {e.until.isoformat()}; it hides nothing")
        elif n not in used:
            finding(n, f"{what} matched no drift; remove it")
        elif e.until is not None and e.until - settings.today <= timedelta(days=14):
            days = (e.until - settings.today).days
            finding(n, f"{what} expires on {e.until.isoformat()} (in {days} days)", Severity.INFO)
    return out


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def drift_report(paths: list[str], env: str, settings: Settings, source: LiveSource) -> Report:
    declared, texts, issues = _declared(paths, env, settings)
    aws, region = _aws_block(declared, env)
    snap = read_live(source, env, region)
    bound = bind(snap, env, settings.live, aws)
    policy = load_policy(settings.policy)
    drifts, used = drift_findings(declared, bound, settings)
    extra = ignore_findings(settings, used, env)
    findings = finish([*issues, *drifts, *extra], settings, policy)
    incomplete = sorted({_part(f) for f in findings if f.rule == UNREADABLE})
    findings, keys = apply_baseline(findings, settings)
    files = {f.file for f in findings if f.line}
    return Report(
        findings,
        files=len(texts),
        sets=1,
        environments=1,
        texts={k: v for k, v in texts.items() if k in files},
        incomplete=incomplete,
        keys=keys,
        rules=policy.registry(),
        environment_names={env},
        networks=[security_groups(declared, policy)],
    )


def _part(f: Finding) -> str:
    return f"{f.path} ({f.message.split('; ')[0]})"


def check_report(
    paths: list[str], env: str | None, settings: Settings, source: LiveSource
) -> Report:
    """The policy rules on the live state of one environment (``check --live/--snapshot``)."""
    aws: AwsBinding | None = None
    region: str | None = None
    if paths:
        if env is None:
            raise LiveUsageError("--env names the environment to read")
        declared, _, _ = _declared(paths, env, settings)
        aws, region = _aws_block(declared, env)
    snap = read_live(source, env, region)
    if not paths and env is not None:
        _check_env(snap, env, settings)
    env = env or snap.environment
    if env is None:
        raise LiveUsageError("--env names the environment to bind the live resources to")
    bound = bind(snap, env, settings.live, aws)
    live = live_effective(bound)
    policy = load_policy(settings.policy)
    found = [f for f in run_rules({env: live}, policy, settings) if f.rule not in UNOBSERVABLE]
    findings, keys = apply_baseline(finish(found, settings, policy), settings)
    incomplete = [f"{', '.join(u.types)} ({u.part}: {u.reason})" for u in snap.unreadable] + [
        f"{r.arn} {field} ({why})"
        for r in snap.resources
        if r in _bound_resources(bound)
        for field, why in sorted(r.unreadable.items())
    ]
    return Report(
        findings,
        files=0,
        sets=0,
        environments=1,
        incomplete=incomplete,
        keys=keys,
        rules=policy.registry(),
        environment_names={env},
        networks=[security_groups(live, policy, "live")],
    )


def _check_env(snap: Snapshot, env: str, settings: Settings) -> None:
    """``--env`` without configs: the snapshot's own environment, or one its tags name."""
    if snap.environment is not None:
        if env != snap.environment:
            raise LiveUsageError(
                f"environment {env!r} is not the snapshot's (it is of {snap.environment!r})"
            )
        return
    tag = settings.live.environment_tag
    tagged = sorted({r.tags[tag] for r in snap.resources if tag in r.tags})
    if tagged and env not in tagged:
        raise LiveUsageError(
            f"environment {env!r}: no resource is tagged {tag}={env} (tagged: {', '.join(tagged)})"
        )


def _bound_resources(bound: Bound) -> list[object]:
    return [
        *bound.components.values(),
        *bound.groups.values(),
        *bound.alarms.values(),
        *bound.log_groups.values(),
    ]


def export_snapshot(
    source: LiveSource,
    env: str | None,
    paths: list[str],
    settings: Settings,
) -> Snapshot:
    region: str | None = None
    if paths and env is not None:
        declared, _, _ = _declared(paths, env, settings)
        region = _aws_block(declared, env)[1]
    return read_live(source, env, region)
