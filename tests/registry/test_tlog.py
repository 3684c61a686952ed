"""The transparency log's parts against their standards: RFC 6962 proofs (transparency-dev vectors), C2SP signed
notes (the spec's example), tiles (an independent RFC 6962 root computed from the leaves), tlog-proof."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from conftest import ROOT

from portal.registry.log import merkle, tlog
from portal.registry.log.note import Checkpoint, Verifier, open_note, sign_note

VECTORS = ROOT / "tests" / "vectors" / "external"
MERKLE = VECTORS / "transparency-dev-merkle"


def cases(kind: str) -> list[Path]:
    return sorted((MERKLE / kind).rglob("*.json"))


def b64(value):
    return base64.b64decode(value) if value is not None else None


@pytest.mark.parametrize("path", cases("inclusion"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_inclusion_vectors(path):
    case = json.loads(path.read_text())
    proof = [b64(p) for p in case["proof"] or []]
    ok = merkle.verify_inclusion(
        case["leafIdx"], case["treeSize"], b64(case["leafHash"]) or b"", proof, b64(case["root"]) or b""
    )
    assert ok is not case["wantErr"], case["desc"]


@pytest.mark.parametrize("path", cases("consistency"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_consistency_vectors(path):
    case = json.loads(path.read_text())
    proof = [b64(p) for p in case["proof"] or []]
    ok = merkle.verify_consistency(
        case["size1"], case["size2"], b64(case["root1"]) or b"", b64(case["root2"]) or b"", proof
    )
    assert ok is not case["wantErr"], case["desc"]


def test_vectors_have_both_kinds():
    wanted = [json.loads(p.read_text())["wantErr"] for p in cases("inclusion") + cases("consistency")]
    assert wanted.count(False) >= 12 and wanted.count(True) >= 150


def reference_root(leaves: list[bytes]) -> bytes:
    """RFC 6962 MTH written straight from the definition: an independent check of the tiles."""
    return reference_root_of_hashes([hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves])


def reference_root_of_hashes(hashes: list[bytes]) -> bytes:
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return hashlib.sha256(
        b"\x01" + reference_root_of_hashes(hashes[:k]) + reference_root_of_hashes(hashes[k:])
    ).digest()


def test_the_built_sites_checkpoint_root_is_recomputed_from_its_tiles(site):
    """Read the published files as an outsider would: the tiles' leaf hashes, the entry bundles, the checkpoint."""
    log = site / "log"
    origin, size_line, root_line = (log / "checkpoint").read_text(encoding="utf-8").split("\n")[:3]
    size, root = int(size_line), base64.b64decode(root_line)
    assert size > 100 and origin.endswith("/log")
    hashes, entries = b"", []
    for n in range(-(-size // 256)):
        width = min(256, size - n * 256)
        suffix = "" if width == 256 else f".p/{width}"
        name = f"{n:03d}" if n < 1000 else f"x{n // 1000:03d}/{n % 1000:03d}"
        hashes += (log / "tile" / "0" / f"{name}{suffix}").read_bytes()
        bundle = (log / "tile" / "entries" / f"{name}{suffix}").read_bytes()
        while bundle:
            length = int.from_bytes(bundle[:2], "big")
            entries.append(bundle[2 : 2 + length])
            bundle = bundle[2 + length :]
    leaf_hashes = [hashes[i : i + 32] for i in range(0, len(hashes), 32)]
    assert len(leaf_hashes) == len(entries) == size
    assert leaf_hashes == [hashlib.sha256(b"\x00" + entry).digest() for entry in entries]
    assert reference_root_of_hashes(leaf_hashes) == root
    snapshot = json.loads((site / "verify" / "snapshot.json").read_text(encoding="utf-8"))
    assert snapshot["checkpoint"]["size"] == size and snapshot["checkpoint"]["root_hash"] == base64.urlsafe_b64encode(
        root
    ).decode().rstrip("=")


@pytest.mark.parametrize("size", [1, 2, 3, 255, 256, 257, 511, 70_000 // 100, 65_536 + 3])
def test_tiles_give_proofs_that_verify(tmp_path, size):
    entries = [f"entry {i}".encode() for i in range(size)]
    levels = merkle.levels_of([merkle.leaf_hash(e) for e in entries])
    writer = write_log(tmp_path, entries)
    assert writer.written == {tlog.tile_path(*t) for t in tlog.tiles_of(size)}
    reader = tlog.TileReader(tlog.folder_fetch(tmp_path), size)
    root = merkle.root(reader.subtree, size)
    assert writer.root() == root
    if size <= 1024:
        assert root == reference_root(entries)
    for index in {0, size // 2, size - 1}:
        proof = merkle.inclusion_proof(reader.subtree, index, size)
        assert merkle.verify_inclusion(index, size, merkle.leaf_hash(entries[index]), proof, root)
        assert not merkle.verify_inclusion(index, size, merkle.leaf_hash(b"other"), proof, root)
    assert reader.entries(0, size) == entries
    for old in {1, size // 3 or 1, size}:
        old_root = (
            merkle.root(tlog.TileReader(tlog.folder_fetch(tmp_path), size).subtree, old)
            if old == size
            else (reference_root(entries[:old]) if old <= 1024 else merkle.root(lambda h, i: levels[h][i], old))
        )
        proof = merkle.consistency_proof(reader.subtree, old, size)
        assert merkle.verify_consistency(old, size, old_root, root, proof)


def test_the_frontier_folds_to_the_root():
    for size in [0, 1, 2, 3, 7, 8, 255, 256, 257, 1000]:
        entries = [f"e{i}".encode() for i in range(size)]
        levels = merkle.levels_of([merkle.leaf_hash(e) for e in entries])
        heights = [height for height, _ in merkle.frontier(size)]
        assert sum(1 << h for h in heights) == size and heights == sorted(set(heights), reverse=True)
        edge = [levels[height][index] for height, index in merkle.frontier(size)]
        assert merkle.fold(edge) == reference_root(entries)


@pytest.mark.parametrize("size", [70_000, 65_536, 1_000])
def test_with_the_signed_edge_a_proof_reads_one_tile_per_level(tmp_path, size):
    entries = [f"entry {i}".encode() for i in range(size)]
    levels = merkle.levels_of([merkle.leaf_hash(e) for e in entries])
    edge = [levels[height][index] for height, index in merkle.frontier(size)]
    assert write_log(tmp_path, entries).edge() == edge
    root = merkle.fold(edge)
    for index in [0, 1, 300, size // 2, size - 200, size - 1]:
        reader = tlog.TileReader(tlog.folder_fetch(tmp_path), size, edge)
        proof = merkle.inclusion_proof(reader.subtree, index, size)
        assert merkle.verify_inclusion(index, size, merkle.leaf_hash(entries[index]), proof, root)
        # the leaf's perfect subtree in the frontier: its height says how many tile levels the path crosses
        height = 0
        for height, first in merkle.frontier(size):
            if index < (first + 1) << height:
                break
        assert len(reader.tiles) == max(1, -(-height // 8)), (index, sorted(reader.tiles))
    with pytest.raises(ValueError):
        tlog.TileReader(tlog.folder_fetch(tmp_path), size, [*edge, edge[0]])


def test_tile_paths_follow_the_spec():
    assert tlog.tile_path(0, 1234067) == "tile/0/x001/x234/067"
    assert tlog.tile_path(1, 5, 17) == "tile/1/005.p/17"
    assert tlog.tile_path("entries", 0, 3) == "tile/entries/000.p/3"
    # the spec's example: 70,000 leaves
    tiles = tlog.tiles_of(70_000)
    hashes = [t for t in tiles if t[0] != "entries"]
    assert [t for t in hashes if t[2] < 256] == [(0, 273, 112), (1, 1, 17), (2, 0, 1)]
    assert len([t for t in hashes if t[0] == 0]) == 274 and len([t for t in hashes if t[0] == 1]) == 2
    assert [t for t in tlog.tiles_of(256) if t[0] != "entries"] == [(0, 0, 256), (1, 0, 1)]


def write_log(folder, entries, size=0, one_by_one=False):
    writer = tlog.TileWriter(folder, size)
    if one_by_one:
        for entry in entries[size:]:
            writer.append(entry)
    else:
        writer.extend(entries[size:])
    writer.finish()
    return writer


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_appending_rewrites_only_the_right_edge(tmp_path):
    entries = [f"e{i}".encode() for i in range(256 * 10 + 5)]
    write_log(tmp_path / "log", entries)
    more = entries + [f"n{i}".encode() for i in range(300)]
    written = write_log(tmp_path / "log", more, len(entries)).written
    # tile 10 becomes full, tile 11 partial (hashes and entries), level 1 partial: 5 files
    assert sorted(written) == sorted(
        ["tile/0/010", "tile/0/011.p/49", "tile/entries/010", "tile/entries/011.p/49", "tile/1/000.p/11"]
    )
    assert not (tmp_path / "log/tile/0/010.p").exists()
    # the same bytes, and no other file, as writing the whole log at once
    assert files_of(tmp_path / "log") == files_of(write_log(tmp_path / "whole", more).folder)


@pytest.mark.parametrize("steps", [[1, 1, 254, 1], [255, 2, 65_280, 3], [70_000], [300, 0, 69_700]])
def test_a_log_appended_in_steps_is_the_log_written_whole(tmp_path, steps):
    entries = [f"entry {i}".encode() for i in range(sum(steps))]
    size = 0
    for n, step in enumerate(steps):
        writer = write_log(tmp_path / "steps", entries[: size + step], size, one_by_one=n % 2 == 1)
        size += step
        assert writer.size == size
    whole = write_log(tmp_path / "whole", entries)
    assert files_of(tmp_path / "steps") == files_of(tmp_path / "whole")
    assert writer.edge() == whole.edge() and writer.root() == reference_root_of_hashes(
        [merkle.leaf_hash(e) for e in entries]
    )


def test_resuming_needs_the_right_edge(tmp_path):
    write_log(tmp_path, [b"a", b"b", b"c"])
    (tmp_path / "tile/0/000.p/3").unlink()
    with pytest.raises(ValueError, match="000.p/3 is missing"):
        tlog.TileWriter(tmp_path, 3)


def test_signed_note_example_of_the_spec():
    case = json.loads((VECTORS / "c2sp-signed-note.json").read_text(encoding="utf-8"))
    verifier = Verifier.of_vkey(case["vkey"])
    assert verifier.vkey == case["vkey"]
    assert open_note(case["note"], verifier) == case["text"]
    tampered = case["note"].replace("example message", "example massage")
    with pytest.raises(ValueError):
        open_note(tampered, verifier)
    other = Verifier("example.com/bar", verifier.public_key)
    with pytest.raises(ValueError, match="no signature"):
        open_note(case["note"], other)


def test_checkpoint_round_trip_and_refusals():
    seed = hashlib.sha256(b"test log").digest()
    from portal.registry.keys.signing import public_key_of

    verifier = Verifier("example.org/log", public_key_of(seed))
    checkpoint = Checkpoint("example.org/log", 5, hashlib.sha256(b"x").digest())
    note = sign_note(checkpoint.text(), verifier.name, seed)
    assert Checkpoint.open(note, verifier, "example.org/log") == checkpoint
    with pytest.raises(ValueError, match="origin"):
        Checkpoint.open(note, verifier, "example.org/other")
    with pytest.raises(ValueError):
        Checkpoint.open(note.replace("\n5\n", "\n6\n"), verifier, "example.org/log")
    for bad in ("example.org/log\n05\nAAAA\n", "example.org/log\n5\n", "x\n1\nAAAA\n"):
        with pytest.raises(ValueError):
            Checkpoint.parse(bad)


def test_tlog_proof_round_trip(tmp_path):
    seed = hashlib.sha256(b"test log").digest()
    from portal.registry.keys.signing import public_key_of

    verifier = Verifier("example.org/log", public_key_of(seed))
    entries = [f"entry {i}".encode() for i in range(1000)]
    levels = merkle.levels_of([merkle.leaf_hash(e) for e in entries])
    subtree = lambda h, i: levels[h][i]  # noqa: E731
    note = sign_note(Checkpoint("example.org/log", 1000, merkle.root(subtree, 1000)).text(), verifier.name, seed)
    text = tlog.format_proof(417, merkle.inclusion_proof(subtree, 417, 1000), note)
    assert text.startswith("c2sp.org/tlog-proof@v1\nindex 417\n")
    index, checkpoint = tlog.check_proof(text, entries[417], verifier, "example.org/log")
    assert (index, checkpoint.size) == (417, 1000)
    with pytest.raises(ValueError, match="root"):
        tlog.check_proof(text, entries[418], verifier, "example.org/log")
    with pytest.raises(ValueError):
        tlog.check_proof(text.replace("index 417", "index 416"), entries[417], verifier, "example.org/log")
