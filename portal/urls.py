"""Every page's URL, in one place. A URL is a path relative to the site root ending in '/'; its file is index.html."""

from __future__ import annotations


def home() -> str:
    return ""


def certificates() -> str:
    return "certificates/"


def certificate(cid: str) -> str:
    return f"certificates/{cid}/"


def certificate_filter(facet: str, value: object) -> str:
    return f"certificates/{facet}/{value}/"


def organisations() -> str:
    return "organisations/"


def organisation(oid: str) -> str:
    return f"organisations/{oid}/"


def standards() -> str:
    return "standards/"


def standard(sid: str) -> str:
    return f"standards/{sid}/"


def batch(number: int) -> str:
    return f"batches/{number}/"


def policies() -> str:
    return "policies/"


def policy(did: str) -> str:
    return f"policies/{did}/"


def majors() -> str:
    return "majors/"


def majors_level(level: str) -> str:
    return f"majors/{level}/"


def major(level: str, code: str) -> str:
    """A 大类, 专业类 or 专业 of one education level."""
    return f"majors/{level}/{code}/"


def majors_all() -> str:
    return "majors/all/"


def data() -> str:
    return "data/"


def save_as(url: str) -> str:
    """The file of a URL: a folder URL's index.html, or the file a URL names (verify/verifier.html)."""
    return url + "index.html" if url.endswith("/") or not url else url


def stats() -> str:
    return "stats/"


def stats_chart(name: str) -> str:
    """A chart of the statistics page (SVG), or a small chart of an organisation or certificate page."""
    return f"stats/{name}.svg"


def registry() -> str:
    return "registry/"


def verify() -> str:
    """The verify page; a certificate's QR code links here with the credential in the fragment."""
    return "verify/"


def verify_batch() -> str:
    """The batch page: a whole intake's credentials, QR images and tables of candidates at once."""
    return "verify/batch/"


def single_verifier() -> str:
    return "verify/verifier.html"


def issue() -> str:
    """The issuer page: organisation staff sign their exports here, offline."""
    return "issue/"


def single_issuer() -> str:
    return "issue/issuer.html"


def log() -> str:
    """The transparency log's prefix (c2sp.org/tlog-tiles): checkpoint, vkey, tile/..."""
    return "log/"


def verify_data() -> str:
    """The folder of the published trust list, revocation list and lookup store."""
    return "verify/"


def search() -> str:
    return "search/"


def search_part(name: str) -> str:
    """One part of the search index (portal/search/index.py search_data names them)."""
    return f"search/{name}"


def search_index() -> str:
    """The index's first part: what each result shows, the query rules and the first index (JSON)."""
    return search_part("index.json")


def search_script() -> str:
    """The search page's and header box's bundle, loaded on demand."""
    return "search/search.js"


def search_worker() -> str:
    """The search worker's bundle (lunr included): loads the index and answers queries off the main thread."""
    return "search/worker.js"


def compare() -> str:
    """Certificates side by side; the choice is in the query (?c=<id>&c=<id>)."""
    return "compare/"


def compare_data() -> str:
    return "compare/certificates.json"
