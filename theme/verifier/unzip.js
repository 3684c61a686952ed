// Opening a zip someone handed us (a zip of credentials, an Excel workbook): an entry is refused before it is
// expanded when its declared size is over the limit, when it would expand more than MAX_RATIO times its packed
// size (a zip bomb), or when it would take the declared sizes of the entries seen so far past the total limit.

import { unzipSync } from 'fflate';

export const MAX_RATIO = 200;

/**
 * @param {Uint8Array} bytes
 * @param {{maxEntry: number, maxTotal: number, wanted?: (name: string) => boolean}} limits
 * @returns {{entries: Record<string, Uint8Array>, refused: string[]}} throws for a file that is not a zip
 */
export function unzipBounded(bytes, { maxEntry, maxTotal, wanted = () => true }) {
  const refused = [];
  let declared = 0;
  const entries = unzipSync(bytes, {
    filter(file) {
      declared += file.originalSize;
      if (file.name.endsWith('/') || !wanted(file.name)) return false;
      if (
        file.originalSize > maxEntry ||
        file.originalSize > MAX_RATIO * Math.max(file.size, 1) ||
        declared > maxTotal
      ) {
        refused.push(file.name);
        declared -= file.originalSize; // not expanded: it does not use up the total
        return false;
      }
      return true;
    },
  });
  return { entries, refused };
}
