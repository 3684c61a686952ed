"""The issuer page (issue/) and the downloadable single file issue/issuer.html, where organisation staff sign their
exports offline (theme/issuer/, bundled by esbuild). Both carry what signing needs, in one JSON block: the signed
trust and revocation lists (the keys' endorsements, checked against the pinned root in the page), the catalogue's
certificate and organisation names, the log's next sequence, the batch names each organisation has used, and the
organisations' revocation files. Their policy allows no connection at all (connect-src 'none'); WebAssembly
(libsodium) needs 'wasm-unsafe-eval'.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals

from portal import urls
from portal.registry.log.ledger import next_sequence
from portal.site import context as site
from portal.site.bundle import bundle, json_block, script_block
from portal.site.generator import PortalGenerator
from portal.site.verify_page import Words, csp_hash
from portal.vocab import RECORD_REVOCATION_REASONS

# the site's page: its header's search box is a plain form to the search page (issue.html), its only way out
PAGE_CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'none'; manifest-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
SINGLE_CSP = (
    "default-src 'none'; script-src {script} 'wasm-unsafe-eval'; style-src {style}; img-src data: blob:; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'; object-src 'none'"
)


def issuer_data(publication, demo: bool, catalogue, data: Path) -> dict:
    """What the page signs with (see the module's doc)."""
    records = data / "records"
    return {
        "trust": publication.texts["verify/trust.json"],
        "revocations": publication.texts["verify/revocations.json"],
        "demo": demo,
        "sequence": next_sequence(data),
        "certificates": {
            cid: {"name": c["name"], "full_name": c["full_name"], "levels": list(c.get("levels") or [])}
            for cid, c in catalogue.certificates.items()
        },
        "organisations": {oid: o["name"] for oid, o in catalogue.organisations.items()},
        "taken": {folder.name: sorted(p.stem for p in folder.glob("*.yaml")) for folder in sorted(records.glob("*/"))},
        "revocation_files": {
            path.stem: path.read_text(encoding="utf-8") for path in sorted((data / "revocations").glob("*.yaml"))
        },
    }


class IssuePage(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        source = Path(self.theme) / "issuer"
        self.script = script_block(bundle(source / "page.js", cache=self.portal["CACHE_PATH"]), "issuer")
        self.words = Words.of_theme(Path(self.theme))
        self.css = (Path(self.theme) / "static" / "css" / "site.css").read_text(encoding="utf-8")

    def generate_output(self, writer) -> None:
        publication = site.publication(self.settings)
        trust = json.loads(publication.texts["verify/trust.json"])
        data = issuer_data(publication, trust["root"]["demo"], self.catalogue, Path(self.portal["DATA_PATH"]))
        site_url = self.settings["SITEURL"] if self.settings["SITEURL"].startswith(("https://", "http://")) else ""
        common = {
            "page_name": "issue",
            "root_key": trust["root"]["public_key"],
            "snapshot_date": trust["date"],
            "demo": data["demo"],
            "issuer_site_url": site_url,
            "issuer_json": json_block(data),
            "revocation_reasons": RECORD_REVOCATION_REASONS,
            "t": self.words,
        }
        folder = Path(self.output_path, urls.issue())
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "app.js").write_text(self.script, encoding="utf-8")
        self.page(writer, urls.issue(), "issue.html", csp=PAGE_CSP, **common)
        csp = SINGLE_CSP.format(script=csp_hash(self.script), style=csp_hash(self.css))
        self.page(
            writer, urls.single_issuer(), "issuer_single.html", css=self.css, script=self.script, csp=csp, **common
        )


def get_generators(pelican):
    return IssuePage


def register():
    signals.get_generators.connect(get_generators)
