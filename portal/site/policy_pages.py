"""One page per policy document, and the list of documents."""

from __future__ import annotations

from pelican import signals

from portal import urls
from portal.site.generator import PortalGenerator


class PolicyPages(PortalGenerator):
    def generate_output(self, writer) -> None:
        cat = self.catalogue
        self.page(writer, urls.policies(), "policies.html", page_name="policies")
        for doc in cat.documents.values():
            cited_by = [c for c in cat.certificates.values() if any(s["document"] == doc["id"] for s in c["sources"])]
            batches = [
                b
                for b in cat.batches.values()
                if any(
                    (b[k] or {}).get("document") == doc["id"] for k in ("announcement", "confirmation", "launch_notice")
                )
            ]
            self.page(
                writer,
                urls.policy(doc["id"]),
                "policy.html",
                document=doc,
                cited_by=cited_by,
                batches=batches,
                page_name="policies",
            )


def get_generators(pelican):
    return PolicyPages


def register():
    signals.get_generators.connect(get_generators)
