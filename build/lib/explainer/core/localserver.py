"""A static HTTP server on 127.0.0.1 for a folder, in a background thread.

LinkChecker drops root privileges to ``nobody`` and then cannot read private temporary folders,
so built sites and URL lists are served over HTTP instead of being read from disk. The server
answers with LinkChecker's own ``LinkChecker`` header, by which a server tells LinkChecker that it
need not pause 0.1–0.6 s between requests: it is our own server on loopback, crawled page by page.
"""

from __future__ import annotations

import functools
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

UNTHROTTLED = ("LinkChecker", "local copy, no pause needed")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header(*UNTHROTTLED)
        super().end_headers()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up early (a checker's timeout) is not our problem


@contextmanager
def serve_directory(root: Path, host: str = "127.0.0.1",
                    handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler, port: int = 0) -> Iterator[str]:
    """Serve ``root`` on ``host`` at ``port`` (0: a free one) with ``handler_class``; yields the base URL
    (ending in /)."""
    handler = functools.partial(handler_class, directory=str(root))
    server = _QuietServer((host, port), handler)
    # shutdown() waits for the loop to look again: every 20 ms, not the default 0.5 s
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now, for a server that must know its address before it starts
    (a site built with its own URL, then served)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
