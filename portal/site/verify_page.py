"""The verify page (verify/), its service worker, and the single-file offline verifier (verify/verifier.html).

The verifier's source is plain ES modules in theme/verifier/ (tested directly by Node). Here esbuild, from npm
(node_modules, installed by `npm ci`), bundles them: verify/app.js for the page, verify/batch/app.js for the batch
page, verify/qr-decode.js (jsQR) loaded only when a picture is read, and one bundle inlined into verifier.html with
the trust and revocation lists, so that file works opened from disk. Both pages carry a strict Content-Security-Policy: scripts from this site or, in the
single file, only the inline ones whose SHA-256 is listed.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from pelican import signals

from portal import urls
from portal.registry.store.publication import TRUSTED_FILES
from portal.site import context as site
from portal.site.bundle import bundle, json_block, script_block
from portal.site.generator import PortalGenerator

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "base-uri 'none'; form-action 'self'; object-src 'none'"
)
# the single file: nothing but its own inline script and style; it fetches nothing but, from a published site (an
# absolute SITEURL), that site's verify/ files, to offer a newer signed snapshot when it is online
SINGLE_CSP = (
    "default-src 'none'; script-src {script}; style-src {style}; img-src data: blob:; "
    "media-src blob: mediastream:; connect-src {connect}; base-uri 'none'; form-action 'none'; object-src 'none'"
)
# what the service worker stores on install, relative to verify/; every script of theme/static/js is added, since
# the page's header (main.js) imports them
OFFLINE_ASSETS = [
    "./",
    "app.js",
    "qr-decode.js",
    "batch/",
    "batch/app.js",
    "trust.json",
    "revocations.json",
    "snapshot.json",
    "records/index.json",
    "../theme/css/site.css",
    "../theme/favicon.svg",
]


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class Words:
    """t(key, **values) in templates: a message of theme/verifier/messages/zh.json with its {values} filled in."""

    def __init__(self, catalogue: dict[str, str]) -> None:
        self.catalogue = catalogue

    @classmethod
    def of_theme(cls, theme: Path) -> Words:
        """The Chinese catalogue of theme/verifier/messages/, which the verify and issuer pages' scripts share."""
        return cls(json.loads((theme / "verifier" / "messages" / "zh.json").read_text(encoding="utf-8")))

    def __call__(self, key: str, **values: object) -> str:
        if key not in self.catalogue:
            raise KeyError(f"theme/verifier/messages/zh.json has no message {key!r} (a template asks for it)")
        return self.catalogue[key].format_map(values)


class VerifyPage(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        self.source = Path(self.theme) / "verifier"
        self.static = Path(self.theme) / "static"
        self.site_scripts = sorted((self.static / "js").glob("*.js"))
        cache = self.portal["CACHE_PATH"]
        self.page_js = bundle(self.source / "page.js", external=("./qr-decode.js",), cache=cache)
        self.batch_js = bundle(self.source / "batch-page.js", external=("../qr-decode.js",), cache=cache)
        self.decoder_js = bundle(self.source / "qr-decode.js", cache=cache)
        self.single_js = script_block(bundle(self.source / "single.js", cache=cache), "single-file verifier")
        # the Chinese words of the pages, from the catalogue the verifier's scripts switch languages with
        self.words = Words.of_theme(Path(self.theme))

    def generate_output(self, writer) -> None:
        publication = site.publication(self.settings)  # here, not in the context: the log is written meanwhile
        self.trust = json.loads(publication.texts["verify/trust.json"])
        # the single file carries the signed snapshot and the exact text of every list it covers
        self.signed_lists = {
            "snapshot": publication.texts["verify/snapshot.json"],
            "texts": {path: publication.texts[path] for path in TRUSTED_FILES},
        }
        folder = Path(self.output_path, urls.verify())
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "app.js").write_text(self.page_js, encoding="utf-8")
        (folder / "qr-decode.js").write_text(self.decoder_js, encoding="utf-8")
        common = {
            "page_name": "verify",
            "root_key": self.trust["root"]["public_key"],
            "log_origin": self.trust["log"]["origin"],  # pinned like the root: a staging log is refused
            "snapshot_date": self.trust["date"],
            "demo": self.trust["root"]["demo"],
            "t": self.words,
        }
        self.page(writer, urls.verify(), "verify.html", csp=PAGE_CSP, **common)
        batch = Path(self.output_path, urls.verify_batch())
        batch.mkdir(parents=True, exist_ok=True)
        (batch / "app.js").write_text(self.batch_js, encoding="utf-8")
        self.page(writer, urls.verify_batch(), "verify_batch.html", csp=PAGE_CSP, **common)
        css = (self.static / "css" / "site.css").read_text(encoding="utf-8")
        site_url = self.settings["SITEURL"] if self.settings["SITEURL"].startswith("https://") else ""
        self.page(
            writer,
            urls.single_verifier(),
            "verifier_single.html",
            css=css,
            script=self.single_js,
            signed_lists_json=json_block(self.signed_lists),
            site_url=site_url,
            csp=SINGLE_CSP.format(
                script=csp_hash(self.single_js),
                style=csp_hash(css),
                connect=f"{site_url}/{urls.verify()}" if site_url else "'none'",
            ),
            **common,
        )
        pages = [
            (folder / "index.html").read_text(encoding="utf-8"),
            (batch / "index.html").read_text(encoding="utf-8"),
        ]
        (folder / "sw.js").write_text(self.service_worker(pages, css), encoding="utf-8")

    def service_worker(self, pages: list[str], css: str) -> str:
        """sw.js with a version that changes whenever anything it stores changes."""
        version = hashlib.sha256()
        for part in (
            *pages,
            self.page_js,
            self.batch_js,
            self.decoder_js,
            json_block(self.signed_lists),
            css,
            *(path.read_text(encoding="utf-8") for path in self.site_scripts),
        ):
            version.update(part.encode("utf-8"))
        template = (self.source / "sw.js").read_text(encoding="utf-8")
        return template.replace("'__VERSION__'", repr(version.hexdigest()[:16])).replace(
            "__ASSETS__", json.dumps(OFFLINE_ASSETS + [f"../theme/js/{path.name}" for path in self.site_scripts])
        )


def get_generators(pelican):
    return VerifyPage


def register():
    signals.get_generators.connect(get_generators)
