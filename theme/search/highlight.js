// Which parts of a shown title a query matched, for <mark>: computed on the same normalized text the index holds.
import { normalize } from './tokenizer.js';

/**
 * Ranges [start, end) in code points of `text` covered by the query's terms. Each code point is normalized on its
 * own (NFKC + lower case), so positions map back to the text as written.
 * @param {string} text @param {string[]} terms query terms (tokenizer output) @returns {Array<[number, number]>}
 */
export function highlightRanges(text, terms) {
  const chars = Array.from(text);
  const folded = chars.map((char) => normalize(char));
  const covered = new Array(chars.length).fill(false);
  for (const term of terms) {
    const parts = Array.from(term);
    for (let start = 0; start < chars.length; start++) {
      let at = start;
      let matched = 0;
      // a term matches consecutive characters, each contributing its whole normalized form
      while (matched < parts.length && at < chars.length) {
        const piece = Array.from(folded[at]);
        if (piece.length === 0 || parts.slice(matched, matched + piece.length).join('') !== folded[at]) break;
        matched += piece.length;
        at += 1;
      }
      if (matched === parts.length) for (let i = start; i < at; i++) covered[i] = true;
    }
  }
  const ranges = [];
  covered.forEach((on, i) => {
    if (!on) return;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else ranges.push([i, i + 1]);
  });
  return ranges;
}
