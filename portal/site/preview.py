"""Looking at a built site locally, as the tests and the benchmarks do: a quiet HTTP server on a free port, and
Debian's Chromium with the flags this machine needs (no background networking: its connections are refused)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test and benchmark output readable
        pass


@contextlib.contextmanager
def serving(folder: Path, port: int = 0):
    """Serve a built site on localhost (port 0: a free port); yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
