"""DL204 subnet-az: subnets sit in the environments' AZs; each AZ has public and private."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from deploylint import facts
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide, guides, join
from deploylint.model.effective import Effective
from deploylint.model.sections import ConfigFile
from deploylint.model.values import full_az
from deploylint.rules._network import SUBNET_KINDS, SUBNETS, SubnetRef, subnet_kind, subnets
from deploylint.rules.architecture.dl104_az_in_region import rejected
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


@dataclass(frozen=True)
class EnvAzs:
    """One environment's availability zones, in full (ap-northeast-1a)."""

    name: str
    region: str | None
    zones: tuple[str, ...]  # the zones DL104 accepts
    doubtful: bool = False  # DL104 rejects the region or a zone: the list is being fixed
    rejected_at: Path = ()  # where DL104 says so: the region, or the first zone it rejects

    @property
    def path(self) -> Path:
        return ("architecture", "environments", self.name, "availability_zones")

    def related(self, here: str | None = None) -> RelatedPath:
        """Where the list is set; ``env`` only when it lies in another environment."""
        note = _("{env}'s availability zones are set here").format(env=self.name)
        return RelatedPath(self.path, note, env=None if here == self.name else self.name)


def _zones(config: ConfigFile, name: str, allowed: list[str] | None) -> EnvAzs | None:
    arch = config.architecture
    env = (arch.environments or {}).get(name) if arch else None
    if env is None or not env.availability_zones:
        return None
    region = env.region.strip() if env.region else None
    written = [az.strip() for az in env.availability_zones]
    kept = [az for az in written if not rejected(az, region, allowed)]
    zones = tuple(dict.fromkeys(full_az(az, region) for az in kept))
    where: Path = ("architecture", "environments", name)
    if region is not None and (
        region not in facts.AWS_REGIONS or (allowed and region not in allowed)
    ):
        where = (*where, "region")
    else:
        bad = next((i for i, az in enumerate(written) if rejected(az, region, allowed)), 0)
        where = (*where, "availability_zones", bad)
    return EnvAzs(name, region, zones, len(kept) < len(written), where)


def _show(env: EnvAzs) -> str:
    return f"{env.name}: {join(list(env.zones))}"


def check(ctx: Context[Options]) -> Iterator[Violation]:
    """Runs once (scope "all"): each environment's subnets against the AZs."""
    every: list[EnvAzs] = []
    regions = ctx.policy.options.get("DL104")
    allowed: list[str] | None = getattr(regions, "allowed_regions", None)
    for name, eff in ctx.environments.items():
        if name is not None and (found := _zones(eff.model, name, allowed)) is not None:
            every.append(found)
    declared = {
        env.name: {_key(ref.subnet) for ref in subnets(ctx.environments[env.name].model)}
        for env in every
    }
    for own in every:
        yield from _environment(ctx.environments[own.name], own, every, declared)


def _key(subnet: Any) -> tuple[str, str]:
    return (subnet.cidr.strip(), subnet.az.strip())


def _environment(
    eff: Effective, own: EnvAzs, every: list[EnvAzs], declared: dict[str, set[tuple[str, str]]]
) -> Iterator[Violation]:
    """One environment's findings (``env`` set on each).

    A subnet that other environments declare too (a shared VPC) may sit in the AZs of any
    environment that declares it; one only this environment declares, in its own AZs. The
    judgement depends on the effective configs, never on which file wrote the subnet.
    """
    if not eff.has(SUBNETS):
        return
    name, region, zones = own.name, own.region, own.zones
    refs = list(subnets(eff.model))
    placed: list[tuple[SubnetRef, str]] = [(r, full_az(r.subnet.az.strip(), region)) for r in refs]
    for ref, az in placed:
        if az in zones:
            continue
        path = (*ref.path, "az")
        sharing = [e for e in every if e.name != name and _key(ref.subnet) in declared[e.name]]
        if own.doubtful or any(e.doubtful for e in sharing):
            # DL104 reports the zone list and this subnet may be meant for its fix: not
            # judged, said; left out beside DL104's finding, shown when it is suppressed
            doubtful = next(e for e in (own, *sharing) if e.doubtful)
            yield Violation(
                path,
                _(
                    "not checked: whether {subnet} in {az} is in an availability zone of {env}: DL104 rejects {env}'s zones ({guides})"
                ).format(subnet=ref.label, az=az, env=doubtful.name, guides=guides("2.1", "3.1")),
                Severity.INFO,
                related=(
                    RelatedPath(
                        doubtful.rejected_at,
                        _("DL104 rejects it here"),
                        env=None if doubtful.name == name else doubtful.name,
                    ),
                ),
                env=name,
                covered_by=("DL104",),
            )
            continue
        if not sharing:
            yield Violation(
                path,
                _(
                    "{subnet} is in {az}, which is not an availability zone of {env} ({zones}); "
                    "expected one of them ({guides})"
                ).format(
                    subnet=ref.label,
                    az=az,
                    env=name,
                    zones=join(list(zones)),
                    guides=guides("2.1", "3.1"),
                ),
                related=(own.related(name),),
                env=name,
            )
            continue
        if any(az in env.zones for env in sharing):
            continue
        users = [e for e in every if e is own or e in sharing]  # one message for all
        yield Violation(
            path,
            _(
                "{subnet} is in {az}, which no environment using it uses ({zones}); expected "
                "one of those availability zones ({guides})"
            ).format(
                subnet=ref.label,
                az=az,
                zones=_("; ").join(_show(e) for e in users),
                guides=guides("2.1", "3.1"),
            ),
            related=tuple(e.related() for e in users),
            env=name,
        )
    for az in zones:
        for kind in SUBNET_KINDS:
            if not any(ref.kind == kind and here == az for ref, here in placed):
                count = sum(1 for ref in refs if ref.kind == kind)
                yield Violation(
                    (*SUBNETS, kind, count),  # the item to add: located at the `kind:` key
                    _(
                        "no {kind} subnet in availability zone {az}, which the environments use "
                        "({guide}); every availability zone needs a public and a private "
                        "subnet ({guide2})"
                    ).format(
                        kind=subnet_kind(kind), az=az, guide=guide("2.1"), guide2=guide("3.1")
                    ),
                    env=name,
                )


RULE = Rule(
    id="DL204",
    name="subnet-az",
    severity=Severity.ERROR,
    summary=N_("Subnets sit in the environments' AZs; each AZ has a public and a private subnet."),
    check=check,
    scope="all",
    docs=Docs(
        what=(
            N_(
                "Compares the `az` of each subnet with the environments' "
                "`architecture.environments.<env>.availability_zones` (suffixes such as `1a` are "
                "completed from the region). A subnet only one environment declares must be in "
                "that environment's AZs; a subnet several environments declare (a shared VPC) in "
                "the AZs of one of them (staging may use fewer AZs than production). Each AZ of each "
                "environment needs at least one public and one private subnet. A zone or region DL104 "
                "rejects is its finding: DL204 asks for no subnets in that zone and, while "
                "the environment's zone list is being fixed, calls none of its subnets "
                "misplaced (with DL104 ignored or suppressed an info finding says such a subnet "
                "was not checked). A missing subnet is reported at the list's key (`public:`)."
            )
        ),
        why=(
            N_(
                "An AZ without a public subnet gets no load balancer node and one without a "
                "private subnet gets no tasks or database: the environment is not really "
                "multi-AZ, and losing the other AZ takes it down. A subnet in an AZ no "
                "environment uses costs addresses and hides a typo."
            )
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
