"""Issue 14 §2, siblings of the unreadable source: a network value one rule rejects never
lets another rule pass in silence. A port string that is no port is refused by the schema
(as the JSON Schema refuses it) and read at its worst; a VPC or subnet CIDR DL201/DL202
rejects, and a port or protocol DL209 rejects, make the rules that need them say "not
checked" (src/deploylint/model/values.py `port`, rules dl202, dl203, dl208)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Messages

from .shared import ECS, ENVS, PORT_COL, SUBNETS, groups


@pytest.mark.parametrize("port", ["http", "'80OO'", "'5432-'", "'-'", "'8000 - 8010'"])
def test_a_port_string_that_is_no_port_is_refused(messages: Messages, port: str) -> None:
    """Accepted by the model on main and skipped by every rule (DL209 took it for DL002's):
    `port: http` on the app group passed without a word."""
    text = groups(("{port: 8000, source: alb-sg}", f"{{port: {port}, source: alb-sg}}"))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL0,DL2")
    shown = port.strip("'")
    assert ("DL002", "error") in [(r, s) for r, s, _ in found]
    [message] = [m for r, _, m in found if r == "DL002"]
    assert message == (
        "infrastructure.network.security.groups.ecs.inbound[0].port: "
        f"{shown!r} is not a port; expected a number (443) or a range written '8000-8010'"
    )


def test_a_refused_port_is_every_port_for_dl205(messages: Messages) -> None:
    text = groups(("{port: 8000, source: alb-sg}", "{port: http, source: 0.0.0.0/0}"))
    files = {"arch.yaml": ENVS, "net.yaml": text}
    found = messages(files, "--select", "DL205", "--ignore", "DL002")
    assert [(r, s) for r, s, _ in found] == [("DL205", "critical")]
    assert found[0][2].startswith("ecs admits 0.0.0.0/0 on every port")


def test_dl208_says_not_checked_for_an_invalid_port(lint: Lint, messages: Messages) -> None:
    """Port 70000 from the load balancer: DL209's error; DL208 cannot compare it with the
    API port and says so (with DL209 ignored too), never a silent pass."""
    text = groups(("{port: 8000, source: alb-sg}", "{port: 70000, source: alb-sg}"))
    files = {"arch.yaml": ENVS, "net.yaml": text}
    found = messages(files, "--select", "DL208", "--ignore", "DL209")
    assert found == [
        (
            "DL208",
            "info",
            "not checked: whether ecs ingress opens config.application.api.port 8000: port "
            "70000 is invalid (see DL002, DL209) (guide 3.1, 5.1)",
        )
    ]
    assert lint(files, "--select", "DL208") == [("net.yaml", ECS, PORT_COL, "DL208")]


def test_dl208_not_checked_for_a_refused_port_is_left_out_beside_dl002(lint: Lint) -> None:
    """One mistake, one finding: beside DL002 at the port the note is left out; with DL002
    ignored it is shown."""
    text = groups(("{port: 8000, source: alb-sg}", "{port: '80OO', source: alb-sg}"))
    files = {"arch.yaml": ENVS, "net.yaml": text}
    assert lint(files, "--select", "DL002,DL208") == [("net.yaml", ECS, PORT_COL, "DL002")]
    assert lint(files, "--select", "DL208") == [("net.yaml", ECS, PORT_COL, "DL208")]


def test_dl208_not_checked_for_a_protocol_that_is_no_ip_protocol(messages: Messages) -> None:
    text = groups(("{port: 8000, source: alb-sg}", "{port: 8000, source: alb-sg, protocol: http}"))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    assert [(r, s) for r, s, _ in found] == [("DL208", "info")]
    assert "protocol http is invalid" in found[0][2]


def test_an_unreadable_vpc_cidr_leaves_containment_not_checked(messages: Messages) -> None:
    """On main a subnet outside the VPC (192.168.0.0/24) passed when the VPC CIDR lacked
    its prefix: DL202 skipped the comparison in silence."""
    files = {
        "net.yaml": SUBNETS.format(vpc="10.0.0.0", public="192.168.0.0/24", private="10.0.4.0/24")
    }
    found = messages(files, "--select", "DL202")
    assert found == [
        (
            "DL202",
            "info",
            "not checked: whether the subnets lie inside the VPC CIDR: '10.0.0.0' is not a "
            "CIDR (see DL201) (guide 3.1)",
        )
    ]


def test_an_unreadable_subnet_cidr_leaves_its_overlap_not_checked(messages: Messages) -> None:
    files = {
        "net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public="10.0.2.0/24", private="10.0.1.0")
    }
    found = messages(files, "--select", "DL203")
    assert found == [
        (
            "DL203",
            "info",
            "not checked: whether private subnet 10.0.1.0 overlaps another subnet: it is not "
            "a CIDR (see DL202) (guide 3.1)",
        )
    ]


def test_valid_network_values_read_as_before(lint: Lint) -> None:
    files = {
        "net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public="10.0.2.0/24", private="10.0.4.0/24")
    }
    assert lint(files, "--select", "DL2") == []
