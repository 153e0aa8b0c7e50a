"""What the network rule tests share: configs and builders (from test_dl2xx_network.py)."""

from __future__ import annotations

# The guide's two environments (2.1).
ENVS = """
architecture:
  environments:
    production:
      region: ap-northeast-1
      availability_zones: ['1a', '1c']
    staging:
      region: ap-northeast-1
      availability_zones: ['1a']
  components:
    database: {engine: PostgreSQL}
config:
  application:
    api: {port: 8000}
"""


# The guide's security groups (3.1); a test replaces single lines.
GROUPS = """
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 80, source: 0.0.0.0/0}
            - {port: 443, source: 0.0.0.0/0}
        ecs:
          inbound:
            - {port: 8000, source: alb-sg}
        rds:
          inbound:
            - {port: 5432, source: ecs-sg}
"""
# The rest of the guide's network, after the groups (their line numbers stay): a set that
# declares `infrastructure` lacks none of it, so the tests of the groups see only them.
NETWORK_REST = """\
    vpc:
      cidr: 10.0.0.0/16
      subnets:
        public:
          - {cidr: 10.0.1.0/24, az: ap-northeast-1a}
          - {cidr: 10.0.2.0/24, az: ap-northeast-1c}
        private:
          - {cidr: 10.0.3.0/24, az: ap-northeast-1a}
          - {cidr: 10.0.4.0/24, az: ap-northeast-1c}
"""
GROUPS += NETWORK_REST


# Columns of `source` and `port` in the flow mappings above.
ALB80, ALB443, ECS, RDS = 7, 8, 11, 14  # lines of the inbound rules


SRC = 36  # column of a source after a four-digit port


PORT_COL = 22


def groups(*replace: tuple[str, str]) -> str:
    text = GROUPS
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return text


VPC = "infrastructure:\n  network:\n    vpc:\n      cidr: {cidr}\n"


SUBNETS = """
infrastructure:
  network:
    vpc:
      cidr: {vpc}
      subnets:
        public:
          - {{cidr: 10.0.1.0/24, az: ap-northeast-1a}}
          - {{cidr: {public}, az: ap-northeast-1c}}
        private:
          - {{cidr: 10.0.3.0/24, az: ap-northeast-1a}}
          - {{cidr: {private}, az: ap-northeast-1c}}
"""


# --- DL205/DL207: public address space, database and cache groups (issues 8, 9) ---------

ENVS_CACHE = ENVS.replace(
    "    database: {engine: PostgreSQL}\n",
    "    database: {engine: PostgreSQL}\n    cache: {engine: Redis}\n",
)


REDIS = "\n        redis:\n          inbound:\n            - {{port: 6379, source: {source}}}"


def with_redis(source: str) -> str:
    """The guide's groups plus a cache group the pack does not name."""
    only = GROUPS.removesuffix(NETWORK_REST)
    return only.rstrip("\n") + REDIS.format(source=source) + "\n" + NETWORK_REST
