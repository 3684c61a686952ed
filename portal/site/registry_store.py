"""The signed registry on the site: trust and revocation lists, lookup store, transparency log, signed snapshot.

verify/trust.json        pinned root, every endorsement and key revocation (with signatures), the log keys,
                         catalogue facts
verify/revocations.json  every record revocation (with signatures)
verify/records/          the lookup store (portal/registry/lookup_store.py); each row has its log index
verify/snapshot.json     the signed state: version, issued, expires, hashes of the lists above, the checkpoint
log/                     the transparency log (c2sp.org/tlog-tiles): checkpoint, vkey, tile/...
registry/                the page: keys, their validity and scope, records per certificate and level

Everything is verified in generate_context (portal/registry/store.py), so a bad record stops the build before any
output is written. Nothing here names a holder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections import Counter
from pathlib import Path

from pelican import signals

from portal import urls
from portal.files import write_text_atomically
from portal.registry.demo import NOTICE as DEMO_NOTICE
from portal.registry.lookup_store import write_store
from portal.registry.tlog import write_tiles
from portal.site import context as site
from portal.site.generator import PortalGenerator
from portal.vocab import KEY_REVOCATION_REASONS

logger = logging.getLogger(__name__)


class RegistryStore(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        self.registry = site.registry(self.settings)
        self.publication = site.publication(self.settings)

    def generate_output(self, writer) -> None:
        snapshot = self.registry.snapshot
        output = Path(self.output_path)
        publication = self.publication
        index = write_store(self.registry.rows, output / urls.verify_data() / "records", publication.positions)
        for path, text in publication.texts.items():  # after the store: index.json is the exact text signed
            write_text_atomically(output / path, text)
        self.write_log(output / urls.log())
        counts = Counter((row.certificate, row.level) for row in self.registry.rows)
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

    def write_log(self, folder: Path) -> None:
        """log/: tiles kept in the cache between builds (only the right edge is rewritten) and linked into the
        output, then the vkey and, last, the checkpoint."""
        publication = self.publication
        cache = self.portal["CACHE_PATH"]
        tiles = Path(cache) / "log" / hashlib.sha256(publication.vkey.encode()).hexdigest()[:16] if cache else folder
        written = write_tiles(tiles, publication.entries, publication.levels)
        logger.info("log: %d entries, %d tile files written", len(publication.entries), len(written))
        if tiles != folder:
            for source in sorted((tiles / "tile").rglob("*")):
                if source.is_file():
                    target = folder / source.relative_to(tiles)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(source, target)
                    except OSError:
                        shutil.copyfile(source, target)
        write_text_atomically(folder / "vkey", publication.vkey + "\n")
        write_text_atomically(folder / "checkpoint", publication.checkpoint)


def get_generators(pelican):
    return RegistryStore


def register():
    signals.get_generators.connect(get_generators)
