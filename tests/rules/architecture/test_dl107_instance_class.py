"""DL107 instance-class: src/deploylint/rules/architecture/dl107_instance_class.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Messages

from .shared import comps


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        (
            {
                "db_class": "db.t4g.micro",
                "cache_class": "cache.t4g.micro",
                "search_class": "t3.small.search",
            },
            [],
        ),
        # Aurora Serverless v2's class, and RDS for Oracle's: not RDS for PostgreSQL's
        ({"db_class": "db.serverless"}, [(10, "error")]),
        ({"db_class": "db.r5.2xlarge.tpc2.mem4x"}, [(10, "error")]),
        ({"db_class": "r5.large"}, [(10, "error")]),
        ({"db_class": "cache.r5.large"}, [(10, "error")]),
        ({"db_class": "db.r5.lage"}, [(10, "error")]),
        ({"cache_class": "db.r5.large"}, [(14, "error")]),
        ({"cache_class": "cache.r5.9xlarge"}, [(14, "error")]),  # no such size
        ({"cache_class": "cache.r6gd.xlarge"}, []),  # data tiering: in AWS's list
        ({"search_class": "r5.large"}, [(18, "error")]),
        ({"search_class": "r5.large.elasticsearch"}, [(18, "warning")]),
        # unknown is not wrong: a well-formed class of a family the facts do not list
        ({"search_class": "r9.large.search"}, [(18, "warning")]),
        # current types from AWS's list (botocore's enum lacks them)
        ({"search_class": "r7g.large.search"}, []),
        ({"search_class": "im4gn.large.search"}, []),
        ({"search_class": "or2.large.search"}, []),
        ({"db_class": "db.r8g.large"}, []),  # an EC2 type: a valid RDS class
        ({"db_class": "db.z9q.xlarge"}, [(10, "warning")]),
        ({"cache_class": "cache.r8g.large"}, []),
        ({"search_class": "r5.larg.search"}, [(18, "error")]),  # malformed size: a typo
        ({"db_class": "db.r5.9xlarge"}, [(10, "error")]),  # a known family, no such size
    ],
)
def test_dl107_positions_and_severities(
    lint_json: Any, changes: dict[str, Any], expected: list[Any]
) -> None:
    _, data = lint_json(comps(**changes), "--select", "DL107")
    rows = [(f["line"], f["column"], f["severity"]) for f in data["findings"]]
    assert rows == [(line, 22, severity) for line, severity in expected]


def test_dl107_messages(lint_messages: Messages) -> None:
    found = lint_messages(
        comps(db_class="db.r5.lage", cache_class="db.r5.large", search_class="r5.large"),
        "--select",
        "DL107",
    )
    typo, service, suffix = (m for _, _, m in found)
    assert typo == (
        "database instance_type 'db.r5.lage': RDS for PostgreSQL offers db.r5 in sizes "
        "large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, not lage "
        "(facts as of 2026-12-06); did you mean db.r5.large? (guide 2.1)"
    )
    assert "cache instance_type 'db.r5.large' is an RDS instance class" in service
    assert "ElastiCache node types start with cache. (e.g. cache.r5.large)" in service
    assert "did you mean r5.large.search? (guide 2.1)" in suffix


def test_dl107_unknown_class_names_the_facts_date(lint_messages: Messages) -> None:
    found = lint_messages(comps(search_class="or9.large.search"), "--select", "DL107")
    assert found == [
        (
            "DL107",
            "warning",
            "search instance_type 'or9.large.search' is not in deploylint's table (facts as of "
            "2026-12-06); check that OpenSearch Service offers it (guide 2.1)",
        )
    ]


# --- issue 17 §3: classes and versions from AWS's own lists -------------------------------


@pytest.mark.parametrize(
    ("changes", "severity", "words"),
    [
        # db. + an EC2 type is not an RDS class
        ({"db_class": "db.c5.large"}, "error", "it offers no db.c5 classes"),
        ({"db_class": "db.c6i.xlarge"}, "error", "it offers no db.c6i classes"),
        ({"db_class": "db.g4dn.xlarge"}, "error", "it offers no db.g4dn classes"),
        ({"db_class": "db.m5a.large"}, "error", "it offers no db.m5a classes"),
        ({"db_class": "db.t3.nano"}, "error", "offers db.t3 in sizes micro, small"),
        ({"db_class": "db.m6g.medium"}, "error", "offers db.m6g in sizes large"),
        ({"db_class": "db.serverless"}, "error", "Aurora Serverless v2's instance class"),
        ({"db_class": "db.x2iezn.2xlarge"}, "error", "it offers no db.x2iezn classes"),
        ({"db_class": "db.t2.micro"}, "warning", "previous-generation class"),
        ({"db_class": "db.r9g.large"}, "warning", "not in deploylint's table"),
        # ElastiCache: current types known, sizes per family
        ({"cache_class": "cache.r6gd.large"}, "error", "sizes xlarge, 2xlarge"),
        ({"cache_class": "cache.t4g.large"}, "error", "sizes micro, small, medium"),
        ({"cache_class": "cache.m5.8xlarge"}, "error", "offers cache.m5 in sizes"),
        ({"cache_class": "cache.c5.large"}, "error", "it offers no cache.c5 types"),
        ({"cache_class": "cache.m3.large"}, "warning", "previous-generation node type"),
        ({"cache_class": "cache.r9g.large"}, "warning", "not in deploylint's table"),
        # OpenSearch: the price list, not botocore's enum
        ({"search_class": "r7g.large.searc"}, "error", "not an OpenSearch instance type"),
        ({"search_class": "r7g.9xlarge.search"}, "error", "offers r7g in sizes"),
        ({"search_class": "t3.micro.search"}, "warning", "the API model lists it"),
        ({"search_class": "r4.large.search"}, "warning", "previous-generation"),
    ],
)
def test_dl107_classes_from_aws_lists(
    lint_messages: Messages, changes: dict[str, str], severity: str, words: str
) -> None:
    [(rule, found, message)] = lint_messages(comps(**changes), "--select", "DL107")
    assert (rule, found) == ("DL107", severity)
    assert words in message


@pytest.mark.parametrize(
    "changes",
    [
        {"db_class": "db.m7g.large"},
        {"db_class": "db.r8g.48xlarge"},
        {"db_class": "db.t4g.micro"},
        {"db_class": "db.x2idn.16xlarge"},
        {"cache_class": "cache.r6gd.xlarge"},
        {"cache_class": "cache.c7gn.large"},
        {"cache_class": "cache.m7g.large"},
        {"search_class": "im4gn.large.search"},
        {"search_class": "or2.large.search"},
        {"search_class": "om2.xlarge.search"},
        {"search_class": "r7g.large.search"},
        {"search_class": "m7g.medium.search"},
        {"search_class": "r8g.large.search"},
        {"search_class": "oi2.large.search"},
    ],
)
def test_dl107_current_types_pass(lint: Lint, changes: dict[str, str]) -> None:
    assert lint(comps(**changes), "--select", "DL107") == []
