"""Settings for publishing: pelicanconf.py plus what a public deployment changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
