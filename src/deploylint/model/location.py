"""Where a value comes from: a position in a file, or an attribute of a live AWS resource.

Every finding has one :class:`Location`; an effective config answers ``origin(path)``
with one, whatever its source (files or a live snapshot). Reporters render both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

# A document path: ("infrastructure", "network", "vpc", "subnets", "public", 0, "az").
Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("a", "b", 0, "c")`` -> ``a.b[0].c``: how findings name a document path."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + str(part))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class FilePosition:
    """A span in a file. Positions are 1-based; ``end_column`` is exclusive (0: unknown)."""

    file: str
    line: int = 1
    column: int = 1
    end_line: int = 0
    end_column: int = 0

    def short(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int]:
        return (self.file, self.line, self.column)


@dataclass(frozen=True, slots=True)
class ResourceLocation:
    """An attribute of a live resource: its ARN and a property path (``/cpu``)."""

    arn: str
    attribute: str = ""
    account: str | None = None
    region: str | None = None

    def short(self) -> str:
        return f"{self.arn} {self.attribute}" if self.attribute else self.arn

    def sort_key(self) -> tuple[str, int, int]:
        return (self.arn + self.attribute, 0, 0)


Location = FilePosition | ResourceLocation
