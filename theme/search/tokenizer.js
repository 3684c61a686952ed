// The search tokenizer: the JavaScript twin of portal/search/tokenizer.py, which specifies it. Both pass
// tests/vectors/tokenizer.json. Text is walked by code point (for...of), so 𠮷 is one character, never two halves.

/** Han ideographs, 々 〆 〇, kana, Hangul syllables: [low, high] inclusive, as CJK_RANGES in Python. */
export const CJK_RANGES = [
  [0x3005, 0x3007],
  [0x3040, 0x30ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7af],
  [0xf900, 0xfaff],
  [0x20000, 0x2fa1f],
  [0x30000, 0x323af],
];
const WORD = /^[\p{L}\p{M}\p{N}]$/u;

/** @param {string} char one code point @returns {"cjk"|"word"|"sep"} */
export function charClass(char) {
  const point = char.codePointAt(0);
  if (CJK_RANGES.some(([low, high]) => low <= point && point <= high)) return 'cjk';
  return WORD.test(char) ? 'word' : 'sep';
}

/** @param {string} text @returns {string} NFKC, then lower case */
export function normalize(text) {
  return text.normalize('NFKC').toLowerCase();
}

/** @param {string} text @returns {Array<[string, string]>} [class, run] for each run of CJK or word characters */
export function runs(text) {
  const found = [];
  let current = 'sep';
  let run = '';
  for (const char of normalize(text) + ' ') {
    const kind = charClass(char);
    if (kind !== current) {
      if (current !== 'sep') found.push([current, run]);
      current = kind;
      run = '';
    }
    run += char;
  }
  return found;
}

/** @param {string} text @returns {string[]} search terms in order, repeats kept */
export function tokens(text) {
  const out = [];
  for (const [kind, run] of runs(text)) {
    const chars = Array.from(run);
    if (kind === 'word' || chars.length === 1) out.push(run);
    else for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** @param {string} text @returns {string} normalized text without separators */
export function compact(text) {
  return runs(text)
    .map(([, run]) => run)
    .join('');
}
