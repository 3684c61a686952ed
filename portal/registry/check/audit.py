"""What a monitor checks beyond signatures: that every published file agrees with the log's entries.

A verifier reads only what one check needs; a monitor reads everything, every run, so that no damage or trimming
on the host goes unseen (x1portal monitor):

- every hash tile at every level, recomputed from the entry bundles (tile_problems);
- verify/revocations.json against the revocation entries in the log (revocation_problems);
- log/vkey against the trust list and the snapshot's log key (vkey_problems);
- the lookup store against the log's records: every shard exactly what the log's records make of it, so no
  lookup id is missing, extra or placed at another index, and every digests file as the signed index says
  (store_problems).

Each returns the problems found, in Chinese, one line each; an empty list when all holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from portal.errors import VerificationError
from portal.registry.keys.trust import RecordRevocation
from portal.registry.log import merkle
from portal.registry.log.ledger import revocation_entry
from portal.registry.log.note import Checkpoint, Verifier
from portal.registry.log.tlog import WIDTH, TileReader, tile_path
from portal.registry.log.witness import origin_hash
from portal.registry.store import lookup_store
from portal.registry.store.lookup_store import StoreIndex
from portal.vocab import RECORD_REVOCATION_TYPE, RECORD_TYPE

Read = Callable[[str], bytes]


def tile_problems(read: Read, size: int, root_hash: bytes) -> tuple[list[bytes], list[str]]:
    """Every entry of the log (read: a path under log/), and every hash tile that differs from the hashes
    recomputed from them, and the root if it is not the signed one."""
    entries = TileReader(read, size).entries(0, size)
    hashes = [merkle.leaf_hash(entry) for entry in entries]
    levels = merkle.levels_of(hashes)
    if merkle.root(lambda height, index: levels[height][index], size) != root_hash:
        problems = ["日志条目与签名检查点的根哈希不符：条目被改写"]
    else:
        problems = []
    for level in range(0, len(levels), 8):  # tile level level/8 holds the hashes of height `level`
        hashes = levels[level]
        for index in range(-(-len(hashes) // WIDTH)):
            chunk = hashes[index * WIDTH : (index + 1) * WIDTH]
            path = tile_path(level // 8, index, len(chunk))
            try:
                same = read(path) == b"".join(chunk)
            except VerificationError:
                problems.append(f"log/{path} 无法读取")
                continue
            if not same:
                problems.append(f"log/{path} 与从条目重算的哈希不符")
    return entries, problems


def revocation_problems(entries: list[bytes], published: dict) -> list[str]:
    """verify/revocations.json (parsed) against the revocation entries in the log: the same revocations, no fewer
    and no more (a trimmed list would make a revoked certificate valid again)."""
    logged = {entry for entry in entries if entry.startswith(RECORD_REVOCATION_TYPE.encode() + b" ")}
    try:
        listed = {revocation_entry(RecordRevocation(**item)) for item in published["revocations"]}
    except (KeyError, TypeError) as exc:
        return [f"verify/revocations.json 的条目字段不符：{exc}"]
    problems = [f"verify/revocations.json 少了日志中的撤销：{lookup_of(e)}" for e in sorted(logged - listed)]
    problems += [f"verify/revocations.json 有日志中没有的撤销：{lookup_of(e)}" for e in sorted(listed - logged)]
    return problems


def lookup_of(entry: bytes) -> str:
    return entry.decode("ascii", "replace").split(" ")[2]


def vkey_problems(vkey: bytes, trust_document: dict, verifier: Verifier) -> list[str]:
    """log/vkey against the vkey the trust list publishes and the snapshot's log key."""
    text = vkey.decode("utf-8", "replace").strip()
    problems = []
    if text != trust_document.get("log", {}).get("vkey"):
        problems.append("log/vkey 与信任列表公布的日志验证密钥不同")
    if text != verifier.vkey:
        problems.append("log/vkey 不是签名快照所用日志密钥的验证密钥")
    return problems


def store_problems(read: Read, index: StoreIndex, entries: list[bytes]) -> list[str]:
    """The lookup store (read: a path under verify/records/) against the log's records: each shard must be exactly
    the shard the log's records make (lookup_store.shard_text), and each digests file what the signed index says."""
    expected: dict[int, list[tuple[str, str, int]]] = {}
    count = 0
    prefix = RECORD_TYPE.encode() + b" "
    for at, entry in enumerate(entries):
        if entry.startswith(prefix):
            _, organisation, line = entry.decode("ascii").split(" ", 2)
            expected.setdefault(lookup_store.shard_of(line, index.bits), []).append((line, organisation, at))
            count += 1
    problems = [] if count == index.count else [f"查询库索引写有 {index.count} 条记录，日志中有 {count} 条"]
    for folder in range(lookup_store.folders_of(index.bits)):
        try:
            digests = read(lookup_store.digests_path(folder))
        except VerificationError:
            problems.append(f"查询库的 records/{lookup_store.digests_path(folder)} 无法读取")
            continue
        if not index.signs_digests(folder, digests):
            problems.append(f"查询库的 records/{lookup_store.digests_path(folder)} 与签名的索引不符")
        for shard in lookup_store.shards_in(folder, index.bits):
            rows = sorted(expected.get(shard, []))
            want = lookup_store.shard_text([(organisation, line, n) for line, organisation, n in rows]).encode()
            path = lookup_store.shard_path(shard)
            try:
                got = read(path)
            except VerificationError:
                problems.append(f"查询库的 records/{path} 无法读取")
                continue
            if got != want:
                problems.append(f"查询库的 records/{path} 与日志中的记录不符{_difference(got, rows)}")
            if not lookup_store.signs_shard(digests, shard, got):
                problems.append(f"查询库的 records/{path} 与 digests 中的摘要不符")
    return problems


def _difference(got: bytes, rows: list[tuple[str, str, int]]) -> str:
    """Which lookup ids are missing from a shard and which it has beyond the log's, when it can be read."""
    try:
        have = {row[1] for row in json.loads(got) if isinstance(row, list) and len(row) > 1}
    except ValueError:
        return "（不是 JSON）"
    want = {line.split(" ", 1)[0] for line, _, _ in rows}
    missing, extra = sorted(want - have), sorted(have - want)
    said = ([f"缺少 {', '.join(missing[:5])}"] if missing else []) + ([f"多出 {', '.join(extra[:5])}"] if extra else [])
    return f"：{'；'.join(said)}" if said else "（字节不同）"


def site_problems(site, entries: list[bytes]) -> list[str]:
    """Everything above but the tiles, for a published site (published_site.PublishedSite: the lists as the
    snapshot signed them) and its entries."""
    problems = revocation_problems(entries, json.loads(site.texts["verify/revocations.json"]))
    trust = json.loads(site.texts["verify/trust.json"])
    problems += vkey_problems(site.fetch("log/vkey"), trust, site.state.verifier)
    problems += store_problems(lambda path: site.fetch("verify/records/" + path), site.store, entries)
    return problems


def witness_problems(site, witness_state: Path | None = None) -> list[str]:
    """The witness policy held (enough fresh cosignatures on the checkpoint), and, given a witness's state folder
    (x1portal witness --state), that the checkpoint the witness last cosigned is this log's, at or before the size
    the site publishes and consistent with it: a witness that cosigned another view, or a site serving a log shorter
    than what was cosigned (frozen or rolled back), is reported."""
    state, origin = site.state, site.trust.log_origin
    problems = []
    if not state.witnessed:
        named = "、".join(state.cosigners) or "无"
        problems.append(
            f"见证不足：日志检查点只有 {len(state.cosigners)} 个有效的见证人联署（{named}），策略要求 {state.quorum} 个"
        )
    if witness_state is None:
        return problems
    path = witness_state / origin_hash(origin)
    if not path.exists():
        return [*problems, f"见证人状态 {witness_state} 中没有日志 {origin} 的检查点"]
    try:
        cosigned = Checkpoint.open(path.read_text(encoding="utf-8"), state.verifier, origin)
    except ValueError as exc:
        return [*problems, f"见证人所存的检查点不是本日志密钥签署的：{exc}"]
    size, root = state.size, state.root_hash
    if cosigned.size > size:
        problems.append(
            f"站点的日志（{size} 条）短于见证人已联署的（{cosigned.size} 条）：站点提供的是回滚或冻结的视图"
        )
    elif cosigned.size == size and cosigned.root != root:
        problems.append(f"分叉：见证人联署了另一棵 {size} 条的树")
    elif 0 < cosigned.size < size:
        proof = merkle.consistency_proof(site.tiles().subtree, cosigned.size, size)
        if not merkle.verify_consistency(cosigned.size, size, cosigned.root, root, proof):
            problems.append(f"分叉：见证人联署的 {cosigned.size} 条检查点与站点的日志不一致")
    return problems
