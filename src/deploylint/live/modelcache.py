"""botocore's service models, parsed once per machine: a disk cache of the parsed JSON.

Making the collector's clients parses about 8 MB of JSON (EC2's model alone is 4 MB):
0.10-0.11 s of CPU in a fresh process, the largest single cost of ``drift --live`` after
the imports. The same dicts load from :mod:`marshal` in 0.04-0.05 s. The entries are the
parsed files, exactly (same dicts, same order: ``tests/live/test_model_cache.py``); what
a client does with them is unchanged.

A service model decides what HTTP request an operation sends, so a forged entry could
turn a read into a write behind the read-only guard's back (which checks operation
names). An entry is therefore used only when all of these hold, else the file is parsed
as if there were no cache (and the entry written again):

- it carries an HMAC-SHA256, keyed by a random per-user secret kept *outside* the cache
  folder (``$XDG_STATE_HOME/deploylint/model-cache.key``, mode 0600), over the source
  file's path, size and modification time, botocore's version, the interpreter's
  ``cache_tag`` and the payload: a cache folder copied or restored from elsewhere (a
  shared CI cache) has no valid entry, and an edited or truncated one fails the check
  before :mod:`marshal` reads a byte of it;
- it loads into a dict (every model file is a JSON object).

Entries live in ``$XDG_CACHE_HOME/deploylint/botocore-models/<botocore>-<cache_tag>/``
(``~/.cache`` by default), are written to a temporary file and renamed into place (a
reader never sees half an entry), and the three most recently written botocore versions are
kept. ``DEPLOYLINT_MODEL_CACHE=off`` turns the cache off; so does any failure to read or
write it (a read-only home, no home): the models are then parsed, as without a cache.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

FORMAT = b"deploylint-model-cache-1"
KEY_BYTES = 32
KEEP_VERSIONS = 3
OFF = "DEPLOYLINT_MODEL_CACHE"


def _home(variable: str, default: str) -> Path | None:
    """An XDG base directory: the variable when it is an absolute path, else ~/default."""
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    try:
        return Path.home() / default
    except RuntimeError:  # no home directory
        return None


class ModelCache:
    """Parsed model files by source path, trusted only under this user's key."""

    def __init__(self, folder: Path, key_file: Path, version: str) -> None:
        self.folder = folder
        self.key_file = key_file
        self.version = version
        self._key: bytes | None = None
        self._lock = threading.Lock()
        self._pruned = False

    @classmethod
    def default(cls) -> ModelCache | None:
        """The user's cache, or None when it is turned off or there is no home."""
        if os.environ.get(OFF, "").strip().lower() in ("off", "0", "false", "no"):
            return None
        cache, state = _home("XDG_CACHE_HOME", ".cache"), _home("XDG_STATE_HOME", ".local/state")
        if cache is None or state is None:
            return None
        import botocore

        version = f"{botocore.__version__}-{sys.implementation.cache_tag}"
        return cls(
            cache / "deploylint" / "botocore-models" / version,
            state / "deploylint" / "model-cache.key",
            version,
        )

    def key(self) -> bytes | None:
        """This user's secret (made on first use), or None when it cannot be had."""
        with self._lock:
            if self._key is None:
                self._key = _read_or_make_key(self.key_file)
            return self._key or None

    def _entry(self, source: str) -> Path:
        return self.folder / (hashlib.sha256(source.encode()).hexdigest()[:40] + ".marshal")

    def _mac(self, key: bytes, source: str, stat: os.stat_result, payload: Any) -> bytes:
        header = b"\0".join(
            (
                FORMAT,
                self.version.encode(),
                os.fsencode(source),
                str(stat.st_size).encode(),
                str(stat.st_mtime_ns).encode(),
            )
        )
        mac = hmac.new(key, header, hashlib.sha256)
        mac.update(payload)
        return mac.digest()

    def load(self, source: str, stat: os.stat_result) -> dict[str, Any] | None:
        """The parsed ``source`` (whose current stat is ``stat``), or None: no entry, or
        one this user's key did not sign for this very file."""
        key = self.key()
        if key is None:
            return None
        try:
            data = self._entry(source).read_bytes()
        except OSError:
            return None
        mac, payload = data[:32], memoryview(data)[32:]
        if len(mac) != 32 or not hmac.compare_digest(mac, self._mac(key, source, stat, payload)):
            return None
        try:
            found = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):  # pragma: no cover - signed by us
            return None
        return found if isinstance(found, dict) else None

    def store(self, source: str, stat: os.stat_result, parsed: dict[str, Any]) -> None:
        """Sign and write the entry for ``source`` (atomically; best effort: a cache that
        cannot be written only costs the next run the parse)."""
        key = self.key()
        if key is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        except OSError:  # before the payload is made: an unwritable cache costs nothing
            return
        try:
            with os.fdopen(fd, "wb") as out:
                payload = marshal.dumps(parsed)
                out.write(self._mac(key, source, stat, payload))
                out.write(payload)
            os.replace(tmp, self._entry(source))
        except (OSError, ValueError):  # ValueError: not marshal's types (never from JSON)
            Path(tmp).unlink(missing_ok=True)
            return
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._prune()

    def _prune(self) -> None:
        """Keep the entries of the most recently written botocore versions only."""
        with self._lock:
            if self._pruned:
                return
            self._pruned = True
        try:
            versions = sorted(
                (p for p in self.folder.parent.iterdir() if p.is_dir()),
                key=lambda p: p.stat().st_mtime,
                reverse=True,
            )
        except OSError:
            return
        for old in versions[KEEP_VERSIONS:]:
            if old != self.folder:
                shutil.rmtree(old, ignore_errors=True)


def _read_or_make_key(path: Path) -> bytes:
    """The key file's bytes, made (random, mode 0600) when absent; b"" when it cannot be
    read or made, or is not a key (then nothing is cached nor trusted)."""
    for _ in range(2):
        try:
            key = path.read_bytes()
            return key if len(key) == KEY_BYTES else b""
        except FileNotFoundError:
            pass
        except OSError:
            return b""
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it: read theirs
            continue
        except OSError:
            return b""
        key = os.urandom(KEY_BYTES)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key
    return b""


def seed_method_names(
    cache: ModelCache, source: str, stat: os.stat_result, model: dict[str, Any]
) -> None:
    """Give botocore the method names of ``model``'s operations before it makes a client.

    botocore names each client method with ``xform_name`` (``DescribeVpcs`` ->
    ``describe_vpcs``: three regular-expression substitutions, 0.01-0.02 s of CPU for the
    1,600 operations of the collector's ten clients) and keeps every name in its module's
    ``_xform_cache``. On a miss the names are botocore's own (``xform_name`` fills that
    cache anyway) and are stored beside the model, signed like it; on a hit they go into
    botocore's cache, where ``xform_name`` then finds them. Without that cache (another
    botocore), nothing is done."""
    import botocore

    names = vars(botocore).get("_xform_cache")
    operations = model.get("operations")
    if not isinstance(names, dict) or not isinstance(operations, dict):
        return
    key = source + "#method-names"
    known = cache.load(key, stat)
    if known is None:
        cache.store(key, stat, {op: botocore.xform_name(op) for op in operations})
        return
    for op, name in known.items():
        names.setdefault((op, "_"), name)
