"""`x1portal deploy REMOTE`: upload a built site to object storage with rclone, for sites beyond a static host's
size limit (GitHub Pages: 1 GB; docs/scale.md).

REMOTE is an rclone remote and path (`cos:portal-site`, `s3:bucket/site`, or a local folder), configured the way
rclone reads configuration (RCLONE_CONFIG_<NAME>_* variables in CI, docs/deploy.md). Only files whose content changed
are sent (--checksum), each with the Cache-Control of portal/site/cache_policy.py; they go in the policy's order
(content, then the lists, then the signed snapshot and checkpoint that point at them), and files no longer in the
site are deleted last, so a reader never sees a checkpoint ahead of its tiles.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

from portal.cli.commands import command_parser
from portal.site.cache_policy import RULES, rule_for


class Upload(NamedTuple):
    command: list[str]
    files: str = ""  # the paths `copy` sends (--files-from-raw reads them from standard input)


def plan(output: Path, remote: str, rclone: str = "rclone") -> list[Upload]:
    """The rclone commands, in order: one `copy` per rule that has files, then a `sync` that only deletes."""
    groups: dict[int, list[str]] = {}
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.name != "_headers":
            relative = path.relative_to(output).as_posix()
            groups.setdefault(RULES.index(rule_for("/" + relative)), []).append(relative)
    uploads = []
    for number, paths in sorted(groups.items()):
        rule = RULES[number]
        headers = ["--header-upload", f"Cache-Control: {rule.cache_control}"]
        if rule.content_type:
            headers += ["--header-upload", f"Content-Type: {rule.content_type}"]
        command = [rclone, "copy", str(output), remote, "--checksum", "--files-from-raw", "-", *headers]
        uploads.append(Upload(command, "\n".join(paths) + "\n"))
    uploads.append(Upload([rclone, "sync", str(output), remote, "--checksum", "--exclude", "/_headers"]))
    return uploads


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("deploy")
    parser.add_argument("remote", help="rclone 远端与路径，如 cos:portal-site / an rclone remote:path")
    parser.add_argument("--output", type=Path, default=Path("output"), help="已构建的网站 / the built site")
    parser.add_argument("--rclone", default="rclone", help="rclone 可执行文件 / the rclone executable")
    parser.add_argument("--dry-run", action="store_true", help="只显示将上传与删除的文件 / show, change nothing")
    args = parser.parse_args(argv)
    if not (args.output / "index.html").is_file():
        print(f"{args.output}/ 中没有已构建的网站：先运行 x1portal build / no built site in {args.output}/")
        return 2
    if not shutil.which(args.rclone):
        print(
            f"找不到 {args.rclone}：请安装 rclone（Debian: apt-get install rclone）/ rclone not found: install it "
            "(https://rclone.org/install/)"
        )
        return 2
    # rclone 1.60 fails to start when AWS_CA_BUNDLE is set; a custom CA goes in RCLONE_CA_CERT instead
    env = {k: v for k, v in os.environ.items() if k != "AWS_CA_BUNDLE"}
    for upload in plan(args.output, args.remote, args.rclone):
        command = [*upload.command, "-v", "--stats-one-line", *(["--dry-run"] if args.dry_run else [])]
        result = subprocess.run(command, input=upload.files or None, text=True, env=env)
        if result.returncode:
            print(
                f"上传中断（rclone 退出码 {result.returncode}）：已上传的文件完好，签名快照仍是旧的；重新运行即可补齐 / "
                "stopped: what was sent is whole and the old signed snapshot still stands; run it again"
            )
            return result.returncode
    return 0
