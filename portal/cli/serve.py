"""Serve the built site (output/) on localhost, as `make serve` does after building it."""

from __future__ import annotations

import time
from pathlib import Path

from portal.cli.commands import command_parser
from portal.errors import CommandError
from portal.project import project_root
from portal.site.preview import serving


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("serve")
    parser.add_argument("--port", type=int, default=8000, help="端口 / port (default 8000; 0: any free port)")
    parser.add_argument("--output", help="已构建的网站目录 / the built site (default: output/)")
    args = parser.parse_args(argv)
    folder = Path(args.output) if args.output else project_root() / "output"
    if not (folder / "index.html").is_file():
        raise CommandError(f"{folder} has no built site: run `x1portal build` first / 请先运行 x1portal build")
    with serving(folder, args.port, compress=True) as url:  # as a real host serves it: text gzipped
        print(f"serving {folder} on {url}/ (Ctrl+C to stop / 按 Ctrl+C 停止)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
    return 0
