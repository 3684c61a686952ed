// C2SP tlog-cosignature, Ed25519 (cosignature/v1): a port of portal/registry/log/cosignature.py, with its rules.
// A witness's cosignature line on a checkpoint is `— <name> base64(key id || u64 timestamp || signature)`, signed over
// "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint's text.

import { fromB64, hex, utf8 } from './encoding.js';
import { keyId, splitNote } from './note.js';

const COSIGNATURE_V1 = 4;
const MAX_TIMESTAMP = 2n ** 63n - 1n;

export const signedMessage = (text, timestamp) => utf8.encode(`cosignature/v1\ntime ${timestamp}\n${text}`);

/**
 * The witnesses among `cosigners` ({name, publicKey}) whose cosignature on the note verifies, with its time in
 * seconds: Map name -> timestamp. Other signature lines are ignored; a line with a listed witness's name and key id
 * that does not verify makes the note malformed. @throws {Error}
 */
export async function cosigned(note, cosigners, crypto) {
  const { text, lines } = splitNote(note);
  const ids = await Promise.all(cosigners.map((c) => keyId(c.name, c.publicKey, crypto, COSIGNATURE_V1)));
  const found = new Map();
  for (const line of lines) {
    const match = /^— (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match) throw new Error('not a signature line');
    const blob = fromB64(match[2]);
    for (const [n, cosigner] of cosigners.entries()) {
      if (match[1] !== cosigner.name || hex(blob.subarray(0, 4)) !== hex(ids[n])) continue;
      const time = blob.length === 76 ? new DataView(blob.buffer, blob.byteOffset + 4, 8).getBigUint64(0) : 0n;
      if (blob.length !== 76 || time === 0n || time > MAX_TIMESTAMP)
        throw new Error(`the cosignature of ${cosigner.name} is not a timestamped Ed25519 signature`);
      if (!(await crypto.verify(cosigner.publicKey, signedMessage(text, time), blob.subarray(12))))
        throw new Error(`the cosignature of ${cosigner.name} does not verify`);
      found.set(cosigner.name, Math.max(Number(time), found.get(cosigner.name) ?? 0));
    }
  }
  return found;
}
