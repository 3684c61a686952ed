"""The site's search index: one entry per certificate, organisation, major (大类, 专业类, 专业) and policy document,
built with lunr.py from the same catalogue the pages are built from.

Every field is pre-tokenized by portal/search/tokenizer.py (lunr receives lists of terms) and both pipelines are empty, so
lunr.js needs nothing registered and searches exactly the terms written here. Names also get their pinyin and
pinyin initials (pypinyin), so "wuliu" and "wlgl" find 物流管理.

The serialized index leaves out a term's empty fields, which both loaders put back before lunr sees it, and lists
its terms in UTF-16 code-unit order, the order lunr.js's TokenSet.Builder checks on load
("Out of order word insertion"); lunr.py sorts by code point, which differs once a character outside the BMP (𠮷,
U+20BB7, is D842 DFB7) meets one in U+E000–U+FFFF (﨑 U+FA11, the half-width forms).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lunr.builder import Builder
from pypinyin import Style, lazy_pinyin

from portal import urls
from portal.catalogue.model import Catalogue
from portal.search.tokenizer import runs, tokens
from portal.vocab import EDUCATION_LEVELS, LEVEL_NAMES, STATE_NAMES

# Field boosts: a name above its pinyin above the organisation above skills and majors above the rest. "majors": the
# names of the majors a certificate fits (Catalogue.matches, official or editorial), so 托育 finds 幼儿照护 through
# 婴幼儿托育服务与管理, as the major's own page lists it.
FIELDS = {
    "name": 10,
    "aliases": 10,
    "pinyin": 6,
    "initials": 4,
    "organisation": 3,
    "inner_pinyin": 2,
    "skills": 2,
    "majors": 1,
    "body": 1,
}
KINDS = {"certificate": "证书", "organisation": "组织", "major": "专业", "policy": "政策"}
MAJOR_KINDS = {"category": "专业大类", "class": "专业类", "major": "专业"}


@dataclass
class Entry:
    """One search result: what is shown (kind, title, url, subtitle), what it can be filtered by, what is indexed."""

    kind: str
    title: str
    url: str
    subtitle: str
    batches: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()  # certificate levels; () where the catalogue does not know them
    text: dict[str, list[str]] = field(default_factory=dict)  # field -> texts to tokenize
    other_names: tuple[str, ...] = ()  # what else it is called, ranked like its title (a policy's number, short title)

    def shown(self) -> list:
        """The entry as the browser's result list needs it (the 'docs' array of search/index.json); other names
        only where there are some."""
        shown = [self.kind, self.title, self.url, self.subtitle, list(self.batches), list(self.levels)]
        return shown + [list(self.other_names)] if self.other_names else shown


def syllables(name: str) -> list[list[str]]:
    """The pinyin syllables of each CJK run of a name that has any; characters without a reading are skipped."""
    found = []
    for kind, run in runs(name):
        if kind == "cjk":
            readings = [r for r in lazy_pinyin(run, style=Style.NORMAL, errors="ignore") if r.isascii() and r.isalpha()]
            if readings:
                found.append(readings)
    return found


def pinyin_terms(name: str) -> tuple[list[str], list[str]]:
    """(pinyin terms, initials terms) of the CJK runs of a name: each run's syllables joined, and its initials.

    物流管理 -> (["wuliuguanli"], ["wlgl"]); searched by prefix, "wuliu" finds it. Characters without a reading
    are skipped.
    """
    runs_read = syllables(name)
    return ["".join(readings) for readings in runs_read], ["".join(r[0] for r in readings) for readings in runs_read]


def inner_pinyin(name: str) -> list[str]:
    """The pinyin of each CJK run of a name from its second syllable on, as long as two syllables remain: searched by
    prefix, "hanjie" finds 特殊焊接技术 (teshuhanjiejishu) and "dianjian" 冶金机电设备点检."""
    return ["".join(readings[i:]) for readings in syllables(name) for i in range(1, len(readings) - 1)]


def contents_texts(groups: list[dict]) -> list[str]:
    """Names and skills of [{name, contents: [{name, skills}]}]: general requirements and a level's functions."""
    out: list[str] = []
    for group in groups:
        out.append(group["name"])
        for content in group.get("contents") or []:
            out.append(content["name"])
            out += content.get("skills") or []
    return out


def standard_texts(standard: dict) -> list[str]:
    """What a standard asks: duties, abilities, core courses, work areas, tasks, skills and their requirements."""
    out: list[str] = contents_texts(standard.get("general_requirements") or [])
    for level in standard["levels"]:
        out += [level["duties"]] if level.get("duties") else []
        out += level.get("abilities") or []
        out += level.get("core_courses") or []
        out += contents_texts(level.get("functions") or [])
        for area in level.get("work_areas") or []:
            out.append(area["name"])
            for task in area.get("tasks") or []:
                out.append(task["name"])
                for skill in task.get("skills") or []:
                    out.append(skill["name"])
                    out += [r["text"] for r in skill.get("requirements") or []]
    return out


def fitting_majors(cat: Catalogue) -> dict[str, list[str]]:
    """Certificate id -> the names of the majors (every education level) it fits, as the majors' pages list them."""
    names: dict[str, dict[str, None]] = {}
    for item in cat.majors.items:
        if item.kind == "major":
            for match in cat.matches(item):
                names.setdefault(match.certificate["id"], {})[item.name] = None
    return {cid: list(found) for cid, found in names.items()}


def certificate_entries(cat: Catalogue) -> list[Entry]:
    entries = []
    fitting = fitting_majors(cat)
    for cert in cat.certificates.values():
        issuers = "、".join(o["name"] for o in cat.organisations_of(cert))
        batch = cat.batches[cert["batch"]]
        standard = cat.standard_of(cert)
        field_item = cat.field_of(cert)
        majors = [m.written for _, named, classes in cat.certificate_majors(cert) for m in named + classes]
        levels, complete = cat.known_levels(cert)
        named = "、".join(LEVEL_NAMES[lv] for lv in levels)
        level_text = named if complete else f"已知有{named}" if levels else "等级未公布"
        entries.append(
            Entry(
                kind="certificate",
                title=cert["name"],
                url=urls.certificate(cert["id"]),
                subtitle=f"{batch['name']} · {issuers} · {level_text}",
                batches=(cert["batch"],),
                levels=levels,
                text={
                    "name": [cert["name"]],
                    "organisation": [issuers],
                    "skills": (standard_texts(standard) if standard else []) + majors,
                    "majors": fitting.get(cert["id"], []),
                    "body": [
                        cert["full_name"],
                        batch["name"],
                        field_item.name,
                        STATE_NAMES[cert["status"]["state"]],
                        *(c.name for c in cat.editorial_classes(cert)),
                        *(cat.documents[s["document"]]["number"] or "" for s in cert["sources"]),
                    ],
                },
            )
        )
    return entries


def organisation_entries(cat: Catalogue) -> list[Entry]:
    entries = []
    for org in cat.organisations.values():
        certs = cat.certificates_of(org["id"])
        batches = tuple(sorted({c["batch"] for c in certs}))
        names = "、".join(c["name"] for c in certs)
        entries.append(
            Entry(
                kind="organisation",
                title=org["name"],
                url=urls.organisation(org["id"]),
                subtitle=f"培训评价组织 · {len(certs)} 个证书：{names}" if certs else "培训评价组织",
                batches=batches,
                text={
                    "name": [org["name"]],
                    "body": [c["name"] for c in certs] + [STATE_NAMES[org["status"]["state"]]],
                },
            )
        )
    return entries


def major_entries(cat: Catalogue) -> list[Entry]:
    entries = []
    for item in cat.majors.items:
        parents = [p for p in (item.category_name, item.class_name) if p and p != item.name]
        level = EDUCATION_LEVELS[item.level][1]
        entries.append(
            Entry(
                kind="major",
                title=item.name,
                url=urls.major(item.level, item.code),
                subtitle=" · ".join([level, MAJOR_KINDS[item.kind], item.code, *parents]),
                text={"name": [item.name], "body": [item.code]},
            )
        )
    return entries


def policy_entries(cat: Catalogue) -> list[Entry]:
    entries = []
    for doc in cat.documents.values():
        shown = [doc["number"] or "无文号", doc["issuer"], doc["date"] or "日期未知"]
        names = tuple(name for name in (doc.get("short_title"), doc["number"]) if name)
        entries.append(
            Entry(
                kind="policy",
                title=doc["title"],
                url=urls.policy(doc["id"]),
                subtitle=" · ".join(map(str, shown)),
                # a document is named by its number as much as by its title: 教职所〔2019〕89号 finds it first
                other_names=names,
                text={
                    "name": [doc["title"], *names],
                    "body": [doc["issuer"], doc["summary"] or "", *(p["text"] for p in doc.get("provisions") or [])],
                },
            )
        )
    return entries


def entries_of(cat: Catalogue) -> list[Entry]:
    """Every searchable thing, certificates first (the order is the refs: "0", "1", …)."""
    return certificate_entries(cat) + organisation_entries(cat) + major_entries(cat) + policy_entries(cat)


def aliases_of(title: str, aliases: list[dict]) -> list[str]:
    """The words students use for a certificate, organisation or major of this name (search_terms.yaml: says, when
    it finds)."""
    return [word for alias in aliases if any(phrase in title for phrase in alias["finds"]) for word in alias["says"]]


def field_terms(entry: Entry, aliases: list[dict] = ()) -> dict[str, list[str]]:
    """Field -> terms of one entry, pinyin fields and aliases derived from its name."""
    terms = {name: [t for text in entry.text.get(name, []) for t in tokens(text)] for name in FIELDS}
    if entry.kind != "policy":
        terms["pinyin"], terms["initials"] = pinyin_terms(entry.title)
    if entry.kind == "certificate":  # what students look for by pinyin; with majors and organisations: +100 KB gzip
        terms["inner_pinyin"] = inner_pinyin(entry.title)
    if entry.kind != "policy":
        terms["aliases"] = [t for word in aliases_of(entry.title, aliases) for t in tokens(word)]
    return terms


def utf16_order(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


def lunr_index(terms: list[dict[str, list[str]]], length_normalization: float) -> dict:
    """The serialized lunr index of documents given as field -> terms (refs are list positions)."""
    builder = Builder()  # both pipelines stay empty: the terms are final
    builder.ref("ref")
    builder.b(length_normalization)
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for position, fields in enumerate(terms):
        builder.add({"ref": str(position), **fields})
    return builder.build().serialize()


def build(entries: list[Entry], aliases: list[dict] = ()) -> dict:
    """The serialized lunr index of entries (refs are list positions), terms in lunr.js's load order."""
    return index_of([field_terms(entry, aliases) for entry in entries])


def index_of(terms: list[dict[str, list[str]]]) -> dict:
    """The serialized lunr index of documents given as field -> terms (field_terms), in lunr.js's load order.

    The aliases' field vectors come from the same documents indexed without length normalization (lunr's b = 0,
    which lunr sets for all fields at once): a word students use for a name counts in full however many other words
    the entry has (with b = 0.75, adding 天猫 and 拼多多 to 淘宝 pushed 网店运营推广 out of 淘宝美工's first three).
    Both indexes hold the same terms in the same order, so the vectors' term numbers agree."""
    serialized = lunr_index(terms, 0.75)
    flat = {ref: vector for ref, vector in lunr_index(terms, 0)["fieldVectors"] if ref.startswith("aliases/")}
    serialized["fieldVectors"] = [[ref, flat.get(ref, vector)] for ref, vector in serialized["fieldVectors"]]
    serialized["invertedIndex"].sort(key=lambda pair: utf16_order(pair[0]))
    # an empty field vector is never read (a document is scored only in fields it has terms in): left out
    serialized["fieldVectors"] = [pair for pair in serialized["fieldVectors"] if pair[1]]
    for _, posting in serialized["invertedIndex"]:
        for name in FIELDS:  # a term is in few fields: empty ones are left out (a third of the bytes) and
            if not posting[name]:  # put back before loading (portal/search/query.py load, engine.js load)
                del posting[name]
    return serialized


def query_rules(terms: dict) -> dict:
    """What a query's words mean besides their terms (portal/search/query.py parse): stop, kind and level words,
    and job suffixes (last_suffixes: taken off only when the words as typed find nothing)."""
    return {
        "stop": [w["word"] for w in terms["stop_words"]],
        "suffixes": [w["word"] for w in terms.get("job_suffixes", []) if not w.get("last_resort")],
        "last_suffixes": [w["word"] for w in terms.get("job_suffixes", []) if w.get("last_resort")],
        "kinds": {w["word"]: w["kind"] for w in terms["kind_words"]},
        "levels": {name: level for level, name in LEVEL_NAMES.items()},
    }


# The index is written in parts, so a phone shows first results before the largest part has loaded: the first
# (search/index.json) holds what each result shows for every entry, the query rules and the index of certificates,
# organisations and policies; the others (named in its "parts") hold the rest's index, loaded after it. The parts
# are cut from one index (part_of), so every score is what the whole index gives: lunr weighs a term by how many of
# all the entries hold it, and a document's field vectors refer to terms by their place in the whole index.
PARTS = {"index.json": ("certificate", "organisation", "policy"), "majors.json": ("major",)}
FIRST = "first"  # search_data's key of the first results' data: not a file


def part_of(serialized: dict, refs: set[str]) -> dict:
    """The serialized index restricted to the documents refs: their field vectors, and the postings of their terms,
    each term keeping its place (_index) in the whole index. (lunr divides a score by the length of the query's
    vector in the part searched; the search multiplies it back, so parts score as the whole: query.py run.)"""
    inverted = []
    for term, posting in serialized["invertedIndex"]:
        fields = {
            name: kept
            for name, docs in posting.items()
            if name != "_index" and (kept := {ref: value for ref, value in docs.items() if ref in refs})
        }
        if fields:
            inverted.append([term, {"_index": posting["_index"], **fields}])
    vectors = [pair for pair in serialized["fieldVectors"] if pair[0].split("/", 1)[1] in refs]
    return {**serialized, "invertedIndex": inverted, "fieldVectors": vectors}


# The search page's first results come from data inlined in the page (search.html, theme/search/first.js): the
# certificates and organisations with the name terms the index gives them (field_terms), so a phone lists those
# whose names hold the query as soon as the page arrives, before search/index.json has come and loaded.
FIRST_KINDS = ("certificate", "organisation")
NAME_FIELDS = ("aliases", "pinyin", "initials")  # besides the name, which the page tokenizes from the title


def first_results_data(entries: list[Entry], terms: list[dict[str, list[str]]], rules: dict) -> dict:
    """What theme/search/first.js matches: [ref, shown entry, {field: terms}] of FIRST_KINDS (terms: field_terms of
    each entry, as indexed), the name fields' boosts, the kinds' words and the query rules."""
    found = []
    for ref, (entry, fields) in enumerate(zip(entries, terms, strict=True)):
        if entry.kind in FIRST_KINDS:
            found.append([str(ref), entry.shown(), {name: fields[name] for name in NAME_FIELDS if fields.get(name)}])
    boosts = {name: FIELDS[name] for name in ("name", *NAME_FIELDS)}
    return {"entries": found, "fields": boosts, "kinds": KINDS, "rules": rules}


def search_data(cat: Catalogue) -> dict[str, dict]:
    """search/<file> -> its data: the first part with docs and rules, then one part per further kind group; and
    under FIRST, the first results' data the search page inlines."""
    entries = entries_of(cat)
    terms = [field_terms(entry, cat.search_terms["aliases"]) for entry in entries]
    whole = index_of(terms)
    parts = {
        name: {"index": part_of(whole, {str(n) for n, entry in enumerate(entries) if entry.kind in kinds})}
        for name, kinds in PARTS.items()
    }
    first = next(iter(PARTS))
    parts[first] |= {
        "docs": [e.shown() for e in entries],
        "kinds": KINDS,
        "levels": LEVEL_NAMES,
        "rules": query_rules(cat.search_terms),
        "parts": [name for name in PARTS if name != first],
    }
    parts[FIRST] = first_results_data(entries, terms, parts[first]["rules"])
    return parts
