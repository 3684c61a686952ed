// Signing an organisation's export in the browser: a port of portal/registry/issue/sign_export.py, rule for rule
// (tests/vectors/sign-export.json holds both to the same problems and the same files, byte for byte).
// Every row is checked and signed in memory; one problem anywhere and nothing is produced.

import { sha256 } from '@noble/hashes/sha2.js';
import { isDate } from '../verifier/dates.js';
import { b64url, hex, utf8 } from '../verifier/encoding.js';
import { HolderError, formatCode, holderOf, normalizeNumber } from '../verifier/holder.js';
import { FAILED, signedPart, verifyRecord } from '../verifier/steps.js';
import { canonicalize } from '../verifier/jcs.js';
import { EXPORT_COLUMNS, LEVEL_NAMES, RECORDS_FILE_FORMAT, RECORDS_HEADER } from '../verifier/vocab.js';
import { verifyLink } from './holder-files.js';
import { qrOf } from './qr.js';

// the column a failed record step points at (STEP_COLUMNS in sign_export.py)
const STEP_COLUMNS = { catalogue: 'certificate', validity: 'issued', status: 'certificate' };
const SAFE_STEM = /^[A-Za-z0-9_-]+$/;
const unknown = (column) => `${column}.unknown`; // certificate.unknown, level.unknown: problem codes, not messages

const RECORD_COLUMNS = ['lookup', 'commitment', 'certificate', 'level', 'issued', 'key', 'signature'];

/** @typedef {{row: number, column: string, code: string, values?: object}} Problem */

const CODES_COLUMNS = { number: EXPORT_COLUMNS.number, code: ['验证码', 'code'] }; // codes_from in sign_export.py

/**
 * A table's rows as {row, <field>…} (read_table in portal/tables.py: row is the spreadsheet's row, header = 1; cells
 * trimmed; blank rows skipped), from its rows of text (table.js reads CSV and XLSX); or which columns are missing
 * or appear twice. columns: field -> the header names accepted for it.
 * @param {string[][]} table @param {Record<string, string[]>} columns
 * @returns {{rows: object[]} | {missing: string[], repeated: string[]}}
 */
function tableRows(table, columns) {
  const header = (table[0] ?? []).map((h) => String(h ?? '').trim());
  const where = {};
  const missing = [];
  const repeated = [];
  for (const [field, names] of Object.entries(columns)) {
    const found = header.flatMap((h, i) => (names.includes(h) || names.includes(h.toLowerCase()) ? [i] : []));
    if (!found.length) missing.push(field);
    else if (found.length > 1) repeated.push(field);
    else where[field] = found[0];
  }
  if (missing.length || repeated.length) return { missing, repeated };
  const rows = [];
  table.slice(1).forEach((cells, i) => {
    if (!cells.some((cell) => String(cell ?? '').trim())) return;
    const row = { row: i + 2 };
    for (const [field, at] of Object.entries(where)) row[field] = String(cells[at] ?? '').trim();
    rows.push(row);
  });
  return { rows };
}

/** The export's rows as {row, number, name, certificate, level, issued} (read_export in sign_export.py). */
export const exportRows = (table) => tableRows(table, EXPORT_COLUMNS);

/**
 * A file name stem per certificate number (holder_file_stems in sign_export.py): the number itself when it is
 * only letters, digits, - and _, else those characters with a hash of the number; unique ignoring case.
 * @param {string[]} numbers
 */
export function holderFileStems(numbers) {
  const digests = numbers.map((number) => hex(sha256(utf8.encode(number))).slice(0, 10));
  const stems = numbers.map((number, i) => {
    if (SAFE_STEM.test(number)) return number;
    const kept = number.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'certificate';
    return `${kept.slice(0, 40)}-${digests[i]}`;
  });
  const folded = new Map();
  for (const stem of stems) folded.set(stem.toLowerCase(), (folded.get(stem.toLowerCase()) ?? 0) + 1);
  return stems.map((stem, i) => (folded.get(stem.toLowerCase()) === 1 ? stem : `${stem}-${digests[i]}`));
}

/**
 * Every row checked and signed: {signed} or {problems} (plan in sign_export.py).
 * @param {object[]} rows exportRows' rows
 * @param {object} options
 * @param {string} options.organisation @param {Record<string, {name: string, full_name: string}>} options.certificates
 * @param {object} options.snapshot the trust lists (trust.js fromPublished) @param {string} options.key its id
 * @param {(message: Uint8Array) => Uint8Array} options.sign Ed25519 with the organisation's key
 * @param {string} options.siteUrl @param {(number: string) => string|undefined} options.newCode
 * @param {object} options.crypto SHA-256 and verify (crypto.js)
 * @param {(done: number) => void} [options.progress]
 */
export async function plan(
  rows,
  { organisation, certificates, snapshot, key, sign, siteUrl, newCode, crypto, progress },
) {
  const byName = new Map();
  for (const [id, c] of Object.entries(certificates))
    for (const name of [id, c.name, c.full_name]) byName.set(name, id);
  const byLevel = new Map();
  for (const [level, zh] of Object.entries(LEVEL_NAMES)) for (const name of [level, zh]) byLevel.set(name, level);
  const problems = [];
  const checked = [];
  const firstRow = new Map();
  for (const [index, row] of rows.entries()) {
    if (progress && index % 50 === 0) await progress(index);
    const at = (column, code, values = {}) => ({ row: row.row, column, code, values });
    const code = newCode(row.number);
    if (code === undefined) {
      problems.push(at('number', 'code.missing', { number: row.number }));
      continue;
    }
    let holder;
    try {
      holder = await holderOf(row.number, row.name, code, crypto);
    } catch (error) {
      if (!(error instanceof HolderError)) throw error;
      problems.push(at(error.field, `${error.field}.invalid`));
      continue;
    }
    const certificate = byName.get(row.certificate);
    const level = byLevel.get(row.level);
    const trouble = [
      certificate === undefined && at('certificate', unknown('certificate'), { value: row.certificate }),
      level === undefined && at('level', unknown('level'), { value: row.level }),
      !isDate(row.issued) && at('issued', 'issued.not_date', { value: row.issued }),
      firstRow.has(holder.number) && at('number', 'number.repeated', { other: firstRow.get(holder.number) }),
    ].filter(Boolean);
    if (!firstRow.has(holder.number)) firstRow.set(holder.number, row.row);
    if (trouble.length) {
      problems.push(...trouble);
      continue;
    }
    const unsigned = { organisation, lookup: holder.lookup, commitment: holder.commitment, certificate, level };
    Object.assign(unsigned, { issued: row.issued, key });
    const record = { ...unsigned, signature: b64url(sign(utf8.encode(canonicalize(signedPart(unsigned))))) };
    const failed = (await verifyRecord(record, snapshot, crypto)).find((step) => step.state === FAILED);
    if (failed) {
      problems.push(at(STEP_COLUMNS[failed.step] ?? '', `step.${failed.step}`, { says: failed.says }));
      continue;
    }
    const qr = qrOf(verifyLink(siteUrl, holder, record));
    if (!qr) {
      problems.push(at('name', 'qr.too_long'));
      continue;
    }
    checked.push({ row: row.row, holder, record, qr });
  }
  if (problems.length) return { problems };
  const stems = holderFileStems(checked.map(({ holder }) => holder.number));
  return { signed: checked.map((item, i) => ({ ...item, stem: stems[i] })) };
}

/** A records file's text (records_text in records.py). */
export function recordsText(organisation, sequence, records) {
  const body = records.map((record) => `- ${RECORD_COLUMNS.map((c) => record[c]).join(' ')}\n`).join('');
  return `${RECORDS_HEADER}organisation: ${organisation}\nformat: ${RECORDS_FILE_FORMAT}\nsequence: ${sequence}\nrecords:\n${body}`;
}

/** codes.csv's rows (codes_rows in sign_export.py). */
export const codesRows = (signed) => [
  ['证书编号', '姓名', '验证码', '查询号', '文件名'],
  ...signed.map((s) => [s.holder.number, s.holder.name, formatCode(s.holder.code), s.record.lookup, s.stem]),
];

/**
 * newCode for plan from a codes.csv written before (codes_from in sign_export.py): number -> its code, or
 * undefined for a number it lacks (a problem of that row); null for a table without its two columns.
 * @param {string[][]} table
 */
export function codesFrom(table) {
  const { rows } = tableRows(table, CODES_COLUMNS);
  if (!rows) return null;
  const codes = new Map();
  for (const row of rows) {
    try {
      codes.set(normalizeNumber(row.number), row.code);
    } catch {
      // a row without a usable number gives no code
    }
  }
  return (number) => {
    try {
      return codes.get(normalizeNumber(number));
    } catch {
      return undefined;
    }
  };
}
