"""What the plugins share during one Pelican run: the portal settings and the loaded catalogue."""

from __future__ import annotations

from pathlib import Path

from .catalogue import Catalogue
from .loader import load

DEFAULTS = {"DATA_PATH": "data", "SNAPSHOT_DATE": None}
_loaded: dict[tuple, Catalogue] = {}


def settings_of(pelican_settings: dict) -> dict:
    """The PORTAL settings with defaults, checked up front: the message names the key and what is expected."""
    given = pelican_settings.get("PORTAL", {})
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"PORTAL settings: unknown key(s) {unknown}; expected keys: {sorted(DEFAULTS)}")
    merged = {**DEFAULTS, **given}
    date = merged["SNAPSHOT_DATE"]
    if not (isinstance(date, str) and len(date) == 10 and date[4] == date[7] == "-"):
        raise ValueError(f"PORTAL['SNAPSHOT_DATE'] must be a date 'YYYY-MM-DD', got {date!r}")
    return merged


def catalogue(pelican_settings: dict) -> Catalogue:
    """Load and validate data/ once per run (keyed by the folder and its files' modification times)."""
    root = Path(settings_of(pelican_settings)["DATA_PATH"])
    key = (str(root.resolve()), tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file())))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load(root)
    return _loaded[key]
