"""The snapshot: what was read from AWS, normalized, before any binding.

A snapshot is a versioned JSON document (``schemas/snapshot.schema.json``): account,
region, time, the resources read (type, id, ARN, name, tags, normalized fields, fields
that could not be read) and the parts that could not be read at all. Collected live,
imported from ``aws`` CLI output or from an AWS Config snapshot, it is the same thing.

Snapshot files are hostile input: size and nesting depth are bounded and a malformed,
truncated or mistyped file is a :class:`SnapshotError` naming the file and the place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deploylint.i18n import N_, _

FORMAT = "deploylint-snapshot"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32

# Resource types and the services that hold them.
VPC = "vpc"
SUBNET = "subnet"
SECURITY_GROUP = "security-group"
ECS_SERVICE = "ecs-service"
DB_INSTANCE = "db-instance"
CACHE_GROUP = "cache-group"
SEARCH_DOMAIN = "search-domain"
BUCKET = "bucket"
ALARM = "alarm"
LOG_GROUP = "log-group"
TYPES = (
    VPC,
    SUBNET,
    SECURITY_GROUP,
    ECS_SERVICE,
    DB_INSTANCE,
    CACHE_GROUP,
    SEARCH_DOMAIN,
    BUCKET,
    ALARM,
    LOG_GROUP,
)


class SnapshotError(Exception):
    """A snapshot file that cannot be used; the message names the file and the problem."""


@dataclass
class Resource:
    """One live resource, its fields normalized (see docs/live.md for each type's fields)."""

    type: str
    id: str
    arn: str
    name: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # field -> why it was not read

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "id": self.id, "arn": self.arn}
        if self.name:
            out["name"] = self.name
        out["tags"] = dict(sorted(self.tags.items()))
        out["fields"] = self.fields
        if self.unreadable:
            out["unreadable"] = dict(sorted(self.unreadable.items()))
        return out


@dataclass(frozen=True)
class Unreadable:
    """A part of the live state that could not be read, and the resource types it holds."""

    part: str  # e.g. "ec2:DescribeSecurityGroups"
    types: tuple[str, ...]
    reason: str  # e.g. "AccessDenied", "Throttling (after 5 attempts)", "not recorded"

    def to_json(self) -> dict[str, Any]:
        return {"part": self.part, "types": list(self.types), "reason": self.reason}


@dataclass
class Snapshot:
    account: str | None
    region: str
    taken_at: str
    source: str  # "aws", "aws-cli", "aws-config"
    environment: str | None = None
    resources: list[Resource] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    calls: int = 0  # API calls made (collector only)
    retries: int = 0

    def of(self, type_: str) -> list[Resource]:
        return [r for r in self.resources if r.type == type_]

    def unreadable_types(self) -> dict[str, Unreadable]:
        """Resource type -> the first part that could not be read and held it."""
        out: dict[str, Unreadable] = {}
        for u in self.unreadable:
            for t in u.types:
                out.setdefault(t, u)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "account": self.account,
            "region": self.region,
            "environment": self.environment,
            "taken_at": self.taken_at,
            "source": self.source,
            "resources": [
                r.to_json() for r in sorted(self.resources, key=lambda r: (r.type, r.arn))
            ],
            "unreadable": [u.to_json() for u in self.unreadable],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"


def load_snapshot(path: str | Path) -> Snapshot:
    """Read and check a snapshot file; any problem is a SnapshotError, never a traceback."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(min(HEAD_BYTES, MAX_BYTES + 1))
            check_head(raw, name)  # a wrong file is refused before the rest is read
            raw += handle.read(MAX_BYTES + 1 - len(raw))
    except OSError as exc:
        raise SnapshotError(
            _("{name}: cannot read snapshot: {reason}").format(name=name, reason=exc.strerror)
        ) from None
    if len(raw) > MAX_BYTES:
        raise SnapshotError(
            _("{name}: snapshot larger than {mib} MiB").format(
                name=name, mib=MAX_BYTES // (1024 * 1024)
            )
        )
    return parse_snapshot(raw, name)


HEAD_BYTES = 4096
_HEAD = re.compile(rb'^(\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"([^"\\]{0,64})"')


def check_head(raw: bytes, name: str) -> None:
    """A snapshot starts with ``{"format": "deploylint-snapshot"`` (``export`` writes it
    first): anything else is refused from its first bytes, before a large file is parsed."""
    head = _HEAD.match(raw[:HEAD_BYTES])
    if head is None:
        raise SnapshotError(
            _("{name}: not a deploylint snapshot: it does not start with {start}").format(
                name=name, start=f'{{"format": "{FORMAT}"'
            )
        )
    if head.group(2).decode("utf-8", "replace") != FORMAT:
        found = head.group(2).decode("utf-8", "replace")
        raise SnapshotError(
            _("{name}: not a deploylint snapshot: format {found}").format(
                name=name, found=repr(found)
            )
        )


def parse_json(raw: bytes, name: str, what: str = N_("snapshot")) -> Any:
    """JSON text -> data, with nesting depth bounded before the parser sees it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SnapshotError(
            _("{name}: {what} is not UTF-8 (byte {byte})").format(
                name=name, what=_(what), byte=exc.start
            )
        ) from None
    _check_depth(text, name, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"{name}:{exc.lineno}:{exc.colno}: "
            + _("{what} is not valid JSON: {reason}").format(what=_(what), reason=exc.msg)
        ) from None
    except (ValueError, RecursionError) as exc:
        raise SnapshotError(
            f"{name}: " + _("{what} is not valid JSON: {reason}").format(what=_(what), reason=exc)
        ) from None


def _check_depth(text: str, name: str, what: str) -> None:
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise SnapshotError(
                    _("{name}: {what} nested deeper than {depth} levels").format(
                        name=name, what=_(what), depth=MAX_DEPTH
                    )
                )
        elif ch in "]}":
            depth -= 1


def parse_snapshot(raw: bytes, name: str) -> Snapshot:
    check_head(raw, name)
    data = parse_json(raw, name)
    problem = _schema_problem(data)
    if problem:
        raise SnapshotError(
            _("{name}: not a deploylint snapshot: {problem}").format(name=name, problem=problem)
        )
    return Snapshot(
        account=data.get("account"),
        region=data["region"],
        taken_at=data["taken_at"],
        source=data.get("source", "aws"),
        environment=data.get("environment"),
        resources=[
            Resource(
                type=r["type"],
                id=r["id"],
                arn=r["arn"],
                name=r.get("name", ""),
                tags=dict(r.get("tags", {})),
                fields=dict(r.get("fields", {})),
                unreadable=dict(r.get("unreadable", {})),
            )
            for r in data["resources"]
        ],
        unreadable=[
            Unreadable(u["part"], tuple(u["types"]), u["reason"]) for u in data["unreadable"]
        ],
    )


def _schema_problem(data: Any) -> str | None:
    import jsonschema

    from deploylint.live.schema import snapshot_schema

    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") != VERSION:
        return _("version {found} (this deploylint reads version {version})").format(
            found=repr(data.get("version")), version=VERSION
        )
    validator = jsonschema.Draft202012Validator(snapshot_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or _("(top)")
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return _("at {where}: {message}").format(where=where, message=message)
