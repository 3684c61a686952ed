"""The validated catalogue and the relations the pages need (which certificates fit a major, cost caps, …)."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.catalogue.majors import Item, MajorCatalogue
from portal.vocab import EDUCATION_LEVELS
from portal.workdays import WorkCalendar

# how a standard names majors per education level, and the catalogue each is resolved in
STANDARD_MAJOR_LEVELS = {
    "secondary": ("衔接中职专业", "secondary"),
    "associate": ("衔接高职专业", "associate"),
    "vocational_bachelor": ("衔接职业本科专业", "vocational_bachelor"),
    "bachelor": ("接续本科专业", None),  # 普通本科: resolved in the partial undergraduate catalogue, not browsable
}


@dataclass(frozen=True)
class NamedMajor:
    """A major exactly as a standard names it, with the 2021 entry it resolves to (None: not in the catalogue)."""

    written: str
    item: Item | None = None
    undergraduate_code: str | None = None


@dataclass(frozen=True)
class Match:
    """A certificate that fits a major: official (its standard lists the major or its class) or editorial."""

    certificate: dict
    kind: str  # official | editorial
    levels: tuple[str, ...] = ()
    basis: str = ""


@dataclass
class Catalogue:
    certificates: dict[str, dict]
    organisations: dict[str, dict]
    standards: dict[str, dict]
    documents: dict[str, dict]
    batches: dict[int, dict]
    exam_costs: dict
    changes: list[dict]
    majors: MajorCatalogue
    working_days: WorkCalendar  # data/working_days.yaml: China's official working days (portal.workdays)
    crosswalk: list[dict] = field(default_factory=list)
    search_terms: dict = field(default_factory=lambda: {"aliases": [], "stop_words": [], "kind_words": []})

    def __post_init__(self) -> None:
        self.exam_forms = {f["id"]: f for f in self.exam_costs["forms"]}
        self._official = self._index_official()
        self._editorial = self._index_editorial()

    # --- simple relations -----------------------------------------------------------------------------------
    @staticmethod
    def known_levels(certificate: dict) -> tuple[tuple[str, ...], bool]:
        """(levels, all of them?): its levels, else those a source shows it has (levels_evidenced), else ()."""
        if certificate["levels"]:
            return tuple(certificate["levels"]), True
        return tuple((certificate.get("levels_evidenced") or {}).get("levels") or ()), False

    def organisations_of(self, certificate: dict) -> list[dict]:
        """Who issues a certificate: the organisation its list row names first, then any named with it."""
        ids = [certificate["organisation"], *certificate.get("co_organisations", [])]
        return [self.organisations[i] for i in ids]

    def certificates_of(self, organisation_id: str) -> list[dict]:
        return [
            c
            for c in self.certificates.values()
            if organisation_id in (c["organisation"], *c.get("co_organisations", []))
        ]

    def certificates_in(self, batch: int) -> list[dict]:
        return [c for c in self.certificates.values() if c["batch"] == batch]

    def standard_of(self, certificate: dict) -> dict | None:
        return self.standards.get(certificate.get("standard", ""))

    def exam_form(self, certificate: dict) -> dict | None:
        """The exam form and its cost cap: from the certificate's own exam facts, else from its standard."""
        form = (certificate.get("exam") or {}).get("form")
        standard = self.standard_of(certificate)
        if form is None and standard and standard.get("exam"):
            form = standard["exam"]["form"]
        return self.exam_forms.get(form) if form else None

    def field_of(self, certificate: dict) -> Item:
        """The editorial field (专业大类) of a certificate: the 大类 of its first editorial 专业类."""
        first = self.majors.by_code[("associate", certificate["editorial"]["classes"][0])]
        return self.majors.by_code[("associate", first.category_code)]

    def fields(self) -> list[Item]:
        seen = {f.code: f for f in map(self.field_of, self.certificates.values())}
        return [seen[k] for k in sorted(seen)]

    # --- majors named by standards ----------------------------------------------------------------------------
    def named_majors(self, level: dict) -> dict[str, list[NamedMajor]]:
        """Per education level, the majors a standard level names, each resolved to a 2021 entry where exact."""
        out: dict[str, list[NamedMajor]] = {}
        crosswalk = {(c["level"], c["name"]): c["code"] for c in self.crosswalk}
        for key, names in (level.get("majors") or {}).items():
            target = STANDARD_MAJOR_LEVELS[key][1]
            resolved = []
            for name in names:
                if target is None:
                    resolved.append(NamedMajor(name, undergraduate_code=self.majors.undergraduate_by_name.get(name)))
                    continue
                item = self.majors.majors_by_name.get((target, name))
                if item is None and (target, name) in crosswalk:
                    item = self.majors.by_code.get((target, crosswalk[(target, name)]))
                resolved.append(NamedMajor(name, item))
            out[key] = resolved
        return out

    def named_classes(self, level: dict) -> dict[str, list[NamedMajor]]:
        out: dict[str, list[NamedMajor]] = {}
        for key, names in (level.get("major_classes") or {}).items():
            target = STANDARD_MAJOR_LEVELS[key.removesuffix("_classes")][1]
            out[key] = [NamedMajor(n, self.majors.classes_by_name.get((target, n)) if target else None) for n in names]
        return out

    # --- which certificates fit a major ------------------------------------------------------------------------
    def _index_official(self) -> dict[tuple[str, str], dict[str, list[str]]]:
        """(level, major or class code) -> {certificate id: [certificate levels]} from the standards."""
        index: dict[tuple[str, str], dict[str, list[str]]] = {}
        for standard in self.standards.values():
            for level in standard["levels"]:
                entries = [m for ms in self.named_majors(level).values() for m in ms]
                entries += [m for ms in self.named_classes(level).values() for m in ms]
                for m in entries:
                    if m.item is not None:
                        levels = index.setdefault((m.item.level, m.item.code), {}).setdefault(
                            standard["certificate"], []
                        )
                        if level["level"] not in levels:
                            levels.append(level["level"])
        return index

    def _index_editorial(self) -> dict[tuple[str, str], list[str]]:
        """(level, class code) -> certificate ids, from the editorial 专业类 mapping (written for 高职专科)."""
        index: dict[tuple[str, str], list[str]] = {}
        for cert in self.certificates.values():
            for code in cert["editorial"]["classes"]:
                associate = self.majors.by_code[("associate", code)]
                for level in EDUCATION_LEVELS:
                    match = associate if level == "associate" else self.majors.counterpart_class(associate, level)
                    if match is not None:
                        index.setdefault((level, match.code), []).append(cert["id"])
        return index

    def matches(self, item: Item) -> list[Match]:
        """Certificates that fit a major (or a class): official matches first, then editorial ones, never both."""
        official: dict[str, Match] = {}
        keys = [(item.level, item.code)]
        if item.kind == "major":
            keys.append((item.level, item.class_code))
        for key in keys:
            for cid, levels in self._official.get(key, {}).items():
                basis = "标准列出本专业" if key[1] == item.code else "标准列出本专业所属专业类"
                if cid not in official:
                    official[cid] = Match(self.certificates[cid], "official", tuple(levels), basis)
        class_code = item.class_code if item.kind == "major" else item.code
        editorial = (
            [
                Match(self.certificates[cid], "editorial", (), "编辑整理：证书与本专业类相关")
                for cid in dict.fromkeys(self._editorial.get((item.level, class_code), []))
                if cid not in official
            ]
            if item.kind != "category"
            else []
        )
        return list(official.values()) + editorial

    def certificate_majors(self, certificate: dict) -> list[tuple[str, list[NamedMajor], list[NamedMajor]]]:
        """Per certificate level: (level, named majors, named classes) from its standard."""
        standard = self.standard_of(certificate)
        if not standard:
            return []
        return [
            (
                lv["level"],
                [m for ms in self.named_majors(lv).values() for m in ms],
                [m for ms in self.named_classes(lv).values() for m in ms],
            )
            for lv in standard["levels"]
        ]

    def editorial_classes(self, certificate: dict) -> list[Item]:
        return [self.majors.by_code[("associate", code)] for code in certificate["editorial"]["classes"]]
