"""Severities: shared by the model, the rules, the findings and every reporter."""

from __future__ import annotations

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
