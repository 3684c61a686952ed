// The issuer page (/issue/ and the single file issue/issuer.html): open the organisation's key file, sign its
// export into one zip (the public records file, every holder's files, codes.csv), or revoke a certificate. Nothing
// leaves the page: no request is made after it has loaded (its policy says connect-src 'none'), the key lives in
// this page's memory only and is overwritten when the page closes or after 15 idle minutes.

import { zipSync } from 'fflate';
import TEMPLATE from '../../portal/registry/issue/certificate.html';
import { bestCrypto } from '../verifier/crypto.js';
import { el } from '../verifier/dom.js';
import { fromUtf8, utf8 } from '../verifier/encoding.js';
import { HolderError, newCode as freshCode } from '../verifier/holder.js';
import { initialLanguage, languageSwitch, msg, setLanguage, t } from '../verifier/i18n.js';
import { csvText, decodeTable, parseCsv, xlsxRows } from '../verifier/table.js';
import { fromPublished } from '../verifier/trust.js';
import { EXPORT_COLUMNS } from '../verifier/vocab.js';
import { credentialText, pageText, pageValues, vcText } from './holder-files.js';
import { KeyFileError, openKeyFile, sha256 } from './keyfile.js';
import { qrPng, qrSvg } from './qr.js';
import { revocation, revocationsText } from './revoke.js';
import { codesFrom, codesRows, exportRows, plan, recordsText } from './sign.js';

const IDLE_MINUTES = 15;
const MAX_EXPORT_BYTES = 20 * 1024 * 1024;
const MAX_ROWS = 100_000;
const BATCH_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30); // Excel's day 0 (its 1900 date system)

const root = document.getElementById('issuer');
const $ = (selector) => root.querySelector(selector);
const data = JSON.parse(document.getElementById('issuer-data').textContent);
const part = root.closest('main') ?? document.body;
let crypto;
let trust;
let opened = null; // {key, publicKey, sign, forget, endorsement}
let idle;

function status(message) {
  $('#issuer-status').textContent = message ? t(message) : '';
}

/** Forget the key: overwrite it, hide what needs it, and say why. */
function forget(why) {
  opened?.forget();
  opened = null;
  clearTimeout(idle);
  for (const id of ['#key-info', '#sign-section', '#revoke-section']) $(id).hidden = true;
  $('#key-form').hidden = false;
  root.dataset.state = 'ready';
  if (why) status(msg(why, { minutes: IDLE_MINUTES }));
}

function stillHere() {
  if (!opened) return;
  clearTimeout(idle);
  idle = setTimeout(() => forget('issue.forgotten_idle'), IDLE_MINUTES * 60_000);
}

/** A file the user chose, as bytes; null if none. */
async function chosen(input) {
  const file = input.files?.[0];
  return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
}

function levelNames(levels) {
  return levels.map((level) => t(`level.${level}`)).join(t('list.separator'));
}

async function openKey(event) {
  event.preventDefault();
  const error = $('#key-error');
  error.textContent = '';
  const file = await chosen($('#key-file'));
  const passphrase = $('#passphrase').value;
  if (!file || !passphrase) {
    error.textContent = t(file ? 'issue.error.no_passphrase' : 'issue.error.no_key_file');
    return;
  }
  $('#open-key').disabled = true;
  status('issue.opening');
  root.dataset.state = 'opening';
  try {
    const key = await openKeyFile(fromUtf8(file.bytes), passphrase);
    const endorsement = trust.keys.get(key.key);
    const problem = trust.keyProblems.get(key.key);
    if (!endorsement || problem) {
      key.forget();
      error.textContent = t(endorsement ? 'issue.error.key_problem' : 'issue.error.not_endorsed', {
        key: key.key,
        problem: problem ? t(problem) : '',
      });
      root.dataset.state = 'ready';
      status('');
      return;
    }
    opened = { ...key, endorsement };
    $('#passphrase').value = '';
    showKey();
    stillHere();
    root.dataset.state = 'open';
    status('issue.opened');
  } catch (failure) {
    root.dataset.state = 'ready';
    status('');
    if (!(failure instanceof KeyFileError)) throw failure;
    error.textContent = t(`issue.error.key.${failure.code}`);
  } finally {
    $('#open-key').disabled = false;
  }
}

function showKey() {
  const { endorsement, key } = opened;
  $('#key-organisation').textContent = t('field.with_id', {
    name: data.organisations[endorsement.organisation] ?? endorsement.organisation,
    id: endorsement.organisation,
  });
  $('#key-id').textContent = key;
  $('#key-valid').textContent = t('issue.valid_range', {
    from: endorsement.valid_from,
    until: endorsement.valid_until,
  });
  $('#key-scope').replaceChildren(
    ...endorsement.scope.map((id) => {
      const certificate = data.certificates[id];
      const levels = certificate ? levelNames(certificate.levels) : t('issue.levels_unknown');
      return el('li', {}, t('issue.scope_item', { name: certificate?.full_name ?? id, id, levels }));
    }),
  );
  $('#key-form').hidden = true;
  for (const id of ['#key-info', '#sign-section', '#revoke-section']) $(id).hidden = false;
}

/** The export's table: CSV (UTF-8 or GB18030) or the first sheet of an XLSX, with its date cells as dates. */
function tableOf(file) {
  if (/\.xlsx$/i.test(file.name)) {
    const rows = xlsxRows(file.bytes, MAX_ROWS);
    const at = (rows[0] ?? []).findIndex((h) => EXPORT_COLUMNS.issued.includes(String(h).trim().toLowerCase()));
    if (at >= 0) {
      for (const row of rows.slice(1)) {
        if (/^\d{1,7}$/.test(String(row[at] ?? '').trim())) {
          row[at] = new Date(EXCEL_EPOCH + Number(row[at]) * 86_400_000).toISOString().slice(0, 10);
        }
      }
    }
    return rows;
  }
  return parseCsv(decodeTable(file.bytes).text, MAX_ROWS);
}

function checkedSiteUrl(text) {
  try {
    const url = new URL(text);
    if (!['https:', 'http:'].includes(url.protocol) || !url.hostname || url.search || url.hash) return null;
    return text.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

function showProblems(title, problems) {
  const result = $('#sign-result');
  const rows = problems.map((p) =>
    el(
      'tr',
      {},
      el('td', { text: String(p.row) }),
      el('td', { text: p.column ? t(`issue.column.${p.column}`) : '' }),
      el('td', { text: t(`issue.problem.${p.code}`, { ...p.values, says: p.values?.says ? t(p.values.says) : '' }) }),
    ),
  );
  result.replaceChildren(
    el(
      'div',
      { class: 'error-summary', role: 'alert' },
      el('h3', { class: 'error-summary-title', text: title }),
      el('p', { text: t('issue.nothing_made') }),
      ...(rows.length
        ? [
            el(
              'div',
              { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('issue.problems_label') },
              el(
                'table',
                { class: 'problems' },
                el('caption', { text: t('issue.problems_caption', { count: problems.length }) }),
                el(
                  'thead',
                  {},
                  el(
                    'tr',
                    {},
                    ...['row', 'column', 'problem'].map((c) => el('th', { scope: 'col', text: t(`issue.head.${c}`) })),
                  ),
                ),
                el('tbody', {}, ...rows),
              ),
            ),
          ]
        : []),
    ),
  );
  root.dataset.state = 'refused';
  result.focus();
}

function download(bytes, name, type, label) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  return el('a', { class: 'button', href: url, download: name, id: 'download' }, label);
}

/** Every holder's files and the records file, in one zip (its layout: docs/guides/issue-in-browser.md, step 3). */
function zipOf(signed, { organisation, batch, siteUrl, created }) {
  const files = {};
  const proof = { sign: opened.sign, publicKey: opened.publicKey, created, sha256 };
  for (const item of signed) {
    const holder = `holders/${item.stem}`;
    const names = {
      certificate: data.certificates[item.record.certificate].full_name,
      organisation: data.organisations[organisation],
    };
    files[`${holder}.credential.json`] = utf8.encode(credentialText(item.holder, item.record));
    files[`${holder}.vc.json`] = utf8.encode(vcText(item.holder, item.record, names, proof));
    files[`${holder}.qr.png`] = [qrPng(item.qr), { level: 0 }]; // already deflated
    const svg = qrSvg(item.qr, '证书核验二维码');
    const values = pageValues(item.holder, item.record, names, siteUrl, data.demo, svg);
    files[`${holder}.html`] = utf8.encode(pageText(TEMPLATE, values));
  }
  files['holders/codes.csv'] = utf8.encode(csvText(codesRows(signed)));
  const records = recordsText(
    organisation,
    data.sequence,
    signed.map((s) => s.record),
  );
  files[`data/records/${organisation}/${batch}.yaml`] = utf8.encode(records);
  return zipSync(files, { level: 6, mtime: new Date(Date.UTC(2026, 0, 1)) });
}

async function sign(event) {
  event.preventDefault();
  if (!opened) return;
  stillHere();
  const result = $('#sign-result');
  result.replaceChildren();
  const organisation = opened.endorsement.organisation;
  const batch = $('#batch-name').value.trim();
  const siteUrl = checkedSiteUrl($('#site-url').value.trim());
  const file = await chosen($('#export-file'));
  const trouble = [
    !file && 'issue.error.no_export',
    file && file.bytes.length > MAX_EXPORT_BYTES && 'issue.error.export_too_big',
    !BATCH_NAME.test(batch) && 'issue.error.batch',
    data.taken[organisation]?.includes(batch) && 'issue.error.batch_taken',
    !siteUrl && 'issue.error.site_url',
  ].filter(Boolean);
  if (trouble.length) {
    showProblems(t('issue.cannot_sign'), []);
    result.firstChild.append(el('ul', {}, ...trouble.map((key) => el('li', { text: t(key, { batch }) }))));
    return;
  }
  let table;
  try {
    table = tableOf(file);
  } catch (failure) {
    showProblems(t('issue.cannot_sign'), []);
    result.firstChild.append(el('p', { text: t('issue.error.unreadable', { error: failure.message }) }));
    return;
  }
  const read = exportRows(table);
  if (!read.rows || !read.rows.length) {
    showProblems(t('issue.cannot_sign'), []);
    const columns = (names) => names.map((c) => t(`issue.column.${c}`)).join(t('list.separator'));
    const said = !read.rows
      ? [
          read.missing.length && t('issue.error.missing_columns', { columns: columns(read.missing) }),
          read.repeated.length && t('issue.error.repeated_columns', { columns: columns(read.repeated) }),
        ]
      : [t('issue.error.no_rows')];
    result.firstChild.append(...said.filter(Boolean).map((text) => el('p', { text })));
    return;
  }
  let newCode;
  const codes = await chosen($('#codes-file'));
  if (codes) {
    newCode = codesFrom(parseCsv(decodeTable(codes.bytes).text)); // the decoder drops the BOM sign wrote
    if (!newCode) {
      showProblems(t('issue.cannot_sign'), []);
      result.firstChild.append(el('p', { text: t('issue.error.codes_file') }));
      return;
    }
  } else newCode = () => freshCode();
  const progress = $('#sign-progress');
  progress.hidden = false;
  root.dataset.state = 'signing';
  $('#sign').disabled = true;
  const started = performance.now();
  try {
    const bar = progress.querySelector('progress');
    const planned = await plan(read.rows, {
      organisation,
      certificates: data.certificates,
      snapshot: trust,
      key: opened.key,
      sign: opened.sign,
      siteUrl,
      newCode,
      crypto,
      progress: async (done) => {
        bar.value = done / read.rows.length;
        progress.querySelector('.progress-text').textContent = t('issue.progress', { done, total: read.rows.length });
        await new Promise((resolve) => setTimeout(resolve, 0)); // let the page draw
      },
    });
    if (planned.problems) {
      showProblems(t('issue.refused', { count: planned.problems.length }), planned.problems);
      return;
    }
    const created = new Date().toISOString().slice(0, 19) + 'Z';
    const zip = zipOf(planned.signed, { organisation, batch, siteUrl, created });
    const took = Math.round(performance.now() - started);
    const name = `${organisation}-${batch}.zip`;
    result.replaceChildren(
      el(
        'div',
        { class: 'success', role: 'status' },
        el('h3', { text: t('issue.done', { count: planned.signed.length }) }),
        el('p', { text: t('issue.done_detail', { organisation, batch, sequence: data.sequence, ms: took }) }),
        download(zip, name, 'application/zip', t('issue.download_zip', { name })),
        el('p', { text: t('issue.next') }),
        el('p', { class: 'hint', text: t('issue.keep_codes') }),
      ),
    );
    root.dataset.state = 'signed';
    root.dataset.took = String(took);
    result.focus();
  } finally {
    progress.hidden = true;
    $('#sign').disabled = false;
  }
}

async function revoke(event) {
  event.preventDefault();
  if (!opened) return;
  stillHere();
  const result = $('#revoke-result');
  const organisation = opened.endorsement.organisation;
  try {
    const entry = await revocation({
      organisation,
      number: $('#revoke-number').value,
      code: $('#revoke-code').value,
      date: $('#revoke-date').value,
      reason: $('#revoke-reason').value,
      key: opened.key,
      sign: opened.sign,
      crypto,
    });
    const text = revocationsText(organisation, data.revocation_files[organisation] ?? '', [entry], data.sequence);
    const name = `${organisation}.yaml`;
    result.replaceChildren(
      el(
        'div',
        { class: 'success', role: 'status' },
        el('p', { text: t('issue.revoked', { lookup: entry.lookup, path: `data/revocations/${name}` }) }),
        download(utf8.encode(text), name, 'text/yaml', t('issue.download_revocations', { name })),
      ),
    );
  } catch (failure) {
    const key =
      failure instanceof HolderError ? `issue.error.revoke_${failure.field}` : `issue.error.revoke_${failure.message}`;
    result.replaceChildren(el('p', { class: 'field-error', role: 'alert', text: t(key) }));
  }
  result.focus();
}

async function start() {
  setLanguage(part, initialLanguage());
  languageSwitch(document.getElementById('language'), part, () => {
    if (opened) showKey();
  });
  crypto = await bestCrypto();
  trust = await fromPublished(JSON.parse(data.trust), JSON.parse(data.revocations), root.dataset.root, crypto);
  $('#key-form').addEventListener('submit', (event) => openKey(event).catch(broken));
  $('#sign-form').addEventListener('submit', (event) => sign(event).catch(broken));
  $('#revoke-form').addEventListener('submit', (event) => revoke(event).catch(broken));
  $('#close-key').addEventListener('click', () => forget('issue.forgotten'));
  for (const kind of ['pointerdown', 'keydown']) document.addEventListener(kind, stillHere, { passive: true });
  window.addEventListener('pagehide', () => forget());
  $('#revoke-date').value = new Date().toISOString().slice(0, 10);
  root.dataset.state = 'ready';
}

function broken(error) {
  root.dataset.state = 'broken';
  status(msg('issue.broken', { error: error?.message ?? String(error) }));
}

start().catch(broken);
