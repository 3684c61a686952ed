"""Searching the site's index: the query rules and the ranking, mirrored exactly by theme/search/engine.js.

The user's text never reaches lunr's query parser. It is tokenized like the documents (portal/search/tokenizer.py) and
each distinct term becomes one clause built through the query API:
- a CJK bigram must match a term exactly;
- a single CJK character typed alone matches any term containing it (*网*), since documents only hold bigrams;
  next to other terms it matches as a prefix (号*), which keeps a query of many single characters fast;
- a Latin word or number of two or more characters matches as a prefix (vu* finds vue, wuliu* finds wuliuguanli);
  a single one (the x of 1+X) only exactly.
First every clause is required; if that finds nothing, any clause may match, and a score is multiplied by the share
of the clauses the entry matches (Lucene's coordination factor, `coverage`).

Before that, the query's words that are not search terms are taken out (`parse`, with the rules search/index.json
carries from data/search_terms.yaml): stop words that add nothing (证书, 职业技能等级, 考试, 1+X …); a job suffix
at the end of a word (物流师 -> 物流, 养老护理员 -> 养老护理) when two CJK characters remain (a last-resort one, 工,
only when the words as typed find nothing: 汽修工 -> 汽修, while 机械加工 stays); kind words (专业, 组织, 政策 …) and
level words (初级, 中级, 高级), which become filters: only that kind; only certificates known to have that level,
then those whose levels are unknown (they may have it). A filter that would leave nothing is dropped (the results
are then the unfiltered ones); a query of only stop words is searched as typed. Latin words typed syllable by
syllable ("wu liu") are also tried joined ("wuliu"), first.

Ranking: an exact name match, then a name that starts with the query or an entry whose aliases (the words students use
for it) hold every term, then a name that contains it, then the rest; inside each tier by lunr's score times the kind's
weight (a certificate outweighs a policy document that mentions it), then by ref. Results are shown grouped by kind
(`grouped`): groups are ordered by their best result, where a name that starts with and one that contains the query
count alike, so 焊接 lists 特殊焊接技术 (a certificate) before 焊接技术应用 (a major), while 计算机应用技术 (an exact
major name) lists the major first. Between groups of one tier the certificates' best score counts double (GROUP_BOOST):
a student who types 航空货运 looks for the certificate first, though majors mention freight more often; a policy that
matches far better (a document number) still comes first.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lunr.index import Index
from lunr.query import Query, QueryPresence
from lunr.token_set import TokenSet

from portal.search.tokenizer import char_class, compact, tokens

MAX_QUERY = 200  # characters of the query looked at; the rest is ignored
MAX_TERMS = 24
COARSE_TIER = (0, 1, 1, 2)  # how groups compare tiers: exact, starts with or contains, other
KIND_WEIGHT = {"certificate": 1.5, "organisation": 1.2, "major": 1.0, "policy": 0.6}
GROUP_BOOST = {"certificate": 2.0}  # ordering groups of one tier: what most students look for, first
ALIAS_TIER = 1  # an entry found by words students use for its name ranks as if its name started with them


def load(data: dict) -> Index:
    """search/index.json's index for lunr.py: empty fields put back, terms in code-point order (lunr.js: UTF-16)."""
    serialized = dict(data["index"])
    fields = serialized["fields"]
    serialized["invertedIndex"] = sorted(
        ([term, {name: {} for name in fields} | posting] for term, posting in serialized["invertedIndex"]),
        key=lambda pair: pair[0],
    )
    return Index.load(serialized)


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in order, within the limits."""
    return list(dict.fromkeys(tokens(text[:MAX_QUERY])))[:MAX_TERMS]


@dataclass(frozen=True)
class Parsed:
    text: str  # what is searched: the query without its stop, kind and level words
    kind: str | None = None
    level: str | None = None


def parse(text: str, rules: dict | None) -> Parsed:
    text = text[:MAX_QUERY]
    if not rules:
        return Parsed(text)
    rest, found = text, {}
    for name, words in (("kind", rules["kinds"]), ("level", rules["levels"])):
        for word in sorted(words, key=len, reverse=True):
            if word in rest:
                found.setdefault(name, words[word])
                rest = rest.replace(word, " ")
    for word in sorted(rules["stop"], key=len, reverse=True):
        rest = re.sub(re.escape(word), " ", rest, flags=re.IGNORECASE)
    rest = " ".join(without_suffix(word, rules.get("suffixes", [])) for word in rest.split())
    if tokens(rest):
        return Parsed(rest, **found)
    return Parsed("", **found) if found else Parsed(text)


def without_suffix(word: str, suffixes: list[str]) -> str:
    """A word without a job suffix it ends with (物流师 -> 物流), if two or more CJK characters remain."""
    for suffix in sorted(suffixes, key=len, reverse=True):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2 and all(char_class(c) == "cjk" for c in stem[-2:]):
            return stem
    return word


def without_last_suffixes(text: str, rules: dict | None) -> str:
    """The words without a last-resort job suffix (汽修工 -> 汽修), tried when they find nothing as typed."""
    suffixes = (rules or {}).get("last_suffixes", [])
    return " ".join(without_suffix(word, suffixes) for word in text.split()) if suffixes else text


def joined_pinyin(text: str) -> list[str]:
    """The terms of Latin words typed syllable by syllable, joined ("wu liu" -> ["wuliu"]); [] for other queries."""
    words = text.split()
    if len(words) < 2 or not all(w.isascii() and w.isalpha() for w in words):
        return []
    return query_terms("".join(words))


def passes(doc: list, parsed: Parsed) -> bool:
    """The kind and level words' filter. A level keeps the certificates known to have it and those whose levels the
    catalogue does not know (most of them: 等级未公布), which rank after the known ones (unsure)."""
    if parsed.kind and doc[0] != parsed.kind:
        return False
    return not parsed.level or (doc[0] == "certificate" and (parsed.level in doc[5] or not doc[5]))


def unsure(doc: list, parsed: Parsed) -> bool:
    """A certificate let through a level filter only because its levels are unknown."""
    return bool(parsed.level) and parsed.level not in doc[5]


def wildcard(term: str, alone: bool) -> int:
    if char_class(term[0]) == "cjk":
        if len(term) > 1:
            return Query.WILDCARD_NONE
        return Query.WILDCARD_LEADING | Query.WILDCARD_TRAILING if alone else Query.WILDCARD_TRAILING
    return Query.WILDCARD_TRAILING if len(term) > 1 else Query.WILDCARD_NONE


def tier(doc: list, wanted: str, by_alias: bool = False) -> int:
    """0: a name of the entry (its title or another name: a policy's number) is the query; 1: starts with it, or the
    query is words students use for it (by_alias: every term matched its aliases, search_terms.yaml); 2: contains it;
    3: otherwise."""
    found = 3
    for name in map(compact, [doc[1], *(doc[6] if len(doc) > 6 else [])]):
        found = min(found, 0 if name == wanted else 1 if name.startswith(wanted) else 2 if wanted in name else 3)
    return min(found, ALIAS_TIER) if by_alias else found


def clause_terms(index: Index, query) -> list[set[str]]:
    """The terms of the index each clause of a query finds."""
    return [set(index.token_set.intersect(TokenSet.from_clause(clause)).to_list()) for clause in query.clauses]


def query_length(found: list[set[str]]) -> float:
    """The length of the vector lunr scores a query's matches against in an index: one entry per term of the index
    a clause finds (clause_terms), the number of clauses that find it (every boost is 1)."""
    counts: Counter[str] = Counter()
    for terms in found:
        counts.update(terms)
    return math.sqrt(sum(n * n for n in counts.values()))


def coverage(found: list[set[str]], matched: set[str]) -> float:
    """The share of a query's clauses a document matches (Lucene's coordination factor): when any term may match,
    华为网络 lists Huawei's network certificate, which has 华为 and 网络, before those with only 网络, many times."""
    return sum(1 for terms in found if terms & matched) / len(found)


def run(indexes: list[Index], terms: list[str], presence: QueryPresence) -> list[dict]:
    """The matches of every part of the index (refs are global: parts hold different entries), each score times its
    coverage of the query's terms (1 when every term is required).

    lunr divides a score by the query's length in the part it searched, which depends on the part's terms; multiplied
    back, every score is the plain sum over fields of query · document, the same in a part as in the whole index, so
    parts compare."""
    found = []
    for index in indexes:
        query = index.create_query()
        for term in terms:
            query.term(term, use_pipeline=False, wildcard=wildcard(term, len(terms) == 1), presence=presence)
        per_clause = clause_terms(index, query)
        length = query_length(per_clause)
        for match in index.query(query):
            metadata = match["match_data"].metadata
            score = match["score"] * length * coverage(per_clause, set(metadata))
            found.append({"ref": match["ref"], "score": score, "alias": by_alias(per_clause, metadata)})
    return found


def by_alias(found: list[set[str]], metadata: dict) -> bool:
    """Every clause of the query matches the entry's aliases: a word students use for its name was typed."""
    return all(any("aliases" in metadata[term] for term in terms if term in metadata) for terms in found)


def read_index(folder: Path) -> tuple[dict, list[Index]]:
    """search/index.json of a built site and every index part: the first's, then those of the files it names."""
    first = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    parts = [json.loads((folder / name).read_text(encoding="utf-8")) for name in first.get("parts", [])]
    return first, [load(first), *(load(part) for part in parts)]


def search(
    indexes: list[Index], docs: list[list], text: str, rules: dict | None = None
) -> list[tuple[str, int, float]]:
    """(ref, tier, weighted score) of every match in the index parts given, best first."""
    parsed = parse(text, rules)
    terms = query_terms(parsed.text)
    if terms:
        joined = joined_pinyin(parsed.text)
        found = (joined and run(indexes, joined, QueryPresence.REQUIRED)) or run(indexes, terms, QueryPresence.REQUIRED)
        shorter = without_last_suffixes(parsed.text, rules)
        if not found and shorter != parsed.text:
            found = run(indexes, query_terms(shorter), QueryPresence.REQUIRED)
            parsed = Parsed(shorter, parsed.kind, parsed.level) if found else parsed
        found = found or run(indexes, terms, QueryPresence.OPTIONAL)
    elif parsed.kind or parsed.level:  # only a filter: every entry it lets through
        found = [{"ref": str(n), "score": 0.0, "alias": False} for n in range(len(docs))]
    else:
        return []
    if parsed.kind or parsed.level:
        found = [match for match in found if passes(docs[int(match["ref"])], parsed)] or (found if terms else [])
    wanted = compact(parsed.text)
    ranked = []
    for match in found:
        doc = docs[int(match["ref"])]
        ranked.append((match["ref"], tier(doc, wanted, match["alias"]), round(match["score"] * KIND_WEIGHT[doc[0]], 6)))
    ranked.sort(key=lambda r: (r[1], unsure(docs[int(r[0])], parsed), -r[2], int(r[0])))
    return ranked


def grouped(docs: list[list], ranked: list[tuple[str, int, float]]) -> list[tuple[str, list[str]]]:
    """[(kind, refs)] of ranked results; groups ordered by their best result, prefix and contains alike."""
    groups: dict[str, list[str]] = {}
    best: dict[str, tuple[int, float, int]] = {}
    for position, (ref, level, score) in enumerate(ranked):
        kind = docs[int(ref)][0]
        groups.setdefault(kind, []).append(ref)
        key = (COARSE_TIER[level], -score * GROUP_BOOST.get(kind, 1.0), position)
        best[kind] = min(best.get(kind, key), key)
    return sorted(groups.items(), key=lambda item: best[item[0]])


def shown_order(indexes: list[Index], docs: list[list], text: str, rules: dict | None = None) -> list[str]:
    """Refs in the order the search page lists them: grouped by kind, best group first."""
    return [ref for _, refs in grouped(docs, search(indexes, docs, text, rules)) for ref in refs]
