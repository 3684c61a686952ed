// Searching the site's index with lunr.js: the JavaScript twin of portal/search/query.py, which specifies the rules.
// User text never reaches lunr's query parser: it is tokenized like the documents and every term becomes a clause
// built with idx.query(), so "1+X证书", "C++", ":" and "^" are just text. The rules that need no index are in
// rules.js (re-exported here); this module runs in the search worker (worker.js) and in Node's tests.
import lunr from 'lunr';
import { compact } from './tokenizer.js';
import {
  byRank,
  grouped,
  joinedPinyin,
  KIND_WEIGHT,
  matchKind,
  parse,
  passes,
  queryTerms,
  tier,
  withoutLastSuffixes,
} from './rules.js';

export * from './rules.js';

/**
 * The lunr index of search/index.json, with the empty fields the file leaves out put back (lunr reads every field
 * of every term). The file's terms are already in the UTF-16 order lunr.js checks.
 * @param {{index: {fields: string[], invertedIndex: Array<[string, object]>}}} data @returns {lunr.Index}
 */
export function load(data) {
  const { fields, invertedIndex } = data.index;
  for (const [, posting] of invertedIndex) for (const field of fields) posting[field] ||= {};
  return lunr.Index.load(data.index);
}

/**
 * @param {string} term @param {boolean} alone the query's only term
 * @returns {number} lunr's wildcard flags for matchKind (rules.js)
 */
export function wildcard(term, alone) {
  const { LEADING, TRAILING, NONE } = lunr.Query.wildcard;
  return { exact: NONE, prefix: TRAILING, contains: LEADING | TRAILING }[matchKind(term, alone)];
}

/**
 * The terms of the index each clause of a query finds; clause_terms in query.py.
 * @param {lunr.Index} index @param {lunr.Query} query @returns {Set<string>[]}
 */
function clauseTerms(index, query) {
  return query.clauses.map((clause) => new Set(index.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray()));
}

/**
 * The length of the vector lunr scores a query's matches against in an index: one entry per term of the index a
 * clause finds (clauseTerms), the number of clauses that find it (every boost is 1); query_length in query.py.
 * @param {Set<string>[]} found @returns {number}
 */
function queryLength(found) {
  const counts = new Map();
  for (const terms of found) for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  let sum = 0;
  for (const n of counts.values()) sum += n * n;
  return Math.sqrt(sum);
}

/**
 * The share of a query's clauses a document matches (Lucene's coordination factor); coverage in query.py.
 * @param {Set<string>[]} found @param {object} metadata lunr's matchData.metadata: matched term -> fields
 * @returns {number}
 */
function coverage(found, metadata) {
  const matched = Object.keys(metadata);
  return found.filter((terms) => matched.some((term) => terms.has(term))).length / found.length;
}

/**
 * The matches of every part of the index (refs are global: the parts hold different entries), each score times its
 * coverage of the query's terms (1 when every term is required). lunr divides a score by the query's length in the
 * part it searched, which depends on the part's terms; multiplied back, every score is the plain sum over fields of
 * query · document, the same in a part as in the whole index, so parts compare.
 */
function run(indexes, terms, presence) {
  return indexes.flatMap((index) => {
    let asked;
    const matches = index.query((query) => {
      for (const term of terms) {
        query.term(term, { usePipeline: false, wildcard: wildcard(term, terms.length === 1), presence });
      }
      asked = query;
    });
    const found = clauseTerms(index, asked);
    const length = queryLength(found);
    return matches.map(({ ref, score, matchData: { metadata } }) => ({
      ref,
      score: score * length * coverage(found, metadata),
      alias: byAlias(found, metadata),
    }));
  });
}

/**
 * Every clause of the query matches the entry's aliases: a word students use for its name was typed (query.py).
 * @param {Set<string>[]} found @param {object} metadata @returns {boolean}
 */
function byAlias(found, metadata) {
  return found.every((terms) => Object.keys(metadata).some((term) => terms.has(term) && 'aliases' in metadata[term]));
}

/**
 * Every match in the index parts given, best first.
 * @param {lunr.Index[]} indexes @param {Doc[]} docs @param {string} text @param {object} [rules] search/index.json's
 * @returns {Ranked[]}
 */
export function search(indexes, docs, text, rules) {
  let parsed = parse(text, rules);
  const terms = queryTerms(parsed.text);
  const { REQUIRED, OPTIONAL } = lunr.Query.presence;
  let found;
  if (terms.length) {
    const joined = joinedPinyin(parsed.text);
    found = joined.length ? run(indexes, joined, REQUIRED) : [];
    if (found.length === 0) found = run(indexes, terms, REQUIRED);
    const shorter = withoutLastSuffixes(parsed.text, rules);
    if (found.length === 0 && shorter !== parsed.text) {
      found = run(indexes, queryTerms(shorter), REQUIRED);
      if (found.length) parsed = { ...parsed, text: shorter };
    }
    if (found.length === 0) found = run(indexes, terms, OPTIONAL);
  } else if (parsed.kind || parsed.level) {
    // only a filter: every entry it lets through
    found = docs.map((_, n) => ({ ref: String(n), score: 0, alias: false }));
  } else return [];
  if (parsed.kind || parsed.level) {
    const kept = found.filter((match) => passes(docs[Number(match.ref)], parsed));
    found = kept.length || !terms.length ? kept : found;
  }
  const wanted = compact(parsed.text);
  const ranked = found.map((match) => {
    const doc = docs[Number(match.ref)];
    return {
      ref: match.ref,
      tier: tier(doc, wanted, match.alias),
      score: Math.round(match.score * KIND_WEIGHT[doc[0]] * 1e6) / 1e6,
    };
  });
  return ranked.sort(byRank(docs, parsed));
}

/** @returns {string[]} refs in the order the search page lists them */
export function shownOrder(indexes, docs, text, rules) {
  return grouped(docs, search(indexes, docs, text, rules)).flatMap(([, refs]) => refs);
}
