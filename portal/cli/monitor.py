"""Watch a published registry log: anyone can run it, against a site URL or a built output folder.

    x1portal monitor <site URL or output folder> --state FILE [--settings pelicanconf.py]

Verifies the signed snapshot and the checkpoint (pinned root -> log key -> signature), proves the new checkpoint
extends the one in --state (RFC 6962 consistency proof), re-verifies every new entry (record signatures and trust
rules, revocation signatures), reports what was added per organisation and certificate, then saves the new
checkpoint to --state. Every run, first or not, also reads everything else (portal/registry/check/audit.py): each
hash tile recomputed from the entries, revocations.json against the log's revocations, log/vkey against the trust
list, the lookup store against the log's records, and the witnesses' cosignatures against the policy; with
--witness-state, that what that witness cosigned is consistent with the site's log. Exit status 0 when all holds;
1 on a fork, a rewrite, a rollback, a bad entry or any file that does not agree (the state file is then left as it
was); 2 if the site cannot be read.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from portal.cli.commands import command_parser
from portal.cli.registry import add_now, now_of
from portal.files import write_text_atomically
from portal.project import project_root
from portal.registry.check import audit
from portal.registry.check.published_site import open_site
from portal.registry.credentials.records import Record
from portal.registry.keys.signing import b64url, from_b64url
from portal.registry.keys.trust import Root
from portal.registry.log import ledger, merkle
from portal.registry.validity.steps import KEY_REVOKED, check_record, first_failure
from portal.settings import portal_settings


def parser():
    p = command_parser("monitor", epilog=__doc__)
    p.add_argument(
        "site", help="站点网址（https://…）或构建输出文件夹 / the site's URL (https://…) or a built output folder"
    )
    p.add_argument(
        "--state",
        required=True,
        help="记录上次所见检查点的文件（首次运行时创建） / file keeping the last checkpoint seen (made on the first run)",
    )
    p.add_argument("--settings", help="固定根密钥的 Pelican 设置文件 / Pelican settings pinning the registry root")
    p.add_argument(
        "--witness-state",
        type=Path,
        help="见证人的状态文件夹：核对它联署的检查点与站点的日志一致 / a witness's state folder: audit that what it "
        "cosigned is consistent with the site's log",
    )
    add_now(p)
    return p


def entry_problem(entry: bytes, trust) -> str | None:
    """Why a log entry does not verify under the published trust list, or None."""
    try:
        item = ledger.parse_entry(entry)
    except ValueError as exc:
        return str(exc)
    if isinstance(item, Record):
        steps = check_record(item, trust)
        failure = first_failure([s for s in steps if s.cause != KEY_REVOKED and s.step != "not_revoked"])
        return f"{failure.title}：{failure.evidence}" if failure else None
    return trust.revocation_problem(item)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings_path = args.settings or str(project_root() / "pelicanconf.py")
    settings = portal_settings(settings_path)
    root = Root.of_setting(settings["REGISTRY_ROOT"])
    try:
        site = open_site(args.site, root, settings["LOG_ORIGIN"], now_of(args))
    except ValueError as exc:
        print(f"无法读取或验证站点：{exc}")
        return 2
    state_file = Path(args.state)
    seen = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else None
    size, root_hash = site.state.size, site.state.root_hash
    tiles = site.tiles()
    start = 0
    if seen:
        old_size, old_root = seen["size"], from_b64url(seen["root_hash"], 32)
        if site.state.version < seen["version"]:
            print(f"回滚：快照版本 {site.state.version} 早于上次所见的 {seen['version']}")
            return 1
        if size < old_size:
            print(f"改写：日志从 {old_size} 条变为 {size} 条（日志只能追加）")
            return 1
        if size == old_size:
            consistent = root_hash == old_root
        else:
            proof = merkle.consistency_proof(tiles.subtree, old_size, size) if old_size else []
            consistent = old_size == 0 or merkle.verify_consistency(old_size, size, old_root, root_hash, proof)
        if not consistent:
            print(f"分叉或改写：当前日志（{size} 条）不是上次所见日志（{old_size} 条）的延续，一致性证明不成立")
            return 1
        start = old_size
    try:
        everything, problems = audit.tile_problems(lambda path: site.fetch("log/" + path), size, root_hash)
        problems += audit.site_problems(site, everything)
        problems += audit.witness_problems(site, args.witness_state)
    except ValueError as exc:  # VerificationError: an entry bundle or a list unreadable
        print(f"无法读取日志或站点数据：{exc}")
        return 1
    for problem in problems:
        print(problem)
    entries = everything[start:]
    bad = len(problems)
    added: Counter = Counter()
    for offset, entry in enumerate(entries):
        problem = entry_problem(entry, site.trust)
        if problem:
            bad += 1
            print(f"第 {start + offset + 1} 条条目未通过核验：{problem}")
            continue
        item = ledger.parse_entry(entry)
        kind = "记录" if isinstance(item, Record) else "撤销"
        added[(item.organisation, getattr(item, "certificate", "—"), kind)] += 1
    print(
        f"日志 {site.trust.log_origin}：{size} 条（上次 {start} 条），新增 {len(entries)} 条，快照版本 {site.state.version}"
    )
    for (organisation, certificate, kind), count in sorted(added.items()):
        name = site.trust.organisations.get(organisation, {}).get("name", organisation)
        print(f"  {name}（{organisation}） {certificate} {kind} {count} 条")
    if bad:
        print(f"{bad} 处未通过核验：不更新 {state_file}")
        return 1
    write_text_atomically(
        state_file,
        json.dumps({"version": site.state.version, "size": size, "root_hash": b64url(root_hash)}) + "\n",
    )
    return 0
