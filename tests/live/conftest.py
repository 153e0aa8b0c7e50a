"""A real moto server over HTTP (127.0.0.1, port 0), one per test module, fake credentials.

Nothing here can reach AWS: credentials are fake, config files are /dev/null and every
client is given the server's endpoint explicitly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from .stack import Stack, provision

FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
}
CLEARED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ROLE_ARN")


@pytest.fixture(scope="module")
def fake_aws() -> Iterator[None]:
    import os

    with pytest.MonkeyPatch.context() as mp:
        for key, value in FAKE_ENV.items():
            mp.setenv(key, value)
        for key in [*CLEARED, *(k for k in os.environ if k.startswith("AWS_ENDPOINT_URL"))]:
            mp.delenv(key, raising=False)
        yield


@pytest.fixture(scope="module")
def moto_endpoint(fake_aws: None) -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def reset(endpoint: str) -> None:
    requests.post(f"{endpoint}/moto-api/reset", timeout=10).raise_for_status()


_PRISTINE: dict[str, Stack] = {}  # endpoint -> a stack no test has changed since


@pytest.fixture
def stack(moto_endpoint: str) -> Iterator[Stack]:
    """The guide's production stack, freshly provisioned, for a test that changes it."""
    _PRISTINE.pop(moto_endpoint, None)
    reset(moto_endpoint)
    yield provision(moto_endpoint)
    _PRISTINE.pop(moto_endpoint, None)


@pytest.fixture
def pristine(moto_endpoint: str) -> Stack:
    """The same stack for a test that only reads it (provisioned once, reused)."""
    if moto_endpoint not in _PRISTINE:
        reset(moto_endpoint)
        _PRISTINE[moto_endpoint] = provision(moto_endpoint)
    return _PRISTINE[moto_endpoint]


class FakeRaw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


def error_response(
    status: int, code: str, protocol: str = "query"
) -> Any:  # botocore.awsrequest.AWSResponse
    """A botocore response with an AWS error, as a before-send handler returns it."""
    from botocore.awsrequest import AWSResponse

    if protocol == "json":
        body = f'{{"__type": "{code}", "message": "injected by the test"}}'.encode()
        headers = {"Content-Type": "application/x-amz-json-1.1"}
    else:
        body = (
            f"<Response><Errors><Error><Code>{code}</Code><Message>injected by the test"
            f"</Message></Error></Errors><RequestID>test</RequestID></Response>"
        ).encode()
        headers = {"Content-Type": "text/xml"}
    return AWSResponse("http://test", status, headers, FakeRaw(body))


Injector = Callable[..., Any]


def inject(monkeypatch: pytest.MonkeyPatch, event: str, respond: Callable[[int], Any]) -> list[int]:
    """Register a real botocore ``before-send`` hook on every session deploylint creates.

    ``respond(n)`` gets the attempt number (1, 2, ...) and returns a response (an
    injected error) or None (let the request reach moto). Returns the attempt log.
    """
    from deploylint.live import collector

    attempts: list[int] = []
    real = collector._session

    def handler(**_: Any) -> Any:
        attempts.append(len(attempts) + 1)
        return respond(len(attempts))

    def session(conn: Any, region: str) -> Any:
        made = real(conn, region)
        made.register(event, handler)
        return made

    monkeypatch.setattr(collector, "_session", session)
    return attempts


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without botocore's exponential sleep (the attempts themselves are real)."""
    from botocore.retries import standard

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, ctx: 0)
