"""Value forms the guide uses: numeric strings, durations, day counts, lifecycle phrases.

Each parser takes what a config file may hold and returns the value rules see, or raises
ValueError with the forms it accepts. The regular expressions double as JSON Schema
patterns, so the schemas accept exactly what the parsers do.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic_core import PydanticCustomError

from deploylint.i18n import N_

INT_PATTERN = r"^[+-]?[0-9]{1,18}$"

# What the model holds for a rejected field of a list item (the schema's finding is DL002):
# the item keeps its place and rules read the field at its worst (an unknown protocol is
# every protocol, an unknown port range every port, an unknown source the internet).
UNKNOWN = "\u2039invalid value\u203a"


def is_unknown(value: object) -> bool:
    """Whether ``value`` stands for a rejected value (see ``UNKNOWN``)."""
    return value == UNKNOWN


def protocol(value: Any) -> Any:
    """An IP protocol: ``-1`` and protocol numbers may be written unquoted
    (CloudFormation writes ``IpProtocol: -1``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# A security-group port: a number, or a range "8000-8010" (-1: every ICMP type).
PORT_PATTERN = r"^-?[0-9]+(-[0-9]+)?$"
_PORT = re.compile(PORT_PATTERN)


def port(value: Any) -> Any:
    """A port or port range: a string that is neither (``http``, ``'80OO'``, ``'5432-'``) is
    refused here, as the JSON Schema refuses it, so the rule's port is unknown and read at
    its worst (every port), never skipped by the rules that read ports."""
    if isinstance(value, str) and not _PORT.fullmatch(value) and not is_unknown(value):
        raise _refuse("port_form", value=repr(value[:40]))
    return value


NUMBER_PATTERN = r"^[+-]?([0-9]{1,18}(\.[0-9]*)?|\.[0-9]+)$"

_UNITS = {
    "ms": 0.001,
    "s": 1,
    "sec": 1,
    "秒": 1,
    "m": 60,
    "min": 60,
    "分": 60,
    "h": 3600,
    "hr": 3600,
    "時間": 3600,
    "d": 86400,
    "日": 86400,
}
_UNIT_ALT = "ms|sec|min|hr|s|m|h|d|秒|分|時間|日"
# "300", "300s", "15m", "1.5h", "15分以内" (within 15 minutes), "1時間以内", "30日"
DURATION_PATTERN = rf"^([0-9]+(\.[0-9]+)?) ?({_UNIT_ALT})?(以内)?$"
# ISO 8601 durations: PT15M, P30D, P1DT2H
ISO_DURATION_PATTERN = r"^P(([0-9]+)D)?(T(([0-9]+)H)?(([0-9]+)M)?(([0-9]+(\.[0-9]+)?)S)?)?$"
_DURATION = re.compile(DURATION_PATTERN)
_ISO = re.compile(ISO_DURATION_PATTERN)

# The values a parser refuses, by kind (pydantic's error type): the message is built from
# the kind and its context where it is shown, in the language of the run (model/validate.py).
REFUSED = {
    "duration_type": N_(
        "expected a duration: seconds (300), a number with a unit (15m, 1h, 30d, 15分以内) "
        "or ISO 8601 (PT15M)"
    ),
    "duration_form": N_(
        "{value} is not a duration; expected seconds (300), a number with a unit "
        "(15m, 1h, 30d, 15分以内) or ISO 8601 (PT15M)"
    ),
    "duration_too_large": N_("{value} is too large a duration"),
    "days_type": N_("expected a number of days (30, '30日', '30d')"),
    "days_whole": N_("{value} is not a whole number of days"),
    "port_form": N_(
        "{value} is not a port; expected a number (443) or a range written '8000-8010'"
    ),
    "transition_form": N_(
        "{value} is not a lifecycle transition; expected '30日でIA', '30d to GLACIER' or {mapping}"
    ),
}


def _refuse(kind: str, **ctx: str) -> PydanticCustomError:
    """A refused value, typed: pydantic's message is the English template."""
    return PydanticCustomError(kind, REFUSED[kind], ctx)


_STORAGE_ALIASES = {"IA": "STANDARD_IA", "ONEZONE": "ONEZONE_IA", "IT": "INTELLIGENT_TIERING"}
# "30日でIA" (to STANDARD_IA after 30 days), "30d to GLACIER"
TRANSITION_PATTERN = r"^([0-9]{1,6}) ?(日|d|days?)? ?(で| to |->) ?([A-Za-z_]+)$"
_TRANSITION = re.compile(TRANSITION_PATTERN)


def seconds(value: Any, default_unit: str = "s") -> Any:
    """A duration in seconds. Numbers pass through (in ``default_unit``); bools are refused."""
    if isinstance(value, bool):
        raise _refuse("duration_type")
    if isinstance(value, (int, float)):
        return value * _UNITS[default_unit]
    if not isinstance(value, str):
        return value  # let the type check report it
    text = value.strip()
    match = _DURATION.match(text)
    if match:
        unit = match.group(3) or default_unit
        return _whole(float(match.group(1)) * _UNITS[unit], value)
    match = _ISO.match(text)
    if match and text not in ("P", "PT"):
        d, h, m, s = (float(match.group(i) or 0) for i in (2, 5, 7, 9))
        return _whole(((d * 24 + h) * 60 + m) * 60 + s, value)
    raise _refuse("duration_form", value=repr(value[:40]))


def _whole(total: float, value: str) -> int | float:
    """``total`` as an int when it is whole; a duration too large for a float is refused."""
    if not math.isfinite(total):
        raise _refuse("duration_too_large", value=repr(value[:40]))
    return int(total) if total == int(total) else total


def days(value: Any) -> Any:
    """A whole number of days: 30, '30', '30日', '30d', 'P30D'."""
    if isinstance(value, bool):
        raise _refuse("days_type")
    if isinstance(value, (int, float)):
        return value
    if not isinstance(value, str):
        return value
    total = seconds(value, default_unit="d")
    if total % 86400:
        raise _refuse("days_whole", value=repr(value[:40]))
    return int(total // 86400)


def integer(value: Any) -> Any:
    """Numeric strings ('2048', as the guide and the ECS API write them) become ints."""
    if isinstance(value, str) and re.match(INT_PATTERN, value):
        return int(value)
    return value


def number(value: Any) -> Any:
    if isinstance(value, str) and re.match(NUMBER_PATTERN, value):
        return float(value)
    return value


def transition(value: Any) -> Any:
    """'30日でIA' -> {'days': 30, 'storage_class': 'STANDARD_IA'}; mappings pass through."""
    if not isinstance(value, str):
        return value
    match = _TRANSITION.match(value.strip())
    if not match:
        raise _refuse(
            "transition_form",
            value=repr(value[:40]),
            mapping="{days: 30, storage_class: STANDARD_IA}",
        )
    cls = match.group(4).upper()
    return {"days": int(match.group(1)), "storage_class": _STORAGE_ALIASES.get(cls, cls)}


def full_az(az: str, region: str | None) -> str:
    """'1a' + 'ap-northeast-1' -> 'ap-northeast-1a'; a full name is returned as written."""
    if region and re.fullmatch(r"[0-9]+[a-z]", az):
        prefix = region.rstrip("0123456789")
        return prefix + az
    return az
