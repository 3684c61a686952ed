"""A static tiled transparency log (c2sp.org/tlog-tiles) and offline inclusion proofs (c2sp.org/tlog-proof).

Written under the site's log/ prefix: `checkpoint` (a signed note, note.py), `tile/<L>/<N>[.p/<W>]` (RFC 6962
SHA-256 hashes: a level-L tile holds up to 256 hashes of perfect subtrees of 256**L leaves) and
`tile/entries/<N>[.p/<W>]` (the entries, each prefixed by its length as a big-endian uint16). Full tiles never
change: TileWriter writes each full tile once and, appending, only the tree's right edge.

TileReader answers merkle.Subtree from tiles fetched by path (a folder or a URL), for proofs and monitors.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import re
import struct
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from portal.errors import VerificationError
from portal.registry.log import merkle
from portal.registry.log.note import Checkpoint, Verifier
from portal.vocab import TLOG_PROOF_HEADER

WIDTH = 256
HASH = 32


def tile_index_path(index: int) -> str:
    """`index` as zero-padded 3-digit path elements, all but the last prefixed with x (1234067 -> x001/x234/067)."""
    parts = []
    while True:
        parts.append(f"{index % 1000:03d}")
        index //= 1000
        if index == 0:
            break
    return "/".join([f"x{p}" for p in reversed(parts[1:])] + [parts[0]])


def tile_path(level: int | str, index: int, width: int = WIDTH) -> str:
    partial = f".p/{width}" if width < WIDTH else ""
    return f"tile/{level}/{tile_index_path(index)}{partial}"


def tiles_of(size: int) -> list[tuple[int | str, int, int]]:
    """(level, index, width) of every tile of a tree of `size` leaves, with the entry bundles as level "entries"."""
    tiles: list[tuple[int | str, int, int]] = []
    level = 0
    while size >> (8 * level):
        count = size >> (8 * level)  # hashes at this tile level
        full, rest = divmod(count, WIDTH)
        tiles += [(level, n, WIDTH) for n in range(full)] + ([(level, full, rest)] if rest else [])
        if level == 0:
            tiles += [("entries", n, w) for _, n, w in tiles]
        level += 1
    return tiles


def bundle(entries: list[bytes]) -> bytes:
    for entry in entries:
        if len(entry) > 0xFFFF:
            raise VerificationError("a log entry is at most 65,535 bytes")
    return b"".join(struct.pack(">H", len(e)) + e for e in entries)


def unbundle(data: bytes) -> list[bytes]:
    entries, at = [], 0
    while at < len(data):
        if at + 2 > len(data):
            raise VerificationError("entry bundle ends inside a length")
        (length,) = struct.unpack_from(">H", data, at)
        if at + 2 + length > len(data):
            raise VerificationError("entry bundle ends inside an entry")
        entries.append(data[at + 2 : at + 2 + length])
        at += 2 + length
    return entries


class TileWriter:
    """Appends entries to the tiled log under `folder`, streaming: a tile is written once, when it is full; the
    partial right edge (at most 255 hashes per tile level and one partial entry bundle) is kept in memory and written
    by finish(). Memory does not grow with the log.

    Given the size of a log already in `folder`, it resumes from that log's partial tiles, so appending 1,000
    entries to 10^6 reads and writes only the right edge. `written` lists the paths written (relative to folder).
    """

    def __init__(self, folder: Path, size: int = 0):
        self.folder, self.size = folder, size
        self.written: set[str] = set()
        self.stale: set[str] = set()  # partial tiles of the size resumed from, removed by finish() if superseded
        self.pending: list[list[bytes]] = []  # per tile level, the hashes of its partial tile
        level = 0
        while size >> (8 * level):
            count = size >> (8 * level)
            width = count % WIDTH
            hashes = []
            if width:
                path = tile_path(level, count // WIDTH, width)
                data = self._read(path, width * HASH)
                hashes = [data[i : i + HASH] for i in range(0, len(data), HASH)]
                self.stale.add(path)
            self.pending.append(hashes)
            level += 1
        width = size % WIDTH
        self.bundle: list[bytes] = []
        if width:
            path = tile_path("entries", size // WIDTH, width)
            self.bundle = unbundle(self._read(path))
            self.stale.add(path)
            if len(self.bundle) != width:
                raise VerificationError(f"{folder / path}: {len(self.bundle)} entries, expected {width}")

    def _read(self, path: str, length: int | None = None) -> bytes:
        try:
            data = (self.folder / path).read_bytes()
        except OSError as exc:
            raise VerificationError(f"cannot resume the log from {self.folder}: {path} is missing") from exc
        if length is not None and len(data) != length:
            raise VerificationError(f"cannot resume the log: {path} has {len(data)} bytes, expected {length}")
        return data

    def append(self, entry: bytes) -> None:
        self.extend((entry,))

    def extend(self, entries: Iterable[bytes]) -> None:
        """Append entries, a tile's worth at a time."""
        entries = iter(entries)
        if not self.pending:
            self.pending.append([])
        while chunk := list(itertools.islice(entries, WIDTH - len(self.bundle))):
            if any(len(entry) > 0xFFFF for entry in chunk):
                raise VerificationError("a log entry is at most 65,535 bytes")
            self.size += len(chunk)
            self.bundle += chunk
            hashes = self.pending[0]
            hashes += [merkle.leaf_hash(entry) for entry in chunk]
            if len(hashes) == WIDTH:  # the entry bundle and the level-0 tile fill together
                self._write(tile_path("entries", self.size // WIDTH - 1), bundle(self.bundle))
                self._write(tile_path(0, self.size // WIDTH - 1), b"".join(hashes))
                self.bundle, self.pending[0] = [], []
                self._add(1, merkle.levels_of(hashes)[-1][0])

    def _add(self, level: int, hash_: bytes) -> None:
        if level == len(self.pending):
            self.pending.append([])
        hashes = self.pending[level]
        hashes.append(hash_)
        if len(hashes) == WIDTH:
            self._write(tile_path(level, (self.size >> (8 * (level + 1))) - 1), b"".join(hashes))
            self.pending[level] = []
            self._add(level + 1, merkle.levels_of(hashes)[-1][0])

    def _write(self, path: str, data: bytes) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written.add(path)

    def finish(self) -> None:
        """Write the partial tiles of the right edge; remove those of the size resumed from that it supersedes."""
        edge = {
            tile_path(level, (self.size >> (8 * level)) // WIDTH, len(hashes)): b"".join(hashes)
            for level, hashes in enumerate(self.pending)
            if hashes
        }
        if self.bundle:
            edge[tile_path("entries", self.size // WIDTH, len(self.bundle))] = bundle(self.bundle)
        for path, data in edge.items():
            if path not in self.stale:  # a partial tile of the same width holds the same hashes
                self._write(path, data)
        for path in sorted(self.stale - set(edge)):
            target = self.folder / path
            target.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the N.p/ folder goes when it is empty
                target.parent.rmdir()

    def edge(self) -> list[bytes]:
        """The hashes of the tree's frontier (merkle.frontier), largest first, from the partial tiles."""
        found = []
        for height, index in merkle.frontier(self.size):
            level, rest = divmod(height, 8)
            first = (index << rest) % WIDTH  # the subtree's first hash in its level's partial tile
            found.append(merkle.levels_of(self.pending[level][first : first + (1 << rest)])[-1][0])
        return found

    def root(self) -> bytes:
        return merkle.fold(self.edge())


class TileReader:
    """merkle.Subtree for a tree of `size` leaves, from tiles fetched (and kept) by path under the log prefix.

    Given the tree's frontier hashes (`edge`, largest first, as signed in the snapshot), the subtrees of the frontier
    are answered from them, so an inclusion proof reads only the tiles along the leaf's path: one per tile level.
    """

    def __init__(self, fetch: Callable[[str], bytes], size: int, edge: Sequence[bytes] = ()):
        self.fetch, self.size = fetch, size
        self.tiles: dict[str, bytes] = {}
        self.edge = dict(zip(merkle.frontier(size), edge, strict=True)) if edge else {}

    def tile(self, level: int | str, index: int) -> bytes:
        count = self.size >> (8 * (0 if level == "entries" else level))
        width = min(WIDTH, count - index * WIDTH)
        if width <= 0:
            raise VerificationError(f"tile {level}/{index} is beyond the tree of size {self.size}")
        path = tile_path(level, index, width)
        if path not in self.tiles:
            data = self.fetch(path)
            if level != "entries" and len(data) != width * HASH:
                raise VerificationError(f"{path}: {len(data)} bytes, expected {width * HASH}")
            self.tiles[path] = data
        return self.tiles[path]

    def subtree(self, height: int, index: int) -> bytes:
        if (height, index) in self.edge:
            return self.edge[height, index]
        level, rest = divmod(height, 8)
        first = index << rest  # the first hash, at tile level `level`, of this subtree
        data = self.tile(level, first // WIDTH)
        offset = first % WIDTH
        hashes = [data[(offset + i) * HASH : (offset + i + 1) * HASH] for i in range(1 << rest)]
        if any(len(h) != HASH for h in hashes):
            raise VerificationError(f"tile at level {level} is too short")
        return merkle.levels_of(hashes)[-1][0]

    def entries(self, start: int, end: int) -> list[bytes]:
        """Entries [start, end) from the entry bundles."""
        found: list[bytes] = []
        for index in range(start // WIDTH, -(-end // WIDTH)):
            bundle_entries = unbundle(self.tile("entries", index))
            expected = min(WIDTH, self.size - index * WIDTH)
            if len(bundle_entries) != expected:
                raise VerificationError(
                    f"entry bundle {index} holds {len(bundle_entries)} entries, expected {expected}"
                )
            first = index * WIDTH
            found += bundle_entries[max(start - first, 0) : end - first]
        return found


def folder_fetch(folder: Path) -> Callable[[str], bytes]:
    """Read files by relative path from a folder (a built site, or its log/), refusing paths that leave it."""

    def fetch(path: str) -> bytes:
        if ".." in path.split("/"):
            raise VerificationError(f"bad log path {path}")
        try:
            return (folder / path).read_bytes()
        except OSError as exc:
            raise VerificationError(f"cannot read {path}: {exc.strerror}") from exc

    return fetch


# --- c2sp.org/tlog-proof --------------------------------------------------------------------------------------


def format_proof(index: int, proof: list[bytes], checkpoint_note: str) -> str:
    hashes = "".join(base64.b64encode(h).decode() + "\n" for h in proof)
    return f"{TLOG_PROOF_HEADER}\nindex {index}\n{hashes}\n{checkpoint_note}"


def parse_proof(text: str) -> tuple[int, list[bytes], str]:
    """(index, inclusion proof, checkpoint note) of a tlog-proof; ValueError if it is not one."""
    head, sep, note = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or lines[0] != TLOG_PROOF_HEADER:
        raise VerificationError(f"a proof starts with {TLOG_PROOF_HEADER} and has a checkpoint after a blank line")
    at = 2 if len(lines) > 1 and lines[1].startswith("extra ") else 1
    match = re.fullmatch(r"index (0|[1-9][0-9]{0,18})", lines[at] if len(lines) > at else "")
    if not match:
        raise VerificationError("the proof's index line is missing or malformed")
    proof = []
    for line in lines[at + 1 :]:
        try:
            value = base64.b64decode(line, validate=True)
        except ValueError as exc:
            raise VerificationError("a proof hash is not base64") from exc
        if len(value) != HASH:
            raise VerificationError("a proof hash is not 32 bytes")
        proof.append(value)
    return int(match[1]), proof, note


def check_proof(text: str, entry: bytes, verifier: Verifier, origin: str) -> tuple[int, Checkpoint]:
    """Verify a tlog-proof of `entry`, offline: (index, checkpoint), or ValueError saying why not."""
    index, proof, note = parse_proof(text)
    checkpoint = Checkpoint.open(note, verifier, origin)
    if not merkle.verify_inclusion(index, checkpoint.size, merkle.leaf_hash(entry), proof, checkpoint.root):
        raise VerificationError("the inclusion proof does not lead to the checkpoint's root hash")
    return index, checkpoint
