"""Severities: shared by the model, the rules, the findings and every reporter."""

from __future__ import annotations

from enum import IntEnum

from deploylint.i18n import msg


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
            raise ValueError(
                msg(
                    "unknown severity {severity}; expected one of {names}",
                    severity=repr(text),
                    names=names,
                )
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()
