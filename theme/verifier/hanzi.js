// Characters a reader may not see (portal/hanzi.py, rule for rule): outside 通用规范汉字表 (2013) or outside the
// basic CJK block. A verified name shows each one with its code point (U+20BB7), to be checked against the ID card
// even where the reader's fonts lack the glyph and draw an empty box.

import { COMMON_HANZI, COMMON_HANZI_FROM, MIDDLE_DOT } from './vocab.js';
import { el } from './dom.js';

let bits;
/** @param {string} char one code point */
function common(char) {
  bits ??= Uint8Array.from(atob(COMMON_HANZI), (c) => c.charCodeAt(0));
  const offset = char.codePointAt(0) - COMMON_HANZI_FROM;
  return offset >= 0 && offset < bits.length * 8 && (bits[offset >> 3] & (1 << (offset & 7))) !== 0;
}

/** Whether a reader sees this character as it is: printable ASCII, the middle dot, a common basic-block character. */
export function plain(char) {
  return (char >= ' ' && char <= '~') || char === MIDDLE_DOT || common(char);
}

export const codePoint = (char) => `U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The characters of text to mark, once each, in order. */
export const uncommon = (text) => [...new Set([...text].filter((char) => !plain(char)))];

/** text with each character to mark followed by its code point: 𠮷祥 -> 𠮷(U+20BB7)祥 (tables, CSV). */
export const marked = (text) => [...text].map((char) => (plain(char) ? char : `${char}(${codePoint(char)})`)).join('');

/** text as page nodes: each character to mark in a <span class="rare"> with its code point beside it. */
export function markedNodes(text) {
  return [...text].map((char) =>
    plain(char)
      ? char
      : el('span', { class: 'rare' }, char, el('span', { class: 'code-point', text: ` ${codePoint(char)}` })),
  );
}
