"""deploylint's own pydantic models are built without pydantic's plugins.

The first time a model builds its validator, pydantic reads the entry points of every
installed package for plugins of its own (``pydantic.plugin``): 1% of a one-file check in
a small environment, more in a large one. A pydantic plugin observes the validations of
the user's models; deploylint's (rule options, settings, the policy pack, the config
sections) are not the user's. So the command line builds them with pydantic's
``PYDANTIC_DISABLE_PLUGINS`` set, as typer does around its own adapters, and a plugin's
code (its import, its check) runs with the variable as the user set it: a plugin's models
keep pydantic's plugins. Library calls (:mod:`deploylint.api`) change nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

_VARIABLE = "PYDANTIC_DISABLE_PLUGINS"
_USERS: list[str | None] = []  # the user's value, one per own_models() entered


@contextmanager
def own_models() -> Iterator[None]:
    """deploylint's models, built without pydantic's plugins."""
    _USERS.append(os.environ.get(_VARIABLE))
    os.environ[_VARIABLE] = "1"
    try:
        yield
    finally:
        _set(_USERS.pop())


@contextmanager
def users_models() -> Iterator[None]:
    """Inside :func:`own_models`: a plugin's code, with pydantic's plugins as the user
    chose (outside it: nothing changes)."""
    if not _USERS:
        yield
        return
    ours = os.environ.get(_VARIABLE)
    _set(_USERS[-1])
    try:
        yield
    finally:
        _set(ours)


def _set(value: str | None) -> None:
    if value is None:
        os.environ.pop(_VARIABLE, None)
    else:
        os.environ[_VARIABLE] = value
