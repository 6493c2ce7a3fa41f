"""Phoenix's OTLP/HTTP sink: where the local runtime's collectors send their input and output.

A small threaded HTTP server on a loopback port. Each collector gets its own unguessable path
prefix (`/<token>`), so a collector can only feed its own recorder and nothing else on the host can
feed any. Requests are decoded on the sink's threads (protobuf, gzip or not) and handed to the
collector's `ScrapeRecorder`; the answer is an empty `ExportMetricsServiceResponse`.
"""

from __future__ import annotations

import logging
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.runtimes.collector.scrapes import ScrapeRecorder, decode_request

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 256 * 1024 * 1024
KINDS = ("input", "output")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        _, token, kind = ([*self.path.split("/", 2), "", ""])[:3]
        recorder = self.server.recorders.get(token)
        length = int(self.headers.get("Content-Length") or 0)
        if recorder is None or kind not in KINDS:
            self._answer(404)
            return
        if length <= 0 or length > MAX_REQUEST_BYTES:
            self._answer(413 if length > 0 else 400)
            return
        body = self.rfile.read(length)
        try:
            batch = decode_request(body, content_encoding=self.headers.get("Content-Encoding", ""))
        except Exception as exc:  # a malformed request is the sender's problem; say so and go on
            log.warning("collector sink: undecodable %s request: %s", kind, exc)
            self._answer(400)
            return
        recorder.add(kind, batch)
        self._answer(200)

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the server's own log


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    recorders: dict[str, ScrapeRecorder]


class OtlpSink:
    """Starts on first use; `new_route` gives a collector its URL, `register` its recorder."""

    def __init__(self) -> None:
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._server is not None:
            return
        server = _Server(("127.0.0.1", 0), _Handler)
        server.recorders = {}
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="phoenix-otlp-sink", daemon=True)
        self._thread.start()

    def new_route(self) -> tuple[str, str]:
        """(token, base URL) for a new collector: it posts to `<url>/input` and `<url>/output`."""
        self.start()
        assert self._server is not None
        token = secrets.token_urlsafe(18)
        host, port = self._server.server_address[:2]
        return token, f"http://{host}:{port}/{token}"

    def register(self, token: str, recorder: ScrapeRecorder) -> None:
        """From now on, what arrives under `token` goes to `recorder` (before that: 404)."""
        self.start()
        assert self._server is not None
        self._server.recorders[token] = recorder

    def unregister(self, token: str) -> None:
        if self._server is not None:
            self._server.recorders.pop(token, None)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
