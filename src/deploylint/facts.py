"""AWS facts the rules rely on, each with its source (see shared/reference/aws-facts.md).

Facts are not policy: they say what AWS accepts, not what the guide wants. Policy lives
in the policy pack (``rules/guide.yaml``).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

# The date these facts were taken (the botocore snapshot of shared/reference/aws-facts.md).
# A well-formed value newer than the facts is "not in deploylint's table (facts as of
# FACTS_DATE)": a warning, never an error.
FACTS_DATE = "2026-08-07"

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

# RDS for PostgreSQL engine versions, ElastiCache versions: from the dated instance facts
# below (rds:DescribeDBEngineVersions via cfn-lint). "15.0" was never an RDS version (the
# first was 15.2).

# ElastiCache engine versions. Source: docs.aws.amazon.com/AmazonElastiCache/latest/dg/
# supported-engine-versions.html and engine-versions.html.
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

# AWS regions (every partition). Source: botocore data/endpoints.json partitions[].regions.
AWS_REGIONS: frozenset[str] = frozenset({
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2",
    "eu-isoe-west-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
    "eu-west-3", "eusc-de-east-1", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
    "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1",
    "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "us-isof-east-1", "us-isof-south-1",
    "us-west-1", "us-west-2",
})  # fmt: skip


def _azs(region: str, letters: str) -> tuple[str, ...]:
    return tuple(region + letter for letter in letters)


# AZ names a recently created account sees, per region. Source: getmoto/moto 5.2
# moto/ec2/models/availability_zones_and_regions.py (captured DescribeAvailabilityZones).
# AZ names map to AZ IDs per account and older accounts may see other letters
# (ap-northeast-1b); only ap-northeast-1 is confirmed from AWS (aws-facts.md §8).
REGION_AZS: dict[str, tuple[str, ...]] = {
    "af-south-1": _azs("af-south-1", "abc"),
    "ap-east-1": _azs("ap-east-1", "abc"),
    "ap-east-2": _azs("ap-east-2", "abc"),
    "ap-northeast-1": _azs("ap-northeast-1", "acd"),
    "ap-northeast-2": _azs("ap-northeast-2", "abcd"),
    "ap-northeast-3": _azs("ap-northeast-3", "abc"),
    "ap-south-1": _azs("ap-south-1", "abc"),
    "ap-south-2": _azs("ap-south-2", "abc"),
    "ap-southeast-1": _azs("ap-southeast-1", "abc"),
    "ap-southeast-2": _azs("ap-southeast-2", "abc"),
    "ap-southeast-3": _azs("ap-southeast-3", "abc"),
    "ap-southeast-4": _azs("ap-southeast-4", "abc"),
    "ap-southeast-5": _azs("ap-southeast-5", "abc"),
    "ap-southeast-6": _azs("ap-southeast-6", "abc"),
    "ap-southeast-7": _azs("ap-southeast-7", "abc"),
    "ca-central-1": _azs("ca-central-1", "abd"),
    "ca-west-1": _azs("ca-west-1", "abc"),
    "cn-north-1": _azs("cn-north-1", "ab"),
    "cn-northwest-1": _azs("cn-northwest-1", "abc"),
    "eu-central-1": _azs("eu-central-1", "abc"),
    "eu-central-2": _azs("eu-central-2", "abc"),
    "eu-north-1": _azs("eu-north-1", "abc"),
    "eu-south-1": _azs("eu-south-1", "abc"),
    "eu-south-2": _azs("eu-south-2", "abc"),
    "eu-west-1": _azs("eu-west-1", "abc"),
    "eu-west-2": _azs("eu-west-2", "abc"),
    "eu-west-3": _azs("eu-west-3", "abc"),
    "il-central-1": _azs("il-central-1", "abc"),
    "me-central-1": _azs("me-central-1", "abc"),
    "me-south-1": _azs("me-south-1", "abc"),
    "mx-central-1": _azs("mx-central-1", "abc"),
    "sa-east-1": _azs("sa-east-1", "abc"),
    "us-east-1": _azs("us-east-1", "abcdef"),
    "us-east-2": _azs("us-east-2", "abc"),
    "us-gov-east-1": _azs("us-gov-east-1", "abc"),
    "us-gov-west-1": _azs("us-gov-west-1", "abc"),
    "us-west-1": _azs("us-west-1", "ab"),
    "us-west-2": _azs("us-west-2", "abcd"),
}
CONFIRMED_AZ_REGIONS: frozenset[str] = frozenset({"ap-northeast-1"})
LEGACY_AZS: frozenset[str] = frozenset({"ap-northeast-1b"})  # aws-facts.md §8

# EC2 instance types, family -> sizes. RDS classes (db.<type>) are EC2 types.
# Source: botocore ec2/2016-11-15 shape InstanceType (enum).
EC2_INSTANCE_SIZES: dict[str, frozenset[str]] = {
    family: frozenset(sizes.split())
    for family, sizes in {
        "a1": "medium large xlarge 2xlarge 4xlarge metal",
        "c1": "medium xlarge",
        "c3": "large xlarge 2xlarge 4xlarge 8xlarge",
        "c4": "large xlarge 2xlarge 4xlarge 8xlarge",
        "c5": "large xlarge 2xlarge 4xlarge 9xlarge 12xlarge 18xlarge 24xlarge metal",
        "c5a": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge",
        "c5ad": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge",
        "c5d": "large xlarge 2xlarge 4xlarge 9xlarge 12xlarge 18xlarge 24xlarge metal",
        "c5n": "large xlarge 2xlarge 4xlarge 9xlarge 18xlarge metal",
        "c6a": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal",
        "c6g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "c6gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "c6gn": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "c6i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "c6id": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "c6in": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "c7a": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal-48xl",
        "c7g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "c7gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "c7gn": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "c7i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "c7i-flex": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "c8a": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "c8g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "c8gb": "12xlarge 16xlarge 24xlarge 2xlarge 4xlarge 8xlarge large medium metal-24xl xlarge 48xlarge metal-48xl",
        "c8gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "c8gn": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "c8i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "c8i-flex": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "c8ib": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "c8id": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "c8in": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "c8ine": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge",
        "c9g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-48xl",
        "c9gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-48xl",
        "cc1": "4xlarge",
        "cc2": "8xlarge",
        "cg1": "4xlarge",
        "cr1": "8xlarge",
        "d2": "xlarge 2xlarge 4xlarge 8xlarge",
        "d3": "xlarge 2xlarge 4xlarge 8xlarge",
        "d3en": "xlarge 2xlarge 4xlarge 6xlarge 8xlarge 12xlarge",
        "dl1": "24xlarge",
        "dl2q": "24xlarge",
        "f1": "2xlarge 4xlarge 16xlarge",
        "f2": "12xlarge 48xlarge 6xlarge",
        "g2": "2xlarge 8xlarge",
        "g3": "4xlarge 8xlarge 16xlarge",
        "g3s": "xlarge",
        "g4ad": "xlarge 2xlarge 4xlarge 8xlarge 16xlarge",
        "g4dn": "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "g5": "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge",
        "g5g": "xlarge 2xlarge 4xlarge 8xlarge 16xlarge metal",
        "g6": "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge",
        "g6e": "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge",
        "g6f": "large xlarge 2xlarge 4xlarge",
        "g7": "2xlarge 4xlarge 8xlarge 12xlarge 24xlarge 48xlarge",
        "g7e": "2xlarge 4xlarge 8xlarge 12xlarge 24xlarge 48xlarge",
        "gr6": "4xlarge 8xlarge",
        "gr6f": "4xlarge",
        "h1": "2xlarge 4xlarge 8xlarge 16xlarge",
        "hi1": "4xlarge",
        "hpc6a": "48xlarge",
        "hpc6id": "32xlarge",
        "hpc7a": "12xlarge 24xlarge 48xlarge 96xlarge",
        "hpc7g": "4xlarge 8xlarge 16xlarge",
        "hpc8a": "96xlarge",
        "hs1": "8xlarge",
        "i2": "xlarge 2xlarge 4xlarge 8xlarge",
        "i3": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge metal",
        "i3en": "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge 24xlarge metal",
        "i4g": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge",
        "i4i": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge 32xlarge metal 12xlarge 24xlarge",
        "i7i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "i7ie": "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge 18xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "i8g": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal-24xl 48xlarge metal-48xl",
        "i8ge": "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge 18xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "im4gn": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge",
        "inf1": "xlarge 2xlarge 6xlarge 24xlarge",
        "inf2": "xlarge 8xlarge 24xlarge 48xlarge",
        "is4gen": "medium large xlarge 2xlarge 4xlarge 8xlarge",
        "m1": "small medium large xlarge",
        "m2": "xlarge 2xlarge 4xlarge",
        "m3": "medium large xlarge 2xlarge",
        "m4": "large xlarge 2xlarge 4xlarge 10xlarge 16xlarge",
        "m5": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "m5a": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge",
        "m5ad": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge",
        "m5d": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "m5dn": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "m5n": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "m5zn": "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge metal",
        "m6a": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal",
        "m6g": "metal medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "m6gd": "metal medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "m6i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "m6id": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "m6idn": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "m6in": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "m7a": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal-48xl",
        "m7g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "m7gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "m7i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "m7i-flex": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "m8a": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "m8azn": "medium large xlarge 3xlarge 6xlarge 12xlarge 24xlarge metal-12xl metal-24xl",
        "m8g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "m8gb": "12xlarge 16xlarge 24xlarge 2xlarge 4xlarge 8xlarge large medium xlarge 48xlarge metal-24xl metal-48xl",
        "m8gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "m8gn": "12xlarge 16xlarge 24xlarge 2xlarge 48xlarge 4xlarge 8xlarge large medium xlarge metal-24xl metal-48xl",
        "m8i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "m8i-flex": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "m8ib": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "m8id": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "m8idb": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "m8idn": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "m8in": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "m8ine": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge",
        "m9g": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl medium",
        "m9gd": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl medium",
        "mac-m3ultra": "metal",
        "mac-m4": "metal",
        "mac-m4max": "metal",
        "mac-m4pro": "metal",
        "mac1": "metal",
        "mac2": "metal",
        "mac2-m1ultra": "metal",
        "mac2-m2": "metal",
        "mac2-m2pro": "metal",
        "p2": "xlarge 8xlarge 16xlarge",
        "p3": "2xlarge 8xlarge 16xlarge",
        "p3dn": "24xlarge",
        "p4d": "24xlarge",
        "p4de": "24xlarge",
        "p5": "48xlarge 4xlarge",
        "p5e": "48xlarge",
        "p5en": "48xlarge",
        "p6-b200": "48xlarge",
        "p6-b300": "48xlarge",
        "p6e-gb200": "36xlarge",
        "r3": "large xlarge 2xlarge 4xlarge 8xlarge",
        "r4": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge",
        "r5": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "r5a": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge",
        "r5ad": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge",
        "r5b": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "r5d": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "r5dn": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "r5n": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal",
        "r6a": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal",
        "r6g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "r6gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "r6i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "r6id": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "r6idn": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "r6in": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal",
        "r7a": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal-48xl",
        "r7g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "r7gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "r7i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "r7iz": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 32xlarge metal-16xl metal-32xl",
        "r8a": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "r8g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "r8gb": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal-24xl 48xlarge metal-48xl",
        "r8gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "r8gn": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "r8i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "r8i-flex": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "r8ib": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "r8id": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "r8idb": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "r8idn": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "r8in": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge metal-48xl metal-96xl",
        "r9g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-48xl",
        "r9gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-48xl",
        "t1": "micro",
        "t2": "nano micro small medium large xlarge 2xlarge",
        "t3": "nano micro small medium large xlarge 2xlarge",
        "t3a": "nano micro small medium large xlarge 2xlarge",
        "t4g": "nano micro small medium large xlarge 2xlarge",
        "t8i": "nano micro small medium",
        "trn1": "2xlarge 32xlarge",
        "trn1n": "32xlarge",
        "trn2": "48xlarge 3xlarge",
        "trn2u": "48xlarge",
        "u-12tb1": "112xlarge metal",
        "u-18tb1": "metal 112xlarge",
        "u-24tb1": "metal 112xlarge",
        "u-3tb1": "56xlarge",
        "u-6tb1": "56xlarge 112xlarge metal",
        "u-9tb1": "112xlarge metal",
        "u7i-12tb": "224xlarge",
        "u7i-6tb": "112xlarge",
        "u7i-8tb": "112xlarge",
        "u7ib-12tb": "224xlarge",
        "u7in-16tb": "224xlarge",
        "u7in-24tb": "224xlarge",
        "u7in-32tb": "224xlarge",
        "u7inh-32tb": "480xlarge",
        "vt1": "3xlarge 6xlarge 24xlarge",
        "x1": "16xlarge 32xlarge",
        "x1e": "xlarge 2xlarge 4xlarge 8xlarge 16xlarge 32xlarge",
        "x2gd": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal",
        "x2idn": "16xlarge 24xlarge 32xlarge metal",
        "x2iedn": "xlarge 2xlarge 4xlarge 8xlarge 16xlarge 24xlarge 32xlarge metal",
        "x2iezn": "2xlarge 4xlarge 6xlarge 8xlarge 12xlarge metal",
        "x8aedz": "12xlarge 24xlarge 3xlarge 6xlarge large metal-12xl metal-24xl xlarge",
        "x8g": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl",
        "x8i": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 64xlarge 96xlarge metal-48xl metal-96xl",
        "z1d": "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge metal",
    }.items()
}  # fmt: skip

# botocore's OpenSearchPartitionInstanceType enum (opensearch/2021-01-01): years behind (no
# r7g, m7g, im4gn, or2, om2...) and not the list of types (OPENSEARCH_INSTANCE_SIZES is);
# a size it lists that the price list lacks (t3.micro.search) may be retired: a warning.
OPENSEARCH_BOTOCORE_SIZES: dict[str, frozenset[str]] = {
    family: frozenset(sizes.split())
    for family, sizes in {
        "c4": "large xlarge 2xlarge 4xlarge 8xlarge",
        "c5": "large xlarge 2xlarge 4xlarge 9xlarge 18xlarge",
        "c6g": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge",
        "d2": "xlarge 2xlarge 4xlarge 8xlarge",
        "i2": "xlarge 2xlarge",
        "i3": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge",
        "m3": "medium large xlarge 2xlarge",
        "m4": "large xlarge 2xlarge 4xlarge 10xlarge",
        "m5": "large xlarge 2xlarge 4xlarge 12xlarge 24xlarge",
        "m6g": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge",
        "or1": "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "r3": "large xlarge 2xlarge 4xlarge 8xlarge",
        "r4": "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge",
        "r5": "large xlarge 2xlarge 4xlarge 12xlarge 24xlarge",
        "r6g": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge",
        "r6gd": "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge",
        "t2": "micro small medium",
        "t3": "nano micro small medium large xlarge 2xlarge",
        "t4g": "small medium",
        "ultrawarm1": "medium large xlarge",
    }.items()
}  # fmt: skip

# S3 storage classes. Source: botocore s3/2006-03-01 TransitionStorageClass / StorageClass.
S3_TRANSITION_CLASSES = frozenset({
    "GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR",
})  # fmt: skip
S3_STORAGE_CLASSES = frozenset({
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
    "FSX_OPENZFS", "FSX_ONTAP", "AWS_BACKUP_WARM", "AWS_BACKUP_LOW_COST_WARM",
})  # fmt: skip
S3_IA_MIN_DAYS = 30  # API_Transition.html; lifecycle-transition-general-considerations.md

# Database/cache engine ports.
ENGINE_PORTS: dict[str, int] = {
    "postgresql": 5432, "postgres": 5432, "mysql": 3306, "mariadb": 3306,
    "redis": 6379, "valkey": 6379, "opensearch": 443, "elasticsearch": 443,
}  # fmt: skip
DATABASE_PORTS = frozenset({5432, 3306, 1433, 1521, 6379, 11211, 27017, 9200, 9300})

# Gunicorn's recommended worker count: (2 x cores) + 1. Source: gunicorn docs/design.md.


# Family letters whose memory per vCPU the naming scheme gives (EC2 naming conventions:
# https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html): r memory
# optimised 8 GiB/vCPU, m general purpose 4, c compute optimised 2, t burstable 4. Used only
# to estimate a class newer than the table (db.r8g.large), and said to be an estimate.
FAMILY_LETTER_MEMORY_FACTOR: dict[str, float] = {"r": 2, "m": 1, "c": 0.5, "t": 1}
_FAMILY = re.compile(r"([a-z])[0-9]+[a-z-]*")


def estimated_memory_gib(instance_class: str) -> float | None:
    """Memory of a class the table does not list, from its family letter and size."""
    parts = instance_class.removeprefix("db.").removeprefix("cache.").removesuffix(".search")
    family, _, size = parts.partition(".")
    match = _FAMILY.fullmatch(family)
    if match is None or size not in SIZE_VCPU_MEM:
        return None
    factor = FAMILY_LETTER_MEMORY_FACTOR.get(match.group(1))
    return None if factor is None else SIZE_VCPU_MEM[size][1] * factor


def max_connections_for(gib: float) -> int:
    """RDS PostgreSQL's default max_connections for an instance of ``gib`` GiB."""
    return min(int(gib * 1024**3 // RDS_MAX_CONNECTIONS_DIVISOR), RDS_MAX_CONNECTIONS_CAP)


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
    return max_connections_for(gib)


# --- instance classes and versions from AWS's own lists (dated data) -----------------------
# src/deploylint/data/facts/instance-types.json, regenerated by
# tools/regen_instance_facts.py from cfn-lint's data: the AWS Pricing API's instance classes
# (per RDS engine, ElastiCache, OpenSearch Service; union of regions) and
# rds:DescribeDBEngineVersions, with the corrections of shared/reference/
# instance-classes.md (recorded in the file).


def _load() -> dict[str, Any]:
    raw = (resources.files("deploylint") / "data" / "facts" / "instance-types.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Any] = json.loads(raw)
    return data


_DATA = _load()
INSTANCE_FACTS_DATE: str = _DATA["as_of"]
INSTANCE_FACTS_SOURCE: str = _DATA["source"]


def _sizes(table: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    return {family: frozenset(sizes) for family, sizes in table.items()}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"[0-9]+", version))


# RDS DB instance classes per engine (postgres, aurora-postgresql, mysql, mariadb,
# aurora-mysql): family -> sizes; db.serverless is aurora's only.
RDS_CLASSES: dict[str, dict[str, frozenset[str]]] = {
    engine: _sizes(table) for engine, table in _DATA["rds_classes"].items()
}
# RDS for PostgreSQL families kept for old majors only (m4, r4, t2: PostgreSQL 12 and lower)
# or deprecated (m3, r3). Source: RDS user guide, Concepts.DBInstanceClass (2023).
RDS_POSTGRES_LEGACY: dict[str, str] = dict(_DATA["rds_postgres_legacy"])
# RDS for PostgreSQL 10 and later: major.minor (15.4), or major.minor-rds.YYYYMMDD under RDS
# Extended Support (11.22-rds.20240418); 9.x had three parts. Major -> minors, oldest first.
_PG = sorted(
    (v for v in _DATA["rds_postgres_versions"] if re.fullmatch(r"[0-9]+\.[0-9]+", v)),
    key=_version_key,
)
RDS_POSTGRES_VERSIONS: dict[int, tuple[str, ...]] = {
    major: tuple(v for v in _PG if int(v.split(".")[0]) == major)
    for major in sorted({int(v.split(".")[0]) for v in _PG})
    if major >= 10
}
RDS_POSTGRES_EXTENDED: frozenset[str] = frozenset(
    v for v in _DATA["rds_postgres_versions"] if "-rds." in v
)
# Versions RDS lists as deprecated: existing instances run them, new ones cannot use them.
RDS_POSTGRES_DEPRECATED: frozenset[str] = frozenset(_DATA["rds_postgres_deprecated"])

# ElastiCache engine versions. Source: the same data (DescribeCacheEngineVersions);
# docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html. "6.x"
# (the latest 6) is accepted as well.
REDIS_VERSIONS: tuple[str, ...] = (
    *sorted(_DATA["elasticache_versions"]["redis"], key=_version_key),
    "6.x",
)
VALKEY_VERSIONS: tuple[str, ...] = tuple(
    sorted(_DATA["elasticache_versions"]["valkey"], key=_version_key)
)

# ElastiCache node types (cache.<family>.<size>); previous-generation families, which new
# clusters cannot use (botocore CacheNode documentation; CacheNodes.SupportedTypes).
ELASTICACHE_NODE_SIZES: dict[str, frozenset[str]] = _sizes(_DATA["elasticache_node_types"])
ELASTICACHE_PREVIOUS: frozenset[str] = frozenset(_DATA["elasticache_previous"])

# OpenSearch Service instance types (<family>.<size>.search) and previous generation.
OPENSEARCH_INSTANCE_SIZES: dict[str, frozenset[str]] = _sizes(_DATA["opensearch_instance_types"])
OPENSEARCH_PREVIOUS: frozenset[str] = frozenset(_DATA["opensearch_previous"])
