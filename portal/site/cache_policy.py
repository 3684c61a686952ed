"""How long browsers and CDNs may keep each published file: one policy, written into the site as `_headers` (the
format Netlify and Cloudflare Pages read) and applied by `x1portal deploy` when it uploads to object storage.

- the log's tiles and entry bundles never change, partial ones included (c2sp.org/tlog-tiles: "immutable, so its
  caching headers SHOULD be long-lived"): a year, immutable;
- the lookup store's shards change when records are added: a few minutes;
- what a verifier trusts first and what points at everything else (the signed snapshot, the lists it hashes, the
  log's checkpoint: "SHOULD prevent caching beyond a few seconds"): revalidated on every use;
- pages and assets (their names carry no content hash): ten minutes.

RULES is also the upload order: content first, the signed state that refers to it last, so a reader never sees a
snapshot or checkpoint ahead of the files it covers.

SECURITY headers go on every path, in a block of their own (their names appear in no other block): no page may be
framed (a <meta> CSP cannot say frame-ancestors), no type is sniffed, no address leaks in a Referer, and no page
asks for the camera but the verify page, whose scanner uses it.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import NamedTuple

from pelican import signals

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=600"
REVALIDATE = "no-cache"


class Rule(NamedTuple):
    pattern: str  # a site path; * matches within a path segment and across them (fnmatch), as in _headers
    cache_control: str
    content_type: str = ""  # set only where the default guess is wrong


EVERYTHING_ELSE = Rule("/*", SHORT)
RULES = [
    Rule("/log/tile/*", IMMUTABLE),
    Rule("/verify/records/*/*", "public, max-age=300"),
    EVERYTHING_ELSE,
    Rule("/verify/trust.json", REVALIDATE),
    Rule("/verify/revocations.json", REVALIDATE),
    Rule("/verify/records/index.json", REVALIDATE),
    Rule("/log/vkey", REVALIDATE, "text/plain; charset=utf-8"),
    Rule("/verify/snapshot.json", REVALIDATE),
    Rule("/log/checkpoint", REVALIDATE, "text/plain; charset=utf-8"),
]
EXACT = [rule for rule in RULES if "*" not in rule.pattern]
SECURITY = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def rule_for(path: str) -> Rule:
    """The rule of a site path ("/log/checkpoint"): an exact one, else the first pattern that matches."""
    for rule in EXACT:
        if rule.pattern == path:
            return rule
    return next(rule for rule in RULES if "*" in rule.pattern and fnmatch.fnmatchcase(path, rule.pattern))


def headers_file() -> str:
    """_headers: the security headers for every path, then every cache rule but the one for everything else (the
    host's default stands there). A host that reads the file applies every block that matches a path, joining the
    values of a header given twice (Cloudflare Pages), so no header is given by two blocks that match one path."""
    blocks = ["/*\n" + "\n".join(f"  {name}: {value}" for name, value in SECURITY.items())]
    for rule in [r for r in RULES if r is not EVERYTHING_ELSE]:
        lines = [rule.pattern, f"  Cache-Control: {rule.cache_control}"]
        if rule.content_type:
            lines.append(f"  Content-Type: {rule.content_type}")
        blocks.append("\n".join(lines))
    return "# 缓存策略（portal/site/cache_policy.py 生成）/ cache policy, generated\n" + "\n".join(blocks) + "\n"


def write_headers(pelican) -> None:
    Path(pelican.output_path, "_headers").write_text(headers_file(), encoding="utf-8")


def register():
    signals.finalized.connect(write_headers)
