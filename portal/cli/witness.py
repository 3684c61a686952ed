"""Run a witness of the registry's log (c2sp.org/tlog-witness): for a party independent of the registry.

    x1portal witness vkey --name NAME (--key FILE | --demo LABEL)
    x1portal witness serve --name NAME (--key FILE | --demo LABEL) --log VKEY --state DIR [--port 8089]
    x1portal witness add-checkpoint --name NAME (--key FILE | --demo LABEL) --log VKEY --state DIR < request

`vkey` prints the witness's cosigner key, for the registry root's endorsement (docs/guides/witness.md).
`serve` answers `POST /add-checkpoint` and `GET /<origin hash>/checkpoint` on localhost (put it behind your web
server). `add-checkpoint` answers one request read from standard input, for a witness run over files: it prints the
response body and exits 0 on 200, else 1 with the HTTP status on standard error. --log names each log followed, by
its note verifier key (the `log/vkey` file of the site). The witness keeps its state in --state: back it up, never
restore an old copy (that would let it cosign a fork).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from portal.cli.commands import command_parser
from portal.cli.registry import add_now, now_of, open_key
from portal.errors import CommandError
from portal.registry.issue import demo
from portal.registry.keys.signing import public_key_of
from portal.registry.log.cosignature import Cosigner
from portal.registry.log.note import Verifier
from portal.registry.log.witness import MAX_REQUEST, Response, Witness


def parser() -> argparse.ArgumentParser:
    p = command_parser("witness", epilog=__doc__)
    sub = p.add_subparsers(dest="action", required=True, metavar="vkey | serve | add-checkpoint")
    for name, help_text in (
        ("vkey", "打印见证人的联署公钥（供根密钥背书）/ print the witness's cosigner key"),
        ("serve", "在本机提供 add-checkpoint 接口 / serve add-checkpoint on localhost"),
        ("add-checkpoint", "处理标准输入中的一个请求 / answer one request read from standard input"),
    ):
        s = sub.add_parser(name, help=help_text, description=help_text)
        s.add_argument("--name", required=True, help="见证人名称，如 witness.example.edu.cn/1 / the witness's name")
        key = s.add_mutually_exclusive_group(required=True)
        key.add_argument("--key", help="见证人的私钥文件（x1portal registry keygen）/ the witness's key file")
        key.add_argument("--demo", metavar="LABEL", help="演示见证人（公开短语派生，不可信）/ a DEMO witness key")
        s.add_argument(
            "--passphrase-env",
            default="PORTAL_KEY_PASSPHRASE",
            help="读取私钥口令的环境变量 / environment variable holding the key file's passphrase",
        )
        if name == "vkey":
            continue
        s.add_argument("--log", action="append", required=True, help="所见证日志的 vkey / a followed log's vkey")
        s.add_argument("--state", required=True, help="见证人状态文件夹 / the witness's state folder")
        add_now(s)
        if name == "serve":
            s.add_argument("--host", default="127.0.0.1", help="监听地址（默认本机） / address to listen on")
            s.add_argument("--port", type=int, default=8089, help="监听端口（默认 8089） / port to listen on")
    return p


def seed_of(args) -> bytes:
    return demo.seed(args.demo) if args.demo else open_key(args, args.key)


def witness_of(args) -> Witness:
    try:
        logs = [Verifier.of_vkey(vkey) for vkey in args.log]
    except ValueError as exc:
        raise CommandError(f"--log: {exc}") from None
    return Witness(args.name, seed_of(args), logs, Path(args.state), lambda: now_of(args))


def handler_of(witness: Witness) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the spec asks clients and witnesses to support

        def do_POST(self):  # noqa: N802 - the http.server name
            if self.path.rstrip("/") != "/add-checkpoint":
                return self.answer(Response(404, "not found\n"))
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 <= length <= MAX_REQUEST:
                return self.answer(Response(400, "the request is too large\n"))
            return self.answer(witness.add_checkpoint(self.rfile.read(length)))

        def do_GET(self):  # noqa: N802
            parts = self.path.strip("/").split("/")
            if len(parts) == 2 and parts[1] == "checkpoint":
                return self.answer(witness.checkpoint(parts[0]))
            return self.answer(Response(404, "not found\n"))

        def answer(self, response: Response) -> None:
            body = response.body.encode("utf-8")
            self.send_response(response.status, HTTPStatus(response.status).phrase)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 - one line per request, to standard error
            sys.stderr.write(f"witness {self.address_string()} {format % args}\n")

    return Handler


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.action == "vkey":
        print(Cosigner(args.name, public_key_of(seed_of(args))).vkey)
        return 0
    witness = witness_of(args)
    if args.action == "add-checkpoint":
        response = witness.add_checkpoint(sys.stdin.buffer.read(MAX_REQUEST + 1))
        sys.stdout.write(response.body)
        if response.status != 200:
            print(f"HTTP {response.status} {HTTPStatus(response.status).phrase}", file=sys.stderr)
        return 0 if response.status == 200 else 1
    try:
        server = ThreadingHTTPServer((args.host, args.port), handler_of(witness))
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port} / 无法监听: {exc}") from None
    print(f"witness {args.name}: http://{args.host}:{server.server_address[1]}/add-checkpoint", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0
