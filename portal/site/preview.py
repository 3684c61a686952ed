"""Looking at a built site locally, as the tests and the benchmarks do: a quiet HTTP server on a free port,
Debian's Chromium with the flags this machine needs (no background networking: its connections are refused), and
Lighthouse (npm) run on that Chromium."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import tempfile
import threading
import urllib.parse
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


COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".atom", ".txt", ".csv"}


class CompressingHandler(QuietHandler):
    """Serves text gzip-compressed when the browser accepts it, as a real static host (GitHub Pages, a CDN) does."""

    def send_head(self):
        target = Path(self.translate_path(self.path))  # the query left out, the path kept inside the folder
        if target.is_dir():
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the folder's URL with a slash
            target = target / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and target.suffix in COMPRESSED and target.is_file()):
            return super().send_head()
        body = gzip.compress(target.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serving(folder: Path, port: int = 0, compress: bool = False):
    """Serve a built site on localhost (port 0: a free port); yields its base URL. compress: gzip text responses."""
    handler = CompressingHandler if compress else QuietHandler
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()


def lighthouse(binary: Path, url: str, *options: str) -> dict:
    """Lighthouse's JSON report of url, its mobile profile unless options say otherwise (--only-categories=…,
    --throttling-method=…), with npm's lighthouse at binary driving Debian's Chromium headless."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        done = subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                *options,
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=180,
        )
        if done.returncode != 0:
            raise RuntimeError(f"Lighthouse could not run on {url}:\n{done.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))
