"""DL204 subnet-az: subnets sit in the environments' AZs; each AZ has public and private."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deploylint.findings.finding import Path, Severity
from deploylint.model.sections import ConfigFile
from deploylint.model.values import full_az
from deploylint.rules._network import SUBNET_KINDS, SUBNETS, SubnetRef, subnets
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

if TYPE_CHECKING:
    from deploylint.sources.configset import Effective


@dataclass(frozen=True)
class EnvAzs:
    """One environment's availability zones, in full (ap-northeast-1a)."""

    name: str
    region: str | None
    zones: tuple[str, ...]
    effective: Effective  # where the list is declared (located only for a message)

    @property
    def path(self) -> Path:
        return ("architecture", "environments", self.name, "availability_zones")


def _zones(config: ConfigFile, name: str) -> tuple[str | None, tuple[str, ...]] | None:
    arch = config.architecture
    env = (arch.environments or {}).get(name) if arch else None
    if env is None or not env.availability_zones:
        return None
    region = env.region.strip() if env.region else None
    return region, tuple(
        dict.fromkeys(full_az(az.strip(), region) for az in env.availability_zones)
    )


def _all_envs(ctx: Context[Options]) -> list[EnvAzs]:
    """Every environment's AZs, each read from its own effective config."""
    found: list[EnvAzs] = []
    if ctx.environments:
        for name in ctx.environments:
            if name is None:
                continue
            eff = ctx.environments[name]
            zones = _zones(eff.model, name)
            if zones is not None:
                found.append(EnvAzs(name, *zones, eff))
        return found
    arch = ctx.config.architecture
    for name in (arch.environments or {}) if arch else {}:
        zones = _zones(ctx.config, name)
        if zones is not None:
            found.append(EnvAzs(name, *zones, ctx.effective))
    return found


def _show(env: EnvAzs) -> str:
    return f"{env.name}: {', '.join(env.zones)} ({env.effective.where(env.path)})"


def check(ctx: Context[Options]) -> Iterator[Violation]:
    if ctx.env is None or not ctx.has(SUBNETS):
        return
    own = _zones(ctx.config, ctx.env)
    if own is None:
        return
    region, zones = own
    refs = list(subnets(ctx.config))
    placed: list[tuple[SubnetRef, str]] = [(r, full_az(r.subnet.az.strip(), region)) for r in refs]
    others: list[EnvAzs] | None = None
    for ref, az in placed:
        if az in zones:
            continue
        path = (*ref.path, "az")
        if ctx.effective.scoped(ref.path):
            where = ctx.where(("architecture", "environments", ctx.env, "availability_zones"))
            yield Violation(
                path,
                f"{ref.label} is in {az}, which is not an availability zone of {ctx.env} "
                f"({', '.join(zones)} at {where}); expected one of them (guide 2.1, 3.1)",
            )
            continue
        if others is None:
            others = _all_envs(ctx)
        if any(az in env.zones for env in others):
            continue
        yield Violation(
            path,
            f"{ref.label} is in {az}, which no environment uses "
            f"({'; '.join(_show(e) for e in others)}); expected one of those availability "
            "zones (guide 2.1, 3.1)",
        )
    for az in zones:
        for kind in SUBNET_KINDS:
            if not any(ref.kind == kind and here == az for ref, here in placed):
                yield Violation(
                    (*SUBNETS, kind),
                    f"no {kind} subnet in availability zone {az}, which the environments use "
                    f"(guide 2.1); every availability zone needs a public and a private "
                    "subnet (guide 3.1)",
                )


RULE = Rule(
    id="DL204",
    name="subnet-az",
    severity=Severity.ERROR,
    summary="Subnets sit in the environments' AZs; each AZ has a public and a private subnet.",
    check=check,
    docs=Docs(
        what=(
            "Compares the `az` of each subnet with the environments' "
            "`architecture.environments.<env>.availability_zones` (suffixes such as `1a` are "
            "completed from the region). A subnet from an environment-scoped file must be in "
            "that environment's AZs; a subnet from a shared file in the AZs of some "
            "environment (staging may use fewer AZs than production). Each AZ of each "
            "environment needs at least one public and one private subnet."
        ),
        why=(
            "An AZ without a public subnet gets no load balancer node and one without a "
            "private subnet gets no tasks or database: the environment is not really "
            "multi-AZ, and losing the other AZ takes it down. A subnet in an AZ no "
            "environment uses costs addresses and hides a typo."
        ),
        example=(
            "architecture:\n  environments:\n    production:\n      region: ap-northeast-1\n"
            "      availability_zones: ['1a', '1c']\n"
            "infrastructure:\n  network:\n    vpc:\n      subnets:\n        public:\n"
            "          - {cidr: 10.0.1.0/24, az: ap-northeast-1a}\n"
            "          - {cidr: 10.0.2.0/24, az: ap-northeast-1d}\n        private:\n"
            "          - {cidr: 10.0.3.0/24, az: ap-northeast-1a}\n"
        ),
        use_instead=(
            "architecture:\n  environments:\n    production:\n      region: ap-northeast-1\n"
            "      availability_zones: ['1a', '1c']\n"
            "infrastructure:\n  network:\n    vpc:\n      subnets:\n        public:\n"
            "          - {cidr: 10.0.1.0/24, az: ap-northeast-1a}\n"
            "          - {cidr: 10.0.2.0/24, az: ap-northeast-1c}\n        private:\n"
            "          - {cidr: 10.0.3.0/24, az: ap-northeast-1a}\n"
            "          - {cidr: 10.0.4.0/24, az: ap-northeast-1c}\n"
        ),
        references=(
            "guide 2.1",
            "guide 3.1",
            "Subnets and AZs: https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
        ),
    ),
)
