"""DL303 workers: src/deploylint/rules/application/dl303_workers.py (from test_dl3xx_config.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Related

WORKERS = """
architecture:
  components:
    compute:
      cpu: '{cpu}'
      memory: '{memory}'
config:
  application:
    api:
      workers: {workers}
"""


@pytest.mark.parametrize(
    ("cpu", "memory", "workers", "expected"),
    [
        (2048, 4096, 4, []),  # the guide
        (2048, 4096, 5, []),  # 2 x 2 + 1
        (256, 512, 1, []),
        (2048, 4096, 6, [9]),
        (1024, 2048, 4, [9]),  # 2 x 1 + 1 = 3
        (256, 512, 2, [9]),  # 0.25 vCPU: 1
        (2048, 4096, 0, [9]),
    ],
)
def test_dl303_positions(
    lint: Lint, cpu: int, memory: int, workers: int, expected: list[int]
) -> None:
    files = {"a.yaml": WORKERS.format(cpu=cpu, memory=memory, workers=workers)}
    assert lint(files, "--select", "DL303") == [("a.yaml", n, 16, "DL303") for n in expected]


def test_dl303_workers_without_a_task_size(lint: Lint) -> None:
    files = {"a.yaml": "config:\n  application:\n    api:\n      workers: 64\n"}
    assert lint(files, "--select", "DL303") == []


def test_dl303_message_names_both_places(lint_related: Related) -> None:
    files = {
        "arch.yaml": "architecture:\n  components:\n    compute: {cpu: '2048', memory: '4096'}\n",
        "config.yaml": "config:\n  application:\n    api:\n      workers: 8\n",
    }
    [(rule, severity, message, related)] = lint_related(files, "--select", "DL303")
    assert (rule, severity) == ("DL303", "warning")
    assert "api workers 8 exceed" in message
    assert "2 x 2 vCPU + 1 = 5" in message and "cpu 2048;" in message
    assert "at most 5" in message and "guide 5.1" in message
    assert related == (("arch.yaml", 3, "compute cpu is set here"),)
