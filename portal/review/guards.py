"""The guard rails a reviewer relies on, checked on every pull request (x1portal check).

Each returns Problems whose hint tells the contributor what to do, in Chinese:
- no private key material anywhere in the tree;
- the registry root pinned in the settings is the one of the target branch;
- every added or changed key file is endorsed by that root;
- a records file is signed only by keys of the organisation whose folder it is in;
- published records and revocations are append-only, and published keys stay.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from portal.errors import Problem
from portal.registry import merkle
from portal.registry.store import Registry
from portal.registry.trust import Endorsement, Root
from portal.review.diff import DataState, Diff, record_of

# What private key material looks like in a file. The patterns are written so this file does not match itself.
PRIVATE_KEY_PATTERNS = (
    (re.compile(rb"-{5}BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-{5}"), "PEM 格式的私钥"),
    (re.compile(rb"PuTTY-User-Key-File-[0-9]"), "PuTTY 私钥"),
    (re.compile(rb"BEGIN OpenVPN Static key V[0-9]"), "OpenVPN 静态密钥"),
    (re.compile(rb'"format"\s*:\s*"1x-portal/private-key/'), "x1portal registry keygen 生成的私钥文件（即使已加密）"),
    (
        re.compile(
            rb"(?i)[\"']?\b(?:private_?key|secret_?key|privateKeyMultibase|secretKeyMultibase)\b[\"']?\s*[:=]\s*"
            rb"[\"']?[A-Za-z0-9+/_-]{40,}"
        ),
        "私钥字段",
    ),
)
# Published standard test vectors that contain a test key on purpose, allowed only byte for byte (by SHA-256), so the
# exception cannot be used to commit any other key under the same name.
PUBLISHED_TEST_KEYS = {
    # W3C vc-di-eddsa TestVectors/keyPair.json (tests/vectors/external/README.md): the specification's example key
    "tests/vectors/external/w3c-vc-di-eddsa/keyPair.json": "978631fc2aba6e8cd8be0bd5a7bf216e2ac54201594937602a9acd6e9763d08f",
}
KEY_HINT = (
    "从提交中删除该文件或内容（git rm --cached 文件，并从历史中清除），然后按 docs/guides/rotate-or-revoke-key.md "
    "请注册库吊销这把密钥并换用新密钥：进入过仓库的私钥必须视为已泄露。私钥只应保存在仓库之外，例如 ~/.1x-portal/keys/"
)
APPEND_ONLY_HINT = (
    "已发布的记录只增不改。恢复原文件（git checkout <目标分支> -- {file}）；要更正一条记录，用 "
    "`x1portal registry revoke` 吊销它，再用 `x1portal registry sign` 签发新记录（见 docs/guides/publish-records.md）"
)


def private_keys(files: list[Path], repo: Path) -> list[Problem]:
    problems = []
    for path in files:
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        name = path.relative_to(repo).as_posix()
        if PUBLISHED_TEST_KEYS.get(name) == hashlib.sha256(raw).hexdigest():
            continue
        for pattern, what in PRIVATE_KEY_PATTERNS:
            found = pattern.search(raw)
            if found:
                line = raw.count(b"\n", 0, found.start()) + 1
                problems.append(Problem(name, line, "", f"含有私钥材料：{what}", KEY_HINT))
                break
    return problems


def root_pinned(base_root: dict | None, head_root: dict | None) -> list[Problem]:
    if base_root == head_root:
        return []
    return [
        Problem(
            "pelicanconf.py",
            0,
            "PORTAL['REGISTRY_ROOT']",
            f"本次修改更换了注册库根公钥（{(base_root or {}).get('public_key')} → "
            f"{(head_root or {}).get('public_key')}）",
            "根公钥决定哪些组织密钥可信，不能随数据修改一起更换：撤销对 pelicanconf.py 中 REGISTRY_ROOT 的修改。"
            "确需更换根密钥时，由注册库维护者单独提交并说明理由",
        )
    ]


def endorsements(diff: Diff, root: Root) -> list[Problem]:
    """Added or changed key files must carry a valid signature of the target branch's root."""
    problems = []
    for organisation, key in diff.keys_added + diff.keys_changed:
        label = f"data/keys/{organisation}/{key}.yaml"
        try:
            trouble = Endorsement.of_data(diff.new.keys[(organisation, key)]).problem(root)
        except (KeyError, TypeError, ValueError) as exc:
            trouble = f"密钥文件不完整（{exc}）"
        if trouble:
            problems.append(
                Problem(
                    label,
                    0,
                    "endorsement",
                    f"密钥背书没有注册库根密钥的有效签名：{trouble}",
                    "不要手工编辑密钥文件。把 keygen 输出的公钥交给注册库维护者，由其用根密钥运行 "
                    "`x1portal registry endorse`（见 docs/guides/add-organisation.md）；吊销用 "
                    "`x1portal registry revoke-key`",
                )
            )
    for organisation, key in diff.keys_removed:
        problems.append(
            Problem(
                f"data/keys/{organisation}/{key}.yaml",
                0,
                "",
                "删除了已发布的组织密钥",
                "已发布的密钥不能删除，否则它签过的记录无法核验：恢复该文件；不再使用的密钥请由注册库用 "
                "`x1portal registry revoke-key` 吊销（见 docs/guides/rotate-or-revoke-key.md）",
            )
        )
    return problems


def records_signers(state: DataState) -> list[Problem]:
    """Every record in data/records/<org>/ is signed by a key of <org> (the key column names it)."""
    owners = {key: organisation for organisation, key in state.keys}
    wrong: dict[tuple[str, str], int] = {}
    for (organisation, _), (label, line) in state.records.items():
        record = record_of(organisation, line)
        key = record.key if record else "?"
        if owners.get(key) != organisation:
            wrong[(label, key)] = wrong.get((label, key), 0) + 1
    problems = []
    for (label, key), count in sorted(wrong.items()):
        organisation = label.split("/")[2]
        owner = owners.get(key)
        whose = f"属于 {owner} 的密钥" if owner else "没有登记的密钥"
        problems.append(
            Problem(
                label,
                0,
                "records",
                f"{count} 条记录由{whose} {key} 签名，但文件在 {organisation} 的文件夹中",
                f"记录文件只能由所在文件夹的组织用自己的密钥签发：删除此文件，用 {organisation} 已背书的密钥重新运行 "
                f"`x1portal registry sign --organisation {organisation} --key …`；若 {organisation} 还没有"
                "密钥，先按 docs/guides/add-organisation.md 申请背书",
            )
        )
    return problems


def append_only(diff: Diff) -> list[Problem]:
    problems = []
    by_file: dict[tuple[str, str], list[str]] = {}
    for label, lookup, kind in diff.records_removed:
        by_file.setdefault((label, kind), []).append(lookup)
    for (label, kind), lookups in sorted(by_file.items()):
        shown = "、".join(lookups[:3]) + ("…" if len(lookups) > 3 else "")
        problems.append(
            Problem(
                label,
                0,
                "records",
                f"{kind}了 {len(lookups)} 条已发布的记录（查询号 {shown}）",
                APPEND_ONLY_HINT.format(file=label),
            )
        )
    for organisation, lookup in diff.revocations_removed:
        label = f"data/revocations/{organisation}.yaml"
        problems.append(
            Problem(
                label,
                0,
                "revocations",
                f"删除或改写了已发布的吊销（查询号 {lookup}）",
                "吊销一经发布不能撤回或修改：恢复原文件（git checkout <目标分支> -- " + label + "）；"
                "误吊销的证书请签发新记录",
            )
        )
    return problems


def log_extends(base: Registry, head: Registry) -> list[Problem]:
    """The head's transparency log extends the base's: an RFC 6962 consistency proof between their checkpoints.

    base, head: the two branches' registries. A new batch numbered below a published one, or a published
    records file or revocation changed or removed, makes the head's log a fork, and is refused here.
    """
    old, new = list(base.entries()), list(head.entries())
    if not old:
        return []
    old_levels = merkle.levels_of([merkle.leaf_hash(e) for e in old])
    new_levels = merkle.levels_of([merkle.leaf_hash(e) for e in new])
    old_root = merkle.root(lambda h, i: old_levels[h][i], len(old))
    new_root = merkle.root(lambda h, i: new_levels[h][i], len(new))
    if len(old) <= len(new):
        proof = merkle.consistency_proof(lambda h, i: new_levels[h][i], len(old), len(new))
        if merkle.verify_consistency(len(old), len(new), old_root, new_root, proof):
            return []
    at = next((n for n, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    published = max(batch.sequence for batch in base.batches)
    return [
        Problem(
            "data/records/",
            0,
            "sequence",
            f"公开登记日志不再是目标分支日志的延续：第 {at + 1} 条（共 {len(old)} 条已发布）被改变、删除或插入了"
            f"新条目 / the log no longer extends the published one (entry {at + 1} of {len(old)} changed)",
            f"已发布的批次序号最大为 {published}：新的记录文件或撤销必须使用更大的序号（用 `x1portal registry sign` "
            "或 `registry revoke` 生成，不要手改 sequence），已发布的文件不得改动",
        )
    ]
