"""Reading one environment from AWS: the region, the connection settings, the collector.

Everything that can stop a live read before it starts is a :class:`LiveError` with one
line saying what to do: no ``aws`` extra, no or an invalid region, a ``--region`` that
differs from the environment's declared one, no credentials.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace

from deploylint.live.collector import Collector, Connection, LiveError, Progress
from deploylint.live.options import LiveOptions, role_arn_problem
from deploylint.live.snapshot import Snapshot

INSTALL = "reading AWS needs the aws extra: pip install 'deploylint[aws]'"


def require_sdk() -> None:
    """boto3 and botocore importable, else a LiveError naming the extra to install."""
    try:
        import botocore.session  # noqa: F401
    except ImportError:
        raise LiveError(INSTALL) from None


def resolve_region(conn: Connection, declared: str | None, env: str | None) -> str:
    """The environment's declared region; ``--region`` only where none is declared (a
    different one is a usage error naming both), then AWS_REGION and the profile's."""
    declared = declared.strip() if declared else None
    if conn.region and declared and conn.region.strip() != declared:
        raise LiveError(
            f"--region {conn.region} differs from {declared}, the region environment "
            f"{env!r} declares (architecture.environments.{env}.region): drop --region "
            "or correct the config"
        )
    region = (
        declared
        or conn.region
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
    )
    if not region and conn.profile:
        import botocore.session

        region = botocore.session.Session(profile=conn.profile).get_config_variable("region")
    if not region:
        raise LiveError(
            "no AWS region: pass --region, declare architecture.environments.<env>.region, "
            "or set AWS_REGION"
        )
    return str(region).strip()


def with_options(conn: Connection, options: LiveOptions, env: str | None) -> Connection:
    """The connection with the settings' timeouts and the environment's role (a role on
    the command line wins)."""
    role = conn.role_arn or (options.roles.get(env) if env else None)
    return replace(
        conn,
        role_arn=role,
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        part_budget=options.part_budget,
    )


def read_aws(
    conn: Connection,
    env: str | None,
    declared_region: str | None,
    options: LiveOptions | None = None,
    types: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> Snapshot:
    """One fresh read of the environment's region (only ``types``' parts, when given)."""
    require_sdk()
    from botocore.exceptions import InvalidRegionError

    conn = with_options(conn, options or LiveOptions(), env)
    region = resolve_region(conn, declared_region, env)
    try:
        collector = Collector(conn, region, progress)
    except InvalidRegionError:
        raise LiveError(
            f"{region!r} is not a valid AWS region name (like ap-northeast-1): check "
            "--region or the environment's declared region"
        ) from None
    return collector.collect(env, types)


def parse_roles(values: list[str]) -> tuple[str | None, dict[str, str]]:
    """``--role-arn`` values: a plain ARN (every environment) and ``ENV=ARN`` entries."""
    default: str | None = None
    roles: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value.startswith("arn:"):
            if default is not None:
                raise LiveError("--role-arn: give one plain ARN, and ENV=ARN for the others")
            env, arn = "", value
        else:
            env, sep, arn = value.partition("=")
            if not sep or not env.strip() or not arn.strip().startswith("arn:"):
                raise LiveError(f"--role-arn {value!r}: expected ARN or ENV=ARN")
        problem = role_arn_problem(arn)
        if problem is not None:
            raise LiveError(f"--role-arn: {problem}")
        if env:
            roles[env.strip()] = arn.strip()
        else:
            default = arn
    return default, roles
