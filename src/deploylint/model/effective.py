"""The effective config of one environment: what every rule sees, whatever its source.

A file source (``deploylint.sources``) and a live source (``deploylint.live``) both produce
an :class:`Effective`: the plain data, the typed model and ``origin(path)``. Rules cannot
tell them apart.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from deploylint.model.location import Location, Path, ResourceLocation
from deploylint.model.sections import ConfigFile

_MISSING = object()


def child(node: Any, part: str | int) -> Any:
    """``node[part]`` for a mapping key or a list index, else a sentinel."""
    if isinstance(node, dict):
        return node.get(part, _MISSING)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


def lookup(data: Any, path: Path) -> Any:
    """The value at ``path``, or :data:`MISSING`."""
    node = data
    for part in path:
        node = child(node, part)
        if node is _MISSING:
            return _MISSING
    return node


MISSING = _MISSING


class Effective(ABC):
    """One environment's config: model + data + provenance."""

    env: str | None
    data: dict[str, Any]
    model: ConfigFile
    # sources that may apply to this environment but could not be read (a file that does
    # not parse): a rule that would report something *missing* stays quiet, since the
    # unread source may hold it and its own finding is the root cause
    incomplete: tuple[str, ...] = ()
    # paths whose value the schema rejected: the data holds ``values.UNKNOWN`` there and
    # the model leaves them unset; a rule that reads one says "not checked" (the engine)
    invalid: frozenset[Path] = frozenset()
    # whether a path absent from the data is absent from the source: True for config files
    # (a section that does not write a key lacks it); False for live state, which holds only
    # what it binds and models (CloudWatch's collected metrics, an unbound VPC): a rule that
    # reports a whole missing part (``rules/_presence.py``) stays quiet where this is False
    absence_known: bool = True

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_read_only", False):  # rules/rule.py read_only(): rules run
            raise TypeError(f"rules get read-only data: cannot set the effective config's {name}")
        object.__setattr__(self, name, value)

    def has(self, path: Path) -> bool:
        return lookup(self.data, path) is not _MISSING

    @abstractmethod
    def origin(self, path: Path) -> Location:
        """Where the value at ``path`` comes from; for a missing value, its nearest parent."""

    def written(self, path: Path) -> bool:
        """Whether a source writes the key at ``path``, even with a value the schema refused."""
        return self.has(path)

    def scoped(self, path: Path) -> bool:
        """Whether the value at ``path`` comes from a source scoped to this environment."""
        del path
        return False

    def rejected(self, path: Path) -> bool:
        """Whether a source writes a value at ``path`` that the schema rejected whole (the
        data then holds nothing there: ``network: 5``). A ``null`` is no rejected value: it
        removes what the key held."""
        del path
        return False


class DataEffective(Effective):
    """An effective config from plain data and a map of document paths to locations.

    The live source builds one from a snapshot; tests build them from dicts. ``origins``
    needs entries only for the values it can place; a path is located at its nearest
    ancestor that has one, else at ``default``.
    """

    def __init__(
        self,
        env: str | None,
        data: dict[str, Any],
        model: ConfigFile,
        origins: Mapping[Path, Location],
        default: Location | None = None,
        absence_known: bool = True,
    ) -> None:
        self.env = env
        self.absence_known = absence_known
        self.data = data
        self.model = model
        self.origins = dict(origins)
        self.default = default or ResourceLocation("<live>")

    def origin(self, path: Path) -> Location:
        for n in range(len(path), -1, -1):
            found = self.origins.get(path[:n])
            if found is not None:
                return found
        return self.default
