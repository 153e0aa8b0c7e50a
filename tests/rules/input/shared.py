"""What the input rule tests share: configs and builders (from test_dl0xx.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LintJson = Callable[..., tuple[int, dict[str, Any]]]


DL0 = ("--select", "DL0")


ENVS = """
architecture:
  environments:
    production: {region: ap-northeast-1}
    staging: {region: ap-northeast-1}
"""
