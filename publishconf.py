"""Settings for publishing: pelicanconf.py plus what a public deployment changes."""

import os
import runpy
from pathlib import Path

import yaml

from portal.registry.issue import demo
from portal.registry.keys.signing import b64url

# pelicanconf.py beside this file, read by path (not imported from the current directory)
globals().update(
    {k: v for k, v in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items() if k.isupper()}
)

SITEURL = os.environ.get("PORTAL_SITEURL", "")

# A public site must pin the real registry root, never the demo one (whose private key anyone can derive).
_root = os.environ.get("PORTAL_ROOT_PUBLIC_KEY", "")
if not _root or _root == PORTAL["REGISTRY_ROOT"]["public_key"]:  # noqa: F821 - set from pelicanconf.py above
    raise SystemExit(
        "publishconf.py: refusing to publish with the DEMO registry root key. Set PORTAL_ROOT_PUBLIC_KEY "
        "to the base64url public key of the real registry root (x1portal registry keygen)."
    )
# The log key signs log/checkpoint and verify/snapshot.json: its seed comes from the deploy workflow's secret
# PORTAL_LOG_KEY (base64url), never from the repository; the demo log key is refused like the demo root.
_log_key = os.environ.get("PORTAL_LOG_KEY", "")
if not _log_key or _log_key == "demo":
    raise SystemExit(
        "publishconf.py: refusing to publish with the DEMO log key. Set the secret PORTAL_LOG_KEY to the real log "
        "key's seed (base64url; see docs/deploy.md) and endorse it with `x1portal registry endorse --log`."
    )
# A public log is cosigned by independent witnesses (docs/guides/witness.md): the root-signed data/witnesses.yaml
# names at least one, with a quorum of at least 1, and none of the demo witnesses (whose keys anyone can derive).
_policy_path = Path(PORTAL["DATA_PATH"]) / "witnesses.yaml"  # noqa: F821
_policy = yaml.safe_load(_policy_path.read_text(encoding="utf-8")) if _policy_path.exists() else None
_demo_witnesses = {b64url(demo.public_key(name)) for name in demo.WITNESSES}
if not (isinstance(_policy, dict) and isinstance(_policy.get("quorum"), int) and _policy["quorum"] >= 1):
    raise SystemExit(
        "publishconf.py: refusing to publish a log that no independent witness cosigns. Have independent parties "
        "run witnesses (docs/guides/witness.md), then sign data/witnesses.yaml with `x1portal registry witnesses`."
    )
if any(w.get("public_key") in _demo_witnesses for w in _policy.get("witnesses", [])):
    raise SystemExit("publishconf.py: refusing to publish with a DEMO witness in data/witnesses.yaml")
# When this snapshot is issued: passed in by the workflow (the deploy's time), never read from the clock here.
_issued = os.environ.get("PORTAL_SNAPSHOT_ISSUED", "")
if not _issued:
    raise SystemExit("publishconf.py: set PORTAL_SNAPSHOT_ISSUED to the deploy's time, e.g. 2026-11-24T10:00:00+08:00")
_site = SITEURL.split("://", 1)[-1].rstrip("/")
PORTAL = {
    **PORTAL,  # noqa: F821
    "REGISTRY_ROOT": {"public_key": _root, "demo": False},
    "LOG_ORIGIN": f"{_site}/log",
    "LOG_KEY": _log_key,
    "SNAPSHOT_ISSUED": _issued,
    "SNAPSHOT_EXPIRES": None,  # issued + 8 days
}
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
