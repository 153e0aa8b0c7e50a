"""DL103 multi-az: an environment spans the number of availability zones the policy asks."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, join
from deploylint.model import values
from deploylint.rules._engines import environments
from deploylint.rules.architecture.dl104_az_in_region import not_a_zone
from deploylint.rules.rule import Context, Docs, Options, PerEnv, Rule, Violation, for_env


class MultiAzOptions(Options):
    min_zones: PerEnv[int] = Field(
        description=N_("Fewest distinct availability zones, per environment (name -> count)")
    )


def check(ctx: Context[MultiAzOptions]) -> Iterator[Violation]:
    for name, env, path in environments(ctx):
        need = for_env(ctx.options.min_zones, name)
        zones = env.availability_zones
        if need is None or zones is None:
            continue
        region = (env.region or "").strip() or None
        # a zone DL104 rejects as no zone of the region adds no zone (its worst reading)
        dropped = [z for z in zones if not_a_zone(z, region)]
        counted = [z for z in zones if z not in dropped]
        distinct = sorted({values.full_az(z.strip(), region) for z in counted})
        if len(distinct) >= need:
            continue
        if dropped:
            distinct_text = _("{zones}; not counted: {dropped}, see DL104").format(
                zones=join(distinct) or _("none"), dropped=join([repr(z) for z in dropped])
            )
        else:
            distinct_text = join(distinct) or _("none")
        repeated = (
            _(" ({entries} entries name {count} distinct zones)").format(
                entries=len(counted), count=len(distinct)
            )
            if len(counted) != len(distinct)
            else ""
        )
        listed = distinct_text
        yield Violation(
            (*path, "availability_zones", len(zones)),  # the zone to add: at the list's key
            _(
                "{name} spans {count} availability zone(s) ({listed}){repeated}; expected at least {need} for {name}, so that one zone's outage leaves tasks, database and cache serving ({guide})"
            ).format(
                name=name,
                count=len(distinct),
                listed=listed,
                repeated=repeated,
                need=need,
                guide=guide("2.1"),
            ),
        )


RULE = Rule(
    id="DL103",
    name="multi-az",
    severity=Severity.ERROR,
    summary=N_("Production spans at least 2 availability zones (staging at least 1)."),
    options=MultiAzOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Counts the distinct availability zones of each environment "
                "(`architecture.environments.<env>.availability_zones`, suffixes such as `1a` "
                "completed from the region; a zone listed twice counts once) and compares with "
                "the policy (guide: production 2, `1a` and `1c`; staging 1). A zone DL104 "
                "rejects as no zone of the region (`1z`, a zone of another region) is not "
                "counted. An environment without `availability_zones` is not checked."
            )
        ),
        why=(
            N_(
                "A single-AZ production goes down with its zone: AZ outages and AZ-wide "
                "network events happen, and ECS, RDS Multi-AZ and ElastiCache failover all need "
                "a second zone to move to."
            )
        ),
        example=(
            "architecture:\n  environments:\n    production:\n"
            "      region: ap-northeast-1\n      availability_zones: ['1a']\n"
        ),
        use_instead=(
            "architecture:\n  environments:\n    production:\n"
            "      region: ap-northeast-1\n      availability_zones: ['1a', '1c']\n"
        ),
        references=(
            "guide 2.1",
            "Regions and zones: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/"
            "using-regions-availability-zones.html",
        ),
    ),
)
