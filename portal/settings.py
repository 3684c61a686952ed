"""The portal's settings (the PORTAL dict of pelicanconf.py): their defaults, checked up front, and the one reader of
a settings file for the command line. No Pelican here: the slim install (pip install without the site extra) signs
with the same settings."""

from __future__ import annotations

import runpy
from pathlib import Path

from portal.dates import china_day, moment
from portal.errors import SettingsError

DEFAULTS = {
    "DATA_PATH": "data",
    "SNAPSHOT_DATE": None,
    "REGISTRY_ROOT": None,
    "CACHE_PATH": None,
    "LOG_ORIGIN": None,
    "LOG_KEY": None,
    "SNAPSHOT_ISSUED": None,
    "SNAPSHOT_EXPIRES": None,
    "REPOSITORY": "",
}


def settings_of(pelican_settings: dict) -> dict:
    """The PORTAL settings with defaults, checked up front: the message names the key and what is expected."""
    given = pelican_settings.get("PORTAL", {})
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise SettingsError(f"PORTAL settings: unknown key(s) {unknown}; expected keys: {sorted(DEFAULTS)}")
    merged = {**DEFAULTS, **given}
    if merged["SNAPSHOT_DATE"] is None and merged["SNAPSHOT_ISSUED"]:
        merged["SNAPSHOT_DATE"] = china_day(moment(merged["SNAPSHOT_ISSUED"], "PORTAL['SNAPSHOT_ISSUED']"))
    date = merged["SNAPSHOT_DATE"]
    if not (isinstance(date, str) and len(date) == 10 and date[4] == date[7] == "-"):
        raise SettingsError(f"PORTAL['SNAPSHOT_DATE'] must be a date 'YYYY-MM-DD', got {date!r}")
    return merged


def portal_settings(path: str | Path) -> dict:
    """The PORTAL settings of a Pelican settings file (pelicanconf.py, publishconf.py or a test's): the one settings
    reader of the CLI. The file is run as Python, as Pelican runs it; Pelican itself is not needed, so that the slim
    install (signing only, no site extra) reads the same settings."""
    try:
        return settings_of(runpy.run_path(str(path)))
    except FileNotFoundError:
        raise SettingsError(f"no settings file {path}: run from the repository, or pass --settings") from None
