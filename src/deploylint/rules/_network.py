"""Helpers shared by the DL2xx network rules (guide 3.1): CIDRs, subnets, security groups.

``infrastructure.network`` holds the VPC (``vpc.cidr``, ``vpc.subnets.public/private``) and
the security groups (``security.groups.<name>.inbound: [{port, source, protocol}]``). A
source is a CIDR or another group written ``<name>-sg``. Parsing is cached: the same few
strings appear in every file of a large config set.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from deploylint import facts
from deploylint.findings.finding import Path
from deploylint.i18n import N_, _
from deploylint.model.sections import ConfigFile, IngressRule, Network, SecurityGroup, Subnet
from deploylint.model.values import is_unknown
from deploylint.rules._engines import engine_key

NETWORK: Path = ("infrastructure", "network")
VPC: Path = (*NETWORK, "vpc")
VPC_CIDR: Path = (*VPC, "cidr")
SUBNETS: Path = (*VPC, "subnets")
GROUPS: Path = (*NETWORK, "security", "groups")
SUBNET_KINDS = ("public", "private")
API_PORT: Path = ("config", "application", "api", "port")
COMPONENTS: Path = ("architecture", "components")

# --- AWS and IETF facts -------------------------------------------------------------------

# VPC and subnet IPv4 CIDRs are /16 to /28. Source: aws-facts.md §9 (amazon-vpc-user-guide
# vpc-cidr-blocks.md, subnet-sizing.md; botocore ec2 CreateSubnet).
MIN_PREFIX, MAX_PREFIX = 16, 28
# RFC 1918 private ranges. Source: aws-facts.md §9 (vpc-cidr-blocks.md), RFC 1918 §3.
PRIVATE_RANGES: tuple[ipaddress.IPv4Network, ...] = (
    ipaddress.IPv4Network("10.0.0.0/8"),
    ipaddress.IPv4Network("172.16.0.0/12"),
    ipaddress.IPv4Network("192.168.0.0/16"),
)
PRIVATE_TEXT = "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16"
# IPv6 unique local addresses. Source: RFC 4193 §3.
PRIVATE_V6 = ipaddress.IPv6Network("fc00::/7")


Net = ipaddress.IPv4Network | ipaddress.IPv6Network


def _inside(inner: Net, outer: Net) -> bool:
    """``inner.subnet_of(outer)``, False across IP versions."""
    if isinstance(inner, ipaddress.IPv4Network) and isinstance(outer, ipaddress.IPv4Network):
        return inner.subnet_of(outer)
    if isinstance(inner, ipaddress.IPv6Network) and isinstance(outer, ipaddress.IPv6Network):
        return inner.subnet_of(outer)
    return False


def _without(block: str, *globally_reachable: str) -> tuple[Net, ...]:
    """``block`` minus the registry's globally reachable exceptions inside it."""
    parts: list[Net] = [ipaddress.ip_network(block)]
    for text in globally_reachable:
        hole = ipaddress.ip_network(text)
        parts = [
            piece
            for part in parts
            for piece in (
                part.address_exclude(hole) if _inside(hole, part) else (part,)  # type: ignore[arg-type]
            )
        ]
    return tuple(parts)


# Address blocks that are not globally reachable ("Globally Reachable: False"), what
# Python's ipaddress calls not ``is_global``, with the registry's exceptions cut out.
# Source: IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890; as of
# 2025-09: 100::/64 and 3fff::/20 per RFC 9637, 5f00::/16 per RFC 9602). Anything outside
# these is public: a security-group source covering any of it admits some of the internet.
NON_GLOBAL_V4: tuple[Net, ...] = (
    *(ipaddress.ip_network(b) for b in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
    )),
    *_without("192.0.0.0/24", "192.0.0.9/32", "192.0.0.10/32"),
)  # fmt: skip


@cache
def non_global_v6() -> tuple[Net, ...]:
    """The IPv6 blocks that are not globally reachable, made for the first IPv6 source (the
    registry's exceptions cut out of 2001::/23 are 120 blocks: 1% of a one-file check
    whose sources are IPv4)."""
    return (
        *(ipaddress.ip_network(b) for b in (
            "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64",
            "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10",
        )),
        *_without(
            "2001::/23", "2001:1::1/128", "2001:1::2/128", "2001:1::3/128", "2001:3::/32",
            "2001:4:112::/48", "2001:20::/28", "2001:30::/28",
        ),
    )  # fmt: skip


# Security-group rule protocols. Source: botocore ec2 2016-11-15 IpPermission.IpProtocol
# (aws-facts.md §10): tcp, udp, icmp, icmpv6 or an IANA protocol number 0-255; -1 = all.
# With -1 or a number other than tcp/udp/icmp/icmpv6 every port is open, whatever the range.
PROTOCOL_NUMBERS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
PORT_PROTOCOLS = frozenset({"tcp", "udp"})
ICMP_PROTOCOLS = frozenset({"icmp", "icmpv6"})
MAX_PORT = 65_535  # IpPermission FromPort/ToPort for tcp and udp
MAX_ICMP = 255  # ICMP type and code; -1 = all
MAX_PROTOCOL = 255  # IANA protocol numbers
PROTOCOLS_TEXT = N_("tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255")

_IPV4_CIDR = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}")
_PORT = re.compile(r"(-?[0-9]+)(?:-([0-9]+))?")
_SG_ID = re.compile(r"(sg|pl)-[0-9a-f]{8,17}")  # a group id or prefix list: not checkable here


# --- CIDRs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cidr:
    """An IPv4 CIDR as written, parsed; ``error`` says why it is not one."""

    text: str
    network: ipaddress.IPv4Network | None
    host_bits: bool = False  # 10.0.1.5/24: AWS stores the canonical 10.0.1.0/24
    error: str = ""


@lru_cache(maxsize=4096)
def ipv4_cidr(text: str) -> Cidr:
    """Parse a VPC or subnet CIDR (IPv4 with an explicit prefix)."""
    stripped = text.strip()
    if not _IPV4_CIDR.fullmatch(stripped):
        if ":" in stripped:
            return Cidr(text, None, error=_("is IPv6; expected an IPv4 CIDR such as 10.0.0.0/16"))
        if "/" not in stripped:
            return Cidr(text, None, error=_("has no /prefix; expected a CIDR such as 10.0.0.0/16"))
        return Cidr(text, None, error=_("is not an IPv4 CIDR such as 10.0.0.0/16"))
    try:
        network = ipaddress.IPv4Network(stripped, strict=False)
    except ValueError:
        return Cidr(text, None, error=_("is not a valid IPv4 CIDR (octets 0-255, prefix 0-32)"))
    return Cidr(text, network, host_bits=str(network) != stripped)


@lru_cache(maxsize=4096)
def source_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A security-group source as a network, when it is a CIDR (IPv4 or IPv6)."""
    if "/" not in text:
        return None
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


ANY_V4 = ipaddress.IPv4Network("0.0.0.0/0")
ANY_V6 = ipaddress.IPv6Network("::/0")


@lru_cache(maxsize=4096)
def bare_address(text: str) -> Net | None:
    """A bare IP address (no /prefix, which DL206 asks for) as the one address it names
    (/32, /128); the unspecified ``0.0.0.0`` and ``::`` as every address (their worst
    reading: ``0.0.0.0`` is what ``0.0.0.0/0`` means). None for anything else."""
    text = text.strip()
    if "/" in text or "%" in text:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.is_unspecified:
        return ANY_V4 if address.version == 4 else ANY_V6
    return ipaddress.ip_network(address)


@lru_cache(maxsize=4096)
def unreadable(source: str) -> bool:
    """Whether DL206 rejects a source as unreadable: neither a CIDR, a ``<name>-sg``
    reference (defined or not) nor a group or prefix-list id (a bare address included).
    A rejected source (DL002's finding) is not: it is ``UNKNOWN``."""
    if is_unknown(source):
        return False
    text = source.strip()
    return group_reference(text) is None and source_network(text) is None and not is_group_id(text)


@lru_cache(maxsize=4096)
def admitted(source: str) -> Net | None:
    """The addresses a source admits, as the rules that judge exposure read it: a CIDR as
    written; a bare address as that address (``0.0.0.0`` and ``::``: every address); a
    rejected source (DL002's finding) or one DL206 rejects as unreadable (``any``, ``*``,
    ``10.0.0.0/33``) at its worst, every address. None for a group reference or id."""
    if is_unknown(source):
        return ANY_V4
    text = source.strip()
    if group_reference(text) is not None or is_group_id(text):
        return None
    network = source_network(text)
    if network is not None:
        return network
    return bare_address(text) or ANY_V4


def is_open(source: str) -> bool:
    """Every address on the internet (``0.0.0.0/0``, ``::/0``), for rules that judge
    exposure: what is rejected or unreadable is read at its worst (see :func:`admitted`)."""
    network = admitted(source)
    return network is not None and network.prefixlen == 0


def open_as_written(source: str) -> bool:
    """A CIDR written ``/0`` (``0.0.0.0/0``, ``::/0``), for rules that require the internet
    to be admitted (the load balancer's 443): a source AWS would reject admits nothing. A
    rejected source (DL002's finding) counts as admitting it."""
    if is_unknown(source):
        return True
    network = source_network(source)
    return network is not None and network.prefixlen == 0


@lru_cache(maxsize=4096)
def covers_public(source: str) -> bool:
    """A source that reaches a globally routable address (IANA special-purpose
    registries: ``is_global``): some of the internet. ``0.0.0.0/1`` + ``128.0.0.0/1`` or
    ``1.0.0.0/8`` are as open as ``0.0.0.0/0`` to whoever sits in them; ``100.64.0.0/10``
    (shared address space), ``192.0.2.0/24`` (documentation) or ``fe80::/10`` are not.
    What is rejected or unreadable is read at its worst (see :func:`admitted`)."""
    network = admitted(source)
    if network is None:
        return False
    blocks = NON_GLOBAL_V4 if isinstance(network, ipaddress.IPv4Network) else non_global_v6()
    return not any(_inside(network, block) for block in blocks)


def exposure(source: str) -> str:
    """How much of the internet a public source admits, for messages."""
    return _("the whole internet") if is_open(source) else _("public addresses")


def shown_source(source: str) -> str:
    """A source for messages: as written; one DL206 rejects as unreadable quoted, with how
    the rules read it (``'any' (not a CIDR: read as any address, see DL206)``)."""
    text = source.strip()
    if not unreadable(source):
        return text
    quoted = repr(text if len(text) <= 60 else text[:57] + "...")  # a hostile text is cut
    network = admitted(source)
    if network is None or network.prefixlen == 0:
        return _("{source} (not a CIDR: read as any address, see DL206)").format(source=quoted)
    return _("{source} (not a CIDR: read as {network}, see DL206)").format(
        source=quoted, network=network
    )


def group_reference(source: str) -> str | None:
    """``alb-sg`` -> ``alb``; None for anything else."""
    text = source.strip()
    if text.endswith("-sg") and len(text) > 3:
        return text[:-3]
    return None


def undefined_reference(source: str, defined: dict[str, SecurityGroup]) -> bool:
    """A ``<name>-sg`` naming a group the config does not define: DL206's finding alone (a
    typo such as ``lb-sg`` cannot admit the internet, and rules that judge the chain skip
    it). Any other source DL206 rejects is read by :func:`admitted`."""
    name = group_reference(source)
    return name is not None and name not in defined


def is_group_id(source: str) -> bool:
    """An AWS group id (sg-0123abcd) or prefix list (pl-...): valid, but not checkable."""
    return _SG_ID.fullmatch(source.strip()) is not None


# --- subnets ------------------------------------------------------------------------------


def network(config: ConfigFile) -> Network | None:
    infra = config.infrastructure
    return infra.network if infra else None


@dataclass(frozen=True)
class SubnetRef:
    kind: str  # public or private
    index: int
    subnet: Subnet

    @property
    def path(self) -> Path:
        return (*SUBNETS, self.kind, self.index)

    @property
    def label(self) -> str:
        return _("{kind} subnet {cidr}").format(kind=subnet_kind(self.kind), cidr=self.subnet.cidr)


def subnets(config: ConfigFile) -> Iterator[SubnetRef]:
    """Every subnet, public first, in file order."""
    net = network(config)
    vpc = net.vpc if net else None
    declared = vpc.subnets if vpc else None
    if declared is None:
        return
    for kind in SUBNET_KINDS:
        for i, subnet in enumerate(getattr(declared, kind) or ()):
            yield SubnetRef(kind, i, subnet)


# --- security groups ----------------------------------------------------------------------


def groups(config: ConfigFile) -> dict[str, SecurityGroup] | None:
    net = network(config)
    security = net.security if net else None
    return security.groups if security else None


@dataclass(frozen=True)
class RuleRef:
    group: str
    index: int
    rule: IngressRule

    @property
    def path(self) -> Path:
        return (*GROUPS, self.group, "inbound", self.index)

    @property
    def source_path(self) -> Path:
        return (*self.path, "source")

    @property
    def port_path(self) -> Path:
        return (*self.path, "port")


def inbound(config: ConfigFile) -> Iterator[RuleRef]:
    """Every inbound rule of every group, in file order."""
    for name, group in (groups(config) or {}).items():
        for i, rule in enumerate(group.inbound or ()):
            yield RuleRef(name, i, rule)


def group_rules(config: ConfigFile, name: str) -> list[RuleRef]:
    group = (groups(config) or {}).get(name)
    return [RuleRef(name, i, r) for i, r in enumerate((group.inbound if group else None) or ())]


# --- ports and protocols ------------------------------------------------------------------

ALL_PORTS = (0, MAX_PORT)


def protocol_name(protocol: str | None) -> str | None:
    """tcp (the default), udp, icmp, icmpv6, 'all' for -1 and other protocol numbers, and
    for a rejected protocol (DL002's finding: read at its worst); None when the protocol is
    not an IP protocol (DL209's finding)."""
    if protocol is None:
        return "tcp"
    if is_unknown(protocol):
        return "all"
    text = protocol.strip().lower()
    if text in PORT_PROTOCOLS or text in ICMP_PROTOCOLS:
        return text
    if text in PROTOCOL_NUMBERS:
        return PROTOCOL_NUMBERS[text]
    if text == "-1" or (text.isascii() and text.isdigit() and int(text) <= MAX_PROTOCOL):
        return "all"
    return None


def port_bounds(port: int | str) -> tuple[int, int] | None:
    """``8000`` -> (8000, 8000), ``'8000-8010'`` -> (8000, 8010), as written (unchecked)."""
    if isinstance(port, int):
        return (port, port)
    if is_unknown(port):
        return None
    match = _PORT.fullmatch(port.strip())
    if match is None:
        return None
    low = int(match.group(1))
    return (low, int(match.group(2))) if match.group(2) is not None else (low, low)


def tcp_ports(rule: IngressRule) -> tuple[int, int] | None:
    """The TCP/UDP ports a rule opens: every port for protocol -1 or a bare protocol
    number; None for ICMP. What is unknown is read at its worst: a protocol that is not an
    IP protocol is every protocol, a port range that is rejected or invalid (DL002's and
    DL209's findings) every port."""
    proto = protocol_name(rule.protocol)
    if proto == "all" or proto is None:
        return ALL_PORTS
    if proto not in PORT_PROTOCOLS:
        return None
    bounds = port_bounds(rule.port)
    if bounds is None or not 0 <= bounds[0] <= bounds[1] <= MAX_PORT:
        return ALL_PORTS
    return bounds


def declared_ports(rule: IngressRule) -> tuple[int, int] | None:
    """The ports as declared, for rules that compare them (DL208): None where the protocol
    or range is invalid or unknown (DL002's and DL209's findings), not the worst case."""
    proto = protocol_name(rule.protocol)
    if proto is None or is_unknown(rule.protocol) or is_unknown(rule.port):
        return None
    ports = tcp_ports(rule)
    if ports == ALL_PORTS and proto in PORT_PROTOCOLS and port_bounds(rule.port) != ALL_PORTS:
        return None  # an invalid range read at its worst
    return ports


def show_ports(bounds: tuple[int, int]) -> str:
    if bounds == ALL_PORTS:
        return _("every port")
    low, high = bounds
    if low == high:
        return _("port {port}").format(port=low)
    return _("ports {low}-{high}").format(low=low, high=high)


_KINDS = {"public": N_("public"), "private": N_("private")}


def subnet_kind(kind: str) -> str:
    """public / private, for people."""
    return _(_KINDS.get(kind, kind))


_COMPONENTS = {"database": N_("database"), "cache": N_("cache"), "search": N_("search")}


def component_name(component: str) -> str:
    """database / cache / search, for people."""
    return _(_COMPONENTS.get(component, component))


# --- engines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnginePort:
    engine: str  # as written: PostgreSQL
    port: int
    path: Path  # architecture.components.<component>.engine


def engine_port(config: ConfigFile, component: str) -> EnginePort | None:
    """The default port of the database or cache engine (PostgreSQL -> 5432)."""
    arch = config.architecture
    comps = arch.components if arch else None
    part = getattr(comps, component, None) if comps else None
    engine = getattr(part, "engine", None) if part is not None else None
    if not isinstance(engine, str):
        return None
    port = facts.ENGINE_PORTS.get(engine_key(engine) or "")
    if port is None:
        return None
    return EnginePort(engine, port, (*COMPONENTS, component, "engine"))


def sensitive_ports(config: ConfigFile) -> frozenset[int]:
    """Database and cache ports: the well-known ones and the configured engines' ports."""
    extra = {e.port for c in ("database", "cache") if (e := engine_port(config, c)) is not None}
    return facts.DATABASE_PORTS | extra


def store_groups(
    config: ConfigFile, named: dict[str, str | None], exclude: tuple[str, ...]
) -> dict[str, str]:
    """The database and cache groups: group name -> "database" or "cache".

    The pack's names first (``named``: kind -> group); else a group any of whose inbound
    rules opens exactly the configured database or cache engine's port (a Redis group
    the pack does not name is still the cache's). ``exclude``: the load balancer and app.
    """
    found = {name: kind for kind, name in named.items() if name is not None}
    ports: dict[int, str] = {}
    for kind in ("database", "cache"):
        engine = engine_port(config, kind)
        if engine is not None:
            ports.setdefault(engine.port, kind)
    if not ports:
        return found
    for ref in inbound(config):
        if ref.group in found or ref.group in exclude:
            continue
        bounds = tcp_ports(ref.rule)
        if bounds is not None and bounds[0] == bounds[1] and bounds[0] in ports:
            found[ref.group] = ports[bounds[0]]
    return found
