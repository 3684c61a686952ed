"""Pelican settings for the 1+X certificate portal (local build). publishconf.py overrides what publishing changes."""

import os
from pathlib import Path

from portal.dates import build_time
from portal.site.present import FILTERS

ROOT = Path(__file__).resolve().parent

SITENAME = "1+X 职业技能等级证书公共目录"
SITENAME_EN = "1+X Vocational Skill Certificate Portal"
SITEURL = ""
RELATIVE_URLS = False
DEFAULT_LANG = "zh-CN"
TIMEZONE = "Asia/Shanghai"

PATH = str(ROOT / "content")
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = []
THEME = str(ROOT / "theme")
OUTPUT_PATH = str(ROOT / "output")
DELETE_OUTPUT_DIRECTORY = True

PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# The portal writes its own home page, lists and feeds; Pelican's blog pages are not used.
DIRECT_TEMPLATES = []
INDEX_SAVE_AS = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
ARTICLE_SAVE_AS = ARTICLE_URL = ""
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = [
    "catalogue_pages",
    "compare_page",
    "policy_pages",
    "major_browser",
    "data_downloads",
    "catalogue_feed",
    # the registry's lookup store and log are written by processes of their own from when it is loaded: the
    # pages above and the next two render meanwhile, and registry_store waits for them after. The search index
    # comes after stats_page, whose context loads the registry, so that building it overlaps those processes
    # too instead of delaying the registry's verification on one core
    "stats_page",
    "search_index",
    "registry_store",
    "verify_page",
    "issue_page",
    "sitemap",
    "web_manifest",
    "cache_policy",
]

# Settings of the portal's plugins, in one namespace, with their defaults here.
PORTAL = {
    "DATA_PATH": str(ROOT / "data"),
    # The date the catalogue snapshot is published as (Atom <updated>, page footers, the day the registration
    # period is counted to): None is the China day of SNAPSHOT_ISSUED.
    "SNAPSHOT_DATE": None,
    # The registry root key every organisation key must be endorsed by. This is the DEMO root: its private half
    # is derived from a public phrase (portal/registry/issue/demo.py), so anyone can sign with it. publishconf.py refuses it.
    "REGISTRY_ROOT": {"public_key": "KWn79z7J7JasQBYZpOlKhL7o2wxelMvDX3WO2ZSSPq0", "demo": True},
    # Verified records files and the log's tiles, cached by content between builds.
    "CACHE_PATH": str(ROOT / ".cache"),
    # The transparency log (log/): its origin (the site's URL without scheme, then /log) and the key that signs its
    # checkpoint and verify/snapshot.json. "demo" is the DEMO log key, derived from a public phrase; publishconf.py
    # refuses it.
    "LOG_ORIGIN": "demo.1x-portal.invalid/log",
    "LOG_KEY": "demo",
    # When verify/snapshot.json is issued; verifiers trust it until expires = issued + 8 days
    # (vocab.SNAPSHOT_EXPIRES_DAYS). A local build issues it at build time, so the demo verifies on any day:
    # SOURCE_DATE_EPOCH when set (reproducible builds: same inputs and epoch, same bytes), else the clock, read here
    # and nowhere else. Publishing passes the deploy's time (publishconf.py).
    "SNAPSHOT_ISSUED": build_time(os.environ),
    "SNAPSHOT_EXPIRES": None,
    # Where readers report a problem: the repository's issue forms (.github/ISSUE_TEMPLATE/), e.g.
    # https://github.com/<owner>/<name>; the deploy workflow sets it. Empty: the report links lead to the contact page.
    "REPOSITORY": os.environ.get("PORTAL_REPOSITORY", ""),
}

JINJA_FILTERS = FILTERS
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}},
    "output_format": "html5",
}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
