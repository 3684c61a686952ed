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
from portal.messages import problem
from portal.registry.keys.trust import Endorsement, Root
from portal.registry.log import merkle
from portal.registry.store.loading import Registry
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


# how portal.review.diff names a change to a published record
CHANGE_EN = {"删除": "removed", "改写": "changed"}


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
                problems.append(problem("guard.private_key", name, line, what=what))
                break
    return problems


def root_pinned(base_root: dict | None, head_root: dict | None) -> list[Problem]:
    if base_root == head_root:
        return []
    return [
        problem(
            "guard.root_changed",
            "pelicanconf.py",
            0,
            "PORTAL['REGISTRY_ROOT']",
            old=(base_root or {}).get("public_key"),
            new=(head_root or {}).get("public_key"),
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
            trouble = f"密钥文件不完整 / incomplete key file ({exc})"
        if trouble:
            problems.append(problem("guard.endorsement", label, 0, "endorsement", detail=trouble))
    for organisation, key in diff.keys_removed:
        problems.append(problem("guard.key_removed", f"data/keys/{organisation}/{key}.yaml", 0))
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
        problems.append(
            problem(
                "guard.records_signer",
                label,
                0,
                "records",
                count=count,
                key=key,
                organisation=organisation,
                whose=f"属于 {owner} 的密钥" if owner else "没有登记的密钥",
                whose_en=f"a key of {owner}" if owner else "not a registered key",
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
            problem(
                "guard.records_changed",
                label,
                0,
                "records",
                change_zh=kind,
                change_en=CHANGE_EN.get(kind, kind),
                count=len(lookups),
                shown=shown,
                file=label,
            )
        )
    for organisation, lookup in diff.revocations_removed:
        label = f"data/revocations/{organisation}.yaml"
        problems.append(problem("guard.revocation_removed", label, 0, "revocations", lookup=lookup, file=label))
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
        problem(
            "guard.log_fork",
            "data/records/",
            0,
            "sequence",
            at=at + 1,
            published_count=len(old),
            published=published,
        )
    ]
