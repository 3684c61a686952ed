"""Mark a certificate, or an organisation and all its certificates, as withdrawn (退出), with its source document.

    x1portal withdraw certificate  ID --as-of D --source DOC --reason TEXT
    x1portal withdraw organisation ID --as-of D --source DOC --reason TEXT

Nothing is deleted: pages stay, marked 已退出, and records issued before the date keep verifying. Records signed
afterwards fail, because the verifier checks that the certificate and organisation still stood on the issue date.
The source document must be in data/documents/ (x1portal new document). Keys of a withdrawn organisation are
revoked by the registry with `x1portal registry revoke-key --reason organisation-withdrawn`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from portal.catalogue.yamlfile import dumps
from portal.cli.commands import command_parser
from portal.files import write_text_atomically
from portal.project import project_root


def set_withdrawn(path: Path, args) -> bool:
    """Rewrite the status of one file, keeping its leading comments; False if it was withdrawn already."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if data["status"]["state"] == "withdrawn":
        return False
    data["status"] = {"state": "withdrawn", "as_of": args.as_of, "source": args.source, "reason": args.reason}
    comments = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    write_text_atomically(path, comments + dumps(data))
    print(f"withdrawn: {path.relative_to(path.parent.parent.parent)}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("withdraw", epilog=__doc__)
    parser.add_argument("--data", help="数据目录（默认 data/） / data folder (default: data/)")
    parser.add_argument("what", choices=["certificate", "organisation"])
    parser.add_argument("id")
    parser.add_argument(
        "--as-of", required=True, help="退出生效日期（YYYY-MM-DD） / the date the withdrawal takes effect (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--source",
        required=True,
        help="宣布退出的文件标识（data/documents/） / id of the document that withdraws it (data/documents/)",
    )
    parser.add_argument("--reason", required=True, help="原因（照录文件原文） / the reason, as the document gives it")
    args = parser.parse_args(argv)
    data = Path(args.data or project_root() / "data")
    path = data / f"{args.what}s" / f"{args.id}.yaml"
    if not path.exists():
        print(f"error: {path} does not exist; use an id from data/{args.what}s/", file=sys.stderr)
        return 2
    if not (data / "documents" / f"{args.source}.yaml").exists():
        print(
            f"error: no document {args.source!r} in data/documents/; add it first with x1portal new document",
            file=sys.stderr,
        )
        return 2
    changed = set_withdrawn(path, args)
    if args.what == "organisation":
        for certificate in sorted((data / "certificates").glob("*.yaml")):
            if yaml.safe_load(certificate.read_text(encoding="utf-8")).get("organisation") == args.id:
                changed = set_withdrawn(certificate, args) or changed
        keys = sorted(p.stem for p in (data / "keys" / args.id).glob("*.yaml"))
        if keys:
            print(
                f"next: the registry revokes the keys of {args.id} ({', '.join(keys)}) with "
                "`x1portal registry revoke-key --reason organisation-withdrawn`"
            )
    if not changed:
        print(f"{args.id} is withdrawn already; nothing changed")
    return 0
