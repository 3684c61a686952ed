"""Scaffold a new data file with the right shape, from the facts you give; what you do not give stays unknown (null).

    x1portal new document     ID --number 文号 --title T --issuer I --date D --kind K --summary S
    x1portal new batch        N --name 第四批 --year Y --certificates N --organisations N --announcement DOC
                                       --date D --count-check TEXT
    x1portal new organisation ID --name N --source DOC --locator L --as-of D
    x1portal new certificate  ID --name N --organisation ORG --batch N --source DOC --locator L --as-of D
                                       --classes 5102[,…] --editorial-note TEXT [--state proposed] [--levels …]
    x1portal new standard     ID --certificate C --title T --developer D --source DOC --locator L
                                       --levels primary,… [--published YYYY-MM]
    x1portal new change       --date D --title T --summary S [--link /path/ …]   (data/changes.yaml)

Each file starts with its JSON Schema line, so editors that read `yaml-language-server` comments autocomplete and
flag errors. An existing file is never overwritten. The new file is checked against its schema at once; run
x1portal validate for the rules across files (references, batch counts).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from portal.catalogue.validate import schema_ok
from portal.catalogue.yamlfile import YamlFile, dumps
from portal.cli.commands import command_parser
from portal.files import write_text_atomically
from portal.project import project_root
from portal.vocab import KINDS, LEVEL_NAMES

FOLDERS = {kind.schema: kind.folder for kind in KINDS}


def _levels(text: str | None) -> list[str] | None:
    if not text:
        return None
    levels = [x.strip() for x in text.split(",")]
    unknown = [x for x in levels if x not in LEVEL_NAMES]
    if unknown:
        raise SystemExit(f"error: unknown level(s) {unknown}; use {','.join(LEVEL_NAMES)}")
    return levels


def _source(args) -> dict:
    return {"document": args.source, "locator": args.locator}


def document(args) -> dict:
    return {
        "id": args.id,
        "number": args.number,
        "title": args.title,
        "issuer": args.issuer,
        "date": args.date,
        "kind": args.kind,
        "seed": None,
        "summary": args.summary,
        "provisions": [],
    }


def batch(args) -> dict:
    return {
        "number": int(args.id),
        "name": args.name,
        "year": args.year,
        "certificate_count": args.certificates,
        "organisation_count": args.organisations,
        "announcement": {"document": args.announcement, "date": args.date},
        "confirmation": None,
        "launch_notice": None,
        "count_check": args.count_check,
    }


def organisation(args) -> dict:
    return {
        "id": args.id,
        "name": args.name,
        "status": {"state": "active", "as_of": args.as_of, "source": args.source},
        "sources": [_source(args)],
    }


def certificate(args) -> dict:
    return {
        "id": args.id,
        "name": args.name,
        "full_name": args.full_name or f"{args.name}职业技能等级证书",
        "organisation": args.organisation,
        "batch": args.batch,
        "levels": _levels(args.levels),
        "status": {"state": args.state, "as_of": args.as_of, "source": args.source},
        "editorial": {"classes": args.classes.split(","), "note": args.editorial_note},
        "sources": [_source(args)],
    }


def standard(args) -> dict:
    return {
        "id": args.id,
        "certificate": args.certificate,
        "title": args.title,
        "developer": args.developer,
        "published": args.published,
        "source": _source(args),
        "levels": [{"level": level, "training_hours": None, "majors": {}} for level in _levels(args.levels) or []],
        "exam": None,
    }


BUILDERS = {
    "document": document,
    "batch": batch,
    "organisation": organisation,
    "certificate": certificate,
    "standard": standard,
}


def change(args) -> int:
    """Add an entry at the top of data/changes.yaml, keeping its comments."""
    path = Path(args.data) / "changes.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    entry = {"date": args.date, "title": args.title, "summary": args.summary}
    if args.link:
        entry["links"] = args.link
    text = "".join(lines[:head]) + dumps([entry]) + "".join(lines[head:])
    return _write(path, text, "changes", overwrite=True)


def _write(path: Path, text: str, schema: str, overwrite: bool = False) -> int:
    if path.exists() and not overwrite:
        print(f"error: {path} exists; edit it instead (new.py never overwrites)", file=sys.stderr)
        return 2
    data = path.parent.parent if schema != "changes" else path.parent
    checked = YamlFile(path, f"data/{path.relative_to(data).as_posix()}", text)
    problems: list = []
    if not schema_ok(checked, schema, data, problems):
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"nothing written: {path.name} would not match its schema", file=sys.stderr)
        return 1
    write_text_atomically(path, text)
    print(f"wrote {path.relative_to(data.parent) if data.parent in path.parents else path}")
    return 0


def scaffold(args) -> int:
    path = Path(args.data) / FOLDERS[args.what] / f"{args.id}.yaml"
    header = f"# yaml-language-server: $schema=../schemas/{args.what}.schema.json\n"
    body = dumps(BUILDERS[args.what](args))
    written = _write(path, header + body, args.what)
    if written == 0 and args.what == "standard":
        link_standard(Path(args.data) / "certificates" / f"{args.certificate}.yaml", args.id)
    return written


def link_standard(path: Path, standard_id: str) -> None:
    """The certificate names its standard (validate.py requires both directions)."""
    if not path.exists():
        print(f"note: {path} does not exist yet; give it `standard: {standard_id}`")
        return
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if isinstance(data, dict) and "standard" not in data:
        write_text_atomically(path, text.rstrip("\n") + f"\nstandard: {standard_id}\n")
        print(f"added `standard: {standard_id}` to {path.name}")


def parser() -> argparse.ArgumentParser:
    main = command_parser("new", epilog=__doc__)
    main.add_argument("--data", help="数据目录（默认 data/） / data folder (default: data/)")
    sub = main.add_subparsers(dest="what", required=True)
    p = sub.add_parser("document", help="政策文件 / a policy document (文件)")
    p.add_argument("id")
    p.add_argument(
        "--number",
        help="文号，如 教职所〔2026〕1号（没有则不填） / 文号, e.g. 教职所〔2026〕1号 (leave out if it has none)",
    )
    for name, help_text in (
        ("title", "文件标题 / the document's title"),
        ("issuer", "发文单位 / who issued it"),
        ("date", "发文日期 YYYY-MM-DD / date of issue"),
        ("summary", "一两句要点 / a sentence or two on what it says"),
    ):
        p.add_argument(f"--{name}", required=True, help=help_text)
    p.add_argument(
        "--kind",
        required=True,
        help="文件类别 / the kind of document",
        choices=[
            "plan",
            "announcement",
            "confirmation",
            "notice",
            "regulation",
            "guidance",
            "minutes",
            "law",
            "webpage",
        ],
    )
    p = sub.add_parser("batch", help="试点批次 / a batch of certificates (试点批次)")
    p.add_argument("id", metavar="N")
    p.add_argument("--name", required=True, help="批次名称，如 第四批 / the batch's name")
    p.add_argument("--year", required=True, type=int, help="公布年份 / the year it was announced")
    p.add_argument(
        "--certificates",
        required=True,
        type=int,
        help="证书数量（以文件为准） / number of certificates, as the document states",
    )
    p.add_argument(
        "--organisations",
        required=True,
        type=int,
        help="组织数量（以文件为准） / number of organisations, as the document states",
    )
    p.add_argument("--announcement", required=True, help="公示文件的标识 / document id of the announcement (公示)")
    p.add_argument("--date", required=True, help="公示日期 / date of the announcement")
    p.add_argument(
        "--count-check", required=True, help="数量如何与名单核对 / how the counts were checked against the list"
    )
    for kind in ("organisation", "certificate", "standard"):
        p = sub.add_parser(kind, help=f"a {kind}")
        p.add_argument("id")
        p.add_argument(
            "--source",
            required=True,
            help="说明此事的文件标识（data/documents/） / document id (data/documents/) that states it",
        )
        p.add_argument(
            "--locator",
            required=True,
            help="在该文件中的位置，如 附件 1 第 3 行 / where in that document, e.g. 附件 1 第 3 行",
        )
        if kind == "standard":
            p.add_argument("--certificate", required=True, help="证书标识（data/certificates/） / certificate id")
            p.add_argument("--title", required=True, help="标准名称 / the standard's title")
            p.add_argument("--developer", required=True, help="开发单位（组织标识） / developing organisation id")
            p.add_argument(
                "--levels",
                required=True,
                help="标准规定的等级，如 primary,intermediate / levels the standard defines, e.g. primary,intermediate",
            )
            p.add_argument("--published", help="年月 YYYY-MM（未知则不填） / YYYY-MM (leave out if unknown)")
        else:
            p.add_argument("--name", required=True, help="组织名称 / the organisation's name")
            p.add_argument(
                "--as-of", required=True, help="来源文件说明该状态的日期 / date the source states the status"
            )
        if kind == "certificate":
            p.add_argument(
                "--full-name", help="证书全称，默认为“名称+职业技能等级证书” / default: NAME职业技能等级证书"
            )
            p.add_argument("--organisation", required=True, help="培训评价组织标识 / organisation id")
            p.add_argument("--batch", required=True, type=int, help="试点批次编号 / batch number")
            p.add_argument(
                "--state",
                default="proposed",
                choices=["proposed", "confirmed"],
                help="目录状态：拟公布或已确认（默认 proposed） / catalogue state (default: proposed)",
            )
            p.add_argument(
                "--levels",
                help="等级，如 primary,intermediate,advanced（没有来源则不填） / e.g. primary,intermediate,advanced (leave out if no source says)",
            )
            p.add_argument(
                "--classes",
                required=True,
                help="编辑整理对应的专业类代码，如 5102,5302 / 专业类 codes of the editorial mapping, e.g. 5102,5302",
            )
            p.add_argument(
                "--editorial-note",
                required=True,
                help="编辑整理的对应关系如何得出 / how the editorial mapping was made",
            )
    p = sub.add_parser(
        "change", help="数据变更记录的一条（data/changes.yaml） / an entry of the data-change feed (data/changes.yaml)"
    )
    p.add_argument("--date", required=True, help="变更日期 YYYY-MM-DD / date of the change")
    p.add_argument("--title", required=True, help="标题 / title")
    p.add_argument("--summary", required=True, help="一两句说明 / a sentence or two on what changed")
    p.add_argument(
        "--link",
        action="append",
        help="网站路径，如 /certificates/x/（可重复） / a site path such as /certificates/x/ (repeatable)",
    )
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.data = args.data or str(project_root() / "data")
    return change(args) if args.what == "change" else scaffold(args)
