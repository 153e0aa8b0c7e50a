"""The collector's botocore model loader (issue 16 §5): the same models as botocore's own
loader, parsed into plain dicts, and only the collector's services looked up."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.live.collector import SERVICES, _loader


@pytest.mark.parametrize("service", SERVICES)
def test_every_model_the_collector_loads_is_botocores(service: str) -> None:
    import botocore.exceptions
    import botocore.loaders

    ours, theirs = _loader(), botocore.loaders.create_loader()
    for kind in ("service-2", "endpoint-rule-set-1", "paginators-1"):
        try:
            expected = theirs.load_service_model(service, kind)
        except botocore.exceptions.DataNotFoundError:
            continue
        found = ours.load_service_model(service, kind)
        assert found == expected
        assert type(found) is dict  # not botocore's OrderedDict: a third of the parse time
        assert list(found) == list(expected)  # and in the same order


def test_only_the_collectors_services_are_looked_up() -> None:
    import botocore.exceptions

    loader = _loader()
    assert loader.list_available_services("service-2") == list(SERVICES)
    assert loader.list_available_services("no-such-kind-1") == []
    with pytest.raises(botocore.exceptions.UnknownServiceError):
        loader.load_service_model("iam", "service-2")


def test_an_uncompressed_file_is_read_and_an_absent_one_is_none(tmp_path: Path) -> None:
    folder = tmp_path
    (folder / "plain.json").write_text('{"b": 1, "a": [2]}', encoding="utf-8")
    loader = _loader()
    assert loader.file_loader.load_file(str(folder / "plain")) == {"b": 1, "a": [2]}
    assert loader.file_loader.load_file(str(folder / "absent")) is None
