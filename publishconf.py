"""Settings for publishing: pelicanconf.py plus what a public deployment changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "")

# A public site must pin the real registry root, never the demo one (whose private key anyone can derive).
_root = os.environ.get("PORTAL_ROOT_PUBLIC_KEY", "")
if not _root or _root == PORTAL["REGISTRY_ROOT"]["public_key"]:  # noqa: F405
    raise SystemExit("publishconf.py: refusing to publish with the DEMO registry root key. Set PORTAL_ROOT_PUBLIC_KEY "
                     "to the base64url public key of the real registry root (scripts/registry.py keygen).")
PORTAL = {**PORTAL, "REGISTRY_ROOT": {"public_key": _root, "demo": False}}  # noqa: F405
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
