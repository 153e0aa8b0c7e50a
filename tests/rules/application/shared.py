"""What the application rule tests share: configs and builders (from test_dl3xx_config.py)."""

from __future__ import annotations

# Two environments (the guide's), each with its scaling maximum on a known line.
ENVS = """
architecture:
  environments:
    production:
      region: ap-northeast-1
      scaling: {min: 3, max: 10, desired: 5}
    staging:
      region: ap-northeast-1
      scaling: {min: 2, max: 5, desired: 2}
"""


STAGING_ONLY = """
architecture:
  environments:
    staging:
      region: ap-northeast-1
      scaling: {min: 2, max: 5, desired: 2}
"""
