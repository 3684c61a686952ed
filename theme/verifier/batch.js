// The batch page (verify/batch/): HR checks a whole intake at once. Credential files, QR images, zips of them and
// tables of candidates (number, name, code) are read in this browser only, each judged exactly as the verify page
// judges one (judge.js), in small steps with progress and a cancel button so the tab never freezes. The table of
// verdicts can be filtered, sorted, exported as CSV for Excel and printed. Nothing is uploaded.

import { bestCrypto } from './crypto.js';
import { maskedCode } from './holder.js';
import { tileReader } from './tlog.js';
import { createJudge, levelName, nameIn, openLists, sentencesOf } from './judge.js';
import { initialLanguage, languageSwitch, moment, msg, saidBy, setLanguage, t, when } from './i18n.js';
import { csvText, decodeTable, detectColumns, parseCsv, xlsxRows } from './table.js';
import { dropZone, el } from './dom.js';
import { markedNodes } from './hanzi.js';
import { unzipBounded } from './unzip.js';

export const MAX_FILE_BYTES = 100 * 1024 * 1024; // any one file chosen
const MAX_CREDENTIAL_BYTES = 256 * 1024;
const MAX_EXPANDED_BYTES = 200 * 1024 * 1024; // all of a zip's entries together
export const MAX_ROWS = 20000;
const MAX_IMAGE_SIDE = 1600;
const IN_FLIGHT = 6;
const PAGE_ROWS = 500; // rows of the table drawn at a time // judgements (and so lookup shards) at once
const KINDS = ['valid', 'revoked', 'invalid', 'unconfirmed'];
const CREDENTIAL = /\.(json|jsonld|txt)$/i;
const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;
// the exported CSV's columns: a message key each (col.*), but `verdict`, the verdict's id for programs
export const COLUMNS = ['n', 'source', 'name', 'number', 'certificate', 'level', 'organisation', 'issued', 'verdict'];
export const HEADER = () => [...COLUMNS.map((c) => t(`col.${c}`)), 'verdict', t('col.reason'), t('col.duplicate')];

/**
 * Every input in the files chosen, as items to judge: {source, text} | {source, image} | {source, table} |
 * {source, problem}. Zips are opened one level deep, with the limits above.
 * @param {File[]} files
 */
export async function itemsOf(files) {
  const items = [];
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      items.push({ source: file.name, problem: msg('batch.too_big', { mb: MAX_FILE_BYTES / 1024 / 1024 }) });
    } else if (/\.(csv|xlsx)$/i.test(file.name)) {
      items.push({ source: file.name, table: new Uint8Array(await file.arrayBuffer()) });
    } else if (/\.zip$/i.test(file.name)) {
      items.push(...zipItems(file.name, new Uint8Array(await file.arrayBuffer())));
    } else items.push(member(file.name, new Uint8Array(await file.arrayBuffer())));
  }
  return items;
}

function member(source, bytes) {
  if (CREDENTIAL.test(source)) {
    if (bytes.length > MAX_CREDENTIAL_BYTES) return { source, problem: msg('batch.not_credential_large') };
    try {
      return { source, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { source, problem: msg('batch.not_utf8') };
    }
  }
  if (IMAGE.test(source)) return { source, image: bytes };
  if (/\.zip$/i.test(source)) return { source, problem: msg('batch.zip_in_zip') };
  if (/\.(csv|xlsx)$/i.test(source)) return { source, problem: msg('batch.table_in_zip') };
  return { source, problem: msg('batch.unsupported') };
}

function zipItems(name, bytes) {
  let opened;
  try {
    opened = unzipBounded(bytes, { maxEntry: MAX_FILE_BYTES, maxTotal: MAX_EXPANDED_BYTES });
  } catch (error) {
    return [{ source: name, problem: msg('batch.zip_broken', { error: error.message }) }];
  }
  return [
    ...Object.entries(opened.entries).map(([path, data]) => member(`${name}:${path}`, data)),
    ...opened.refused.map((path) => ({
      source: `${name}:${path}`,
      problem: msg('batch.zip_bomb'),
    })),
  ];
}

/** A row of the table before its input is judged: invalid, with nothing known. */
const blankRow = (source) => ({
  source,
  ...Object.fromEntries(['name', 'number', 'certificate', 'level', 'organisation', 'issued'].map((k) => [k, ''])),
  verdict: 'invalid',
  reason: [], // messages
  lookup: '',
  code: '',
  duplicate: null, // a message
});

/** Run task(i) for i < count, at most `limit` at once; stops early when cancelled() says so. */
async function pool(count, limit, task, cancelled) {
  let next = 0;
  const runner = async () => {
    while (next < count && !cancelled()) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, runner));
}

/** Same certificate again: flagged and not counted twice; one name with another certificate: flagged. */
export function flagDuplicates(rows) {
  const firstOfCertificate = new Map();
  const firstOfName = new Map();
  rows.forEach((row, i) => {
    if (!row.lookup) return;
    if (firstOfCertificate.has(row.lookup)) {
      row.duplicate = msg('batch.same_certificate', { row: firstOfCertificate.get(row.lookup) });
      return;
    }
    firstOfCertificate.set(row.lookup, i + 1);
    if (firstOfName.has(row.name)) row.duplicate = msg('batch.same_name', { row: firstOfName.get(row.name) });
    else firstOfName.set(row.name, i + 1);
  });
}

/** N 有效 · N 已撤销 · N 无效 · N 待确认, each certificate once (in the current language). */
export function summaryOf(rows) {
  const counted = rows.filter((row) => row.duplicate?.key !== 'batch.same_certificate');
  const counts = Object.fromEntries(KINDS.map((kind) => [kind, counted.filter((row) => row.verdict === kind).length]));
  const repeated = rows.length - counted.length;
  return t('batch.counts', counts) + (repeated ? t('batch.repeated', { count: repeated }) : '');
}

/** A row's text in a column, in the current language (reasons and duplicates are kept as messages). */
export function cell(row, key) {
  if (key === 'verdict') return t(`verdict.${row.verdict}`);
  if (key === 'reason') return row.reason.map((m) => t(m)).join(t('list.sentences'));
  if (key === 'duplicate') return row.duplicate ? t(row.duplicate) : '';
  if (key === 'level') return typeof row.level === 'string' ? row.level : t(row.level); // a message, or an unknown id
  return String(row[key] ?? '');
}

export async function start({ root, loadLists, fetchBytes, loadDecoder, clock = () => new Date() }) {
  const $ = (selector) => root.querySelector(selector);
  const crypto = await bestCrypto(new URLSearchParams(location.search).get('crypto') === 'noble' ? 'noble' : undefined);
  const part = root.closest('main') ?? root; // what the language switch puts into the other language
  setLanguage(part, initialLanguage());
  let snapshot, state;
  try {
    [snapshot, state] = await openLists(await loadLists(), root.dataset, crypto, clock());
  } catch (error) {
    $('#snapshot').textContent = t('batch.lists_failed', { error: saidBy(error) });
    root.dataset.state = 'broken';
    return;
  }
  const showSnapshot = () => {
    $('#snapshot').textContent = t('batch.snapshot', {
      issued: when(state.issued),
      expires: when(state.expires),
      size: state.size,
      demo: snapshot.root.demo ? msg('batch.snapshot_demo') : '',
    });
  };
  showSnapshot();
  // each file of the lookup store is fetched once, however many rows fall in it
  const stored = new Map();
  const once = (path) => {
    if (!stored.has(path)) stored.set(path, fetchBytes(path));
    return stored.get(path);
  };
  // one tile reader for the whole batch: each tile of the log is fetched once, not once per credential
  const tiles = tileReader((path) => fetchBytes(`../log/${path}`), state.size, state.edge);
  const judge = createJudge({ snapshot, state, crypto, fetchBytes: once, reader: () => tiles, clock });

  const rows = [];
  let cancelled = false;
  let pendingTables = [];

  async function decodeImage(bytes) {
    const bitmap = await createImageBitmap(new Blob([bytes]));
    const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = el('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const { decode } = await loadDecoder();
    return decode(context.getImageData(0, 0, canvas.width, canvas.height));
  }

  /** One item judged into a table row. */
  async function rowOf(item) {
    const row = blankRow(item.source);
    if (item.problem) return { ...row, reason: [item.problem] };
    let judgement;
    if (item.printed) {
      const [number, name, code] = item.printed;
      Object.assign(row, { number, name, code: code ? maskedCode(code) : '' });
      judgement = await judge.printed(number, name, code);
      if (judgement.problem) {
        const { code: what, field } = judgement.problem;
        const detail = Object.hasOwn(snapshot.display.holderErrors, field) ? msg(`holder_error.${field}`) : field;
        const problem = what === 'holder' ? msg('batch.problem_holder', { detail }) : msg(`batch.problem_${what}`);
        // the store could not be read or is damaged: nothing is known of the certificate (fail closed, not invalid)
        return { ...row, verdict: what === 'lookup' ? 'unconfirmed' : 'invalid', reason: [problem] };
      }
    } else {
      let text = item.text;
      if (item.image) {
        try {
          text = await decodeImage(item.image);
        } catch {
          text = null;
        }
        if (!text) return { ...row, reason: [msg('batch.no_qr')] };
      }
      judgement = await judge.credential(text);
    }
    const { verdict, kind } = judgement;
    row.verdict = kind;
    row.reason = sentencesOf(judgement, snapshot, state).why;
    if (verdict.record) {
      const { holder, record } = verdict;
      Object.assign(row, {
        name: holder.name,
        number: holder.number,
        certificate: nameIn(snapshot.certificates, record.certificate),
        level: levelName(snapshot, record.level),
        organisation: nameIn(snapshot.organisations, record.organisation),
        issued: record.issued,
        lookup: record.lookup,
      });
    }
    return row;
  }

  const progress = $('#progress');
  const bar = progress.querySelector('progress');
  const progressText = progress.querySelector('.progress-text');

  async function judgeAll(items) {
    if (rows.length + items.length > MAX_ROWS) {
      items = items.slice(0, Math.max(0, MAX_ROWS - rows.length));
      $('#notice').textContent = t('batch.max_rows', { max: MAX_ROWS });
    }
    cancelled = false;
    root.dataset.state = 'checking';
    progress.hidden = false;
    bar.max = items.length;
    const found = new Array(items.length);
    let done = 0;
    let shown = performance.now();
    await pool(
      items.length,
      IN_FLIGHT,
      async (i) => {
        found[i] = await rowOf(items[i]);
        done++;
        if (performance.now() - shown > 100 || done === items.length) {
          shown = performance.now();
          bar.value = done;
          progressText.textContent = t('batch.progress', { done, total: items.length });
          await new Promise((resolve) => setTimeout(resolve)); // let the page breathe: input, paint, cancel
        }
      },
      () => cancelled,
    );
    rows.push(...found.filter(Boolean));
    progress.hidden = true;
    if (cancelled) $('#notice').textContent = t('batch.cancelled', { done, total: items.length });
    for (const row of rows) row.duplicate = null;
    flagDuplicates(rows);
    show();
    performance.measure('1x-batch', '1x-batch-start'); // from the files chosen to the table (the benchmark reads it)
    root.dataset.state = 'done';
  }

  $('#cancel').addEventListener('click', () => {
    cancelled = true;
  });

  // --- tables: the columns are detected from the header and confirmed by the user -----------------------------
  const columnsBox = $('#columns');
  function askColumns() {
    const table = pendingTables[0];
    if (!table) {
      columnsBox.hidden = true;
      return;
    }
    let parsed, encoding;
    try {
      if (/\.xlsx$/i.test(table.source))
        [parsed, encoding] = [xlsxRows(table.table, MAX_ROWS + 1), t('batch.workbook')];
      else {
        const decoded = decodeTable(table.table);
        [parsed, encoding] = [parseCsv(decoded.text, MAX_ROWS + 1), decoded.encoding];
      }
    } catch (error) {
      pendingTables.shift();
      rows.push({ ...blankRow(table.source), reason: [msg('batch.table_unreadable', { error: saidBy(error) })] });
      show();
      askColumns();
      return;
    }
    const header = (parsed[0] ?? []).map((h) => h.trim());
    const { found, repeated } = detectColumns(header);
    table.rows = parsed.slice(1);
    $('#columns-file').textContent =
      t('batch.confirm_columns', { source: table.source, encoding, rows: table.rows.length }) +
      (repeated.length ? t('batch.repeated_header', { names: repeated }) : '');
    for (const select of columnsBox.querySelectorAll('select')) {
      select.replaceChildren(
        el('option', { value: '-1', text: t('batch.choose_column') }),
        ...header.map((h, i) =>
          el('option', {
            value: String(i),
            text: t('batch.column', { n: i + 1, header: h || msg('batch.no_header') }),
          }),
        ),
      );
      select.value = String(found[select.name]);
    }
    columnsBox.hidden = false;
    columnsBox.querySelector('select').focus();
  }
  $('#columns-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = Object.fromEntries([...columnsBox.querySelectorAll('select')].map((s) => [s.name, Number(s.value)]));
    if (Object.values(chosen).some((i) => i < 0) || new Set(Object.values(chosen)).size !== 3) {
      $('#columns-error').textContent = t('batch.columns_error');
      return;
    }
    $('#columns-error').textContent = '';
    const table = pendingTables.shift();
    const items = [];
    table.rows.forEach((cells, i) => {
      if (!cells.some((c) => c.trim())) return;
      const printed = ['number', 'name', 'code'].map((k) => (cells[chosen[k]] ?? '').trim());
      items.push({ source: `${table.source}:${i + 2}`, printed });
    });
    askColumns();
    await judgeAll(items);
  });

  async function choose(files) {
    performance.mark('1x-batch-start');
    $('#notice').textContent = '';
    const items = await itemsOf([...files]);
    pendingTables.push(...items.filter((item) => item.table));
    await judgeAll(items.filter((item) => !item.table));
    askColumns();
  }
  $('#batch-files').addEventListener('change', (event) => choose(event.target.files));
  dropZone($('#batch-drop'), choose);

  // --- the table of verdicts ------------------------------------------------------------------------------------
  // the columns, in the order of the page's table header (the template is their one home)
  let sortBy = 'n';
  let ascending = true;
  let limit = PAGE_ROWS; // rows drawn: a table of 10,000 rows would hold the tab for seconds
  const tbody = $('#batch-table tbody');
  const head = $('#batch-table thead tr');
  const keys = [...head.querySelectorAll('button.sort')].map((button) => {
    button.addEventListener('click', () => {
      ascending = sortBy === button.dataset.sort ? !ascending : true;
      sortBy = button.dataset.sort;
      limit = PAGE_ROWS;
      show();
    });
    return button.dataset.sort;
  });
  const filter = $('#filter');

  function show() {
    $('#results').hidden = rows.length === 0;
    $('#summary').textContent = t('batch.summary', { rows: rows.length, counts: summaryOf(rows) });
    const order = (row) =>
      sortBy === 'n' ? row.n : sortBy === 'verdict' ? KINDS.indexOf(row.verdict) : cell(row, sortBy);
    rows.forEach((row, i) => {
      row.n = i + 1;
    });
    const shown = rows
      .filter((row) => !filter.value || row.verdict === filter.value)
      .sort((a, b) => {
        const [x, y] = [order(a), order(b)];
        const c = typeof x === 'number' ? x - y : x.localeCompare(y, 'zh-CN');
        return (ascending ? c : -c) || a.n - b.n;
      });
    for (const th of head.children) {
      const key = th.firstChild.dataset.sort;
      th.setAttribute('aria-sort', key === sortBy ? (ascending ? 'ascending' : 'descending') : 'none');
    }
    tbody.replaceChildren(
      ...shown.slice(0, limit).map((row) =>
        el(
          'tr',
          { 'data-verdict': row.verdict, class: `row-${row.verdict}` },
          ...keys.map((key) => {
            const text =
              key === 'reason' && row.duplicate
                ? t('field.with_id', { name: cell(row, 'reason'), id: cell(row, 'duplicate') })
                : cell(row, key);
            if (key === 'n') return el('th', { scope: 'row', text });
            // a name's uncommon characters with their code points (hanzi.js), on the screen and the printed report
            return el('td', { class: `col-${key}` }, ...(key === 'name' ? markedNodes(text) : [text]));
          }),
        ),
      ),
    );
    const more = $('#more');
    more.hidden = shown.length <= limit;
    more.textContent = t('batch.more_rows', {
      next: Math.min(PAGE_ROWS, shown.length - limit),
      shown: Math.min(limit, shown.length),
      total: shown.length,
    });
    const now = clock();
    $('#report-meta').textContent = t('batch.report', {
      number: `BR-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${rows.length}`,
      time: moment(now),
      issued: when(state.issued),
      version: state.version,
      root: snapshot.root.key,
      demo: snapshot.root.demo ? msg('app.demo_short') : '',
    });
  }
  languageSwitch(document.getElementById('language'), part, () => {
    showSnapshot();
    if (rows.length) show();
  });
  filter.addEventListener('change', () => {
    limit = PAGE_ROWS;
    show();
  });
  $('#more').addEventListener('click', () => {
    limit += PAGE_ROWS;
    show();
  });

  $('#export').addEventListener('click', () => {
    const lines = [
      HEADER(),
      ...rows.map((row) => [
        ...COLUMNS.map((key) => cell(row, key)),
        row.verdict,
        cell(row, 'reason'),
        cell(row, 'duplicate'),
      ]),
    ];
    const url = URL.createObjectURL(new Blob([csvText(lines)], { type: 'text/csv;charset=utf-8' }));
    const link = el('a', { href: url, download: t('batch.file_name', { date: clock().toISOString().slice(0, 10) }) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  $('#print').addEventListener('click', () => window.print());
  root.dataset.state = 'ready';
}
