// Tables people make in a spreadsheet program, read and written safely (the twin of portal/tables.py).
// Read: CSV in UTF-8 (with or without BOM) or GB18030/GBK, as Chinese Excel saves it by default, or the first sheet
// of an Excel workbook (.xlsx: a zip of XML, read with fflate and the browser's DOMParser); the columns found by
// their header names. Write: CSV with a BOM (Excel then reads UTF-8), and every cell a spreadsheet would run as a
// formula (starting with = + - @, tab or CR) written as text.

import { msg, Said } from './i18n.js';
import { unzipBounded } from './unzip.js';

export const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];

// column -> the header names accepted for it (compared without case and spaces)
export const CANDIDATE_COLUMNS = {
  number: ['证书编号', 'number', 'certificatenumber', 'certificate_number', '编号'],
  name: ['姓名', 'name', 'holder', 'holdername', '持证人'],
  code: ['验证码', 'code', 'verificationcode', 'verification_code'],
};

/**
 * The text of a table file: UTF-8 if it is valid UTF-8, else GB18030 (a superset of GBK).
 * @param {Uint8Array} bytes @returns {{text: string, encoding: string}}
 */
export function decodeTable(bytes) {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030', { fatal: false }).decode(bytes), encoding: 'GB18030' };
  }
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF.
 * @param {string} text @param {number} maxRows @returns {string[][]}
 */
export function parseCsv(text, maxRows = Infinity) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      if (rows.length > maxRows) return rows;
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const key = (header) => header.replace(/\s+/g, '').toLowerCase();

/**
 * Which column holds what, from the header: {number, name, code} -> column index or -1; and the headers that
 * appear twice (a table with one of those is refused for that column).
 * @param {string[]} header @returns {{found: Record<string, number>, repeated: string[]}}
 */
export function detectColumns(header, columns = CANDIDATE_COLUMNS) {
  const found = {};
  const counts = new Map();
  for (const h of header) counts.set(key(h), (counts.get(key(h)) ?? 0) + 1);
  const repeated = header.filter((h, i) => h.trim() && counts.get(key(h)) > 1 && header.indexOf(h) === i);
  for (const [name, names] of Object.entries(columns)) {
    found[name] = header.findIndex((h) => names.includes(key(h)) && counts.get(key(h)) === 1);
  }
  return { found, repeated };
}

/** A cell a spreadsheet shows as text, never runs as a formula. @param {string} value */
export const spreadsheetSafe = (value) => (FORMULA_START.some((c) => value.startsWith(c)) ? `'${value}` : value);

/** CSV for Excel: a BOM, CRLF line ends, every cell quoted where needed and made spreadsheet-safe. */
export function csvText(rows) {
  const cell = (value) => {
    const safe = spreadsheetSafe(String(value ?? ''));
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return '\ufeff' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const MAX_XML_BYTES = 50 * 1024 * 1024;

/** Column index of a cell reference: "C12" -> 2. */
const columnOf = (ref) => [...ref.replace(/\d+$/, '')].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

/**
 * The rows of the first sheet of an .xlsx workbook, as text (numbers as Excel stores them, formulas as their last
 * value). Needs DOMParser (a browser). Throws Error with a message for a file that is not a workbook.
 * @param {Uint8Array} bytes @param {number} maxRows @returns {string[][]}
 */
export function xlsxRows(bytes, maxRows = Infinity) {
  const { entries: files, refused } = unzipBounded(bytes, {
    maxEntry: MAX_XML_BYTES,
    maxTotal: MAX_XML_BYTES,
    wanted: (name) => (name.startsWith('xl/') && name.endsWith('.xml')) || name.endsWith('.rels'),
  });
  if (refused.length) throw new Said(msg('table.bomb'));
  const xml = (name) => {
    if (!files[name]) return null;
    return new DOMParser().parseFromString(new TextDecoder().decode(files[name]), 'application/xml');
  };
  const book = xml('xl/workbook.xml');
  if (!book) throw new Said(msg('table.not_xlsx'));
  const first = book.getElementsByTagNameNS(SHEET_NS, 'sheet')[0];
  const id = first?.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id');
  const rels = xml('xl/_rels/workbook.xml.rels');
  const target = [...(rels?.getElementsByTagName('Relationship') ?? [])].find((r) => r.getAttribute('Id') === id);
  const path = target
    ? target
        .getAttribute('Target')
        .replace(/^\//, '')
        .replace(/^(?!xl\/)/, 'xl/')
    : 'xl/worksheets/sheet1.xml';
  const sheet = xml(path);
  if (!sheet) throw new Said(msg('table.no_sheet'));
  const text = (node) => [...node.getElementsByTagNameNS(SHEET_NS, 't')].map((t) => t.textContent).join('');
  const shared = [...(xml('xl/sharedStrings.xml')?.getElementsByTagNameNS(SHEET_NS, 'si') ?? [])].map(text);
  const rows = [];
  for (const row of sheet.getElementsByTagNameNS(SHEET_NS, 'row')) {
    if (rows.length > maxRows) break;
    const cells = [];
    for (const cell of row.getElementsByTagNameNS(SHEET_NS, 'c')) {
      const type = cell.getAttribute('t');
      const value = cell.getElementsByTagNameNS(SHEET_NS, 'v')[0]?.textContent ?? '';
      const at = cell.hasAttribute('r') ? columnOf(cell.getAttribute('r')) : cells.length;
      cells[at] = type === 's' ? (shared[Number(value)] ?? '') : type === 'inlineStr' ? text(cell) : value;
    }
    rows.push(Array.from(cells, (c) => c ?? ''));
  }
  return rows;
}
