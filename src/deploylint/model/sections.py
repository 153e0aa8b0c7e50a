"""The guide's five sections as pydantic models: the single source of the JSON Schemas.

Key names are exactly the guide's (deployment guide v1.0.1, sections 2.1, 3.1, 4.1, 5.1,
6.1). Every field is optional in a file (files are merged; a section can be split over
several files), except the fields of list items, which are never merged. Types are
checked here; values (ranges, policies) are checked by the rules, which say why.
``schemas/*.json`` is generated from these models (``deploylint schema --write``) and a
test fails when the two drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)

from deploylint.model import values


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


def _desc(text: str, section: str) -> Any:
    return Field(default=None, description=f"{text} (guide {section})")


def _required(text: str, section: str) -> Any:
    return Field(description=f"{text} (guide {section})")


Int = Annotated[
    StrictInt,
    BeforeValidator(values.integer),
    WithJsonSchema(
        {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": values.INT_PATTERN}]}
    ),
]


NonNegativeInt = Annotated[
    StrictInt,
    BeforeValidator(values.integer),
    Field(ge=0),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": r"^\+?[0-9]{1,18}$"},
            ]
        }
    ),
]
OverflowInt = Annotated[  # SQLAlchemy's max_overflow: -1 means unlimited
    StrictInt,
    BeforeValidator(values.integer),
    Field(ge=-1),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": -1},
                {"type": "string", "pattern": r"^(-1|\+?[0-9]{1,18})$"},
            ]
        }
    ),
]

Number = Annotated[
    StrictFloat | StrictInt,
    BeforeValidator(values.number),
    WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "string", "pattern": values.NUMBER_PATTERN}]}
    ),
]
_DURATION_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": values.DURATION_PATTERN},
        {"type": "string", "pattern": values.ISO_DURATION_PATTERN},
    ]
}
Seconds = Annotated[
    StrictFloat | StrictInt, BeforeValidator(values.seconds), WithJsonSchema(_DURATION_SCHEMA)
]
Days = Annotated[StrictInt, BeforeValidator(values.days), WithJsonSchema(_DURATION_SCHEMA)]
Str = StrictStr
Bool = StrictBool
StrList = list[StrictStr]


# --- 2.1 architecture -----------------------------------------------------------------


class Scaling(Base):
    min: Int | None = _desc("Minimum number of running ECS tasks", "2.1")
    max: Int | None = _desc("Maximum number of running ECS tasks", "2.1")
    desired: Int | None = _desc("Desired number of running ECS tasks", "2.1")


class AwsBinding(Base):
    """Explicit identifiers binding an environment to live resources (overrides tags)."""

    account_id: Str | None = _desc("AWS account id of the environment", "2.1, deploylint")
    cluster: Str | None = _desc("ECS cluster name", "2.1, deploylint")
    service: Str | None = _desc("ECS service name", "2.1, deploylint")
    db_instance: Str | None = _desc("RDS DB instance identifier", "2.1, deploylint")
    replication_group: Str | None = _desc("ElastiCache replication group id", "2.1, deploylint")
    domain: Str | None = _desc("OpenSearch domain name", "2.1, deploylint")
    bucket: Str | None = _desc("S3 bucket name", "2.1, deploylint")
    vpc_id: Str | None = _desc("VPC id", "3.1, deploylint")
    log_groups: dict[str, Str] | None = _desc(
        "CloudWatch Logs group name per stream (application, access, error)", "3.1, deploylint"
    )
    alarms: dict[str, Str] | None = _desc(
        "CloudWatch alarm name per declared alarm (high_cpu: prod-cpu-alarm)", "3.1, deploylint"
    )


class Environment(Base):
    region: Str | None = _desc("AWS region, e.g. ap-northeast-1", "2.1")
    availability_zones: StrList | None = _desc(
        "Availability zones, in full (ap-northeast-1a) or as a suffix of the region (1a)", "2.1"
    )
    scaling: Scaling | None = _desc("ECS service task counts", "2.1")
    aws: AwsBinding | None = _desc("Identifiers of this environment's live resources", "2.1")


class Compute(Base):
    type: Str | None = _desc("Compute platform, e.g. ECS Fargate", "2.1")
    instance_type: Str | None = _desc("ECS launch type, e.g. FARGATE", "2.1")
    cpu: Int | None = _desc("Task CPU units (1024 = 1 vCPU), e.g. '2048'", "2.1")
    memory: Int | None = _desc("Task memory in MiB, e.g. '4096'", "2.1")


class Database(Base):
    type: Str | None = _desc("Database service, e.g. RDS", "2.1")
    engine: Str | None = _desc("Database engine, e.g. PostgreSQL", "2.1")
    version: Str | None = _desc("Engine version as a quoted string, e.g. '15.4'", "2.1")
    instance_type: Str | None = _desc("RDS instance class, e.g. db.r5.large", "2.1")


class Cache(Base):
    type: Str | None = _desc("Cache service, e.g. ElastiCache", "2.1")
    engine: Str | None = _desc("Cache engine: Redis or Valkey", "2.1")
    version: Str | None = _desc("Engine version as a quoted string, e.g. '7.0'", "2.1")
    instance_type: Str | None = _desc("ElastiCache node type, e.g. cache.r5.large", "2.1")


class Search(Base):
    type: Str | None = _desc("Search service, e.g. OpenSearch", "2.1")
    engine: Str | None = _desc("Search engine: OpenSearch or Elasticsearch", "2.1, deploylint")
    version: Str | None = _desc("Engine version as a quoted string, e.g. '2.13'", "2.1")
    instance_type: Str | None = _desc("OpenSearch instance type, e.g. r5.large.search", "2.1")
    instance_count: Int | None = _desc("Number of data nodes (default 1)", "2.1, deploylint")


class Transition(Base):
    days: Int = _required("Days after creation before the transition", "2.1")
    storage_class: Str = _required("Target storage class, e.g. STANDARD_IA", "2.1")


TransitionValue = Annotated[
    Transition,
    BeforeValidator(values.transition),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": values.TRANSITION_PATTERN},
                {
                    "type": "object",
                    "properties": {
                        "days": {
                            "anyOf": [
                                {"type": "integer"},
                                {"type": "string", "pattern": values.INT_PATTERN},
                            ],
                            "description": "Days after creation before the transition",
                        },
                        "storage_class": {
                            "type": "string",
                            "description": "Target storage class, e.g. STANDARD_IA",
                        },
                    },
                    "required": ["days", "storage_class"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Lifecycle(Base):
    transition: TransitionValue | None = _desc(
        "Transition rule: '30日でIA' (to STANDARD_IA after 30 days) or {days, storage_class}",
        "2.1",
    )
    expiration: Days | None = _desc("Days after creation before objects expire ('365日')", "2.1")


class Storage(Base):
    type: Str | None = _desc("Object storage service, e.g. S3", "2.1")
    storage_class: Str | None = _desc("Initial storage class, e.g. STANDARD", "2.1")
    lifecycle: Lifecycle | None = _desc("Lifecycle rule of the bucket", "2.1")


class Components(Base):
    compute: Compute | None = _desc("Application compute (ECS Fargate)", "2.1")
    database: Database | None = _desc("Relational database (RDS PostgreSQL)", "2.1")
    cache: Cache | None = _desc("Cache (ElastiCache Redis)", "2.1")
    search: Search | None = _desc("Search engine (OpenSearch)", "2.1")
    storage: Storage | None = _desc("Object storage (S3)", "2.1")


class Architecture(Base):
    environments: dict[str, Environment] | None = _desc(
        "Environments by name (production, staging, ...)", "2.1"
    )
    components: Components | None = _desc("The system's AWS components", "2.1")


# --- 3.1 infrastructure -----------------------------------------------------------------


class Subnet(Base):
    cidr: Str = _required("Subnet IPv4 CIDR, inside the VPC CIDR", "3.1")
    az: Str = _required("Availability zone of the subnet, e.g. ap-northeast-1a", "3.1")


class Subnets(Base):
    public: list[Subnet] | None = _desc("Public subnets (load balancer)", "3.1")
    private: list[Subnet] | None = _desc("Private subnets (ECS tasks, RDS, cache)", "3.1")


class Vpc(Base):
    cidr: Str | None = _desc("VPC IPv4 CIDR, e.g. 10.0.0.0/16", "3.1")
    subnets: Subnets | None = _desc("Public and private subnets", "3.1")


PortValue = Annotated[
    StrictInt | StrictStr,
    BeforeValidator(values.port),
    WithJsonSchema(
        {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": values.PORT_PATTERN}]}
    ),
]


Protocol = Annotated[
    StrictStr,
    BeforeValidator(values.protocol),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
]


class IngressRule(Base):
    port: PortValue = _required("Port or port range ('8000-8010') allowed in", "3.1")
    source: Str = _required("A CIDR (0.0.0.0/0, 10.0.0.0/16) or another group as <name>-sg", "3.1")
    protocol: Protocol | None = _desc("tcp (default), udp, icmp, icmpv6, -1 or a number", "3.1")
    description: Str | None = _desc("Why this rule exists", "3.1")


class SecurityGroup(Base):
    inbound: list[IngressRule] | None = _desc("Inbound rules", "3.1")


class NetworkSecurity(Base):
    groups: dict[str, SecurityGroup] | None = _desc(
        "Security groups by name (alb, ecs, rds); referenced elsewhere as <name>-sg", "3.1"
    )


class Network(Base):
    vpc: Vpc | None = _desc("The VPC", "3.1")
    security: NetworkSecurity | None = _desc("Security groups", "3.1")


class Alarm(Base):
    threshold: Number | None = _desc("Alarm threshold (percent for utilisation)", "3.1")
    period: Seconds | None = _desc("Period in seconds: 10, 20, 30 or a multiple of 60", "3.1")
    evaluation_periods: Int | None = _desc("Number of periods evaluated (N of M-of-N)", "3.1")
    datapoints_to_alarm: Int | None = _desc(
        "Breaching datapoints that trigger the alarm (M of M-of-N)", "3.1, deploylint"
    )
    metric: Str | None = _desc("CloudWatch metric name, e.g. CPUUtilization", "3.1, deploylint")


class CloudWatch(Base):
    metrics: StrList | None = _desc("Metrics collected (CPUUtilization, ...)", "3.1")
    alarms: dict[str, Alarm] | None = _desc("Alarms by name (high_cpu, high_memory)", "3.1")


RetentionValue = Annotated[
    Days | dict[str, Days],
    WithJsonSchema(
        {
            "anyOf": [
                _DURATION_SCHEMA,
                {"type": "object", "additionalProperties": _DURATION_SCHEMA},
            ]
        }
    ),
]


class InfraLogs(Base):
    retention: RetentionValue | None = _desc(
        "Log retention in days, for every stream or per stream", "3.1"
    )
    streams: StrList | None = _desc("Log streams (application, access, error)", "3.1")


class InfraMonitoring(Base):
    cloudwatch: CloudWatch | None = _desc("CloudWatch metrics and alarms", "3.1")
    logs: InfraLogs | None = _desc("CloudWatch Logs", "3.1")


class Infrastructure(Base):
    network: Network | None = _desc("VPC, subnets and security groups", "3.1")
    monitoring: InfraMonitoring | None = _desc("CloudWatch set-up", "3.1")


# --- 4.1 deployment ---------------------------------------------------------------------


class Step(Base):
    name: Str = _required("Step name, e.g. バックアップの作成 (create backups)", "4.1")
    actions: StrList = _required("Actions, in order", "4.1")


class Phase(Base):
    steps: list[Step] | None = _desc("Steps, in order", "4.1")


class Deployment(Base):
    pre_deployment: Phase | None = _desc("Before deploying: backups, environment checks", "4.1")
    deployment: Phase | None = _desc("Infrastructure, application and database updates", "4.1")
    post_deployment: Phase | None = _desc("Verification and monitoring set-up", "4.1")


# --- 5.1 config -------------------------------------------------------------------------


class Api(Base):
    host: Str | None = _desc("Address the API server binds", "5.1")
    port: Int | None = _desc("Port the API server listens on (guide: 8000)", "5.1")
    workers: Int | None = _desc("Worker processes per task", "5.1")
    timeout: Seconds | None = _desc("Request timeout in seconds", "5.1")
    max_requests: Int | None = _desc("Requests a worker serves before it is restarted", "5.1")


class Frontend(Base):
    api_url: Str | None = _desc("Public URL of the API", "5.1")
    cdn_url: Str | None = _desc("Public URL of the CDN", "5.1")
    analytics_id: Str | None = _desc("Google Analytics measurement id (G-...)", "5.1")


class Application(Base):
    api: Api | None = _desc("API server", "5.1")
    frontend: Frontend | None = _desc("Frontend settings", "5.1")


class DatabasePool(Base):
    pool_size: NonNegativeInt | None = _desc("Connections kept open per process", "5.1")
    max_overflow: OverflowInt | None = _desc(
        "Extra connections per process under load (-1: unlimited)", "5.1"
    )
    pool_timeout: Seconds | None = _desc("Seconds to wait for a free connection", "5.1")
    pool_recycle: Seconds | None = _desc("Seconds after which a connection is replaced", "5.1")


class CachePool(Base):
    max_connections: Int | None = _desc("Connections per process", "5.1")
    timeout: Seconds | None = _desc("Socket timeout in seconds", "5.1")
    retry_on_timeout: Bool | None = _desc("Retry a command once after a timeout", "5.1")


class SearchIndex(Base):
    number_of_shards: Int | None = _desc("Primary shards per index", "5.1")
    number_of_replicas: Int | None = _desc("Replicas per primary shard", "5.1")
    refresh_interval: Str | None = _desc("Index refresh interval, e.g. 1s", "5.1")


class Cors(Base):
    allowed_origins: StrList | None = _desc("Origins allowed (https://host[:port])", "5.1")
    allowed_methods: StrList | None = _desc("HTTP methods allowed", "5.1")
    allowed_headers: StrList | None = _desc("Request headers allowed", "5.1")
    allow_credentials: Bool | None = _desc("Allow credentialed requests", "5.1, deploylint")


class RateLimit(Base):
    requests: Int | None = _desc("Requests allowed per period", "5.1")
    period: Seconds | None = _desc("Period in seconds", "5.1")


class AppSecurity(Base):
    cors: Cors | None = _desc("CORS policy", "5.1")
    rate_limit: RateLimit | None = _desc("Rate limit", "5.1")


class Config(Base):
    application: Application | None = _desc("API and frontend", "5.1")
    database: DatabasePool | None = _desc("Database connection pool", "5.1")
    cache: CachePool | None = _desc("Cache connection pool", "5.1")
    search: SearchIndex | None = _desc("Search index settings", "5.1")
    security: AppSecurity | None = _desc("CORS and rate limit", "5.1")


# --- 6.1 monitoring ---------------------------------------------------------------------


class Metric(Base):
    threshold: Number | None = _desc("Alert threshold (percent; ms for response_time)", "6.1")
    period: Seconds | None = _desc("Period in seconds", "6.1")
    evaluation_periods: Int | None = _desc("Number of periods evaluated", "6.1")
    datapoints_to_alarm: Int | None = _desc("Breaching datapoints needed", "6.1, deploylint")


class SystemMetrics(Base):
    cpu: Metric | None = _desc("CPU utilisation (percent)", "6.1")
    memory: Metric | None = _desc("Memory utilisation (percent)", "6.1")
    disk: Metric | None = _desc("Disk utilisation (percent)", "6.1")


class ApplicationMetrics(Base):
    response_time: Metric | None = _desc("Response time (milliseconds)", "6.1")
    error_rate: Metric | None = _desc("Error rate (percent)", "6.1")
    request_count: Metric | None = _desc("Request count", "6.1")


class Metrics(Base):
    system: SystemMetrics | None = _desc("System metrics", "6.1")
    application: ApplicationMetrics | None = _desc("Application metrics", "6.1")


class Retention(Base):
    application: Days | None = _desc("Application log retention in days (guide: 30)", "6.1")
    access: Days | None = _desc("Access log retention in days (guide: 90)", "6.1")
    error: Days | None = _desc("Error log retention in days (guide: 365)", "6.1")


class LogFormat(Base):
    timestamp: Str | None = _desc("Timestamp format (ISO8601)", "6.1")
    level: Str | None = _desc("Minimum level logged (INFO)", "6.1")
    service: Str | None = _desc("Whether the service name is logged: required", "6.1")
    request_id: Str | None = _desc("Whether the request id is logged: required", "6.1")


class LogFilters(Base):
    exclude: StrList | None = _desc("Patterns dropped from the logs", "6.1")
    include: StrList | None = _desc("Patterns always kept", "6.1")


class Logs(Base):
    retention: Retention | None = _desc("Retention per stream", "6.1")
    format: LogFormat | None = _desc("Log format", "6.1")
    filters: LogFilters | None = _desc("Log filters", "6.1")


class SeverityLevel(Base):
    response_time: Seconds | None = _desc("Time to respond ('15分以内' = within 15 min)", "6.1")
    notification: StrList | None = _desc("Channels notified (names from alerts.channels)", "6.1")


class Alerts(Base):
    channels: dict[str, Str] | None = _desc("Channels by kind: email, slack, pagerduty", "6.1")
    severity: dict[str, SeverityLevel] | None = _desc("Severity levels: critical, warning", "6.1")


class Monitoring(Base):
    metrics: Metrics | None = _desc("Metrics and their thresholds", "6.1")
    logs: Logs | None = _desc("Log retention, format and filters", "6.1")
    alerts: Alerts | None = _desc("Alert channels and routing", "6.1")


# --- a whole file / an effective config -------------------------------------------------

SECTIONS: dict[str, type[Base]] = {
    "architecture": Architecture,
    "infrastructure": Infrastructure,
    "deployment": Deployment,
    "config": Config,
    "monitoring": Monitoring,
}

Extends = Annotated[
    StrictStr | list[StrictStr],
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]


class ConfigFile(Base):
    """One config file (or one YAML document): any subset of the five sections."""

    environment: Str | None = Field(
        default=None,
        description="Scope this file to one environment; without it it applies to every one",
    )
    extends: Extends | None = Field(
        default=None,
        description="Relative path(s) of files this one inherits (deep merge, this file wins)",
    )
    schema_ref: Str | None = Field(
        default=None,
        alias="$schema",
        description="The JSON Schema an editor validates this file with (not merged)",
    )
    architecture: Architecture | None = _desc("Deployment architecture", "2.1")
    infrastructure: Infrastructure | None = _desc("Infrastructure set-up", "3.1")
    deployment: Deployment | None = _desc("Deployment process", "4.1")
    config: Config | None = _desc("Environment config", "5.1")
    monitoring: Monitoring | None = _desc("Monitoring config", "6.1")
