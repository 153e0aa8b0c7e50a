"""A fault-injecting HTTP proxy on 127.0.0.1 in front of the moto server.

Every request is forwarded to moto unless its operation is listed in ``faults``; then the
proxy answers as a broken network would: a login page with status 200 (``html200``), a
truncated XML body (``broken-xml``), an HTML error page (``html503``), an access denial
(``denied``) or no answer at all (``hang``). Operations are recognised the way AWS routes
them: the ``X-Amz-Target`` header (JSON services), the ``Action`` form field (query
services), the CBOR path (``/operation/<Op>``), REST paths for S3 (``GetBucketTagging:<bucket>``
names one bucket) and OpenSearch.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}
HTML = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Corporate proxy: sign in</body></html>"
S3_QUERIES = {
    "location": "GetBucketLocation",
    "tagging": "GetBucketTagging",
    "lifecycle": "GetBucketLifecycleConfiguration",
}
OPENSEARCH = {
    "/2021-01-01/domain": "ListDomainNames",
    "/2021-01-01/opensearch/domain-info": "DescribeDomains",
    "/2021-01-01/tags": "ListTags",
}


def operation(method: str, path: str, headers: dict[str, str], body: bytes) -> str:
    """The AWS operation a request calls, as ``Op`` or ``Op:<bucket>`` for S3."""
    target = headers.get("x-amz-target")
    if target:
        return target.rsplit(".", 1)[-1]
    url = urlsplit(path)
    if "/operation/" in url.path:
        return url.path.rsplit("/", 1)[-1]
    if url.path in OPENSEARCH:
        return OPENSEARCH[url.path]
    if body and b"Action=" in body:
        return parse_qs(body.decode("utf-8", "replace")).get("Action", [""])[0]
    if "/s3/" in headers.get("authorization", ""):
        bucket = url.path.strip("/").split("/")[0]
        if not bucket:
            return "ListBuckets"
        query = url.query.split("&")[0].split("=")[0]
        return f"{S3_QUERIES.get(query, 'S3:' + method)}:{bucket}"
    return ""


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.faults: dict[str, str] = {}
        self.seen: list[str] = []
        self.stop = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                op = operation(self.command, self.path, headers, body)
                proxy.seen.append(op)
                fault = proxy.faults.get(op) or proxy.faults.get(op.split(":")[0])
                if fault is None:
                    self._forward(body)
                elif fault == "hang":
                    proxy.stop.wait(30)
                    self.close_connection = True
                elif fault == "html200":
                    self._answer(200, "text/html", HTML)
                elif fault == "html503":
                    self._answer(
                        503, "text/html", b"<html><body>503 Service Unavailable</body></html>"
                    )
                elif fault == "broken-xml":
                    self._answer(
                        200,
                        "text/xml",
                        b"<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-",
                    )
                elif fault == "denied":
                    xml = (
                        b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
                        b"<Message>Access Denied</Message><RequestId>x</RequestId></Error>"
                    )
                    self._answer(403, "application/xml", xml)
                else:
                    raise AssertionError(fault)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

            def _answer(self, status: int, kind: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _forward(self, body: bytes) -> None:
                conn = http.client.HTTPConnection(*proxy.upstream, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                reply = conn.getresponse()
                data = reply.read()
                self.send_response(reply.status)
                for key, value in reply.getheaders():
                    if key.lower() not in HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @contextmanager
    def running(self) -> Iterator[FaultProxy]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            self.server.shutdown()
            self.server.server_close()
