// The search page's first results, drawn before the index has arrived: the certificates and organisations whose
// name, aliases, pinyin or initials hold every term of the query, matched as lunr matches those fields (matchKind)
// and grouped as the full results are. The page inlines this script (first-page.js) and its data (search.html;
// the data is portal/search/index.py first_results_data), so a phone shows them with the page itself, in one
// request, instead of after the index's download. ui.js replaces them with the full results once the worker has
// loaded the index; the full results hold every one of these (tests/js/search.test.mjs), and more.
import { byRank, grouped, joinedPinyin, KIND_WEIGHT, matchKind, parse, passes, queryTerms, tier } from './rules.js';
import { compact, tokens } from './tokenizer.js';
import { drawGroups, keep, markOnce } from './results.js';

const fits = {
  exact: (t, term) => t === term,
  prefix: (t, term) => t.startsWith(term),
  contains: (t, term) => t.includes(term),
};

/** The entries' shown docs, each at its ref, as the full index's docs are (a sparse array). */
const docsOf = (data) => {
  const docs = [];
  for (const [ref, doc] of data.entries) docs[Number(ref)] = doc;
  return docs;
};

/**
 * The entries holding every term, ranked like engine.js search: by tier, then by the boosts of the fields matched.
 * @param {{entries: Array<[string, any[], object]>, fields: object, rules: object}} data @param {string} text
 * @returns {{ref: string, tier: number, score: number}[]}
 */
export function firstResults(data, text) {
  const parsed = parse(text, data.rules);
  const joined = joinedPinyin(parsed.text);
  const terms = joined.length ? joined : queryTerms(parsed.text);
  if (!terms.length) return [];
  const wanted = compact(parsed.text);
  const ranked = [];
  for (const [ref, doc, named] of data.entries) {
    if (!passes(doc, parsed)) continue;
    const fields = { name: tokens(doc[1]), ...named };
    let score = 0;
    let byAlias = true;
    for (const term of terms) {
      const how = fits[matchKind(term, terms.length === 1)];
      const boosts = Object.keys(fields).filter((name) => fields[name].some((t) => how(t, term)));
      if (!boosts.length) {
        score = 0;
        break;
      }
      score += Math.max(...boosts.map((name) => data.fields[name]));
      byAlias &&= boosts.includes('aliases');
    }
    if (score) ranked.push({ ref, tier: tier(doc, wanted, byAlias), score: score * KIND_WEIGHT[doc[0]] });
  }
  return ranked.sort(byRank(docsOf(data), parsed));
}

/** Draw the first results of the page's address into #search-results, if there are any. */
export function drawFirstResults(data) {
  const form = /** @type {HTMLFormElement} */ (document.querySelector('form[data-module=search-page]'));
  const results = document.getElementById('search-results');
  const params = new URLSearchParams(location.search);
  const text = params.get('q') || '';
  form.querySelector('input[name=q]').value = text;
  const filters = {};
  for (const select of form.querySelectorAll('select')) {
    select.value = params.get(select.name) || '';
    filters[select.name] = select.value; // '' when the address names no such option, as ui.js reads it
  }
  const docs = docsOf(data);
  const ranked = firstResults(data, text).filter((r) => keep(docs[Number(r.ref)], filters));
  if (!ranked.length) return; // the full results will say what there is
  document.getElementById('search-fallback')?.setAttribute('hidden', '');
  drawGroups(results, { docs, kinds: data.kinds }, grouped(docs, ranked), queryTerms(text), form.dataset.root || '/');
  results.dataset.first = 'true';
  document.getElementById('search-status').textContent = `名称相符的 ${ranked.length} 条先列出，其余结果载入中…`;
  markOnce('1x-search-first-results');
}
