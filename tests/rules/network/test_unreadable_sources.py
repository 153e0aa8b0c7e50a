"""Issue 14 §2, a value a rule rejects never weakens another rule: a security-group source
DL206 rejects as unreadable (neither a CIDR, a `<name>-sg` nor a group id) is read at its
worst by DL205 and DL207, as any address; a bare address as that one address, except the
unspecified 0.0.0.0 and :: (any address). src/deploylint/rules/_network.py (`admitted`)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Messages

from .shared import ENVS, ENVS_CACHE, RDS, SRC, groups, with_redis

EXPECTED = "the internet may reach only the load balancer (alb) on TCP 80, 443 (guide 3.1)"


def _rds(source: str, envs: str = ENVS) -> dict[str, str]:
    text = groups(("{port: 5432, source: ecs-sg}", f"{{port: 5432, source: {source}}}"))
    return {"arch.yaml": envs, "net.yaml": text}


UNREADABLE = ["any", "'*'", "internet", "anywhere", "ANY", "0.0.0.0/ 0", "10.0.0.0/33"]
UNREADABLE += ["alb-sgg", "'0.0.0.0/0,10.0.0.0/8'", "ecs"]  # a typo, a list, a bare name
UNSPECIFIED = ["0.0.0.0", "'::'"]


@pytest.mark.parametrize("source", UNREADABLE + UNSPECIFIED)
def test_an_unreadable_source_on_the_database_is_critical(messages: Messages, source: str) -> None:
    shown = source.strip("'")
    found = messages(_rds(source), "--select", "DL205,DL206,DL207")
    assert [(r, s) for r, s, _ in found] == [("DL205", "critical"), ("DL206", "error")]
    assert found[0][2] == (
        f"rds admits {shown!r} (not a CIDR: read as any address, see DL206) on port 5432: "
        f"rds is the database group, open to the whole internet; {EXPECTED}"
    )


@pytest.mark.parametrize("source", ["any", "0.0.0.0", "'*'"])
def test_suppressing_dl206_leaves_the_open_database(lint_json: Any, source: str) -> None:
    """A reasoned suppression of DL206 says "we know it is not a CIDR": the database it
    opens to everything is still reported, critical, at the same place."""
    files = _rds(source)
    comment = '  # deploylint: disable=DL206 reason="vendor syntax, INC-3"'
    files["net.yaml"] = files["net.yaml"].replace(
        f"source: {source}}}", f"source: {source}}}{comment}"
    )
    code, data = lint_json(files, "--select", "DL205,DL206,DL009")
    found = [(f["rule"], f["severity"], f["line"], f["column"]) for f in data["findings"]]
    assert found == [("DL205", "critical", RDS, SRC)]
    assert code == 1


@pytest.mark.parametrize(
    ("source", "read"),
    [("8.8.8.8", "8.8.8.8/32"), ("'2606:4700::1111'", "2606:4700::1111/128")],
)
def test_a_bare_public_address_is_that_address(messages: Messages, source: str, read: str) -> None:
    found = messages(_rds(source), "--select", "DL205")
    shown = source.strip("'")
    assert found == [
        (
            "DL205",
            "critical",
            f"rds admits {shown!r} (not a CIDR: read as {read}, see DL206) on port 5432: rds "
            f"is the database group, open to public addresses; {EXPECTED}",
        )
    ]


@pytest.mark.parametrize(
    ("source", "read"),
    [("10.0.0.5", "10.0.0.5/32"), ("'2001:db8::1'", "2001:db8::1/128")],
)
def test_a_bare_private_address_is_judged_by_the_chain(
    messages: Messages, source: str, read: str
) -> None:
    """Not public: not DL205's; but outside the chain, so DL207 judges it, as it would the
    /32 (suppressing DL206 must not leave the database's extra source unseen)."""
    found = messages(_rds(source), "--select", "DL205,DL207")
    shown = source.strip("'")
    assert found == [
        (
            "DL207",
            "error",
            f"rds admits {shown!r} (not a CIDR: read as {read}, see DL206); only ecs-sg may "
            "reach rds in the chain internet -> alb -> ecs -> rds (guide 3.1)",
        )
    ]


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        (
            "0.0.0.0",
            "; 0.0.0.0 is the unspecified address, read as any address: write 0.0.0.0/0 if "
            "every address is meant, else the CIDR meant",
        ),
        ("'::'", "; :: is the unspecified address, read as any address: write ::/0 if"),
        ("'2001:db8::1'", "; write 2001:db8::1/128 for one address"),
        ("10.0.0.5", "; write 10.0.0.5/32 for one address"),
    ],
)
def test_dl206_hints_for_bare_addresses(messages: Messages, source: str, hint: str) -> None:
    [(_rule, _severity, message)] = messages(_rds(source), "--select", "DL206")
    assert hint in message
    assert "/32 for one address" not in message or "." in source  # no ::/32, no 0.0.0.0/32


def test_an_undefined_group_reference_admits_nothing(lint: Lint) -> None:
    """`lb-sg` names a group: a typo of a name, DL206's alone, never "the internet"."""
    assert lint(_rds("lb-sg"), "--select", "DL205,DL206,DL207") == [("net.yaml", RDS, SRC, "DL206")]


def test_an_unreadable_source_on_the_cache_group_is_critical(messages: Messages) -> None:
    files = {"arch.yaml": ENVS_CACHE, "net.yaml": with_redis("any")}
    found = messages(files, "--select", "DL205")
    assert found == [
        (
            "DL205",
            "critical",
            "redis admits 'any' (not a CIDR: read as any address, see DL206) on port 6379: "
            f"redis is the cache group, open to the whole internet; {EXPECTED}",
        )
    ]


@pytest.mark.parametrize(
    ("rule", "severity", "words"),
    [
        ("{port: 6379, source: any}", "critical", "6379 is a database or cache port"),
        ("{port: 8000, source: any}", "error", "ecs admits 'any' (not a CIDR: read as any"),
        ("{port: 0-65535, source: '*'}", "critical", "includes the database and cache ports"),
    ],
)
def test_an_unreadable_source_elsewhere_is_read_as_the_internet(
    messages: Messages, rule: str, severity: str, words: str
) -> None:
    text = groups(("{port: 8000, source: alb-sg}", rule))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205")
    assert [(r, s) for r, s, _ in found] == [("DL205", severity)]
    assert words in found[0][2]


def test_an_unreadable_source_on_the_load_balancer(messages: Messages) -> None:
    """SSH from "anywhere" on the load balancer is DL205's error; on 443 it admits
    nothing AWS would accept, so the load balancer still lacks the internet on 443."""
    text = groups(
        ("{port: 80, source: 0.0.0.0/0}", "{port: 22, source: anywhere}"),
        ("{port: 443, source: 0.0.0.0/0}", "{port: 443, source: anywhere}"),
    )
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205,DL207")
    assert ("DL205", "error") in [(r, s) for r, s, _ in found]
    texts = [m for _, _, m in found]
    assert any(
        m.startswith(
            "alb admits 'anywhere' (not a CIDR: read as any address, see DL206) on port 22"
        )
        for m in texts
    )
    assert any("alb does not admit the internet (0.0.0.0/0) on TCP 443" in m for m in texts)
    assert any(m.startswith("alb admits nothing from the internet") for m in texts)


def test_a_readable_source_reads_as_before(messages: Messages) -> None:
    """Nothing changes for what DL206 accepts: no "not a CIDR" wording."""
    found = messages(_rds("0.0.0.0/0"), "--select", "DL205")
    assert found[0][2].startswith("rds admits 0.0.0.0/0 on port 5432: rds is the database")
