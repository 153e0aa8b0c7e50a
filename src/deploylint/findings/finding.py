"""The one finding type every part of deploylint produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """Ordered severities: a larger value is more severe."""

    INFO = 1
    WARNING = 2
    ERROR = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r}; expected one of {names}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A problem at a place. Positions are 1-based; ``end_column`` is exclusive."""

    file: str
    line: int
    column: int
    rule: str
    message: str = field(compare=True)
    name: str = field(default="", compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    end_line: int = field(default=0, compare=False)
    end_column: int = field(default=0, compare=False)
    path: str = field(default="", compare=False)
    environment: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "path": self.path,
            "environment": self.environment,
        }


def format_path(path: Path) -> str:
    """``("a", "b", 0, "c")`` -> ``a.b[0].c``: how findings name a document path."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + str(part))
    return "".join(out)
