"""The registry at scale (issue 17): the incremental build is the full build, byte for byte, and rewrites only what
changed; the fast paths (canonical records files, shard text, base64url checks) agree with the general ones; the
record database is trusted only when whole. Speed is measured by scripts/benchmark_registry.py, not here."""

from __future__ import annotations

import base64
import binascii
import json
import os
import random
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, settings_for

from portal.errors import DataError
from portal.registry.credentials import records
from portal.registry.credentials.records import Record, read_records_text, records_text
from portal.registry.issue import demo
from portal.registry.keys.signing import b64url, from_b64url, is_b64url, sign
from portal.registry.keys.trust import Root, Snapshot, from_published
from portal.registry.log.ledger import next_sequence
from portal.registry.store import lookup_store
from portal.registry.store.record_db import VERSION, RecordDb
from portal.registry.validity.steps import FAILED, KEY_REVOKED, check_record, publishable, verify_credential
from portal.site import build, context

KEY = next(k for k in demo.KEYS if k.label == "miit-eec-2021")


def new_records(count: int, salt: str) -> list[Record]:
    rng = random.Random(salt)
    found = []
    for n in range(count):
        unsigned = Record(
            "miit-eec",
            rng.randbytes(16).hex(),
            b64url(rng.randbytes(32)),
            "web-frontend",
            ("primary", "intermediate", "advanced")[n % 3],
            f"2024-0{1 + n % 9}-1{n % 10}",
            KEY.key,
            "",
        )
        found.append(unsigned._replace(signature=sign(KEY.seed, unsigned.signed_part())))
    return found


def add_records_file(data: Path, name: str, rows: list[Record]) -> None:
    path = data / "records" / "miit-eec" / f"{name}.yaml"
    path.write_text(records_text("miit-eec", next_sequence(data), rows), encoding="utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


@pytest.mark.build
def test_an_incremental_build_is_the_full_build_and_rewrites_only_what_changed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    add_records_file(data, "scale-1", new_records(3000, "first"))
    settings = settings_for(data, tmp_path)
    build.build(settings, tmp_path / "output")
    cache = tmp_path / "cache"
    store, tiles = cache / "store" / "records", next((cache / "log").iterdir()) / "tile"
    store_before, tiles_before = inodes(store), inodes(tiles)

    added = new_records(300, "second")
    add_records_file(data, "scale-2", added)
    build.build(settings, tmp_path / "output")

    # only the shards the new records fall in are new files; every other shard is the very same file
    bits = json.loads((tmp_path / "output/verify/records/index.json").read_text())["shard_bits"]
    dirty = {lookup_store.shard_path(lookup_store.shard_of(r.lookup, bits)) for r in added}
    dirty |= {lookup_store.digests_path(int(path[:2], 16)) for path in dirty}  # and their folders' digests
    store_after = inodes(store)
    assert {p for p in store_before if store_after[p] != store_before[p]} == dirty
    # the log: full tiles are never written again; only the right edge is new
    tiles_after = inodes(tiles)
    kept = {p for p in tiles_before if ".p/" not in p}
    assert all(tiles_after[p] == tiles_before[p] for p in kept)
    assert not any(".p/" in p for p in set(tiles_before) & set(tiles_after) if tiles_after[p] != tiles_before[p])
    # and the output is byte for byte what a build from an empty cache gives
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    build.build(settings_for(data, fresh), fresh / "output")
    assert files_of(tmp_path / "output") == files_of(fresh / "output")


@pytest.mark.build
def test_lookup_checks_and_shards_apart_give_the_same_site_and_stop_on_a_duplicate(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    rows = new_records(500, "apart")
    add_records_file(data, "scale-apart", rows)
    monkeypatch.setattr(context, "APART", 1)  # a process of its own even for this small registry,
    monkeypatch.setattr(lookup_store, "APART", 1)  # and the shards' upper half in one more
    build.build(settings_for(data, tmp_path), tmp_path / "output")
    inline = tmp_path / "inline"
    inline.mkdir()
    monkeypatch.setattr(context, "APART", 10**9)
    monkeypatch.setattr(lookup_store, "APART", 10**9)
    build.build(settings_for(data, inline), inline / "output")
    assert files_of(tmp_path / "output") == files_of(inline / "output")

    # a record registered twice (another file, same lookup id) fails the build there; the output stays
    before = files_of(tmp_path / "output")
    add_records_file(data, "scale-twice", rows[:1])
    monkeypatch.setattr(context, "APART", 1)
    with pytest.raises(DataError, match=f"lookup id {rows[0].lookup} is registered twice"):
        build.build(settings_for(data, tmp_path), tmp_path / "output")
    assert files_of(tmp_path / "output") == before


def test_a_database_left_unfinished_is_made_again(tmp_path):
    path = tmp_path / "registry.sqlite"
    db = RecordDb(path)
    with db.bulk():
        db.db.execute("INSERT INTO file VALUES (1, 'x', 1, 'miit-eec', 1, 0, '')")
        assert db.db.execute("PRAGMA user_version").fetchone()[0] == 0  # marked unfinished while it is written
    assert db.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    db.close()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version=0")  # as a build that stopped inside bulk() leaves it
    again = RecordDb(path)
    assert again.db.execute("SELECT COUNT(*) FROM file").fetchone()[0] == 0


def test_shard_text_is_json_of_the_rows():
    rows = [(r.organisation, r.line(), n * 7919) for n, r in enumerate(new_records(50, "shard"))]
    expected = [[org, *line.split(" ")[:1], line.split(" ")[1][:8], *line.split(" ")[2:], at] for org, line, at in rows]
    assert lookup_store.shard_text(rows) == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    assert lookup_store.shard_text([]) == "[]"


def canonical_file() -> str:
    return records_text("miit-eec", 12, new_records(5, "canonical"))


VARIANTS = {
    "as written": lambda t: t,
    "quoted organisation": lambda t: t.replace("organisation: miit-eec", 'organisation: "miit-eec"'),
    "an organisation YAML reads as a boolean": lambda t: t.replace("organisation: miit-eec", "organisation: no"),
    "sequence with a leading zero": lambda t: t.replace("sequence: 12", "sequence: 012"),
    "a trailing space": lambda t: t.replace("\n- ", " \n- ", 1),
    "a tab": lambda t: t.replace("\n- ", "\n-\t", 1),
    "a comment after a record": lambda t: t.rstrip("\n") + " # note\n",
    "no records": lambda t: t[: t.index("records:\n") + 9],
    "records as a flow list": lambda t: t[: t.index("records:\n")] + "records: []\n",
    "a record quoted": lambda t: t.replace("\n- ", '\n- "', 1).replace("\n- ", '"\n- ', 2),
    "an extra key": lambda t: t + "extra: 1\n",
    "a record of six columns": lambda t: t.replace(" primary ", " ", 1),
    "windows line ends": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_canonical_records_files_are_read_as_libyaml_reads_them(variant, monkeypatch):
    text = VARIANTS[variant](canonical_file())

    def read() -> tuple | str:
        try:
            parsed = read_records_text("x.yaml", text)
        except (ValueError, yaml.YAMLError) as exc:
            return type(exc).__name__
        return parsed.organisation, parsed.sequence, parsed.lines

    fast = read()
    monkeypatch.setattr(records, "CANONICAL", records.re.compile(r"(?!)"))  # never matches: libyaml reads all
    assert fast == read()


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def vector_records() -> tuple[Snapshot, list[Record]]:
    """The trust snapshot of the shared verifier vectors and the record of every credential case in them: between
    them they fail each step once."""
    vectors = json.loads((ROOT / "tests" / "vectors" / "credentials.json").read_text(encoding="utf-8"))
    snapshot = from_published(
        vectors["trust"], vectors["revocations"], Root(from_b64url(vectors["pinned_root"]), demo=True)
    )
    found = []
    for case in vectors["cases"]:
        try:
            found.append(verify_credential(case["input"], snapshot).record)
        except Exception:  # noqa: BLE001 - a case that is not a credential has no record to take
            continue
    return snapshot, [r for r in found if r is not None]


def test_the_builds_fast_path_publishes_exactly_what_every_step_passes():
    """publishable (one regex, steps per context, the signature) against check_record, on each vector's record and
    on every one-character change of the valid ones: the fast path never passes what a step fails, nor the reverse
    (then the build would report a good record)."""
    snapshot, found = vector_records()
    lines = {record.line(): record.organisation for record in found}
    for record in found[:6]:
        line = record.line()
        for n in range(len(line)):
            for other in "0aAfgQw-_ z=é":
                lines[line[:n] + other + line[n + 1 :]] = record.organisation
    lines[found[0]._replace(issued="2024-02-30").line()] = found[0].organisation  # shaped like a date, is none
    outcomes = Counter()
    for line, organisation in lines.items():
        try:
            record, form_error = Record.parse(organisation, line), None
        except ValueError as exc:
            record, form_error = None, str(exc)
        steps = check_record(record, snapshot, form_error=form_error)
        passes = not any(s.state == FAILED and s.cause != KEY_REVOKED for s in steps)
        fast = publishable(organisation, line, snapshot, {})
        assert (fast is not None) == passes, (line, [str(s) for s in steps])
        assert fast is None or fast == record
        outcomes[passes] += 1
    assert outcomes[True] >= 5 and outcomes[False] > 1000, outcomes


def canonical_by_decoding(text: str) -> bool:
    """The definition, the slow way: in the alphabet, and encoding what it decodes to gives it back."""
    if not all(c in ALPHABET for c in text):
        return False
    try:
        return b64url(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))) == text
    except binascii.Error:
        return False


def test_base64url_is_checked_as_decoding_would():
    for n in range(70):
        text = b64url(os.urandom(n))
        for other in [*ALPHABET, "=", "+", "/", " ", "é"]:
            for candidate in (text + other, text[:-1] + other, other + text):
                assert is_b64url(candidate) == canonical_by_decoding(candidate), candidate
                if is_b64url(candidate):
                    assert b64url(from_b64url(candidate)) == candidate
        assert is_b64url(text, n) and not is_b64url(text, n + 1)


@pytest.mark.build
def test_the_output_before_last_is_built_over_and_left_with_only_what_the_build_wrote(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    settings, output = settings_for(data, tmp_path), tmp_path / "output"
    build.build(settings, output)
    add_records_file(data, "scale-a", new_records(200, "a"))
    build.build(settings, output)
    spare = tmp_path / ".output.spare"  # the first build's output, kept to be built over
    assert (spare / "index.html").is_file()
    (spare / "planted").mkdir()
    (spare / "planted" / "stale.html").write_text("not written by the build", encoding="utf-8")
    page = "certificates/web-frontend/index.html"
    before = (spare / page).stat().st_ino
    add_records_file(data, "scale-b", new_records(200, "b"))
    build.build(settings, output)
    assert (output / page).stat().st_ino == before  # written over, not made anew
    assert not (output / "planted").exists()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    build.build(settings_for(data, fresh), fresh / "output")
    assert files_of(output) == files_of(fresh / "output")
