"""The security-group graph of one environment as inline SVG (the HTML report).

Columns follow the guide's chain: the sources outside the groups (the internet, other
CIDRs, group ids), then the load balancer, the app, the database and cache; a group the
policy does not name sits one column right of the groups that reach it. One edge per
inbound rule, labelled with its ports; an edge that DL205, DL207 or DL208 rejects is red,
with the rule and message beside it. Every text is escaped (``html.escape``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from deploylint import i18n
from deploylint.findings.finding import Finding
from deploylint.i18n import N_
from deploylint.model.location import FilePosition
from deploylint.report import Inbound, SecurityGroups
from deploylint.rules._network import covers_public, group_reference, source_network

GRAPH_RULES = ("DL205", "DL207", "DL208")
ROLE_COLUMN = {"load_balancer": 1, "app": 2, "database": 3, "cache": 3}
ROLE_LABEL = {"load_balancer": N_("load balancer"), "app": N_("app"),
              "database": N_("database"), "cache": N_("cache")}  # fmt: skip
INTERNET = "internet"
RED = "#e5002d"  # rejected edges: a red used nowhere else (the browser test counts it)
COLUMN_WIDTH = 300
ROW_HEIGHT = 110
NODE_WIDTH = 150
NODE_HEIGHT = 46
MARGIN = 30


@dataclass
class Node:
    key: str
    label: str
    kind: str  # internet, cidr, group, external, undefined
    role: str = ""
    column: int = 0
    row: float = 0  # rows are centred in their column: half rows happen

    @property
    def x(self) -> float:
        return MARGIN + self.column * COLUMN_WIDTH

    @property
    def y(self) -> float:
        return MARGIN + 20 + self.row * ROW_HEIGHT


@dataclass
class Edge:
    rule: Inbound
    source: str  # node keys
    target: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def label(self) -> str:
        proto = self.rule.protocol.strip().lower()
        ports = self.rule.port if proto not in ("-1", "all") else "all"
        text = f"{proto} {ports}" if proto and proto not in ("tcp", "6") else ports
        if self.source == INTERNET and self.rule.source.strip() not in ("0.0.0.0/0", "::/0"):
            text += f" from {self.rule.source.strip()}"
        return text


def _source_node(source: str, defined: set[str]) -> Node:
    text = source.strip()
    ref = group_reference(text)
    if ref is not None:
        if ref in defined:
            return Node(ref, ref, "group")
        return Node(f"?{text}", f"{text} (undefined)", "undefined")
    if covers_public(text):
        return Node(INTERNET, "internet", "internet")
    if source_network(text) is not None:
        return Node(f"cidr:{text}", text, "cidr")
    return Node(f"ext:{text}", text, "external")


def _belongs(f: Finding, net: SecurityGroups, rule: Inbound) -> bool:
    """Whether finding ``f`` is about inbound ``rule`` of this environment."""
    if f.rule not in GRAPH_RULES:
        return False
    envs = [e for e in (f.environment or "").split(",") if e]
    if envs and net.environment not in envs:
        return False
    if not (f.path == rule.path or f.path.startswith(rule.path + ".")):
        return False
    loc = rule.location
    return not isinstance(loc, FilePosition) or not f.line or f.file == loc.file


def group_findings(findings: list[Finding], net: SecurityGroups) -> list[Finding]:
    """The findings of the graph's rules about this environment's groups but no one edge
    (a missing group, a missing link): listed under the graph."""
    prefix = "infrastructure.network.security.groups"
    out = []
    for f in findings:
        envs = [e for e in (f.environment or "").split(",") if e]
        if f.rule not in GRAPH_RULES or (envs and net.environment not in envs):
            continue
        if not f.path.startswith(prefix):
            continue
        if any(_belongs(f, net, r) for r in net.inbound):
            continue
        out.append(f)
    return out


def layout(net: SecurityGroups, findings: list[Finding]) -> tuple[list[Node], list[Edge]]:
    defined = set(net.groups)
    nodes: dict[str, Node] = {}
    for name in net.groups:
        role = net.roles.get(name, "")
        nodes[name] = Node(name, name, "group", role, ROLE_COLUMN.get(role, 0))
    edges: list[Edge] = []
    for rule in net.inbound:
        src = _source_node(rule.source, defined)
        nodes.setdefault(src.key, src)
        edge = Edge(rule, src.key, rule.group)
        edge.findings = [f for f in findings if _belongs(f, net, rule)]
        edges.append(edge)
    # a group the policy does not place: one column right of the groups that reach it
    for _ in range(len(nodes)):
        changed = False
        for node in nodes.values():
            if node.kind != "group" or node.role:
                continue
            upstream = [
                nodes[e.source].column
                for e in edges
                if e.target == node.key and nodes[e.source].kind == "group"
            ]
            column = min(max(upstream, default=0) + 1, 6)
            if column != node.column:
                node.column, changed = column, True
        if not changed:
            break
    order = {"internet": 0, "cidr": 1, "external": 2, "undefined": 3, "group": 4}
    roles = {"load_balancer": 0, "app": 1, "database": 2, "cache": 3, "": 4}
    by_column: dict[int, list[Node]] = {}
    for node in sorted(nodes.values(), key=lambda n: (order[n.kind], roles[n.role], n.key)):
        by_column.setdefault(node.column, []).append(node)
    tallest = max((len(c) for c in by_column.values()), default=0)
    for stack in by_column.values():
        for row, node in enumerate(stack):
            node.row = row + (tallest - len(stack)) / 2
    return list(nodes.values()), edges


def svg(net: SecurityGroups, findings: list[Finding], title: str) -> str:
    nodes, edges = layout(net, findings)
    index = {n.key: n for n in nodes}
    columns = max((n.column for n in nodes), default=0) + 1
    rows = max((n.row for n in nodes), default=0) + 1
    width = 2 * MARGIN + (columns - 1) * COLUMN_WIDTH + NODE_WIDTH
    height = 2 * MARGIN + 40 + math.ceil(rows) * ROW_HEIGHT
    out = [
        f'<svg class="sg-graph" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="12" '
        'markerHeight="12" markerUnits="userSpaceOnUse" orient="auto"><path '
        'd="M0,0 L10,5 L0,10 z" fill="#555"/></marker><marker id="arrow-red" '
        'viewBox="0 0 10 10" refX="10" refY="5" markerWidth="14" markerHeight="14" '
        f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{RED}"/></marker></defs>',
    ]
    pair_count: dict[tuple[str, str], int] = {}
    for e in edges:
        pair_count[(e.source, e.target)] = pair_count.get((e.source, e.target), 0) + 1
    seen: dict[tuple[str, str], int] = {}
    labels: list[str] = []
    long_seen = 0
    for e in edges:
        a, b = index[e.source], index[e.target]
        pair = (e.source, e.target)
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        spread = (k - (pair_count[pair] - 1) / 2) * 34
        out.append(_edge(e, a, b, spread, labels, nodes, long_seen))
        if b.column - a.column > 1:
            long_seen += 1
    for node in nodes:
        out.append(_node(node))
    out.extend(labels)  # on top of nodes and edges
    out.append("</g></svg>")
    # arcs over the nodes may rise above the first row: move everything down to fit
    top = MARGIN + 20 - 30 - 14 * long_seen - 14 if long_seen else MARGIN
    shift = max(0.0, MARGIN - top)
    out[0] = (
        out[0]
        .replace(f'height="{height}"', f'height="{height + shift:.0f}"')
        .replace(f'viewBox="0 0 {width} {height}"', f'viewBox="0 0 {width} {height + shift:.0f}"')
    )
    out.insert(3, f'<g transform="translate(0,{shift:.0f})">')
    return "".join(out)


def _edge(
    e: Edge, a: Node, b: Node, spread: float, labels: list[str], between: list[Node], k: int
) -> str:
    if a.key == b.key:  # a group that admits itself: a loop above the node
        x, y = a.x + NODE_WIDTH / 2, a.y
        d = f"M{x - 20},{y} C{x - 50},{y - 60} {x + 50},{y - 60} {x + 20},{y}"
        lx, ly = x, y - 50 + spread
    else:
        x1, y1 = a.x + NODE_WIDTH, a.y + NODE_HEIGHT / 2
        x2, y2 = b.x, b.y + NODE_HEIGHT / 2
        if b.column <= a.column:  # backwards: leave from the right, arrive on the left
            x1, x2 = a.x + NODE_WIDTH / 2, b.x + NODE_WIDTH / 2
            y1, y2 = a.y + NODE_HEIGHT, b.y + NODE_HEIGHT
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        length = math.hypot(x2 - x1, y2 - y1) or 1
        nx, ny = -(y2 - y1) / length, (x2 - x1) / length
        cx, cy = mx + nx * spread * 2, my + ny * spread * 2
        if b.column <= a.column:
            cy += 70
        elif b.column - a.column > 1:  # a long edge arcs over the nodes it passes
            clear = min(n.y for n in between if a.column <= n.column <= b.column) - 30 - 14 * k
            cy = 2 * clear - (y1 + y2) / 2
        d = f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"
        # the label on the curve; long edges' labels are staggered so they do not overlap
        t = (0.5, 0.72, 0.28)[k % 3] if b.column - a.column > 1 else 0.5
        lx = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t**2 * x2
        ly = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t**2 * y2
    rejected = bool(e.findings)
    rules = " ".join(sorted({f.rule for f in e.findings}))
    cls = "edge rejected" if rejected else "edge"
    colour = RED if rejected else "#555"
    marker = "arrow-red" if rejected else "arrow"
    where = e.rule.location.short()
    tip = f"{e.rule.group} inbound[{e.rule.index}]: {e.rule.source} -> port {e.rule.port} ({where})"
    for f in e.findings:
        tip += f"\n{f.rule} {f.severity.label}: {f.message}"
    path = (
        f'<path class="{cls}" data-group="{escape(e.rule.group)}" data-index="{e.rule.index}" '
        f'data-rules="{escape(rules)}" d="{d}" fill="none" stroke="{colour}" '
        f'stroke-width="{4 if rejected else 2}" marker-end="url(#{marker})">'
        f"<title>{escape(tip)}</title></path>"
    )
    # the label: the ports, and beside them the rules that reject the edge (the messages
    # in its tooltip and in the list under the graph)
    text = e.label + (f"  ✕ {rules}" if rejected else "")
    w = 10 + 7.0 * len(text)
    labels.append(
        f'<g class="edge-label{" rejected" if rejected else ""}"><title>{escape(tip)}</title>'
        f'<rect x="{lx - w / 2:.1f}" y="{ly - 11:.1f}" width="{w:.1f}" height="20" rx="4" '
        f'fill="{"#fdecea" if rejected else "#fff"}" stroke="{colour}"/>'
        f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" fill="{colour}" '
        f'font-size="12" font-weight="{"bold" if rejected else "normal"}">{escape(text)}</text></g>'
    )
    return path


def _node(node: Node) -> str:
    fill, stroke, dash = {
        "internet": ("#fdecea", "#b71c1c", ""),
        "cidr": ("#fff8e1", "#a67c00", ""),
        "external": ("#f3f3f3", "#777", ""),
        "undefined": ("#fff", "#b71c1c", ' stroke-dasharray="5 3"'),
        "group": ("#e8f1fb", "#1f5fa8", ""),
    }[node.kind]
    sub = i18n._(ROLE_LABEL.get(node.role, "")) if node.kind == "group" else ""
    if node.kind == "group" and not sub:
        sub = i18n._("security group")
    rx = 23 if node.kind == "internet" else 6
    name = i18n._("internet") if node.kind == "internet" else node.label
    label = name if len(name) <= 20 else name[:19] + "…"
    text_y = node.y + (19 if sub else 28)
    parts = [
        f'<g class="node" data-kind="{node.kind}" data-name="{escape(node.label)}">',
        f"<title>{escape(name)}</title>",
        f'<rect x="{node.x}" y="{node.y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" '
        f'rx="{rx}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>',
        f'<text x="{node.x + NODE_WIDTH / 2}" y="{text_y}" text-anchor="middle" '
        f'font-size="14" font-weight="bold" fill="#222">{escape(label)}</text>',
    ]
    if sub:
        parts.append(
            f'<text x="{node.x + NODE_WIDTH / 2}" y="{node.y + 36}" text-anchor="middle" '
            f'font-size="11" fill="#555">{escape(sub)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
