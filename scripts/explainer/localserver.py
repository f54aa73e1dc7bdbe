"""A static HTTP server on 127.0.0.1 for a folder, in a background thread.

LinkChecker drops root privileges to ``nobody`` and then cannot read private temporary folders,
so built sites and URL lists are served over HTTP instead of being read from disk.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up early (a checker's timeout) is not our problem


@contextmanager
def serve_directory(root: Path, host: str = "127.0.0.1",
                    handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Serve ``root`` on ``host`` at a free port with ``handler_class``; yields the base URL (ending in /)."""
    handler = functools.partial(handler_class, directory=str(root))
    server = _QuietServer((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
