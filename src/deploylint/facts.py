"""AWS facts the rules rely on, each with its source (see shared/reference/aws-facts.md).

Facts are not policy: they say what AWS accepts, not what the guide wants. Policy lives
in the policy pack (``rules/guide.yaml``).
"""

from __future__ import annotations

# ECS Fargate task sizes: cpu units -> allowed memory MiB.
# Source: botocore ecs/2014-11-13 RegisterTaskDefinitionRequest;
# docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: (1024, 2048, 3072, 4096),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}

# CloudWatch Logs retentionInDays. Source: botocore logs/2014-03-28 shape Days.
LOG_RETENTION_DAYS: tuple[int, ...] = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip

# CloudWatch PutMetricAlarm. Source: botocore cloudwatch/2010-08-01 PutMetricAlarmInput.
HIGH_RESOLUTION_PERIODS = (10, 20, 30)
MAX_EVALUATION_SECONDS_SHORT = 86_400  # period < 3600: period x evaluation_periods <= 1 day
MAX_EVALUATION_SECONDS = 604_800  # otherwise <= 7 days

# RDS for PostgreSQL engine versions. Source: aws-cdk aws-rds/lib/instance-engine.ts,
# RDS PostgreSQL release notes. "15.0" was never an RDS version (the first was 15.2).
RDS_POSTGRES_VERSIONS: dict[int, tuple[str, ...]] = {
    11: tuple(f"11.{m}" for m in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22)),
    12: tuple(f"12.{m}" for m in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22)),
    13: tuple(f"13.{m}" for m in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)),
    14: tuple(f"14.{m}" for m in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)),
    15: tuple(f"15.{m}" for m in range(2, 18)),
    16: tuple(f"16.{m}" for m in range(1, 12)),
    17: tuple(f"17.{m}" for m in range(1, 8)),
    18: ("18.1",),
}  # fmt: skip

# ElastiCache engine versions. Source: docs.aws.amazon.com/AmazonElastiCache/latest/dg/
# supported-engine-versions.html and engine-versions.html.
REDIS_VERSIONS: tuple[str, ...] = ("4.0.10", "5.0.6", "6.0", "6.2", "6.x", "7.0", "7.1")
VALKEY_VERSIONS: tuple[str, ...] = ("7.2", "8.0", "8.1", "8.2", "9.0")
REDIS_MAXCLIENTS = 65_000  # not modifiable; RedisConfiguration.html

# OpenSearch Service engine versions. Source: aws-cdk aws-opensearchservice/lib/version.ts.
OPENSEARCH_VERSIONS: tuple[str, ...] = (
    "1.0", "1.1", "1.2", "1.3", "2.3", "2.5", "2.7", "2.9", "2.10", "2.11", "2.13",
    "2.15", "2.17", "2.19", "3.1", "3.3", "3.5", "3.7",
)  # fmt: skip
ELASTICSEARCH_VERSIONS: tuple[str, ...] = (
    "1.5", "2.3", "5.1", "5.3", "5.5", "5.6", "6.0", "6.2", "6.3", "6.4", "6.5", "6.7",
    "6.8", "7.1", "7.4", "7.7", "7.8", "7.9", "7.10",
)  # fmt: skip

# Instance families and their memory (GiB) per size, for the classes rules reason about.
# Source: EC2 DescribeInstanceTypes (moto instance_types.json); RDS/ElastiCache/OpenSearch
# classes share the EC2 family's size.
SIZE_VCPU_MEM: dict[str, tuple[int, float]] = {
    "micro": (2, 1), "small": (2, 2), "medium": (2, 4), "large": (2, 8), "xlarge": (4, 16),
    "2xlarge": (8, 32), "4xlarge": (16, 64), "8xlarge": (32, 128), "12xlarge": (48, 192),
    "16xlarge": (64, 256), "24xlarge": (96, 384),
}  # fmt: skip
# Memory-optimised families double the general-purpose memory; burstable t families vary.
FAMILY_MEMORY_FACTOR: dict[str, float] = {
    "t3": 1, "t4g": 1, "m5": 1, "m6g": 1, "m6i": 1, "m7g": 1, "m7i": 1,
    "r5": 2, "r6g": 2, "r6i": 2, "r7g": 2, "r7i": 2, "x2g": 4, "c5": 0.5, "c6g": 0.5,
}  # fmt: skip

# RDS default max_connections = LEAST(DBInstanceClassMemory / 9531392, 5000).
# Source: docs.aws.amazon.com/prescriptive-guidance/latest/tuning-postgresql-parameters/
RDS_MAX_CONNECTIONS_DIVISOR = 9_531_392
RDS_MAX_CONNECTIONS_CAP = 5_000

# ap-northeast-1 AZs offered to new accounts (1b is legacy). Source: moto
# availability_zones_and_regions.py (captured DescribeAvailabilityZones).
REGION_AZS: dict[str, tuple[str, ...]] = {
    "ap-northeast-1": ("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"),
    "ap-northeast-3": ("ap-northeast-3a", "ap-northeast-3b", "ap-northeast-3c"),
    "us-east-1": tuple(f"us-east-1{s}" for s in "abcdef"),
    "us-west-2": tuple(f"us-west-2{s}" for s in "abcd"),
    "eu-west-1": tuple(f"eu-west-1{s}" for s in "abc"),
}
LEGACY_AZS: frozenset[str] = frozenset({"ap-northeast-1b"})

# S3 storage classes. Source: botocore s3/2006-03-01 TransitionStorageClass / StorageClass.
S3_TRANSITION_CLASSES = frozenset(
    {"GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"}
)
S3_STORAGE_CLASSES = S3_TRANSITION_CLASSES | {
    "STANDARD", "REDUCED_REDUNDANCY", "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE",
}  # fmt: skip
S3_IA_MIN_DAYS = 30  # API_Transition.html; lifecycle-transition-general-considerations.md

# Database/cache engine ports.
ENGINE_PORTS: dict[str, int] = {
    "postgresql": 5432, "postgres": 5432, "mysql": 3306, "mariadb": 3306,
    "redis": 6379, "valkey": 6379, "opensearch": 443, "elasticsearch": 443,
}  # fmt: skip
DATABASE_PORTS = frozenset({5432, 3306, 1433, 1521, 6379, 11211, 27017, 9200, 9300})

# Gunicorn's recommended worker count: (2 x cores) + 1. Source: gunicorn docs/design.md.


def instance_memory_gib(instance_class: str) -> float | None:
    """Nominal memory of ``db.r5.large`` / ``cache.r5.large`` / ``r5.large.search``."""
    parts = instance_class.removeprefix("db.").removeprefix("cache.").removesuffix(".search")
    family, _, size = parts.partition(".")
    if family not in FAMILY_MEMORY_FACTOR or size not in SIZE_VCPU_MEM:
        return None
    return SIZE_VCPU_MEM[size][1] * FAMILY_MEMORY_FACTOR[family]


def rds_max_connections(instance_class: str) -> int | None:
    """Upper bound of RDS PostgreSQL's default max_connections for the class."""
    gib = instance_memory_gib(instance_class)
    if gib is None:
        return None
    return min(int(gib * 1024**3 // RDS_MAX_CONNECTIONS_DIVISOR), RDS_MAX_CONNECTIONS_CAP)
