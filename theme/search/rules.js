// The query rules and the ranking that need no index, shared by the search worker (engine.js) and the page (ui.js,
// which draws the groups): the JavaScript twin of portal/search/query.py's parse, tier and grouped. engine.js adds
// what runs lunr.js.
import { charClass, compact, tokens } from './tokenizer.js';

export const MAX_QUERY = 200;
export const MAX_TERMS = 24;
export const KIND_WEIGHT = { certificate: 1.5, organisation: 1.2, major: 1.0, policy: 0.6 };
const GROUP_BOOST = { certificate: 2.0 }; // ordering groups of one tier: what most students look for, first (query.py)

/**
 * @typedef {[string, string, string, string, number[], string[], string[]?]} Doc kind, title, url, subtitle,
 * batches, levels, other names (a policy's number and short title; left out when there are none)
 * @typedef {{ref: string, tier: number, score: number}} Ranked
 */

const escape = (word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byLength = (words) => [...words].sort((a, b) => Array.from(b).length - Array.from(a).length);

/**
 * The query without its stop, kind and level words, and the filters they make (parse in portal/search/query.py).
 * @param {string} text @param {{stop: string[], suffixes?: string[], kinds: object, levels: object}|undefined} rules
 * @returns {{text: string, kind: string|null, level: string|null}}
 */
export function parse(text, rules) {
  text = Array.from(text).slice(0, MAX_QUERY).join('');
  if (!rules) return { text, kind: null, level: null };
  let rest = text;
  const found = { kind: null, level: null };
  for (const [name, words] of [
    ['kind', rules.kinds],
    ['level', rules.levels],
  ]) {
    for (const word of byLength(Object.keys(words))) {
      if (rest.includes(word)) {
        found[name] ??= words[word];
        rest = rest.replaceAll(word, ' ');
      }
    }
  }
  for (const word of byLength(rules.stop)) rest = rest.replace(new RegExp(escape(word), 'gi'), ' ');
  const suffixes = rules.suffixes ?? [];
  rest = rest
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => withoutSuffix(word, suffixes))
    .join(' ');
  if (tokens(rest).length) return { text: rest, ...found };
  return found.kind || found.level ? { text: '', ...found } : { text, kind: null, level: null };
}

/** A word without a job suffix it ends with (物流师 -> 物流), if two or more CJK characters remain (query.py). */
export function withoutSuffix(word, suffixes) {
  for (const suffix of byLength(suffixes)) {
    const stem = Array.from(word).slice(0, -Array.from(suffix).length);
    if (word.endsWith(suffix) && stem.length >= 2 && stem.slice(-2).every((c) => charClass(c) === 'cjk')) {
      return stem.join('');
    }
  }
  return word;
}

/**
 * The words without a last-resort job suffix (汽修工 -> 汽修), tried when they find nothing as typed (query.py).
 * @param {string} text @param {{last_suffixes?: string[]}|undefined} rules @returns {string}
 */
export function withoutLastSuffixes(text, rules) {
  const suffixes = rules?.last_suffixes ?? [];
  if (!suffixes.length) return text;
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => withoutSuffix(word, suffixes))
    .join(' ');
}

/** Latin words typed syllable by syllable, joined ("wu liu" -> ["wuliu"]); [] for other queries. */
export function joinedPinyin(text) {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 2 || !words.every((w) => /^[A-Za-z]+$/.test(w))) return [];
  return queryTerms(words.join(''));
}

/**
 * How a query term matches a document's terms, the same in lunr (engine.js wildcard) and in the first results
 * (first.js): a CJK bigram exactly, a lone CJK character anywhere when it is the whole query and at the start
 * otherwise, a Latin word at the start, one Latin character exactly.
 * @param {string} term @param {boolean} alone the query's only term @returns {'exact'|'prefix'|'contains'}
 */
export function matchKind(term, alone) {
  const chars = Array.from(term);
  if (charClass(chars[0]) === 'cjk') return chars.length > 1 ? 'exact' : alone ? 'contains' : 'prefix';
  return chars.length > 1 ? 'prefix' : 'exact';
}

/**
 * The kind and level words' filter. A level keeps the certificates known to have it and those whose levels the
 * catalogue does not know (most of them: 等级未公布), which rank after the known ones (unsure); as query.py.
 */
export const passes = (doc, parsed) =>
  (!parsed.kind || doc[0] === parsed.kind) &&
  (!parsed.level || (doc[0] === 'certificate' && (doc[5].includes(parsed.level) || doc[5].length === 0)));

/** A certificate let through a level filter only because its levels are unknown. */
export const unsure = (doc, parsed) => Boolean(parsed.level) && !doc[5].includes(parsed.level);

/**
 * How ranked results are ordered (query.py search): by tier, the certificates known to have a level asked for
 * before those whose levels are unknown, then by score, then by ref.
 * @param {Doc[]} docs by ref @param {{level: string|null}} parsed @returns {(a: Ranked, b: Ranked) => number}
 */
export function byRank(docs, parsed) {
  const doubt = (r) => Number(unsure(docs[Number(r.ref)], parsed));
  return (a, b) => a.tier - b.tier || doubt(a) - doubt(b) || b.score - a.score || Number(a.ref) - Number(b.ref);
}

/** @param {string} text @returns {string[]} distinct terms of the query, in order, within the limits */
export function queryTerms(text) {
  return [...new Set(tokens(Array.from(text).slice(0, MAX_QUERY).join('')))].slice(0, MAX_TERMS);
}

export const COARSE_TIER = [0, 1, 1, 2];

const ALIAS_TIER = 1; // an entry found by words students use for its name ranks as if its name started with them

/**
 * @param {Doc} doc @param {string} wanted the compact query
 * @param {boolean} [byAlias] every term matched the entry's aliases (search_terms.yaml)
 * @returns {number} 0 a name of the entry (its title or another name: a policy's number) is the query, 1 starts with
 * it or byAlias, 2 contains it, 3 otherwise (query.py)
 */
export function tier(doc, wanted, byAlias = false) {
  let found = 3;
  for (const name of [doc[1], ...(doc[6] ?? [])].map(compact)) {
    found = Math.min(found, name === wanted ? 0 : name.startsWith(wanted) ? 1 : name.includes(wanted) ? 2 : 3);
  }
  return byAlias ? Math.min(found, ALIAS_TIER) : found;
}

/**
 * Ranked results grouped by kind; groups ordered by their best result, "starts with" and "contains" alike.
 * @param {Doc[]} docs @param {Ranked[]} ranked @returns {Array<[string, string[]]>} [kind, refs]
 */
export function grouped(docs, ranked) {
  const groups = new Map();
  const best = new Map();
  const before = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  ranked.forEach(({ ref, tier: level, score }, position) => {
    const kind = docs[Number(ref)][0];
    if (!groups.has(kind)) groups.set(kind, []);
    groups.get(kind).push(ref);
    const key = [COARSE_TIER[level], -score * (GROUP_BOOST[kind] ?? 1.0), position];
    if (!best.has(kind) || before(key, best.get(kind)) < 0) best.set(kind, key);
  });
  return [...groups.entries()].sort(([a], [b]) => before(best.get(a), best.get(b)));
}

/**
 * When nothing matches: the certificates, majors and organisations whose names share the most of the query's
 * characters (at least two, or the one of a one-character query), closest first.
 * @param {Doc[]} docs @param {string} text @returns {string[]} refs
 */
export function closest(docs, text, count = 5) {
  const wanted = new Set(Array.from(compact(text)).filter((c) => charClass(c) === 'cjk'));
  if (wanted.size === 0) return [];
  const scored = [];
  docs.forEach(([kind, title], n) => {
    if (kind === 'policy') return;
    const name = Array.from(compact(title));
    const shared = new Set(name.filter((c) => wanted.has(c))).size;
    if (shared >= Math.min(2, wanted.size)) scored.push([shared / wanted.size + shared / name.length, n]);
  });
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return scored.slice(0, count).map(([, n]) => String(n));
}
