"""The verified records, on disk: the build's verification cache and the store every output is read from.

SQLite (the standard library's), content-addressed by records file: a file is verified once; `file` knows it by
its digest (SHA-256 of the trust facts it was checked against and of its bytes, store.py), its rows go into `record`
as one run of row ids (appended, so inserting is sequential), and its tallies (records per certificate, level and
year) into `tally`. Nothing else is trusted from here: a changed file or changed trust facts give another digest,
which is verified afresh. The index by lookup id is dropped while many files are added at once (bulk()) and built
again, by sorting, by the first check that needs it (index()): inserting 10^6 random ids into a live index
rewrites most of its pages per commit.

A build never holds every record in memory. It names the files it publishes, in log order (`use`, a temporary
table of file and what turns a row id into a log index), then reads rows from here: file by file in log order for the transparency log,
by lookup-id range for the lookup store's shards, by lookup id for one record; counts come from the tallies.
`built` is the set of files of the last build that passed, so a build checks only its new rows for duplicates.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from portal.registry.credentials.records import Record
from portal.registry.log.ledger import line_entry

SCHEMA = """
CREATE TABLE IF NOT EXISTS file (
    id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE, sequence INTEGER NOT NULL, organisation TEXT NOT NULL,
    first INTEGER NOT NULL, count INTEGER NOT NULL, latest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS record (id INTEGER PRIMARY KEY, file INTEGER NOT NULL, line TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tally (
    file INTEGER NOT NULL, certificate TEXT NOT NULL, level TEXT NOT NULL, year TEXT NOT NULL, count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tally_file ON tally (file);
CREATE TABLE IF NOT EXISTS built (file INTEGER PRIMARY KEY);
"""
VERSION = 3  # of this layout (PRAGMA user_version); a database of another is removed and made again
LOOKUP = "substr(line, 1, 32)"  # a record line starts with its lookup id (records.py)
IN_FILE = "record.id BETWEEN f.first AND f.first + f.count - 1"  # the records of file f
# covering: the duplicate check and the lookup store's shards read the index alone, in lookup-id order
LOOKUP_INDEX = f"CREATE INDEX IF NOT EXISTS record_lookup ON record ({LOOKUP}, file, line)"
TALLY_FIELDS = ("organisation", "certificate", "level", "year")


class Verified(NamedTuple):
    """A verified records file as the record database keeps it (made where it was verified: a worker process)."""

    lines: list[str]  # the record lines, in file order
    tally: dict[tuple[str, str, str], int]  # (certificate, level, year) -> records
    latest: str  # the latest issue date, "" if none

    @classmethod
    def of(cls, rows: list[Record]) -> Verified:
        tally = Counter((r.certificate, r.level, r.issued[:4]) for r in rows)
        return cls([r.line() for r in rows], dict(tally), max((r.issued for r in rows), default=""))


def record_of(organisation: str, line: str) -> Record:
    return Record(organisation, *line.split(" "))


def _connect(path: Path | None) -> sqlite3.Connection:
    db = sqlite3.connect(str(path) if path else ":memory:", isolation_level=None, timeout=600)
    db.executescript("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;")  # sorts spill to disk past 64 MB
    return db


class RecordDb:
    def __init__(self, path: Path | None):
        """path: the cache's database (created if missing); None: a private one in memory, for one load."""
        self.path = path
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.db = _connect(path)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != VERSION:  # new, or another layout: start over
            if path:
                self.db.close()
                for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    stale.unlink(missing_ok=True)
                self.db = _connect(path)
            # opening a whole database writes nothing: a process opening it never waits for another's writes
            self.db.executescript(f"PRAGMA journal_mode=WAL; {SCHEMA} PRAGMA user_version={VERSION};")
        self.db.execute("CREATE TEMP TABLE use (file INTEGER PRIMARY KEY, offset INTEGER NOT NULL)")

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Add many files fast: without the lookup-id index (index() builds it again, by sorting, when it is next
        needed) and without the journal, whose copy of every page doubles the writes. Meanwhile the database is
        marked unfinished (user version 0): if the build stops half-way, the next one finds the mark, removes the
        database and starts over, so a cache is never trusted unless whole."""
        self.db.executescript(
            "PRAGMA user_version=0; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; DROP INDEX IF EXISTS record_lookup"
        )
        yield
        self.db.executescript(f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA user_version={VERSION}")

    def index(self) -> None:
        """The lookup-id index, built when missing (a new database, or after bulk()). Only the checks that need it
        build it (store.check_lookups), so a process that only reads files in log order never waits for it."""
        self.db.execute(LOOKUP_INDEX)

    def close(self) -> None:
        self.db.close()

    # --- the verification cache ------------------------------------------------------------------------------

    def has(self, digest: str) -> tuple[int, int, str] | None:
        """(sequence, count, latest issue date) of a verified file, or None."""
        return self.db.execute("SELECT sequence, count, latest FROM file WHERE digest = ?", (digest,)).fetchone()

    def add(self, digest: str, sequence: int, organisation: str, verified: Verified) -> None:
        """Keep a verified file (in one transaction: a file is in the cache whole, or not at all)."""
        with self.db:
            self.db.execute("BEGIN")
            (first,) = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM record").fetchone()
            file = self.db.execute(
                "INSERT INTO file (digest, sequence, organisation, first, count, latest) VALUES (?, ?, ?, ?, ?, ?)",
                (digest, sequence, organisation, first, len(verified.lines), verified.latest),
            ).lastrowid
            self.db.executemany(
                "INSERT INTO record VALUES (?, ?, ?)",
                ((first + n, file, line) for n, line in enumerate(verified.lines)),
            )
            self.db.executemany(
                "INSERT INTO tally VALUES (?, ?, ?, ?, ?)",
                ((file, *key, n) for key, n in sorted(verified.tally.items())),
            )

    # --- one build's view: the files it publishes, in log order ------------------------------------------------

    def use(self, offsets: dict[str, int]) -> None:
        """The files this build publishes: digest -> log index of its first record."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM use")
            self.db.executemany(
                "INSERT INTO use SELECT id, ? - first FROM file WHERE digest = ?",
                ((offset, digest) for digest, offset in offsets.items()),
            )

    def duplicates(self) -> list[tuple[str, str]]:
        """(lookup id, digest of a file holding it) of every lookup id registered more than once among the files in
        use. Only the ids of files not in the last passing build need checking (the others were unique together
        then): few are checked one by one, many by one scan of the covering index."""
        in_use = (
            f"SELECT {LOOKUP}, MIN(f.digest) FROM record INDEXED BY record_lookup JOIN use ON use.file = record.file "
            "JOIN file f ON f.id = record.file"
        )
        new = self.db.execute(
            "SELECT f.digest, f.count FROM use JOIN file f ON f.id = use.file WHERE use.file NOT IN (SELECT file FROM built)"
        ).fetchall()
        (total,) = self.db.execute(
            "SELECT COALESCE(SUM(f.count), 0) FROM use JOIN file f ON f.id = use.file"
        ).fetchone()
        if sum(count for _, count in new) * 100 >= total:
            return self.db.execute(f"{in_use} GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 1").fetchall()
        lookups = sorted({line[:32] for digest, _ in new for line in self.lines(digest)})
        checked = (
            self.db.execute(f"{in_use} WHERE {LOOKUP} = ? GROUP BY 1 HAVING COUNT(*) > 1", (x,)) for x in lookups
        )
        return [found for cursor in checked for found in cursor]

    def passed(self) -> None:
        """The files in use passed every check: remember them (see duplicates)."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM built")
            self.db.execute("INSERT INTO built SELECT file FROM use")

    def registered(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (organisation, lookup id) are records of the files in use."""
        return {(organisation, lookup) for organisation, lookup in pairs if self.find(lookup, organisation)}

    def rows(self, digest: str) -> Iterator[Record]:
        """A file's records, in file order."""
        for organisation, line in self._file(digest):
            yield record_of(organisation, line)

    def entries(self, digest: str) -> Iterator[bytes]:
        """A file's log entries, in file order."""
        for organisation, line in self._file(digest):
            yield line_entry(organisation, line)

    def _file(self, digest: str) -> sqlite3.Cursor:
        return self.db.execute(
            f"SELECT f.organisation, line FROM file f JOIN record ON {IN_FILE} WHERE f.digest = ? ORDER BY record.id",
            (digest,),
        )

    def lines(self, digest: str) -> list[str]:
        return [
            line
            for (line,) in self.db.execute(
                f"SELECT line FROM file f JOIN record ON {IN_FILE} WHERE f.digest = ?", (digest,)
            )
        ]

    def find(self, lookup: str, organisation: str | None = None) -> tuple[Record, int] | None:
        """The record in use with this lookup id (of this organisation, if given), and its log index."""
        for found, line, at in self.db.execute(
            f"SELECT f.organisation, line, u.offset + record.id FROM record JOIN use u ON u.file = record.file "
            f"JOIN file f ON f.id = record.file WHERE {LOOKUP} = ?",
            (lookup,),
        ):
            if organisation in (None, found):
                return record_of(found, line), at
        return None

    def by_lookup(self, low: str = "", high: str = "g") -> Iterator[tuple[str, str, int]]:
        """(organisation, record line, log index) of the records in use with low <= lookup id < high, in lookup-id
        order. A scan of the covering index; the few files are looked up here, not joined row by row."""
        files = {
            file: (organisation, offset)
            for file, organisation, offset in self.db.execute(
                "SELECT u.file, f.organisation, u.offset FROM use u JOIN file f ON f.id = u.file"
            )
        }
        for file, line, row in self.db.execute(
            f"SELECT file, line, id FROM record INDEXED BY record_lookup WHERE {LOOKUP} >= ? AND {LOOKUP} < ? "
            f"ORDER BY {LOOKUP}",
            (low, high),
        ):
            found = files.get(file)
            if found:
                yield found[0], line, found[1] + row

    def tallies(self) -> Counter:
        """TALLY_FIELDS -> records, over the files in use."""
        return Counter(
            {
                tuple(key): n
                for *key, n in self.db.execute(
                    "SELECT f.organisation, t.certificate, t.level, t.year, SUM(t.count) FROM tally t "
                    "JOIN use u ON u.file = t.file JOIN file f ON f.id = t.file GROUP BY 1, 2, 3, 4"
                )
            }
        )
