"""The signed registry on the site: trust and revocation lists, lookup store, transparency log, signed snapshot.

verify/trust.json        pinned root, every endorsement and key revocation (with signatures), the log keys,
                         catalogue facts
verify/revocations.json  every record revocation (with signatures)
verify/records/          the lookup store (portal/registry/store/lookup_store.py); each row has its log index
verify/snapshot.json     the signed state: version, issued, expires, hashes of the lists above, the checkpoint
log/                     the transparency log (c2sp.org/tlog-tiles): checkpoint, vkey, tile/...
registry/                the page: keys, their validity and scope, records per certificate and level

Everything is verified in generate_context (portal/registry/store/loading.py), so a bad record stops the build before any
output is written. Nothing here names a holder.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from pelican import signals

from portal import urls
from portal.errors import DataError
from portal.files import link_tree, write_text_atomically
from portal.registry.issue.demo import NOTICE as DEMO_NOTICE
from portal.site import context as site
from portal.site.generator import PortalGenerator
from portal.vocab import KEY_REVOCATION_REASONS

logger = logging.getLogger(__name__)


class RegistryStore(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        self.registry = site.registry(self.settings)  # which starts the lookup store and the log

    def generate_output(self, writer) -> None:
        snapshot = self.registry.snapshot
        output = Path(self.output_path)
        publication = site.publication(self.settings)
        problems, index, written = site.lookup_store(self.settings)()
        if problems:
            raise DataError(problems)
        if self.portal["CACHE_PATH"]:  # written into the cache, linked from here
            link_tree(site.kept_store(self.portal), output / urls.verify_data() / "records")
        logger.info("lookup store: %d records, %d of %d shards written", index["count"], written, index["shards"])
        for path, text in publication.texts.items():  # index.json is the exact text the snapshot signs
            write_text_atomically(output / path, text)
        log = output / urls.log()
        link_tree(publication.log.folder / "tile", log / "tile")
        logger.info("log: %d tile files written", publication.log.written)
        write_text_atomically(log / "vkey", publication.vkey + "\n")
        write_text_atomically(log / "checkpoint", publication.checkpoint)
        counts = self.registry.tally("certificate", "level")
        revoked = Counter(r.organisation for r in snapshot.revocations.values())
        self.page(
            writer,
            urls.registry(),
            "registry.html",
            page_name="registry",
            snapshot=snapshot,
            counts=counts,
            revoked=revoked,
            store=index,
            demo_notice=DEMO_NOTICE if snapshot.root.demo else None,
            key_reasons=KEY_REVOCATION_REASONS,
        )


def get_generators(pelican):
    return RegistryStore


def register():
    signals.get_generators.connect(get_generators)
