"""DL306 search-replicas: search indexes keep a replica in production and fit the nodes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, guides
from deploylint.model.fix import Safety, set_value
from deploylint.rules._bounds import Bounds, within
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

SEARCH = ("config", "search")
NODES = ("architecture", "components", "search", "instance_count")
# OpenSearch time values: an integer and a unit; -1 disables refresh, 0 needs no unit.
# Source: OpenSearch "Supported units" (d, h, m, s, ms, micros, nanos); index settings.
_TIME_VALUE = re.compile(r"-1|0|[0-9]+(d|h|m|s|ms|micros|nanos)")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1, "ms": 1e-3, "micros": 1e-6, "nanos": 1e-9}
MAX_SHARDS_PER_NODE = 1000  # OpenSearch Service hard limit (aws-facts.md §6)


class SearchReplicasOptions(Options):
    production_environments: list[str] = Field(
        description=N_("Environments whose indexes need at least one replica")
    )
    number_of_shards: Bounds | None = Field(
        default=None,
        description=N_(
            "Bounds a team sets on number_of_shards ({min, max}; the guide starts from 3: off "
            "in the guide pack)"
        ),
    )
    refresh_interval: Bounds | None = Field(
        default=None,
        description=N_(
            "Bounds a team sets on refresh_interval in seconds ({min, max}; the guide starts "
            "from '1s': off in the guide pack; '-1', refresh disabled, is above any max)"
        ),
    )


def seconds(interval: str) -> float | None:
    """An OpenSearch time value in seconds ('500ms' -> 0.5); None for '-1' (disabled)."""
    match = _TIME_VALUE.fullmatch(interval.strip())
    if match is None or interval.strip() == "-1":
        return None
    number = int(re.sub(r"[a-z]+$", "", interval.strip()))
    return number * _UNIT_SECONDS.get(match.group(1) or "s", 1)


def check(ctx: Context[SearchReplicasOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    search = config.search if config else None
    if search is None:
        return
    shards, replicas = search.number_of_shards, search.number_of_replicas
    replicas_path = (*SEARCH, "number_of_replicas")
    if shards is not None and shards < 1:
        yield Violation(
            (*SEARCH, "number_of_shards"),
            _(
                "number_of_shards {shards}; an index needs at least 1 primary shard ({guide})"
            ).format(guide=guide("5.1"), shards=shards),
        )
    if replicas is not None and replicas < 0:
        yield Violation(
            replicas_path,
            _("number_of_replicas {replicas}; expected 0 or more ({guide})").format(
                guide=guide("5.1"), replicas=replicas
            ),
        )
    elif replicas == 0 and ctx.env in ctx.options.production_environments:
        yield Violation(
            replicas_path,
            _(
                "number_of_replicas 0 in production: one failed data node loses shards; expected at least 1 ({guide})"
            ).format(guide=guide("5.1")),
        )
    yield from _placement(ctx, shards, replicas)
    if shards is not None and shards >= 1:
        yield from within(
            (*SEARCH, "number_of_shards"),
            "search number_of_shards",
            shards,
            ctx.options.number_of_shards,
            "3",
            "5.1",
        )
    interval = search.refresh_interval
    if interval is not None and not _TIME_VALUE.fullmatch(interval.strip()):
        yield Violation(
            (*SEARCH, "refresh_interval"),
            _(
                "refresh_interval {interval} is not an OpenSearch time value; expected an integer with a unit such as '1s', '30s' or '500ms', or '-1' to disable ({guide})"
            ).format(guide=guide("5.1"), interval=repr(interval)),
        )
    elif interval is not None:
        yield from _interval_bounds(interval, ctx.options.refresh_interval)


def _interval_bounds(interval: str, bounds: Bounds | None) -> Iterator[Violation]:
    path = (*SEARCH, "refresh_interval")
    value = seconds(interval)
    if value is not None:
        yield from within(path, "search refresh_interval", value, bounds, "'1s'", "5.1", " s")
    elif bounds is not None and bounds.max is not None:
        yield Violation(
            path,
            _(
                "refresh_interval '-1' disables refresh: new documents become searchable only when something refreshes the index; the policy sets a maximum of {bound} s for this starting point (the guide starts from '1s') ({guide})"
            ).format(bound=f"{bounds.max:g}", guide=guide("5.1")),
        )


def _placement(
    ctx: Context[SearchReplicasOptions], shards: int | None, replicas: int | None
) -> Iterator[Violation]:
    arch = ctx.config.architecture
    search = arch.components.search if arch and arch.components else None
    nodes = search.instance_count if search else None
    if nodes is None or nodes < 1:
        return  # no node count declared: placement cannot be judged
    shards = 1 if shards is None or shards < 1 else shards
    replicas = 1 if replicas is None else replicas  # OpenSearch's default
    if replicas < 0:
        return
    copies = replicas + 1
    nodes_set = RelatedPath(NODES, _("search instance_count is set here"))
    path = (*SEARCH, "number_of_replicas") if ctx.has((*SEARCH, "number_of_replicas")) else SEARCH
    if copies > nodes:
        unassigned = shards * (copies - nodes)
        yield Violation(
            path,
            _(
                "number_of_replicas {replicas} needs {copies} data nodes (a replica never shares a node with its primary) but instance_count is {nodes}: {unassigned} of {value} shard copies stay unassigned and the cluster stays yellow; expected at most {value2} replicas or more nodes ({guides})"
            ).format(
                guides=guides("5.1", "2.1"),
                replicas=replicas,
                copies=copies,
                nodes=nodes,
                unassigned=unassigned,
                value=shards * copies,
                value2=nodes - 1,
            ),
            related=(nodes_set,),
            fix=set_value(
                path,
                nodes - 1,
                f"keep {nodes - 1} replicas, what {nodes} data nodes can hold",
                Safety.UNSAFE,
            )
            if path != SEARCH
            else None,
        )
    elif -(-shards * copies // nodes) > MAX_SHARDS_PER_NODE:
        yield Violation(
            (*SEARCH, "number_of_shards"),
            _(
                "{shards} shards x {copies} copies on {nodes} data nodes exceed OpenSearch's {max_shards_per_node} shards per node ({guides})"
            ).format(
                guides=guides("5.1", "2.1"),
                shards=shards,
                copies=copies,
                nodes=nodes,
                max_shards_per_node=MAX_SHARDS_PER_NODE,
            ),
            related=(nodes_set,),
        )


RULE = Rule(
    id="DL306",
    name="search-replicas",
    severity=Severity.ERROR,
    summary=N_("Production indexes keep a replica; shards and replicas fit the data nodes."),
    options=SearchReplicasOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks `config.search`: `number_of_replicas` is at least 1 in production; "
                "replicas + 1 copies of each shard fit the data nodes "
                "(`architecture.components.search.instance_count`, checked only when declared); "
                "`refresh_interval` is an OpenSearch time value such as `1s`, `500ms` or `-1`."
            )
        ),
        why=(
            N_(
                "With 0 replicas one failed node or AZ loses data and search returns partial "
                "results. OpenSearch never puts a replica on its primary's node, so replicas + 1 "
                "above the node count leave copies unassigned and the domain yellow forever. An "
                "invalid `refresh_interval` makes index creation fail at deploy time."
            )
        ),
        example=(
            "architecture:\n  components:\n    search: {instance_count: 2}\n"
            "config:\n  search:\n    number_of_shards: 3\n    number_of_replicas: 2\n"
            "    refresh_interval: 1 second\n"
        ),
        use_instead=(
            "architecture:\n  components:\n    search: {instance_count: 2}\n"
            "config:\n  search:\n    number_of_shards: 3\n    number_of_replicas: 1\n"
            "    refresh_interval: 1s\n"
        ),
        references=(
            "guide 5.1",
            "OpenSearch Service sizing: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/bp.html",
            "Multi-AZ and replicas: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html",
        ),
    ),
)
