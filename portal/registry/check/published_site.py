"""A published site read as a verifier or monitor reads it: a built output folder or an https:// URL.

open_site checks the whole chain before anything is used: pinned root -> log key endorsement (trust.json) ->
snapshot signature -> the hash of every list -> the checkpoint's signature (and that it is the snapshot's). Then
registration() proves a record is in the log from the tiles, or says it is not there.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portal.dates import china_day
from portal.errors import VerificationError
from portal.registry.credentials.records import Record
from portal.registry.keys.trust import Root, Snapshot, from_published
from portal.registry.log import merkle
from portal.registry.log.ledger import record_entry
from portal.registry.log.note import Checkpoint
from portal.registry.log.tlog import TileReader, folder_fetch
from portal.registry.store import lookup_store
from portal.registry.store.lookup_store import StoreIndex, StoreRow, open_index
from portal.registry.store.publication import TRUSTED_FILES, SignedState, open_snapshot
from portal.registry.validity import registration

MAX_BYTES = 64 * 1024 * 1024


def fetcher(site: str) -> Callable[[str], bytes]:
    """Read a site-relative path from a folder (tlog.folder_fetch) or an http(s) URL; ValueError if it cannot be read."""
    if site.startswith(("https://", "http://")):
        base = site.rstrip("/") + "/"

        def fetch_url(path: str) -> bytes:
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - http(s) only
                    return response.read(MAX_BYTES)
            except OSError as exc:
                raise VerificationError(f"cannot fetch {base + path}: {exc}") from exc

        return fetch_url
    return folder_fetch(Path(site))


@dataclass
class PublishedSite:
    fetch: Callable[[str], bytes]
    trust: Snapshot
    state: SignedState
    checkpoint_note: str
    store: StoreIndex  # the lookup store's index.json, as the snapshot signs it
    texts: dict[str, bytes]  # every file of TRUSTED_FILES, the bytes the snapshot signs

    def find(self, lookup: str) -> StoreRow | None:
        """The lookup store's row with this lookup id, from the one shard that may hold it, checked against the
        signed index (VerificationError if the site's data is damaged)."""
        return lookup_store.find(lambda path: self.fetch("verify/records/" + path), lookup, self.store)

    def tiles(self) -> TileReader:
        return TileReader(lambda path: self.fetch("log/" + path), self.state.size, self.state.edge)

    def inclusion(self, record: Record) -> tuple[int, list[bytes]] | None:
        """(log index, verified inclusion proof) of this exact record, or None if the log does not hold it.

        The store's row is signed (find), so a row for this record whose place in the log the tiles do not prove
        means the tiles are damaged: VerificationError, never "not in the log" (which would call a genuine holder's
        certificate unregistered)."""
        found = self.find(record.lookup)
        if not (found and found.stands_for(record)):
            return None
        index = found.log
        if not 0 <= index < self.state.size:
            raise VerificationError(
                f"查询库把这条记录放在日志第 {index + 1} 条，而日志只有 {self.state.size} 条：站点数据已损坏"
            )
        proof = merkle.inclusion_proof(self.tiles().subtree, index, self.state.size)
        leaf = merkle.leaf_hash(record_entry(record))
        if not merkle.verify_inclusion(index, self.state.size, leaf, proof, self.state.root_hash):
            raise VerificationError("日志的哈希瓦片证明不了这条已登记的记录：站点数据已损坏")
        return index, proof

    def registration(self, record: Record) -> registration.Registration:
        """Included (with a verified inclusion proof), or late / pending by the registration period."""
        try:
            found = self.inclusion(record)
        except (ValueError, OSError, KeyError, TypeError) as exc:  # VerificationError among them: fail closed
            return registration.unavailable(str(exc))
        if found:
            return registration.included(found[0], self.state.size)
        return registration.missing(record.issued, china_day(self.state.issued), self.trust.calendar)


def open_site(site: str, root: Root, origin: str, now: dt.datetime) -> PublishedSite:
    """The site's signed state as of now (passed in), for the pinned root and log origin (PORTAL['LOG_ORIGIN']: a
    log key the root endorsed for another origin, a staging log, is refused); ValueError, in Chinese, naming what
    does not hold."""
    fetch = fetcher(site)
    texts = {path: fetch(path) for path in TRUSTED_FILES}
    document = json.loads(fetch("verify/snapshot.json"))
    trust = from_published(json.loads(texts["verify/trust.json"]), json.loads(texts["verify/revocations.json"]), root)
    if trust.log_origin != origin:
        raise VerificationError(
            f"信任列表中的日志来源 {trust.log_origin} 不是本核验器固定的 {origin}：可能是测试站点或其他站点的日志，不予采用"
        )
    state = open_snapshot(document, trust, texts, now)
    note = fetch("log/checkpoint").decode("utf-8")
    checkpoint = Checkpoint.open(note, state.verifier, trust.log_origin)
    if (checkpoint.size, checkpoint.root) != (state.size, state.root_hash):
        raise VerificationError("日志检查点与签名快照中的不一致：站点数据不完整或正在更新，请稍后再试")
    return PublishedSite(fetch, trust, state, note, open_index(texts["verify/records/index.json"]), texts)
