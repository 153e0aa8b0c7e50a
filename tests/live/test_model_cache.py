"""The disk cache of parsed botocore models (issue 16 §5): entries equal botocore's own
parse, and an entry is trusted only when this user's key signed it for the file as it is
now; anything else (another machine's cache, an edited, truncated or stale entry, no key,
an unwritable folder) falls back to parsing the file, never to a wrong model."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from deploylint.live import collector
from deploylint.live.collector import SERVICES, _loader
from deploylint.live.modelcache import KEEP_VERSIONS, ModelCache


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """This test's own cache and state homes (the user's are never touched)."""
    cache, state = tmp_path / "cache", tmp_path / "state"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.delenv("DEPLOYLINT_MODEL_CACHE", raising=False)
    return cache, state


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("deploylint/botocore-models/*/*.marshal"))


def ec2_model_file() -> tuple[str, os.stat_result]:
    import botocore

    path = Path(botocore.__file__).parent / "data" / "ec2" / "2016-11-15" / "service-2.json.gz"
    return str(path), os.stat(path)


def count_cache_hits(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each ModelCache.load's answer: True for a hit, False for a miss."""
    hits: list[bool] = []
    real = ModelCache.load

    def load(self: ModelCache, source: str, st: os.stat_result) -> Any:
        found = real(self, source, st)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(ModelCache, "load", load)
    return hits


@pytest.mark.parametrize("service", SERVICES)
def test_a_cached_model_is_botocores_parse_in_the_same_order(
    service: str, homes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import botocore.exceptions
    import botocore.loaders

    hits = count_cache_hits(monkeypatch)
    theirs = botocore.loaders.create_loader()
    for kind in ("service-2", "endpoint-rule-set-1", "paginators-1"):
        try:
            expected = theirs.load_service_model(service, kind)
        except botocore.exceptions.DataNotFoundError:
            continue
        hits.clear()
        first = _loader().load_service_model(service, kind)  # parsed, then stored
        assert hits and not any(hits)
        hits.clear()
        again = _loader().load_service_model(service, kind)  # a new process's loader
        assert hits and all(hits)
        assert first == again == expected
        assert type(again) is dict
        assert list(again) == list(expected)
        assert _key_orders(again) == _key_orders(expected)


def _key_orders(value: Any) -> Any:
    """Every mapping's keys, in order, all the way down."""
    if isinstance(value, dict):
        return [(k, _key_orders(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_key_orders(v) for v in value]
    return None


def test_the_cache_lives_under_the_homes_with_a_private_key(homes: tuple[Path, Path]) -> None:
    import botocore

    cache_home, state_home = homes
    cache = ModelCache.default()
    assert cache is not None
    source, st = ec2_model_file()
    assert cache.load(source, st) is None  # nothing yet
    cache.store(source, st, {"a": [1, 2.5, None, True, "x"]})
    assert cache.load(source, st) == {"a": [1, 2.5, None, True, "x"]}
    (entry,) = entries(cache_home)
    assert entry.parent.name.startswith(botocore.__version__ + "-")
    key = state_home / "deploylint" / "model-cache.key"
    assert len(key.read_bytes()) == 32
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert not list(entry.parent.glob(".tmp-*"))  # written through a renamed temporary file


def test_an_edited_or_truncated_entry_is_parsed_again_and_rewritten(
    homes: tuple[Path, Path],
) -> None:
    cache_home, _ = homes
    cache = ModelCache.default()
    assert cache is not None
    source, st = ec2_model_file()
    cache.store(source, st, {"operations": {"DescribeVpcs": {"http": {"method": "POST"}}}})
    (entry,) = entries(cache_home)
    good = entry.read_bytes()
    edited = good.replace(b"POST", b"PUT\0")
    assert edited != good
    for bad in (edited, good[:-1], good[:20], b"", b"\0" * len(good)):
        entry.write_bytes(bad)
        assert cache.load(source, st) is None
    entry.write_bytes(good)
    assert cache.load(source, st) is not None


@pytest.mark.usefixtures("homes")
def test_another_machines_cache_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared CI cache restored onto this machine: its entries were signed with another
    key, so the models are parsed from botocore's files. An entry that would make
    DescribeVpcs a DELETE never reaches a client."""
    import botocore.loaders

    source, st = ec2_model_file()
    forged = _loader().load_service_model("ec2", "service-2")
    forged["operations"]["DescribeVpcs"]["http"]["method"] = "DELETE"
    mine = ModelCache.default()
    assert mine is not None
    attacker = ModelCache(mine.folder, tmp_path / "attacker.key", mine.version)
    attacker.store(source, st, forged)  # signed with the attacker's own key
    assert attacker.load(source, st) == forged
    hits = count_cache_hits(monkeypatch)
    model = _loader().load_service_model("ec2", "service-2")
    assert hits[0] is False  # the model (its method names are this user's)
    assert model == botocore.loaders.create_loader().load_service_model("ec2", "service-2")
    assert model["operations"]["DescribeVpcs"]["http"]["method"] == "POST"
    hits.clear()
    assert _loader().load_service_model("ec2", "service-2") == model  # rewritten, signed
    assert hits[0] is True


def test_an_entry_is_for_the_file_as_it_was(tmp_path: Path, homes: tuple[Path, Path]) -> None:
    """A model file changed since (size or modification time): its entry is not used."""
    cache = ModelCache.default()
    assert cache is not None
    model = tmp_path / "service-2.json"
    model.write_text('{"version": 1}', encoding="utf-8")
    cache.store(str(model), os.stat(model), {"version": 1})
    assert cache.load(str(model), os.stat(model)) == {"version": 1}
    model.write_text('{"version": 22}', encoding="utf-8")
    assert cache.load(str(model), os.stat(model)) is None
    model.write_text('{"version": 3}', encoding="utf-8")  # same size, later time
    os.utime(model, ns=(1, 1))
    assert cache.load(str(model), os.stat(model)) is None
    other = tmp_path / "other.json"  # another file never answers for this one
    other.write_text('{"version": 1}', encoding="utf-8")
    assert cache.load(str(other), os.stat(other)) is None


def test_without_a_usable_key_nothing_is_cached_nor_trusted(
    homes: tuple[Path, Path],
) -> None:
    cache_home, state_home = homes
    key = state_home / "deploylint" / "model-cache.key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"short")
    cache = ModelCache.default()
    assert cache is not None
    source, st = ec2_model_file()
    cache.store(source, st, {"a": 1})
    assert cache.load(source, st) is None
    assert entries(cache_home) == []
    assert key.read_bytes() == b"short"  # a key is never replaced behind the user's back


def test_an_unwritable_cache_costs_a_parse_never_an_error(
    homes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import botocore.loaders

    cache_home, _ = homes
    cache_home.mkdir()
    (cache_home / "deploylint").write_text("not a folder", encoding="utf-8")
    model = _loader().load_service_model("sts", "service-2")
    assert model == botocore.loaders.create_loader().load_service_model("sts", "service-2")
    assert entries(cache_home) == []


def test_an_unreadable_state_home_means_no_cache(tmp_path: Path, homes: tuple[Path, Path]) -> None:
    _, state_home = homes
    state_home.write_text("not a folder", encoding="utf-8")
    cache = ModelCache.default()
    assert cache is not None
    source, st = ec2_model_file()
    cache.store(source, st, {"a": 1})
    assert cache.load(source, st) is None


def test_the_cache_can_be_turned_off(
    homes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_home, state_home = homes
    monkeypatch.setenv("DEPLOYLINT_MODEL_CACHE", "off")
    assert ModelCache.default() is None
    _loader().load_service_model("sts", "service-2")
    assert not cache_home.exists() and not state_home.exists()


def test_only_the_latest_botocore_versions_are_kept(homes: tuple[Path, Path]) -> None:
    cache_home, _ = homes
    folder = cache_home / "deploylint" / "botocore-models"
    olds = [f"1.0.{n}-cpython-311" for n in range(KEEP_VERSIONS + 2)]  # oldest first
    for n, name in enumerate(olds):
        (folder / name).mkdir(parents=True)
        (folder / name / "x.marshal").write_bytes(b"")
        os.utime(folder / name, (1000 + n, 1000 + n))
    cache = ModelCache.default()
    assert cache is not None
    source, st = ec2_model_file()
    cache.store(source, st, {"a": 1})
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted([cache.version, *olds[-(KEEP_VERSIONS - 1) :]])


def test_the_collector_reads_through_the_cache(
    homes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default loader: made once per process with the user's cache."""
    cache_home, _ = homes
    monkeypatch.setattr(collector, "_LOADER", [])
    core = collector._core()
    core.get_service_model("sts")
    assert entries(cache_home)


@pytest.mark.parametrize("service", SERVICES)
def test_the_method_names_given_to_botocore_are_its_own(
    service: str, homes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second process's loader puts last run's method names into botocore's cache: each
    is what ``xform_name`` gives (its own table's exceptions included: ``GetOTelEnrichment``
    is ``get_otel_enrichment``), and a client has them."""
    import botocore
    import botocore.session

    names: dict[Any, str] = vars(botocore)["_xform_cache"]
    monkeypatch.setattr(collector, "_LOADER", [])
    model = _loader().load_service_model(service, "service-2")  # a miss: names stored
    operations = list(model["operations"])
    expected = {op: botocore.xform_name(op) for op in operations}
    for op in operations:
        monkeypatch.delitem(names, (op, "_"), raising=False)  # as in a fresh process
    hits = count_cache_hits(monkeypatch)
    _loader().load_service_model(service, "service-2")
    assert len(hits) >= 2 and all(hits)  # the model (its extras), its method names
    assert {op: names[(op, "_")] for op in operations} == expected
    client = collector._core().create_client(
        service, region_name="ap-northeast-1", endpoint_url="http://127.0.0.1:9"
    )
    assert set(expected.values()) <= set(dir(client))


def test_an_entry_that_cannot_be_written_leaves_no_temporary_file(
    homes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ModelCache.default()
    assert cache is not None
    source, st = ec2_model_file()
    cache.store(source, st, {"a": 1})  # the folder exists
    cache.store(source, st, {"a": object()})  # not marshal's: nothing written
    assert cache.load(source, st) == {"a": 1}
    assert not list(cache.folder.glob(".tmp-*"))
