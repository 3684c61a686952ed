// C2SP signed notes (Ed25519 only) and tlog checkpoints: a port of portal/registry/log/note.py, with its rules.

import { b64, concat, fromB64, hex, utf8 } from './encoding.js';

const ED25519 = 1;
const NAME = /^[^\s+]+$/u;
const MAX_SIGNATURES = 16;

/**
 * The 4-byte key id of a name and public key, for a signature type (0x01 a note signer; 0x04 a witness's
 * cosignature key, cosignature.js). @returns {Promise<Uint8Array>}
 */
export async function keyId(name, publicKey, crypto, kind = ED25519) {
  return (await crypto.sha256(concat(utf8.encode(`${name}\n`), Uint8Array.of(kind), publicKey))).subarray(0, 4);
}

/** @returns {Promise<{name: string, publicKey: Uint8Array, id: Uint8Array, vkey: string}>} */
export async function verifier(name, publicKey, crypto) {
  const id = await keyId(name, publicKey, crypto);
  return { name, publicKey, id, vkey: `${name}+${hex(id)}+${b64(concat(Uint8Array.of(ED25519), publicKey))}` };
}

/** A vkey `<name>+<hex id>+<base64(0x01 || key)>`, checked. @throws {Error} */
export async function parseVkey(vkey, crypto) {
  const text = String(vkey);
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  // the key material is base64, which may hold '+': split at the first two only
  const parts =
    first < 0 || second < 0 ? [text] : [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (parts.length !== 3 || !NAME.test(parts[0]) || !/^[0-9a-f]{8}$/.test(parts[1]))
    throw new Error('a verifier key is <name>+<8 hex digits>+<base64 key>');
  const material = fromB64(parts[2]);
  if (material.length !== 33 || material[0] !== ED25519) throw new Error('only Ed25519 verifier keys are accepted');
  const found = await verifier(parts[0], material.subarray(1), crypto);
  if (hex(found.id) !== parts[1]) throw new Error('the key id does not match the key name and public key');
  return found;
}

/** A signed note's {text, lines}: its text and its signature lines. @throws {Error} if it is not one */
export function splitNote(note) {
  const control = [...(typeof note === 'string' ? note : '')].some((c) => c < ' ' && c !== '\n');
  if (typeof note !== 'string' || note.length > 1_000_000 || control)
    throw new Error('a note is UTF-8 text without control characters');
  const at = note.lastIndexOf('\n\n');
  if (at < 0 || !note.endsWith('\n')) throw new Error('a note is its text, a blank line, then signature lines');
  const lines = note.slice(at + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new Error(`more than ${MAX_SIGNATURES} signatures`);
  return { text: note.slice(0, at + 1), lines };
}

/** The text of a note signed by this verifier's key. @throws {Error} */
export async function openNote(note, key, crypto) {
  const { text, lines } = splitNote(note);
  let verified = false;
  for (const line of lines) {
    const match = /^— (\S+) (\S+)$/u.exec(line);
    if (!match) throw new Error('not a signature line');
    const signature = fromB64(match[2]);
    if (match[1] !== key.name || hex(signature.subarray(0, 4)) !== hex(key.id)) continue;
    if (signature.length !== 68 || !(await crypto.verify(key.publicKey, utf8.encode(text), signature.subarray(4))))
      throw new Error(`the signature of ${key.name} does not verify`);
    verified = true;
  }
  if (!verified) throw new Error(`no signature of ${key.name} on the note`);
  return text;
}

/** @returns {{origin: string, size: number, root: Uint8Array}} @throws {Error} */
export function parseCheckpoint(text) {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '' || lines.slice(0, -1).some((l) => !l))
    throw new Error('a checkpoint has origin, size and root hash lines');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(lines[1]) || !Number.isSafeInteger(Number(lines[1])))
    throw new Error('the tree size is not a decimal number');
  return { origin: lines[0], size: Number(lines[1]), root: fromB64(lines[2], 32) };
}

/** A checkpoint of this log, signed by its key. @throws {Error} */
export async function openCheckpoint(note, key, origin, crypto) {
  const checkpoint = parseCheckpoint(await openNote(note, key, crypto));
  if (checkpoint.origin !== origin) throw new Error(`checkpoint origin ${checkpoint.origin} is not this log's`);
  return checkpoint;
}
