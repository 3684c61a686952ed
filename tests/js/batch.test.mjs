// The batch page's table handling under Node: CSV read the way Chinese Excel writes it (GB18030, quotes, CRLF),
// columns found by their headers, formula-like cells neutralised on export, duplicates counted once, and the same
// summary line as the CLI (tests/registry/test_batch.py).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { csvText, decodeTable, detectColumns, parseCsv, spreadsheetSafe } from '../../theme/verifier/table.js';
import { cell, flagDuplicates, summaryOf } from '../../theme/verifier/batch.js';
import { setLanguage } from '../../theme/verifier/i18n.js';

test('a GB18030 table is decoded, a UTF-8 one (with BOM) too', () => {
  // "证书编号,姓名\r\n" in GB18030, as Excel's "CSV (逗号分隔)" writes it on a Chinese Windows
  const gbk = Uint8Array.from([
    0xd6, 0xa4, 0xca, 0xe9, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a,
  ]);
  assert.deepEqual(decodeTable(gbk), { text: '证书编号,姓名\r\n', encoding: 'GB18030' });
  const utf8 = new TextEncoder().encode('\ufeff证书编号,姓名\n');
  assert.deepEqual(decodeTable(utf8), { text: '证书编号,姓名\n', encoding: 'UTF-8' });
});

test('CSV fields may hold commas, quotes and line breaks', () => {
  assert.deepEqual(parseCsv('a,"b,1","c ""q""","d\r\ne"\r\n1,2,3,4\n'), [
    ['a', 'b,1', 'c "q"', 'd\r\ne'],
    ['1', '2', '3', '4'],
  ]);
  assert.deepEqual(parseCsv('x,y'), [['x', 'y']]);
  assert.equal(parseCsv('1\n2\n3\n4\n', 2).length, 3, 'reading stops past the limit');
});

test('columns are found by Chinese or English headers; a repeated header is not guessed', () => {
  assert.deepEqual(detectColumns(['序号', '证书编号', '姓名', '验证码']).found, { number: 1, name: 2, code: 3 });
  assert.deepEqual(detectColumns(['Name', 'Certificate Number', 'Verification Code']).found, {
    number: 1,
    name: 0,
    code: 2,
  });
  const twice = detectColumns(['姓名', '证书编号', '姓名', '验证码']);
  assert.equal(twice.found.name, -1);
  assert.deepEqual(twice.repeated, ['姓名']);
});

test('no exported cell runs as a formula, and Excel gets a BOM', () => {
  for (const bad of ['=HYPERLINK("http://x","y")', '+1', '-1+1', '@SUM(A1)', '\tx', '\rx']) {
    assert.equal(spreadsheetSafe(bad), `'${bad}`);
  }
  assert.equal(spreadsheetSafe('张三'), '张三');
  assert.equal(csvText([['=1+1', 'a,b']]), '\ufeff\'=1+1,"a,b"\r\n');
});

const vectors = JSON.parse(readFileSync(new URL('../vectors/batch-rows.json', import.meta.url), 'utf8'));

test('duplicates and the summary, as the CLI gives them (the shared vectors tests/vectors/batch-rows.json)', () => {
  for (const c of vectors.cases) {
    const rows = c.rows.map((row) => ({ ...row, duplicate: null, reason: [] }));
    flagDuplicates(rows);
    assert.deepEqual(
      rows.map((r) => cell(r, 'duplicate')),
      c.duplicates,
      c.name,
    );
    assert.equal(summaryOf(rows), c.summary, c.name);
  }
});

test('in English, the same duplicates and summary in English words', () => {
  const rows = vectors.cases[0].rows.map((row) => ({ ...row, duplicate: null, reason: [] }));
  flagDuplicates(rows);
  setLanguage(fakePart(), 'en', null);
  try {
    assert.deepEqual(
      rows.map((r) => cell(r, 'duplicate')),
      ['', 'same certificate as row 1', 'same name with another certificate: row 1', ''],
    );
    assert.equal(
      summaryOf(rows),
      '1 valid · 1 revoked · 1 invalid · 0 unconfirmed (rows repeating a certificate, not counted again: 1)',
    );
    assert.equal(cell(rows[0], 'verdict'), 'Valid');
  } finally {
    setLanguage(fakePart(), 'zh', null);
  }
});

/** What setLanguage needs of a part of the page, in Node. */
const fakePart = () => ({ lang: '', querySelector: () => null, querySelectorAll: () => [] });
