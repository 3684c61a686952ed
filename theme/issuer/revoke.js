// Revoking an issued certificate in the page (revoke_record and append_revocations in registry_files.py): the
// organisation signs {type, organisation, lookup, date, reason, signer}; the entry is appended to
// data/revocations/<organisation>.yaml with the log's next sequence, as `x1portal registry revoke` writes it.

import { canonicalize } from '../verifier/jcs.js';
import { b64url, utf8 } from '../verifier/encoding.js';
import { holderOf } from '../verifier/holder.js';
import { isDate } from '../verifier/dates.js';
import { RECORD_REVOCATION_REASONS, RECORD_REVOCATION_TYPE, REVOCATIONS_HEADER } from '../verifier/vocab.js';

// a value YAML would read as a number is quoted, as PyYAML's safe_dump quotes it (ids and dates only reach here)
const scalar = (value) => (/^[0-9]+$/.test(value) ? `'${value}'` : value);

/**
 * A signed revocation of the certificate with this number and code; Error('reason'|'date') for a bad one, a
 * HolderError for a number or code that is not one.
 */
export async function revocation({ organisation, number, code, date, reason, key, sign, crypto }) {
  if (!Object.hasOwn(RECORD_REVOCATION_REASONS, reason)) throw new Error('reason');
  if (!isDate(date)) throw new Error('date');
  const { lookup } = await holderOf(number, '-', code, crypto); // the lookup id needs no name
  const signed = { type: RECORD_REVOCATION_TYPE, organisation, lookup, date, reason, signer: key };
  return { lookup, date, reason, signer: key, signature: b64url(sign(utf8.encode(canonicalize(signed)))) };
}

/** The organisation's revocations file with entries appended (existing: its current text, or '' for none). */
export function revocationsText(organisation, existing, entries, sequence) {
  const lines = entries.map(
    (e) =>
      `- lookup: ${scalar(e.lookup)}\n  date: '${e.date}'\n  reason: ${e.reason}\n  signer: ${scalar(e.signer)}\n` +
      `  signature: ${e.signature}\n  sequence: ${sequence}\n`,
  );
  const start = existing || `${REVOCATIONS_HEADER}organisation: ${scalar(organisation)}\nrevocations:\n`;
  return start + lines.join('');
}
