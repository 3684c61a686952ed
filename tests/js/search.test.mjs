// The search modules (theme/search/) under Node's test runner with lunr.js 2.3.9 from npm: the tokenizer's golden
// vectors, highlighting, the query cases against the index the real build wrote, hostile queries, and the load-order
// trap of non-BMP terms. tests/test_search_js.py builds the site and runs this with:
//   SEARCH_INDEX    the built site's search/index.json
//   SEARCH_ORDERS   JSON file: query -> the refs in the order lunr.py and portal/search/query.py list them
//   SEARCH_NON_BMP  a small index with 𠮷 and 﨑 terms, written in UTF-16 order
//   SEARCH_FIRST    the first results' data the built search page inlines

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import lunr from 'lunr';
import { load, shownOrder, withoutSuffix } from '../../theme/search/engine.js';
import { firstResults } from '../../theme/search/first.js';
import { highlightRanges } from '../../theme/search/highlight.js';
import { tokens } from '../../theme/search/tokenizer.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const golden = json(here('../vectors/tokenizer.json'));
const queries = json(here('../vectors/search-queries.json'));
const need = (name) => {
  assert.ok(process.env[name], `${name} is not set: run through tests/test_search_js.py`);
  return json(process.env[name]);
};
/** The built site's index: search/index.json's part and those it names (search/majors.json …). */
const siteIndex = () => {
  const data = need('SEARCH_INDEX');
  const parts = (data.parts || []).map((name) => json(new URL(name, `file://${process.env.SEARCH_INDEX}`)));
  return { data, index: [load(data), ...parts.map(load)] };
};

test('tokenizer: every golden vector', () => {
  for (const c of golden.cases) assert.deepEqual(tokens(c.text), c.tokens, c.why);
});

test('highlight: ranges in code points of the text as written', () => {
  assert.deepEqual(highlightRanges('Web 前端开发', ['前端']), [[4, 6]]);
  assert.deepEqual(highlightRanges('Ｗｅｂ前端', ['web']), [[0, 3]]);
  assert.deepEqual(highlightRanges('𠮷野家', ['𠮷野']), [[0, 2]]);
  assert.deepEqual(highlightRanges('大数据应用开发（JAVA）', ['数据', '据应', 'java']), [
    [1, 4],
    [8, 12],
  ]);
  assert.deepEqual(highlightRanges('物流管理', ['vue']), []);
});

test('query cases: the target is in the top three (held-out ones are measured), in the same order as Python', () => {
  const { data, index } = siteIndex();
  const orders = need('SEARCH_ORDERS');
  for (const c of queries.cases) {
    const refs = shownOrder(index, data.docs, c.query, data.rules);
    const top = refs.slice(0, queries.top).map((ref) => data.docs[Number(ref)][2]);
    if (!c.held_out) assert.ok(top.includes(c.expect), `${c.query}: ${top.join(', ')}`);
    assert.deepEqual(refs.slice(0, 10), orders[c.query], `${c.query}: lunr.js and lunr.py disagree`);
  }
});

test('first results: each is among the full results, shown as the index shows it; most cases have some', () => {
  const { data, index } = siteIndex();
  const first = need('SEARCH_FIRST');
  for (const [ref, doc] of first.entries) assert.deepEqual(doc, data.docs[Number(ref)], `entry ${ref}`);
  let some = 0;
  let sameTop = 0;
  for (const query of [...queries.cases.map((c) => c.query), ...queries.hostile]) {
    const early = firstResults(first, query).map((r) => r.ref);
    const full = shownOrder(index, data.docs, query, data.rules);
    const missing = early.filter((ref) => !full.includes(ref));
    assert.deepEqual(missing, [], `${query.slice(0, 20)}: first results the full search does not find`);
    if (early.length) some += 1;
    if (early.length && early[0] === full.find((ref) => first.entries.some(([r]) => r === ref))) sameTop += 1;
  }
  console.log(`first results for ${some} of ${queries.cases.length} cases; the same best one in ${sameTop}`);
  assert.ok(some >= queries.cases.length / 2, `first results for only ${some} cases`);
});

test('a job suffix goes when two CJK characters remain, as in Python', () => {
  const suffixes = ['员', '师', '人员'];
  assert.equal(withoutSuffix('养老护理员', suffixes), '养老护理');
  assert.equal(withoutSuffix('客服人员', suffixes), '客服');
  assert.equal(withoutSuffix('教师', suffixes), '教师');
  assert.equal(withoutSuffix('Java工程师', suffixes), 'Java工程');
  assert.equal(withoutSuffix('𠮷野家师', suffixes), '𠮷野家');
});

// a hang fails by the test's own time-out, generous so that a busy machine never fails it (speed: the benchmarks)
test('hostile queries neither throw nor hang', { timeout: 120000 }, () => {
  const { data, index } = siteIndex();
  for (const query of queries.hostile) assert.ok(Array.isArray(shownOrder(index, data.docs, query)));
  assert.deepEqual(shownOrder(index, data.docs, '\ud842'), []); // a lone surrogate is a separator
});

test('non-BMP terms: the written order loads; code-point order is refused by lunr.js', () => {
  const data = need('SEARCH_NON_BMP');
  const index = [load(data)];
  assert.equal(lunr.version, '2.3.9');
  assert.deepEqual(shownOrder(index, data.docs, '𠮷野'), ['0']);
  assert.deepEqual(shownOrder(index, data.docs, '﨑山'), ['1']);
  const points = (s) => Array.from(s, (c) => c.codePointAt(0));
  const byCodePoint = {
    ...data.index,
    invertedIndex: [...data.index.invertedIndex].sort(([a], [b]) => {
      const [x, y] = [points(a), points(b)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    }),
  };
  assert.throws(() => lunr.Index.load(byCodePoint), /Out of order word insertion/);
});
