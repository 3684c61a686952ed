"""What the plugins share during one Pelican run: the portal settings and the loaded catalogue."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from pelican import signals

from portal import urls
from portal.catalogue.loader import load
from portal.catalogue.model import Catalogue
from portal.dates import moment
from portal.errors import DataError, SettingsError
from portal.registry.issue import demo
from portal.registry.keys.signing import from_b64url, key_id_of, public_key_of
from portal.registry.keys.trust import Root
from portal.registry.log.note import Verifier
from portal.registry.log.witness import Submit, Witness, http_submit
from portal.registry.store.background import APART
from portal.registry.store.loading import Registry, load_registry
from portal.registry.store.lookup_store import start_store
from portal.registry.store.publication import Log, Publication, publish, start_log
from portal.registry.validity.steps import DISPLAY
from portal.settings import settings_of

_loaded: dict[tuple, Catalogue] = {}
_registries: dict[tuple, Registry] = {}
_stamps: dict[Path, tuple] = {}  # of this run (reset)
_publications: list[Publication] = []  # of this run (reset)
_writers: dict[str, Callable] = {}  # this run's lookup store and log (reset), _start_writers
_scratch: list[tempfile.TemporaryDirectory] = []  # the log's folders of builds without a cache, removed at exit


def stamps(root: Path) -> tuple:
    """(path, modification time) of every file of data/, read once per run (10^6 records are 200 files)."""
    if root not in _stamps:
        _stamps[root] = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))
    return _stamps[root]


def catalogue(pelican_settings: dict) -> Catalogue:
    """Load and validate data/ once, again only when a file of it changed (keyed by the files' modification
    times)."""
    root = Path(settings_of(pelican_settings)["DATA_PATH"])
    key = (str(root.resolve()), stamps(root))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load(root)
    return _loaded[key]


def catalogue_digest(pelican_settings: dict) -> bytes:
    """SHA-256 of every file of data/ the catalogue is made from (not the registry's: records, keys, revocations)."""
    root = Path(settings_of(pelican_settings)["DATA_PATH"])
    digest = hashlib.sha256()
    for name, _ in stamps(root):  # the run's listing of data/, sorted
        path = Path(name)
        if path.relative_to(root).parts[0] not in REGISTRY_FOLDERS:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


REGISTRY_FOLDERS = {"records", "revocations", "keys", "log-keys"}


def registry(pelican_settings: dict) -> Registry:
    """Load and verify the signed registry once per run (after the catalogue it is checked against)."""
    portal = settings_of(pelican_settings)
    if portal["REGISTRY_ROOT"] is None:
        raise SettingsError("PORTAL['REGISTRY_ROOT'] is not set: pin the registry root public key in the settings")
    root = Root.of_setting(portal["REGISTRY_ROOT"])
    data = Path(portal["DATA_PATH"])
    found = catalogue(pelican_settings)
    key = (str(data.resolve()), root.public_key, portal["SNAPSHOT_DATE"], tuple(_loaded))
    if key not in _registries:
        _registries.clear()
        cache = Path(portal["CACHE_PATH"]) if portal["CACHE_PATH"] else None
        origin = portal["LOG_ORIGIN"]
        if not origin:
            raise SettingsError(
                "PORTAL['LOG_ORIGIN'] is not set: the log's origin, the site's URL without scheme + /log"
            )
        # with a cache, the lookup-id checks run with the lookup store (lookup_store), apart for a large registry
        _registries[key] = load_registry(data, found, root, portal["SNAPSHOT_DATE"], cache, origin, defer=bool(cache))
    if not _writers:
        _start_writers(_registries[key], pelican_settings)
    return _registries[key]


def _start_writers(found: Registry, pelican_settings: dict) -> None:
    """The lookup store (its lookup-id checks, then its shards) and the log's tiles, started as soon as the
    registry is loaded, each in a process of its own for a large registry with a cache, so that they are written
    while the pages are (lookup_store.start_store, publication.start_log). With a cache, the shards go into its
    store/records/ and the tiles into its log/<log key id>/, where the next build appends to them; without, the
    shards go into the output and the tiles into a temporary folder."""
    portal = settings_of(pelican_settings)
    apart = bool(portal["CACHE_PATH"]) and found.count >= APART
    if portal["CACHE_PATH"]:
        shards = kept_store(portal)
        tiles = Path(portal["CACHE_PATH"]) / "log" / key_id_of(public_key_of(log_seed(portal["LOG_KEY"])))
    else:
        shards = Path(pelican_settings["OUTPUT_PATH"]) / urls.verify_data() / "records"
        _scratch.append(tempfile.TemporaryDirectory(prefix="x1portal-log-"))
        tiles = Path(_scratch[-1].name)
    _writers["store"] = start_store(found, shards, apart)
    _writers["log"] = start_log(found, tiles, apart)


def lookup_store(pelican_settings: dict) -> Callable[[], tuple[list, dict, int]]:
    """Waits for the lookup store (_start_writers): (problems, index.json's content, shards written)."""
    registry(pelican_settings)
    return _writers["store"]


def kept_store(portal: dict) -> Path:
    return Path(portal["CACHE_PATH"]) / "store" / "records"


@signals.initialized.connect
def reset(pelican) -> None:
    """A run writes its own lookup store and log: what an earlier run in this process made is not reused (the
    catalogue and the registry are, keyed by their files)."""
    _writers.clear()
    _publications.clear()
    _stamps.clear()


def log_seed(setting: str | None) -> bytes:
    """PORTAL['LOG_KEY']: 'demo' (the demo log key, derived from a public phrase) or the private key's seed in
    base64url (publishconf.py reads it from the deploy workflow's secret)."""
    if setting == "demo":
        return demo.seed("log")
    try:
        return from_b64url(setting or "", 32)
    except ValueError:
        raise SettingsError(
            "PORTAL['LOG_KEY'] must be 'demo' or the log key's 32-byte seed in base64url "
            "(x1portal registry export-seed prints it, for the deploy secret)"
        ) from None


def publication(pelican_settings: dict) -> Publication:
    """The signed published state (log checkpoint, snapshot and the exact lists it covers), made once per run,
    when the log's tiles are written (log_writing)."""
    portal = settings_of(pelican_settings)
    if not _publications:
        log = log_writing(pelican_settings)()
        problems, store, _ = lookup_store(pelican_settings)()
        if problems:
            raise DataError(problems)
        seed = log_seed(portal["LOG_KEY"])
        found = registry(pelican_settings)
        issued, expires = portal["SNAPSHOT_ISSUED"], portal["SNAPSHOT_EXPIRES"]
        witnesses = witness_submitters(found, seed, moment(issued, "PORTAL['SNAPSHOT_ISSUED']"))
        _publications.append(publish(found, DISPLAY, seed, issued, expires, log, store, witnesses))
    return _publications[0]


def witness_submitters(registry: Registry, seed: bytes, issued: dt.datetime) -> dict[str, Submit]:
    """How the deploy reaches each witness of the policy: over HTTPS at its url. The demo's witnesses (a demo root,
    no url) are run here, each with a fresh state and the snapshot's issue time as its clock, so `make serve` goes
    through the whole add-checkpoint exchange."""
    snapshot = registry.snapshot
    log = Verifier(snapshot.log_origin, public_key_of(seed))
    submit: dict[str, Submit] = {}
    for w in snapshot.witnesses.witnesses:
        if w.url:
            submit[w.name] = http_submit(w.url)
        elif snapshot.root.demo and w.name in demo.WITNESSES:
            state = tempfile.TemporaryDirectory(prefix="x1portal-witness-")
            _scratch.append(state)
            witness = Witness(w.name, demo.seed(w.name), [log], Path(state.name), lambda: issued)
            submit[w.name] = lambda body, witness=witness: witness.add_checkpoint(body.encode())
    return submit


def log_writing(pelican_settings: dict) -> Callable[[], Log]:
    """Waits for the log's tiles (_start_writers)."""
    registry(pelican_settings)
    return _writers["log"]
