"""Every check a pull request must pass before it can be merged; the workflow runs exactly this, and so can you.

    x1portal check [--base main] [--summary FILE] [--no-build]     (or: make check)

Compares the working tree with BASE (the branch the pull request targets; default origin/main, else main) and runs,
in order: private key material in the tree; the pinned registry root is BASE's; data validation; key endorsements
under BASE's root; records signed by their own organisation's keys; published records and revocations only added
to; every signature verified; a feed entry for a data change; the site build (only when all else passed).
Prints each result and the change summary (x1portal diff) in Chinese; with --summary, or when
GITHUB_STEP_SUMMARY is set, appends them as Markdown to that file. Exit status 0 when everything passed, 1 if not,
2 if BASE cannot be read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from portal.catalogue import loader
from portal.cli.commands import command_parser
from portal.cli.diff import revision_diff
from portal.errors import DataError, Problem, arrange, render
from portal.messages import problem
from portal.project import project_root
from portal.registry.keys.trust import Root
from portal.registry.store.loading import load_registry
from portal.review import diff as data_diff
from portal.review import guards, revisions
from portal.settings import portal_settings


@dataclass
class Check:
    title: str
    problems: list[Problem] = field(default_factory=list)
    skipped: str = ""

    @property
    def state(self) -> str:
        return (
            f"跳过（{self.skipped}）"
            if self.skipped
            else ("通过" if not self.problems else f"{len(self.problems)} 个问题")
        )


def default_base(repo: Path) -> str:
    try:
        revisions.describe(repo, "origin/main")
        return "origin/main"
    except revisions.RevisionError:
        return "main"


def feed_entry(diff: data_diff.Diff) -> list[Problem]:
    """A change to the data is announced in data/changes.yaml (the site's Atom feed of data changes)."""
    if diff.empty or diff.changes_added:
        return []
    return [problem("check.feed_entry", "data/changes.yaml", 0, headline=data_diff.headline(diff))]


def run_checks(repo: Path, base: str, build: bool, scratch: Path) -> tuple[list[Check], data_diff.Diff, str, str]:
    base_tree = revisions.extract(repo, base, scratch / "base-tree")
    diff, base_name, head_name = revision_diff(repo, base, None, scratch, base_tree)
    portal = portal_settings(repo / "pelicanconf.py")  # what the build of this tree uses
    base_root, head_root = revisions.registry_root(base_tree), portal["REGISTRY_ROOT"]
    data = repo / "data"
    checks = [
        Check("私钥材料", guards.private_keys(revisions.tree_files(repo), repo)),
        Check("注册库根公钥未被更换", guards.root_pinned(base_root, head_root)),
        Check("数据校验", loader.check(data)),
    ]
    checks.append(Check("组织密钥的根签名", guards.endorsements(diff, Root.of_setting(base_root))))
    checks.append(Check("记录由所在组织的密钥签发", guards.records_signers(diff.new)))
    checks.append(Check("已发布的记录与吊销只增不改", guards.append_only(diff)))
    verified = Check("核验全部签名")
    extends = Check("公开登记日志只追加（一致性证明）")
    if checks[2].problems:
        verified.skipped = extends.skipped = "数据校验未通过"
    else:
        root, date, origin = Root.of_setting(base_root), portal["SNAPSHOT_DATE"], portal["LOG_ORIGIN"]
        try:
            cache = Path(portal["CACHE_PATH"]) if portal["CACHE_PATH"] else None
            head_registry = load_registry(data, loader.load(data), root, date, cache, origin)
        except DataError as exc:
            verified.problems = exc.problems
            extends.skipped = "签名核验未通过"
        else:
            base_data = base_tree / "data"
            try:
                base_registry = load_registry(base_data, loader.load(base_data), root, date, None, origin)
            except (DataError, ValueError) as exc:
                extends.skipped = f"目标分支的登记数据无法读取（{str(exc)[:80]}）"
            else:
                extends.problems = guards.log_extends(base_registry, head_registry)
    checks += [verified, extends, Check("变更订阅条目", feed_entry(diff))]
    built = Check("构建网站")
    if not build:
        built.skipped = "--no-build"
    elif any(c.problems or c.skipped for c in checks):
        built.skipped = "前面的检查未通过"
    else:
        done = subprocess.run(
            [sys.executable, "-m", "portal.cli.main", "build"], cwd=repo, capture_output=True, text=True
        )
        if done.returncode:
            built.problems = [
                problem("check.build_failed", "x1portal build", 0, output=done.stderr.strip()[-1500:] or "?")
            ]
    return checks + [built], diff, base_name, head_name


def report(checks: list[Check], diff: data_diff.Diff, base_name: str, head_name: str) -> tuple[str, str]:
    """(plain text for the terminal, Markdown for the job summary)."""
    passed = not any(c.problems for c in checks)
    verdict = "全部检查通过，可以合并。" if passed else "检查未通过：请按下面每条的“修改建议”处理后再提交。"
    text = [f"== 合并请求检查：{base_name} → {head_name} =="]
    md = [f"# {'✅' if passed else '❌'} 合并请求检查", "", verdict, "", "| # | 检查 | 结果 |", "|---:|---|---|"]
    for n, check in enumerate(checks, 1):
        text.append(f"[{n}/{len(checks)}] {check.title}：{check.state}")
        md.append(f"| {n} | {check.title} | {check.state} |")
        text += [f"    {line}" for line in render(check.problems)]
    problems = [p for c in checks for p in c.problems]
    if problems:
        md += ["", "## 需要处理的问题", ""] + [
            f"{'  ' * depth}- {'（由上面的问题引起）' if depth else ''}`{p.where}`"
            f"{f' {p.path}' if p.path else ''}：{p.message}  \n{'  ' * depth}  **怎么做：** {p.hint}"
            for c in checks
            for depth, p in arrange(c.problems)
        ]
    summary = data_diff.markdown(diff, base_name, head_name)
    text += ["", verdict, "", summary]
    return "\n".join(text), "\n".join(md + ["", summary])


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("check", epilog=__doc__)
    parser.add_argument(
        "--base",
        help="合并请求的目标分支或提交（默认 origin/main，否则 main） / the branch or commit the pull request targets (default: origin/main, else main)",
    )
    parser.add_argument(
        "--summary",
        default=os.environ.get("GITHUB_STEP_SUMMARY"),
        help="把 Markdown 报告追加到此文件（默认 $GITHUB_STEP_SUMMARY） / append the Markdown report to this file (default: $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument("--no-build", action="store_true", help="跳过网站构建 / skip the site build")
    parser.add_argument(
        "--annotations",
        action="store_true",
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="每个问题另输出一行 GitHub Actions 注释，显示在合并请求的改动行上（在 GitHub Actions 中默认开启） / also print "
        "each problem as a GitHub Actions annotation, shown on its line of the pull request (on in GitHub Actions)",
    )
    args = parser.parse_args(argv)
    base = args.base or default_base(project_root())
    with tempfile.TemporaryDirectory() as scratch:
        checks, diff, base_name, head_name = run_checks(project_root(), base, not args.no_build, Path(scratch))
    text, md = report(checks, diff, base_name, head_name)
    print(text)
    if args.annotations:
        for check in checks:
            for found in check.problems:
                print(found.annotation(check.title))
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as out:
            out.write(md + "\n")
    return 1 if any(c.problems for c in checks) else 0
