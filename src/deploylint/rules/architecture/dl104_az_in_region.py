"""DL104 az-in-region: zones belong to the environment's region and exist; region allowed."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from pydantic import Field

from deploylint import facts
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide, join
from deploylint.model import values
from deploylint.rules._engines import environments
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

_SUFFIX = re.compile(r"[0-9]+[a-z]")
_AZ = re.compile(r"([a-z]{2}(?:-[a-z]+)+-[0-9]+)([a-z])")
_REGIONS = sorted(facts.AWS_REGIONS)


class AzInRegionOptions(Options):
    allowed_regions: list[str] = Field(description=N_("Regions environments may run in"))


def _letters(region: str) -> str:
    return join([az.removeprefix(region.rstrip("0123456789")) for az in facts.REGION_AZS[region]])


def _region(
    ctx: Context[AzInRegionOptions], name: str, region: str, path: Path
) -> Violation | None:
    allowed = ctx.options.allowed_regions
    if region not in facts.AWS_REGIONS:
        close = difflib.get_close_matches(region, _REGIONS, n=1)
        hint = _("; did you mean {name}?").format(name=close[0]) if close else ""
        return Violation(
            path,
            _("{name} region {region} is not an AWS region{hint} ({guide})").format(
                name=name, region=repr(region), hint=hint, guide=guide("2.1")
            ),
        )
    if allowed and region not in allowed:
        return Violation(
            path,
            _(
                "{name} region {region} is not one the policy allows; expected {allowed} ({guide})"
            ).format(name=name, region=region, allowed=_(" or ").join(allowed), guide=guide("2.1")),
        )
    return None


def rejected(zone: str, region: str | None, allowed: list[str] | None = None) -> bool:
    """Whether DL104 reports ``zone`` (or the region that completes it: not an AWS region,
    or not one of the policy's ``allowed`` regions).

    Rules that read the zone list (DL204) stay quiet where DL104 already speaks: one
    mistake, one finding.
    """
    if region is not None and (
        region not in facts.AWS_REGIONS or (allowed and region not in allowed)
    ):
        return True
    return _zone("", zone, region, ()) is not None


def not_a_zone(zone: str, region: str | None) -> bool:
    """Whether DL104 rejects ``zone`` as certainly no zone of ``region`` (a region AWS
    has): not a zone name, a zone of another region, or one the region's confirmed list
    lacks. A zone only older accounts see (ap-northeast-1b), or one an unconfirmed list
    lacks, may exist: not this. Rules that count zones (DL103) do not count it."""
    if region is None or region not in facts.AWS_REGIONS:
        return False
    full = values.full_az(zone.strip(), region)
    match = _AZ.fullmatch(full)
    if match is None or match.group(1) != region:
        return True
    known = facts.REGION_AZS.get(region)
    return (
        region in facts.CONFIRMED_AZ_REGIONS
        and known is not None
        and full not in known
        and full not in facts.LEGACY_AZS
    )


def _zone(name: str, zone: str, region: str | None, path: Path) -> Violation | None:
    text = zone.strip()
    region_path = (*path[:-2], "region") if path else ()
    if region is None:
        if _SUFFIX.fullmatch(text):
            return Violation(
                path,
                _(
                    "availability zone {zone} is a suffix, but {name} sets no region to complete it; add `region:` (e.g. ap-northeast-1) or write the full name ({guide})"
                ).format(zone=repr(zone), name=name, guide=guide("2.1")),
            )
        return None
    full = values.full_az(text, region)
    shown = repr(zone) if full == zone else f"{zone!r} ({full})"
    match = _AZ.fullmatch(full)
    if match is None:
        return Violation(
            path,
            _(
                "availability zone {zone} is not a zone name; expected a suffix such as '1a' or a full name such as {region}a ({guide})"
            ).format(zone=repr(zone), region=region, guide=guide("2.1")),
        )
    if match.group(1) != region:
        return Violation(
            path,
            _(
                "availability zone {shown} is in {group}, not in {name}'s region {region} ({guide})"
            ).format(
                shown=shown, group=match.group(1), name=name, region=region, guide=guide("2.1")
            ),
            related=(RelatedPath(region_path, _("{name}'s region is set here").format(name=name)),),
        )
    if full in facts.LEGACY_AZS:
        return Violation(
            path,
            _(
                "availability zone {shown} is not offered to accounts created in recent years (only to some older ones); use one of {letters} ({guide})"
            ).format(shown=shown, letters=_letters(region), guide=guide("2.1")),
        )
    known = facts.REGION_AZS.get(region)
    if known is not None and full not in known:
        confirmed = region in facts.CONFIRMED_AZ_REGIONS
        return Violation(
            path,
            (
                _(
                    "availability zone {zone} does not exist in {region}; {region} offers {zones} ({guide})"
                )
                if confirmed
                else _(
                    "availability zone {zone} does not exist in {region} for a recently created "
                    "account; {region} offers {zones} ({guide})"
                )
            ).format(zone=shown, region=region, zones=_letters(region), guide=guide("2.1")),
            None if confirmed else Severity.WARNING,
        )
    return None


def check(ctx: Context[AzInRegionOptions]) -> Iterator[Violation]:
    for name, env, path in environments(ctx):
        region = env.region.strip() if env.region is not None else None
        if region is not None:
            found = _region(ctx, name, region, (*path, "region"))
            if found:
                yield found
            if region not in facts.AWS_REGIONS:
                continue  # the zones depend on the region reported above
        for i, zone in enumerate(env.availability_zones or []):
            found = _zone(name, zone, region, (*path, "availability_zones", i))
            if found:
                yield found


RULE = Rule(
    id="DL104",
    name="az-in-region",
    severity=Severity.ERROR,
    summary=N_("Availability zones belong to the environment's region and exist; region allowed."),
    options=AzInRegionOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks each environment's `region` (an AWS region, one the policy allows; "
                "guide: ap-northeast-1) and each of its `availability_zones`: a suffix such as "
                "`1a` is completed from the region, a full name must be in that region, and the "
                "zone must exist there. ap-northeast-1b is reported: it is not offered to new "
                "accounts. A zone missing from the list a recently created account sees is an "
                "error in ap-northeast-1 (confirmed) and a warning elsewhere (zone names are "
                "mapped per account)."
            )
        ),
        why=(
            N_(
                "A subnet, RDS subnet group or ECS service in a zone of another region, or in "
                "a zone the account cannot see, fails at apply time. A region outside the "
                "policy puts data where the organisation did not agree to keep it."
            )
        ),
        example=(
            "architecture:\n  environments:\n    production:\n"
            "      region: ap-northeast-1\n      availability_zones: ['1a', '1b']\n"
        ),
        use_instead=(
            "architecture:\n  environments:\n    production:\n"
            "      region: ap-northeast-1\n      availability_zones: ['1a', '1c']\n"
        ),
        references=(
            "guide 2.1",
            "AZ names are mapped per account: https://docs.aws.amazon.com/AmazonS3/latest/"
            "userguide/s3-express-Endpoints.html",
            "Regions and zones: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/"
            "using-regions-availability-zones.html",
        ),
    ),
)
