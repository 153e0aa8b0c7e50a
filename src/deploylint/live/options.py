"""Settings of the live side: tag keys and name templates (``live:``), drift ignores
(``drift: {ignore: [...]}``). Part of :class:`deploylint.settings.FileSettings`."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from deploylint.i18n import msg

# arn:<partition>:iam::<12-digit account>:role/<path/name> (aws, aws-cn, aws-us-gov, ...)
# (compiled by re on first use: a role is given to live runs only)
_ROLE_ARN = r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}"


def role_arn_problem(arn: str) -> str | None:
    """Why ``arn`` is not an IAM role ARN, or None: the one check of a role to assume, for
    the settings' ``live.roles`` and for ``--role-arn``."""
    if re.fullmatch(_ROLE_ARN, arn.strip()):
        return None
    return msg(
        "{arn} is not an IAM role ARN ({shape})",
        arn=repr(arn.strip()),
        shape="arn:aws:iam::<account id>:role/<name>",
    )


class LiveOptions(BaseModel):
    """How declared items bind to live resources (docs/live.md, "Binding")."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    environment_tag: str = Field(default="Environment", alias="environment-tag")
    component_tag: str = Field(default="Component", alias="component-tag")
    tier_tag: str = Field(default="Tier", alias="tier-tag")
    stream_tag: str = Field(default="Stream", alias="stream-tag")
    security_group_name: str = Field(default="{name}-sg", alias="security-group-name")
    alarm_name: str = Field(default="{env}-{alarm}", alias="alarm-name")
    # Reading AWS: bounded waits; past them, the part is unreadable (DL904), never missing.
    connect_timeout: float = Field(default=5.0, gt=0, le=300, alias="connect-timeout")
    read_timeout: float = Field(default=20.0, gt=0, le=600, alias="read-timeout")
    part_budget: float = Field(default=120.0, gt=0, le=3600, alias="part-budget")
    # The role to assume per environment (never from a config file: a pull request could
    # choose what CI assumes); --role-arn ENV=ARN wins.
    roles: dict[str, str] = Field(default_factory=dict)

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: dict[str, str]) -> dict[str, str]:
        for env, arn in value.items():
            problem = role_arn_problem(arn)
            if problem is not None:
                raise ValueError(f"roles.{env}: {problem}")
        return value

    @field_validator("security_group_name")
    @classmethod
    def _group_template(cls, value: str) -> str:
        if value.count("{name}") != 1 or value.replace("{name}", "").count("{") > 0:
            raise ValueError(
                msg(
                    "a security-group-name template holds {name} once and nothing else",
                    name="{name}",
                )
            )
        return value

    @field_validator("alarm_name")
    @classmethod
    def _alarm_template(cls, value: str) -> str:
        rest = value.replace("{env}", "").replace("{alarm}", "")
        if value.count("{alarm}") != 1 or value.count("{env}") > 1 or "{" in rest:
            raise ValueError(
                msg(
                    "an alarm-name template holds {alarm} once and {env} at most once",
                    alarm="{alarm}",
                    env="{env}",
                )
            )
        return value


class DriftIgnore(BaseModel):
    """One accepted drift: resource (ARN glob) and attribute (document path glob)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    resource: str = "*"
    attribute: str = "*"
    rule: str | None = None  # DL901..DL904; none: any drift rule
    reason: str = Field(min_length=1)
    until: date | None = None


class DriftOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ignore: list[DriftIgnore] = Field(default_factory=list)
