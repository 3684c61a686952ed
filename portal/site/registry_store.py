"""The signed registry on the site: trust list, revocation list, sharded lookup store, and the registry page.

verify/trust.json        pinned root, every endorsement and key revocation (with signatures), catalogue facts
verify/revocations.json  every record revocation (with signatures)
verify/records/          the lookup store (portal/registry/lookup_store.py)
registry/                the page: keys, their validity and scope, records per certificate and level

Everything is verified in generate_context (portal/registry/store.py), so a bad record stops the build before any
output is written. Nothing here names a holder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pelican import signals

from portal import urls
from portal.registry.demo import NOTICE as DEMO_NOTICE
from portal.registry.lookup_store import write_store
from portal.registry.trust import published
from portal.registry.verify import DISPLAY
from portal.site import context as site
from portal.site.generator import PortalGenerator
from portal.vocab import KEY_REVOCATION_REASONS


class RegistryStore(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        self.registry = site.registry(self.settings)

    def generate_output(self, writer) -> None:
        snapshot = self.registry.snapshot
        trust, revocations = published(snapshot, DISPLAY)
        self.write_json(urls.verify_data() + "trust.json", trust)
        self.write_json(urls.verify_data() + "revocations.json", revocations)
        index = write_store(self.registry.rows, Path(self.output_path, urls.verify_data(), "records"))
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


def get_generators(pelican):
    return RegistryStore


def register():
    signals.get_generators.connect(get_generators)
