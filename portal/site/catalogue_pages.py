"""Home, certificate list with filter pages, certificate, organisation, standard and batch pages, and the 404."""

from __future__ import annotations

from pelican import signals

from portal import urls
from portal.site.generator import PortalGenerator
from portal.vocab import LEVEL_NAMES, STATE_NAMES

UNKNOWN_LEVELS = "unknown"


class CataloguePages(PortalGenerator):
    def generate_output(self, writer) -> None:
        cat = self.catalogue
        certs = list(cat.certificates.values())
        facets = self.facets()
        self.page(writer, urls.home(), "home.html", page_name="home")
        self.page(
            writer,
            urls.certificates(),
            "certificates.html",
            certificates=certs,
            facets=facets,
            active=None,
            page_name="certificates",
        )
        for facet in facets:
            for option in facet["options"]:
                chosen = [c for c in certs if option["value"] in self.values(facet["key"], c)]
                self.page(
                    writer,
                    option["url"],
                    "certificates.html",
                    certificates=chosen,
                    facets=facets,
                    active=(facet, option),
                    page_name="certificates",
                )
        for cert in certs:
            self.page(
                writer,
                urls.certificate(cert["id"]),
                "certificate.html",
                certificate=cert,
                organisations=cat.organisations_of(cert),
                standard=cat.standard_of(cert),
                exam_form=cat.exam_form(cert),
                field=cat.field_of(cert),
                page_name="certificates",
            )
        self.page(writer, urls.organisations(), "organisations.html", page_name="organisations")
        for org in cat.organisations.values():
            self.page(
                writer,
                urls.organisation(org["id"]),
                "organisation.html",
                organisation=org,
                certificates=cat.certificates_of(org["id"]),
                page_name="organisations",
            )
        self.page(writer, urls.standards(), "standards.html", page_name="standards")
        for standard in cat.standards.values():
            self.page(
                writer,
                urls.standard(standard["id"]),
                "standard.html",
                standard=standard,
                certificate=cat.certificates[standard["certificate"]],
                page_name="standards",
            )
        for batch in cat.batches.values():
            self.page(
                writer,
                urls.batch(batch["number"]),
                "batch.html",
                batch=batch,
                certificates=cat.certificates_in(batch["number"]),
                page_name="certificates",
            )
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False, page_url="404.html")

    def values(self, key: str, cert: dict) -> list:
        """The facet values of one certificate (a certificate whose levels are unknown has the value 'unknown')."""
        if key == "batch":
            return [cert["batch"]]
        if key == "field":
            return [self.catalogue.field_of(cert).code]
        if key == "organisation":
            return [o["id"] for o in self.catalogue.organisations_of(cert)]
        if key == "level":
            return cert["levels"] or [UNKNOWN_LEVELS]
        return [cert["status"]["state"]]

    def facets(self) -> list[dict]:
        cat = self.catalogue
        certs = list(cat.certificates.values())

        def options(key: str, labels: dict) -> list[dict]:
            counts: dict = {}
            for cert in certs:
                for value in self.values(key, cert):
                    counts[value] = counts.get(value, 0) + 1
            return [
                {"value": v, "label": labels[v], "count": counts[v], "url": urls.certificate_filter(key, v)}
                for v in labels
                if v in counts
            ]

        return [
            {
                "key": "batch",
                "label": "批次",
                "options": options("batch", {n: b["name"] for n, b in cat.batches.items()}),
            },
            {
                "key": "field",
                "label": "领域（编辑整理）",
                "options": options("field", {f.code: f.name for f in cat.fields()}),
            },
            {"key": "level", "label": "等级", "options": options("level", {**LEVEL_NAMES, UNKNOWN_LEVELS: "等级未知"})},
            {
                "key": "status",
                "label": "状态",
                "options": options("status", {k: STATE_NAMES[k] for k in ("confirmed", "proposed", "withdrawn")}),
            },
            {
                "key": "organisation",
                "label": "培训评价组织",
                "options": options("organisation", {o["id"]: o["name"] for o in cat.organisations.values()}),
            },
        ]


def get_generators(pelican):
    return CataloguePages


def register():
    signals.get_generators.connect(get_generators)
