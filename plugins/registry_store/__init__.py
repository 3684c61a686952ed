"""The signed registry on the site: trust list, revocation list, sharded lookup store, and the registry page.

verify/trust.json        pinned root, every endorsement and key revocation (with signatures), catalogue facts
verify/revocations.json  every record revocation (with signatures)
verify/records/          the lookup store (portal/lookup_store.py)
registry/                the page: keys, their validity and scope, records per certificate and level

Everything is verified in generate_context (portal/registry.py), so a bad record stops the build before any
output is written. Nothing here names a holder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pelican import signals

from portal import site, urls
from portal.demo import NOTICE as DEMO_NOTICE
from portal.lookup_store import write_store
from portal.pages import PortalGenerator
from portal.trust import KEY_REVOCATION_REASONS, RECORD_REVOCATION_REASONS
from portal.verify import STEPS

TRUST_FORMAT = "1x-portal/trust/v1"
REVOCATIONS_FORMAT = "1x-portal/revocations/v1"


def trust_list(snapshot) -> dict:
    return {"format": TRUST_FORMAT, "date": snapshot.date,
            "root": {"key": snapshot.root.key, "public_key": snapshot.root.public_key_b64, "demo": snapshot.root.demo},
            "keys": [e.to_data() for e in snapshot.keys.values()],
            "certificates": {cid: c for cid, c in snapshot.certificates.items() if c["levels"]},
            "organisations": snapshot.organisations, "steps": STEPS,
            "reasons": {"key": KEY_REVOCATION_REASONS, "record": RECORD_REVOCATION_REASONS}}


class RegistryStore(PortalGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        self.registry = site.registry(self.settings)

    def generate_output(self, writer) -> None:
        snapshot = self.registry.snapshot
        self.write_json(urls.verify_data() + "trust.json", trust_list(snapshot))
        self.write_json(urls.verify_data() + "revocations.json", {
            "format": REVOCATIONS_FORMAT, "date": snapshot.date,
            "revocations": [{"organisation": r.organisation, **r.to_data()} for r in snapshot.revocations.values()]})
        index = write_store(self.registry.rows, Path(self.output_path, urls.verify_data(), "records"))
        counts = Counter((row[3], row[4]) for row in self.registry.rows)
        revoked = Counter(r.organisation for r in snapshot.revocations.values())
        self.page(writer, urls.registry(), "registry.html", page_name="registry", snapshot=snapshot, counts=counts,
                  revoked=revoked, store=index, demo_notice=DEMO_NOTICE if snapshot.root.demo else None,
                  key_reasons=KEY_REVOCATION_REASONS)


def get_generators(pelican):
    return RegistryStore


def register():
    signals.get_generators.connect(get_generators)
