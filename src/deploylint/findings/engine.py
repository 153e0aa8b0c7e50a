"""The engine: load config sets, run the rules, locate, filter and suppress findings.

Rules report document paths; this is the one place that turns them into file:line:column,
applies severities from the policy and settings, per-path ignores and suppression
comments, and removes duplicates (a shared file is checked once per environment).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from deploylint.findings.finding import Finding, Severity, format_path
from deploylint.rules import all_rules
from deploylint.rules.policy import Policy, load_policy
from deploylint.rules.rule import Context, Rule, Violation
from deploylint.sources.configset import (
    Effective,
    Environments,
    Issue,
    LoadedSet,
    Origin,
    check_environment_names,
    discover,
    load_set,
    resolve_extends,
)
from deploylint.sources.loader import Limits


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a run; built from settings files and flags by the CLI."""

    select: tuple[str, ...] = ()  # rule IDs or prefixes (DL2, DL20); empty: every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    policy: str | None = None
    fail_on: Severity | None = Severity.ERROR  # None: never fail on findings
    limits: Limits = field(default_factory=Limits)
    today: date = field(default_factory=date.today)
    suppressions: bool = True

    def selected(self, rule_id: str) -> bool:
        if self.select and not any(rule_id.startswith(s) for s in self.select):
            return False
        return not any(rule_id.startswith(s) for s in self.ignore)


@dataclass
class Report:
    findings: list[Finding]
    files: int = 0
    sets: int = 0
    environments: int = 0
    texts: dict[str, str] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def failed(self, threshold: Severity | None) -> bool:
        return threshold is not None and any(f.severity >= threshold for f in self.findings)


def check(paths: list[str], settings: Settings) -> Report:
    """Check every config set under ``paths``. Raises UsageError or PolicyError only."""
    policy = load_policy(settings.policy)
    rules = all_rules()
    report = Report([])
    for config_set in discover(paths):
        loaded = load_set(config_set, settings.limits)
        resolve_extends(loaded, settings.limits)
        check_environment_names(loaded)
        environments = Environments(loaded)
        raw = list(run_rules(environments, rules, policy, settings))
        raw.extend(_from_issue(rules, i) for i in loaded.issues)
        report.sets += 1
        report.files += len(config_set.files)
        report.environments += len(environments)
        report.findings.extend(_finish(raw, settings, policy, loaded))
        report.texts.update(
            {f.file: loaded.texts[f.file] for f in report.findings if f.file in loaded.texts}
        )
    report.findings.sort()
    return report


def run_rules(
    environments: Mapping[str | None, Effective],
    rules: Mapping[str, Rule],
    policy: Policy,
    settings: Settings,
) -> Iterable[Finding]:
    """Run every enabled rule on every environment; findings located, not yet filtered."""
    active = [
        rule
        for rule in rules.values()
        if rule.check is not None and rule.id in policy.enabled and settings.selected(rule.id)
    ]
    for env in environments:
        eff = environments[env]
        for rule in active:
            yield from _run_one(rule, eff, policy, environments)


def _run_one(
    rule: Rule, eff: Effective, policy: Policy, environments: Mapping[str | None, Effective]
) -> Iterable[Finding]:
    ctx = Context(eff.env, eff.model, eff, policy.options[rule.id], policy, environments)
    assert rule.check is not None
    try:
        violations = list(rule.check(ctx))
    except Exception as exc:  # a rule bug must not hide the other findings
        origin = eff.locate(())
        yield Finding(
            origin.file,
            origin.line,
            origin.column,
            rule.id,
            f"internal error in rule {rule.id} ({type(exc).__name__}: {exc}); "
            "please report it with this config",
            rule.name,
            Severity.ERROR,
            environment=eff.env,
        )
        return
    for v in violations:
        if v.path and not eff.has(v.path[:1]):
            continue  # the set does not declare this section at all: not its concern
        yield _from_violation(rule, eff, v)


def _from_violation(rule: Rule, eff: Effective, v: Violation) -> Finding:
    origin = eff.locate(v.path)
    return _finding(rule, origin, v.message, v.severity, v.path, eff.env)


def _from_issue(rules: Mapping[str, Rule], issue: Issue) -> Finding:
    return _finding(
        rules[issue.rule], issue.origin, issue.message, None, issue.path, issue.environment
    )


MAX_MESSAGE = 1000


def _cut(text: str) -> str:
    """A hostile key or name (up to the file size limit) is not echoed whole."""
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def _finding(
    rule: Rule,
    origin: Origin,
    message: str,
    severity: Severity | None,
    path: tuple[str | int, ...],
    env: str | None,
) -> Finding:
    return Finding(
        file=origin.file,
        line=origin.line,
        column=origin.column,
        rule=rule.id,
        message=_cut(message),
        name=rule.name,
        severity=severity or rule.severity,
        end_line=origin.end_line,
        end_column=origin.end_column,
        path=_cut(format_path(path)),
        environment=env,
    )


def _finish(
    findings: list[Finding], settings: Settings, policy: Policy, loaded: LoadedSet
) -> list[Finding]:
    """Select, re-rate, deduplicate across environments, then apply suppressions."""
    kept: dict[tuple[str, str, int, int, str], Finding] = {}
    for f in findings:
        if not settings.selected(f.rule) or _path_ignored(f, settings):
            continue
        if f.rule not in policy.enabled:
            continue
        severity = settings.severity.get(f.rule) or policy.severities.get(f.rule) or f.severity
        key = (f.rule, f.file, f.line, f.column, f.message)
        if key in kept:
            envs = kept[key].environment
            if f.environment and envs and f.environment not in envs.split(","):
                kept[key] = _replace(kept[key], environment=f"{envs},{f.environment}")
            continue
        kept[key] = _replace(f, severity=severity)
    result = list(kept.values())
    if settings.suppressions:
        from deploylint.findings.suppressions import apply

        result = apply(result, loaded.texts, loaded.docs, policy, settings.today, settings.selected)
    return result


def _replace(f: Finding, **changes: object) -> Finding:
    from dataclasses import replace

    return replace(f, **changes)  # type: ignore[arg-type]


def _path_ignored(f: Finding, settings: Settings) -> bool:
    for pattern, ids in settings.per_path_ignores.items():
        if fnmatch.fnmatch(f.file, pattern) and any(f.rule.startswith(i) for i in ids):
            return True
    return False
