"""Provision the guide's production stack (tests/live/configs) on a moto server, by tags.

Every resource is tagged ``Environment=production`` plus its ``Component``/``Tier``/
``Stream`` tag, as docs/live.md describes; the security groups are named ``<name>-sg``
and the alarms ``production-<alarm>``. The clients here are plain boto3 clients without
deploylint's read-only guard: they write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from tests.helpers import cli

REGION = "ap-northeast-1"
ENV = "production"


def client(endpoint: str, service: str) -> Any:
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint)


def tags(component: str | None = None, **extra: str) -> list[dict[str, str]]:
    out = {"Environment": ENV, **({"Component": component} if component else {}), **extra}
    return [{"Key": k, "Value": v} for k, v in out.items()]


def spec(kind: str, component: str | None = None, **extra: str) -> list[dict[str, Any]]:
    return [{"ResourceType": kind, "Tags": tags(component, **extra)}]


@dataclass
class Stack:
    endpoint: str
    ids: dict[str, str] = field(default_factory=dict)


def provision(endpoint: str) -> Stack:
    stack = Stack(endpoint)
    ec2 = client(endpoint, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=spec("vpc", "network"))
    vpc_id = vpc["Vpc"]["VpcId"]
    stack.ids["vpc"] = vpc_id
    for n, (cidr, az, tier) in enumerate(
        [
            ("10.0.1.0/24", "ap-northeast-1a", "public"),
            ("10.0.2.0/24", "ap-northeast-1c", "public"),
            ("10.0.3.0/24", "ap-northeast-1a", "private"),
            ("10.0.4.0/24", "ap-northeast-1c", "private"),
        ]
    ):
        subnet = ec2.create_subnet(
            VpcId=vpc_id,
            CidrBlock=cidr,
            AvailabilityZone=az,
            TagSpecifications=spec("subnet", None, Tier=tier),
        )
        stack.ids[f"subnet{n}"] = subnet["Subnet"]["SubnetId"]
    for name in ("alb", "ecs", "rds"):
        group = ec2.create_security_group(
            GroupName=f"{name}-sg",
            Description=name,
            VpcId=vpc_id,
            TagSpecifications=spec("security-group"),
        )
        stack.ids[name] = group["GroupId"]
        # moto opens egress by default; ingress starts empty.
    ec2.authorize_security_group_ingress(
        GroupId=stack.ids["alb"],
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
            for p in (80, 443)
        ],
    )
    for group, port, source in (("ecs", 8000, "alb"), ("rds", 5432, "ecs")):
        ec2.authorize_security_group_ingress(
            GroupId=stack.ids[group],
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": port,
                    "ToPort": port,
                    "UserIdGroupPairs": [{"GroupId": stack.ids[source]}],
                }
            ],
        )

    ecs = client(endpoint, "ecs")
    ecs.create_cluster(clusterName="app", tags=[{"key": "Environment", "value": ENV}])
    task = ecs.register_task_definition(
        family="app",
        cpu="2048",
        memory="4096",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        containerDefinitions=[{"name": "app", "image": "app:1", "essential": True}],
    )
    ecs.create_service(
        cluster="app",
        serviceName="api",
        taskDefinition=task["taskDefinition"]["taskDefinitionArn"],
        desiredCount=5,
        launchType="FARGATE",
        tags=[{"key": "Environment", "value": ENV}, {"key": "Component", "value": "compute"}],
    )
    client(endpoint, "application-autoscaling").register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId="service/app/api",
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=3,
        MaxCapacity=10,
    )

    client(endpoint, "rds").create_db_instance(
        DBInstanceIdentifier="app-db",
        Engine="postgres",
        EngineVersion="15.4",
        DBInstanceClass="db.r5.large",
        AllocatedStorage=100,
        MasterUsername="app",
        MasterUserPassword="not-a-secret-1",
        MultiAZ=True,
        Tags=tags("database"),
    )
    client(endpoint, "elasticache").create_replication_group(
        ReplicationGroupId="app-cache",
        ReplicationGroupDescription="cache",
        Engine="redis",
        EngineVersion="7.1",
        CacheNodeType="cache.r5.large",
        ReplicasPerNodeGroup=1,
        Tags=tags("cache"),
    )
    client(endpoint, "opensearch").create_domain(
        DomainName="app-search",
        EngineVersion="OpenSearch_2.11",
        ClusterConfig={"InstanceType": "r5.large.search", "InstanceCount": 2},
        TagList=tags("search"),
    )
    s3 = client(endpoint, "s3")
    s3.create_bucket(Bucket="app-assets", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_tagging(Bucket="app-assets", Tagging={"TagSet": tags("storage")})
    s3.put_bucket_lifecycle_configuration(
        Bucket="app-assets",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "assets",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}],
                    "Expiration": {"Days": 365},
                }
            ]
        },
    )
    cloudwatch = client(endpoint, "cloudwatch")
    for name, metric, threshold in (
        ("high_cpu", "CPUUtilization", 80),
        ("high_memory", "MemoryUtilization", 85),
    ):
        cloudwatch.put_metric_alarm(
            AlarmName=f"{ENV}-{name}",
            MetricName=metric,
            Namespace="AWS/ECS",
            Statistic="Average",
            Threshold=threshold,
            Period=300,
            EvaluationPeriods=2,
            ComparisonOperator="GreaterThanThreshold",
        )
    logs = client(endpoint, "logs")
    for stream, days in (("application", 30), ("access", 90), ("error", 365)):
        name = f"/app/{ENV}/{stream}"
        logs.create_log_group(logGroupName=name, tags={"Environment": ENV, "Stream": stream})
        logs.put_retention_policy(logGroupName=name, retentionInDays=days)
    return stack


# --- the CLI and the saved `aws` CLI output, on this stack --------------------------

CONFIGS = str(Path(__file__).parent / "configs")  # the guide's configs for this stack


def drift(endpoint: str, *extra: str, configs: str = CONFIGS) -> tuple[int, dict[str, Any], str]:
    result = cli(
        [
            "drift",
            configs,
            "--env",
            "production",
            "--live",
            "--endpoint-url",
            endpoint,
            "--format",
            "json",
            "--no-config",
            *extra,
        ],
    )
    document = json.loads(result.stdout) if "json" in extra or "text" not in extra else {}
    return result.exit_code, document, result.stderr


def _save(path: Path, answer: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    answer.pop("ResponseMetadata", None)
    path.write_text(json.dumps(answer, default=str), encoding="utf-8")


def save_cli_outputs(endpoint: str, folder: Path) -> None:
    """What `aws ... describe-*` would print, saved one command per file."""
    ec2 = client(endpoint, "ec2")
    _save(folder / "vpcs.json", ec2.describe_vpcs())
    _save(folder / "subnets.json", ec2.describe_subnets())
    _save(folder / "security-groups.json", ec2.describe_security_groups())
    ecs = client(endpoint, "ecs")
    services = ecs.describe_services(cluster="app", services=["api"], include=["TAGS"])
    _save(folder / "ecs-services.json", services)
    task = services["services"][0]["taskDefinition"]
    _save(folder / "task-definition.json", ecs.describe_task_definition(taskDefinition=task))
    autoscaling = client(endpoint, "application-autoscaling")
    _save(folder / "targets.json", autoscaling.describe_scalable_targets(ServiceNamespace="ecs"))
    _save(folder / "rds.json", client(endpoint, "rds").describe_db_instances())
    _save(folder / "cache.json", client(endpoint, "elasticache").describe_replication_groups())
    search = client(endpoint, "opensearch")
    _save(folder / "search.json", search.describe_domains(DomainNames=["app-search"]))
    _save(folder / "alarms.json", client(endpoint, "cloudwatch").describe_alarms())
    logs = client(endpoint, "logs")
    _save(folder / "logs.json", logs.describe_log_groups())
    s3 = client(endpoint, "s3")
    _save(folder / "buckets.json", s3.list_buckets())
    _save(folder / "s3/app-assets/tagging.json", s3.get_bucket_tagging(Bucket="app-assets"))
    _save(
        folder / "s3/app-assets/lifecycle.json",
        s3.get_bucket_lifecycle_configuration(Bucket="app-assets"),
    )
    mappings = []
    for g in logs.describe_log_groups()["logGroups"]:
        arn = g["arn"].removesuffix(":*")
        tags = logs.list_tags_for_resource(resourceArn=arn)["tags"]
        mappings.append(
            {"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
        )
    for g in client(endpoint, "elasticache").describe_replication_groups()["ReplicationGroups"]:
        tags = client(endpoint, "elasticache").list_tags_for_resource(ResourceName=g["ARN"])
        mappings.append({"ResourceARN": g["ARN"], "Tags": tags["TagList"]})
    domain = search.describe_domain(DomainName="app-search")["DomainStatus"]["ARN"]
    mappings.append({"ResourceARN": domain, "Tags": search.list_tags(ARN=domain)["TagList"]})
    _save(folder / "tags.json", {"ResourceTagMappingList": mappings})
