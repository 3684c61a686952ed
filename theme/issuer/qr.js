// The holder's QR code (qr_of in printable.py): the verify link at error correction M, at most version 15 so that
// it scans from paper; drawn as a 1-bit PNG (qr.png) and as SVG for the printable page.

import qrcode from 'qrcode-generator';
import { zlibSync } from 'fflate';

export const MAX_QR_VERSION = 15;
const SCALE = 6; // pixels per module, as the CLI's qr.png (segno scale=6)
const BORDER = 4; // the quiet zone, in modules

/**
 * The QR code of a link, or null when it would be above MAX_QR_VERSION.
 * @param {string} link @returns {{size: number, version: number, dark: (row: number, col: number) => boolean}|null}
 */
export function qrOf(link) {
  const code = qrcode(0, 'M');
  code.addData(link, 'Byte');
  try {
    code.make();
  } catch {
    return null; // longer than version 40 holds
  }
  const size = code.getModuleCount();
  const version = (size - 17) / 4;
  if (version > MAX_QR_VERSION) return null;
  return { size, version, dark: (row, col) => code.isDark(row, col) };
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
  const side = (qr.size + 2 * BORDER) * SCALE;
  const stride = 1 + Math.ceil(side / 8);
  const raw = new Uint8Array(stride * side); // every row: filter 0, then the pixels (1 = white)
  for (let y = 0; y < side; y++) {
    const row = Math.floor(y / SCALE) - BORDER;
    for (let x = 0; x < side; x++) {
      const col = Math.floor(x / SCALE) - BORDER;
      const dark = row >= 0 && row < qr.size && col >= 0 && col < qr.size && qr.dark(row, col);
      if (!dark) raw[y * stride + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const parts = [
    signature,
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The QR as inline SVG for the printable page: one path of the dark modules, the quiet zone included. */
export function qrSvg(qr, title) {
  const side = qr.size + 2 * BORDER;
  let path = '';
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) {
      if (qr.dark(row, col)) path += `M${col + BORDER} ${row + BORDER}h1v1h-1z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img">` +
    `<title>${title}</title><rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path fill="#000" d="${path}"/></svg>`
  );
}
