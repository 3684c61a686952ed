// The holder's QR code (qr_of in printable.py): the verify link at error correction M, at most version 15 so that
// it scans from paper; drawn as a 1-bit PNG (qr.png) and as SVG for the printable page.

import encodeQR from 'qr';
import { zlibSync } from 'fflate';
import { concat, utf8 } from '../verifier/encoding.js';

const SCALE = 6; // pixels per module, as the CLI's qr.png (segno scale=6)
const BORDER = 4; // the quiet zone, in modules
// bytes a QR code holds in byte mode at error correction M, versions 1 to 15 (ISO/IEC 18004 table 7; 15 is
// MAX_QR_VERSION in printable.py, the largest that scans from paper): the version
// segno picks for a link, so the page refuses exactly the rows the CLI refuses (qr_of in printable.py)
const BYTES_AT_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412];

/** The QR version of a link in byte mode at M (what segno makes of it), or null above version 15. */
function versionOf(link) {
  const length = utf8.encode(link).length;
  const version = BYTES_AT_M.findIndex((bytes) => length <= bytes) + 1;
  return version > 0 ? version : null;
}

/**
 * The QR code of a link (byte mode, M, the version versionOf gives), or null when that is above version 15.
 * @param {string} link @returns {{size: number, version: number, rows: boolean[][]}|null} rows: the quiet zone included
 */
export function qrOf(link) {
  const version = versionOf(link);
  if (!version) return null;
  const rows = encodeQR(link, 'raw', { ecc: 'medium', encoding: 'byte', version, border: BORDER });
  return { size: rows.length, version, rows }; // size: the modules with the quiet zone
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** The QR as a PNG: 1-bit greyscale, SCALE pixels a module, a quiet zone of BORDER modules. */
export function qrPng(qr) {
  const side = qr.size * SCALE;
  const stride = 1 + Math.ceil(side / 8);
  const raw = new Uint8Array(stride * side).fill(0xff); // every row: filter 0, then the pixels (1 = white)
  for (let y = 0; y < side; y += 1) raw[y * stride] = 0;
  qr.rows.forEach((modules, row) => {
    const first = row * SCALE * stride;
    modules.forEach((dark, col) => {
      if (!dark) return;
      for (let x = col * SCALE, end = x + SCALE; x < end; x += 1) raw[first + 1 + (x >> 3)] &= ~(0x80 >> (x & 7));
    });
    for (let copy = 1; copy < SCALE; copy += 1) raw.copyWithin(first + copy * stride, first, first + stride);
  });
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const idat = zlibSync(raw, { level: 9 });
  return concat(signature, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array()));
}

/** The QR as inline SVG for the printable page: the dark modules as one path, a run of them a rectangle. */
export function qrSvg(qr, title) {
  const side = qr.size;
  let path = '';
  qr.rows.forEach((modules, row) => {
    for (let col = 0; col < qr.size; col += 1) {
      if (!modules[col]) continue;
      let run = 1;
      while (modules[col + run]) run += 1;
      path += `M${col} ${row}h${run}v1h-${run}z`;
      col += run;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img">` +
    `<title>${title}</title><rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path fill="#000" d="${path}"/></svg>`
  );
}
