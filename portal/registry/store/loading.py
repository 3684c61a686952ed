"""Load and verify the signed registry in data/: keys, revocations and every record, for the build.

Any failure is a Problem naming the file, the line, the record and the failed check, and the build stops.
Verified records files are kept by content (SHA-256 of the file and of the trust facts it was checked against) in
the record database (record_db.py, in the cache folder), so a pull request that adds one records file verifies
only that file. Files not yet verified are read and verified in worker processes, one per core, while this
process stores the rows of those done; no step holds every record in memory.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from portal.catalogue.model import Catalogue
from portal.catalogue.validate import schema_ok
from portal.catalogue.yamlfile import YamlFile
from portal.errors import DataError, Problem, format_path
from portal.messages import problem
from portal.registry.credentials.records import MAX_RECORDS_BYTES, Record, read_records_text
from portal.registry.keys.signing import canonical
from portal.registry.keys.trust import (
    NO_WITNESSES,
    Endorsement,
    LogKey,
    RecordRevocation,
    Root,
    Snapshot,
    WitnessPolicy,
)
from portal.registry.log import ledger
from portal.registry.log.ledger import Batch, revocation_entry
from portal.registry.store.record_db import TALLY_FIELDS, RecordDb, Verified
from portal.registry.validity.steps import FAILED, KEY_REVOKED, check_record, publishable
from portal.vocab import STATE_NAMES, WITNESSES_FILE

CACHE_VERSION = "registry-cache-v3"
PARALLEL_BYTES = 2_000_000  # below this, a process pool costs more than it saves
IN_FLIGHT = 3  # files per worker given out ahead: the workers never wait, and memory does not grow with the data
BULK_BYTES = 20_000_000  # above this (about 10^5 records), add rows without the lookup index, then sort it once


@dataclass
class Registry:
    snapshot: Snapshot
    db: RecordDb  # the verified rows of every records file published (db.use names them)
    files: dict[str, int]  # records file label -> number of records
    batches: list[Batch]  # the transparency log's content, in order (ledger.py)
    unchecked: list | None = None  # when load_registry deferred check_lookups: the revocations it needs

    @property
    def count(self) -> int:
        return sum(self.files.values())

    def records(self) -> Iterator[Record]:
        """Every record, in log order, read as needed."""
        for batch in self.batches:
            if batch.digest:
                yield from self.db.rows(batch.digest)

    def entries(self) -> Iterator[bytes]:
        """The transparency log's entries (ledger.py), in order."""
        return entries_of(self.db, self.batches)

    def tally(self, *fields: str) -> Counter:
        """Records counted by some of organisation, certificate, level and year (of issue), e.g.
        tally("certificate", "level")[web-frontend, primary]; from the record database's per-file tallies."""
        at = [TALLY_FIELDS.index(field) for field in fields]
        counts: Counter = Counter()
        for key, n in self.db.tallies().items():
            counts[tuple(key[i] for i in at)] += n
        return counts

    def find(self, lookup: str) -> Record | None:
        found = self.db.find(lookup)
        return found[0] if found else None


def entries_of(db: RecordDb, batches: list[Batch]) -> Iterator[bytes]:
    """The log entries of these batches, in order: a records file's rows from the record database."""
    for batch in batches:
        if batch.digest:
            yield from db.entries(batch.digest)
        yield from (revocation_entry(r) for r in batch.revocations)


def snapshot_of(catalogue: Catalogue, root: Root, date: str, keys: dict[str, Endorsement]) -> Snapshot:
    certificates = {
        cid: {
            "name": c["name"],
            "organisation": c["organisation"],
            "levels": c["levels"],
            "state": c["status"]["state"],
            "state_name": STATE_NAMES[c["status"]["state"]],
            "as_of": c["status"].get("as_of"),
        }
        for cid, c in catalogue.certificates.items()
    }
    organisations = {
        oid: {"name": o["name"], "state": o["status"]["state"], "as_of": o["status"].get("as_of")}
        for oid, o in catalogue.organisations.items()
    }
    return Snapshot(date, root, keys, certificates, organisations, catalogue.working_days)


def load_registry(
    data: Path,
    catalogue: Catalogue,
    root: Root,
    date: str,
    cache: Path | None = None,
    origin: str = "",
    *,
    defer: bool = False,
) -> Registry:
    """origin: the log's (c2sp.org/tlog-tiles); its log keys must be endorsed for it (none needed when empty).

    defer: leave the checks that need the lookup-id index (check_lookups) to the caller, who runs them in the
    process that writes the lookup store (lookup_store.start_store), while this one writes the log."""
    problems: list[Problem] = []
    keys = read_keys(data, catalogue, root, problems)
    log_keys = read_log_keys(data, root, origin, problems)
    witnesses = read_witness_policy(data, root, origin, problems)
    if problems:
        raise DataError(problems)
    snapshot = snapshot_of(catalogue, root, date, keys)
    snapshot.log_keys, snapshot.log_origin, snapshot.witnesses = log_keys, origin, witnesses
    revocations = _read_revocations(data, snapshot, problems)
    db = RecordDb(cache / "registry.sqlite" if cache else None)
    record_batches = _read_records(data, snapshot, db, problems)
    batches = record_batches + _revocation_batches(revocations)
    _check_sequences(batches, problems)
    if problems:
        raise DataError(problems)
    batches = ledger.in_order(batches)
    db.use(ledger.offsets(batches))
    snapshot.revocations = {r.lookup: r for _, _, r in revocations}
    registry = Registry(snapshot, db, {batch.label: batch.count for batch in record_batches}, batches)
    if defer:
        registry.unchecked = revocations
    else:
        problems = check_lookups(db, batches, revocations)
        if problems:
            raise DataError(problems)
    return registry


def check_lookups(db: RecordDb, batches: list[Batch], revocations: list) -> list[Problem]:
    """What needs the lookup-id index: no lookup id registered twice, every revocation revokes a record. When all
    holds, the files in use are remembered as passed (RecordDb.duplicates then checks only new ones)."""
    db.index()
    problems: list[Problem] = []
    label = {batch.digest: batch.label for batch in batches}
    for lookup, digest in db.duplicates():
        problems.append(problem("records.lookup_twice", label[digest], 0, lookup=lookup))
    known = db.registered((r.organisation, r.lookup) for _, _, r in revocations)
    for file_label, line, revocation in revocations:
        if (revocation.organisation, revocation.lookup) not in known:
            problems.append(
                problem(
                    "revocations.unknown_record",
                    file_label,
                    line,
                    "revocations",
                    lookup=revocation.lookup,
                    organisation=revocation.organisation,
                )
            )
    if not problems:
        db.passed()
    return problems


def _revocation_batches(revocations: list) -> list[Batch]:
    grouped: dict[tuple[int, str], list] = {}
    for label, _, revocation in revocations:
        grouped.setdefault((revocation.sequence, label), []).append(revocation)
    return [Batch(sequence, label, revocations=tuple(found)) for (sequence, label), found in grouped.items()]


def _check_sequences(batches: list[Batch], problems: list[Problem]) -> None:
    """A sequence number is one batch's: one records file, or revocations one organisation made together."""
    owner: dict[int, str] = {}
    for batch in sorted(batches, key=lambda b: (b.sequence, b.label)):
        if batch.sequence in owner:
            problems.append(
                problem(
                    "records.sequence_used",
                    batch.label,
                    0,
                    "sequence",
                    sequence=batch.sequence,
                    owner=owner[batch.sequence],
                    free=max(owner) + 1,
                )
            )
        owner.setdefault(batch.sequence, batch.label)


def read_log_keys(data: Path, root: Root, origin: str, problems: list[Problem]) -> dict[str, LogKey]:
    keys: dict[str, LogKey] = {}
    for path, label in _yaml_files(data / "log-keys", "*.yaml"):
        f = YamlFile(path, label)
        problems.extend(f.problems)
        if f.problems or not schema_ok(f, "log-key", data, problems):
            continue
        key = LogKey.of_data(f.data)
        trouble = key.problem(root)
        if path.stem != key.key:
            trouble = f"file is named {path.stem} but holds key {key.key}; rename it {key.key}.yaml"
        if origin and key.origin != origin and not key.revocation:
            trouble = (
                f"the log key is endorsed for origin {key.origin}, but this site's log is {origin}: endorse a "
                "log key for this origin with `x1portal registry endorse --log`"
            )
        if trouble:
            problems.append(
                problem("log_key.endorsement", label, f.line(("endorsement",)), "endorsement", detail=trouble)
            )
        keys[key.key] = key
    return keys


def read_witness_policy(data: Path, root: Root, origin: str, problems: list[Problem]) -> WitnessPolicy:
    """data/witnesses.yaml, checked against the root: the log's witnesses and quorum. A demo registry may have none."""
    path = data / WITNESSES_FILE
    if not path.exists():
        if not root.demo:
            problems.append(problem("witnesses.missing", f"data/{WITNESSES_FILE}", 1))
        return NO_WITNESSES
    f = YamlFile(path, f"data/{WITNESSES_FILE}")
    problems.extend(f.problems)
    if f.problems or not schema_ok(f, "witnesses", data, problems):
        return NO_WITNESSES
    policy = WitnessPolicy.of_data(f.data)
    trouble = policy.problem(root, origin) if origin else None
    if trouble:
        problems.append(
            problem("witnesses.endorsement", f.label, f.line(("endorsement",)), "endorsement", detail=trouble)
        )
    return policy


def _yaml_files(folder: Path, pattern: str) -> list[tuple[Path, str]]:
    root = folder.parent
    return [(p, f"{root.name}/{p.relative_to(root).as_posix()}") for p in sorted(folder.glob(pattern))]


def read_keys(data: Path, catalogue: Catalogue, root: Root, problems: list[Problem]) -> dict[str, Endorsement]:
    keys: dict[str, Endorsement] = {}
    for path, label in _yaml_files(data / "keys", "*/*.yaml"):
        f = YamlFile(path, label)
        problems.extend(f.problems)
        if f.problems or not schema_ok(f, "key", data, problems):
            continue
        endorsement = Endorsement.of_data(f.data)

        def report(path: tuple, code: str, label: str = label, f: YamlFile = f, **values) -> None:
            problems.append(problem(code, label, f.line(path), format_path(path), **values))

        organisation = endorsement.organisation
        if path.parent.name != organisation:
            report(("organisation",), "key.folder", organisation=organisation, folder=path.parent.name)
        if path.stem != endorsement.key:
            report(("key",), "key.file_name", stem=path.stem, key=endorsement.key)
        if endorsement.key in keys:
            report(("key",), "key.twice", key=endorsement.key)
        if organisation not in catalogue.organisations:
            report(("organisation",), "key.unknown_organisation", organisation=organisation)
        for n, cid in enumerate(endorsement.scope):
            certificate = catalogue.certificates.get(cid)
            if certificate is None or certificate["organisation"] != organisation:
                report(("scope", n), "key.scope", certificate=cid, organisation=organisation)
        trouble = endorsement.problem(root)
        if trouble:
            report(("endorsement",), "key.endorsement", detail=trouble)
        keys[endorsement.key] = endorsement
    return keys


def _read_revocations(data: Path, snapshot: Snapshot, problems: list[Problem]) -> list:
    found = []
    seen: set[str] = set()
    for path, label in _yaml_files(data / "revocations", "*.yaml"):
        f = YamlFile(path, label)
        problems.extend(f.problems)
        if f.problems or not schema_ok(f, "revocations", data, problems):
            continue
        organisation = f.data["organisation"]
        if path.stem != organisation:
            problems.append(
                problem(
                    "revocations.file_name",
                    label,
                    f.line(("organisation",)),
                    "organisation",
                    stem=path.stem,
                    organisation=organisation,
                )
            )
        for n, entry in enumerate(f.data["revocations"]):
            revocation = RecordRevocation(organisation, **entry)  # sequence included
            line = f.line(("revocations", n))
            trouble = snapshot.revocation_problem(revocation)
            if revocation.lookup in seen:
                trouble = f"记录 {revocation.lookup} 吊销了两次 / record {revocation.lookup} is revoked twice"
            if trouble:
                problems.append(problem("revocations.invalid", label, line, f"revocations[{n}]", detail=trouble))
            seen.add(revocation.lookup)
            found.append((label, line, revocation))
    return found


# --- records: verified per file, cached by content, in parallel --------------------------------------------------

_snapshot: Snapshot | None = None  # set in each worker process


def _init_worker(snapshot: Snapshot) -> None:
    global _snapshot
    _snapshot = snapshot
    gc.freeze()  # what the worker inherits is never garbage: keep the collector from walking it again and again


def verify_records_file(label: str, text: str, organisation: str | None, snapshot: Snapshot) -> tuple[int, list, list]:
    """(sequence, rows, problems) of one records file; rows only if there is no problem. organisation: the folder's
    (None: the one the file names, as `registry verify FILE.yaml` checks a file outside data/)."""
    try:
        parsed = read_records_text(label, text)
    except Exception as exc:  # noqa: BLE001 - any YAML or shape error is the maintainer's to fix
        return (
            0,
            [],
            [
                problem(
                    "records.unreadable",
                    label,
                    getattr(getattr(exc, "problem_mark", None), "line", -1) + 1,
                    detail=exc,
                )
            ],
        )
    organisation = organisation or str(parsed.organisation)
    if parsed.organisation != organisation:
        return (
            0,
            [],
            [
                problem(
                    "records.folder", label, 1, "organisation", organisation=parsed.organisation, folder=organisation
                )
            ],
        )
    rows, problems, seen, memo, quick = [], [], set(), {}, {}
    for n, line in enumerate(parsed.lines):
        record = publishable(organisation, line, snapshot, quick)
        if record is not None and record.lookup not in seen:
            seen.add(record.lookup)
            rows.append(record)
            continue
        try:
            record, form_error = Record.parse(organisation, line), None
        except ValueError as exc:
            record, form_error = None, str(exc)
        steps = check_record(record, snapshot, form_error=form_error, memo=memo)
        failure = next((s for s in steps if s.state == FAILED and s.cause != KEY_REVOKED), None)
        if failure is None and record.lookup in seen:
            failure_text = f"查询号重复 / duplicate lookup id {record.lookup}"
        elif failure:
            failure_text = f"{failure.title}：{failure.evidence}"
        else:
            seen.add(record.lookup)
            rows.append(record)
            continue
        lookup = record.lookup if record else "?"
        problems.append(
            problem("records.invalid", label, parsed.line_of(n), f"records[{n}]", lookup=lookup, detail=failure_text)
        )
    return parsed.sequence, (rows if not problems else []), problems


def _verify_in_worker(label: str, path: Path, organisation: str) -> tuple[int, Verified, list]:
    assert _snapshot is not None
    return _verify_file(label, path, organisation, _snapshot)


def _verify_file(label: str, path: Path, organisation: str, snapshot: Snapshot) -> tuple[int, Verified, list]:
    """verify_records_file of a file, its rows packed for the record database (small to send back from a worker)."""
    size = path.stat().st_size
    if size > MAX_RECORDS_BYTES:  # refused before it is read
        return 0, Verified.of([]), [problem("file.too_large", label, 1, size=size, limit=MAX_RECORDS_BYTES)]
    text = path.read_bytes().decode("utf-8", errors="replace")  # a bad byte fails the file's check, named
    sequence, rows, problems = verify_records_file(label, text, organisation, snapshot)
    return sequence, Verified.of(rows), problems


def _read_records(data: Path, snapshot: Snapshot, db: RecordDb, problems: list[Problem]) -> list[Batch]:
    fingerprint = hashlib.sha256(CACHE_VERSION.encode() + canonical(snapshot.fingerprint_part())).hexdigest()
    batches: list[Batch] = []
    pending = []  # (label, path, organisation, digest) of files not verified yet
    files = _yaml_files(data / "records", "*/*.yaml")
    # read and hashed in threads (both release the GIL): at 10^7 records this is 2.1 GB, 1–2 s on one core
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        digests = list(pool.map(functools.partial(_file_digest, fingerprint.encode()), (p for p, _ in files)))
    for (path, label), digest in zip(files, digests, strict=True):
        known = db.has(digest)
        if known:
            sequence, count, latest = known
            _check_dates(label, latest, snapshot, problems)
            batches.append(Batch(sequence, label, digest, count))
        else:
            pending.append((label, path, path.parent.name, digest))
    size = sum(path.stat().st_size for _, path, _, _ in pending)
    with db.bulk() if size > BULK_BYTES else contextlib.nullcontext():
        for (label, _, organisation, digest), (sequence, verified, file_problems) in _verify_all(
            pending, snapshot, size
        ):
            problems += file_problems
            if not file_problems:
                db.add(digest, sequence, organisation, verified)
                batches.append(Batch(sequence, label, digest, len(verified.lines)))
    return batches


def _file_digest(prefix: bytes, path: Path) -> str:
    """The content address of a records file under the trust facts (prefix): SHA-256 of prefix + its bytes."""
    digest = hashlib.sha256(prefix)
    digest.update(path.read_bytes())
    return digest.hexdigest()


def _verify_all(pending: list, snapshot: Snapshot, size: int) -> Iterator[tuple[tuple, tuple[int, Verified, list]]]:
    """(job, result) for each pending file (size: their bytes), in order, as they are done."""
    workers = min(len(pending), os.cpu_count() or 1)
    if workers < 2 or size < PARALLEL_BYTES:
        for job in pending:
            yield job, _verify_file(*job[:3], snapshot)
        return
    with ProcessPoolExecutor(
        workers, mp_context=get_context("fork"), initializer=_init_worker, initargs=(snapshot,)
    ) as pool:
        # a few files in flight per worker, not all: results wait here only until they are stored
        window: deque = deque()
        for job in pending:
            window.append((job, pool.submit(_verify_in_worker, *job[:3])))
            if len(window) > IN_FLIGHT * workers:
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()


def _check_dates(label: str, latest: str, snapshot: Snapshot, problems: list[Problem]) -> None:
    """The one check a cached result does not cover: the snapshot date may have moved back."""
    if latest > snapshot.date:
        problems.append(problem("records.after_snapshot", label, 0, latest=latest, snapshot=snapshot.date))
