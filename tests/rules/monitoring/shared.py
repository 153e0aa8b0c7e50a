"""What the monitoring rule tests share: configs and builders (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

# The guide's two environments, and a set that only has staging.
ENVS = """
architecture:
  environments:
    production:
      region: ap-northeast-1
    staging:
      region: ap-northeast-1
"""


STAGING_ONLY = """
architecture:
  environments:
    staging:
      region: ap-northeast-1
"""


def rows(file: str, rule: str, *positions: tuple[int, int]) -> list[tuple[str, int, int, str]]:
    return sorted((file, line, col, rule) for line, col in positions)


GUIDE_RETENTION = {"infra": 30, "app": 30, "acc": 90, "err": 365}


ALL_STREAMS = "[application, access, error]"


PER_STREAM = "{application: 30, access: 90, error: 365}"
