"""Settings for publishing: pelicanconf.py plus what a public deployment changes."""

import os
import runpy
from pathlib import Path

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
PORTAL = {**PORTAL, "REGISTRY_ROOT": {"public_key": _root, "demo": False}}  # noqa: F821
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
