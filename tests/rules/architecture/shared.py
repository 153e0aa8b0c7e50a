"""What the architecture rule tests share: configs and builders (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from typing import Any

# Lines: 4 region, 5 zones, 7 min, 8 desired, 9 max (production); 11-16 the same for staging.
# Columns: region 15, the zone list 27 (first item 28), scaling values 14 / 18 / 14.
ENVS = """
architecture:
  environments:
    production:
      region: {p_region}
      availability_zones: {p_zones}
      scaling:
        min: {p_min}
        desired: {p_desired}
        max: {p_max}
    staging:
      region: {s_region}
      availability_zones: {s_zones}
      scaling:
        min: {s_min}
        desired: {s_desired}
        max: {s_max}
"""


GUIDE_ENVS = {
    "p_region": "ap-northeast-1",
    "p_zones": "['1a', '1c']",
    "p_min": 3,
    "p_desired": 5,
    "p_max": 10,
    "s_region": "ap-northeast-1",
    "s_zones": "['1a']",
    "s_min": 2,
    "s_desired": 3,
    "s_max": 5,
}


def envs(**changes: Any) -> dict[str, str]:
    return {"arch.yaml": ENVS.format(**{**GUIDE_ENVS, **changes})}


# Lines: 5 cpu, 6 memory, 9/10 database version/class, 12-14 cache engine/version/class,
# 17/18 search version/class, 21 storage_class, 23 transition, 24 expiration.
COMPONENTS = """
architecture:
  components:
    compute:
      type: {compute_type}
      cpu: '{cpu}'
      memory: '{memory}'
    database:
      engine: PostgreSQL
      version: '{db_version}'
      instance_type: {db_class}
    cache:
      engine: {cache_engine}
      version: '{cache_version}'
      instance_type: {cache_class}
    search:
      type: OpenSearch
      version: '{search_version}'
      instance_type: {search_class}
    storage:
      type: S3
      storage_class: {storage_class}
      lifecycle:
        transition: {transition}
        expiration: {expiration}
"""


GOOD_COMPONENTS = {
    "compute_type": "ECS Fargate",
    "cpu": 2048,
    "memory": 4096,
    "db_version": "15.17",
    "db_class": "db.r5.large",
    "cache_engine": "Redis",
    "cache_version": "7.0",
    "cache_class": "cache.r5.large",
    "search_version": "2.19",
    "search_class": "r5.large.search",
    "storage_class": "STANDARD",
    "transition": "30日でIA",
    "expiration": "365日",
}


def comps(**changes: Any) -> dict[str, str]:
    return {"arch.yaml": COMPONENTS.format(**{**GOOD_COMPONENTS, **changes})}
