// Loaded into the real verify page in headless Chromium by tests/test_verify_page.py (served at /__test__/ by a
// Playwright route): runs the shared vectors through the same modules the page bundles, on the chosen crypto path.
import { pureJs, webCrypto } from '../../theme/verifier/crypto.js';
import { HolderError, holderOf } from '../../theme/verifier/holder.js';
import { verifyCredential } from '../../theme/verifier/steps.js';
import { fromPublished } from '../../theme/verifier/trust.js';
import { missing } from '../../theme/verifier/tlog.js';

const load = async (name) => (await fetch(`/__test__/${name}`)).json();
const bytes = (hexText) => Uint8Array.from(hexText.match(/../g) ?? [], (h) => parseInt(h, 16));

/** @param {'webcrypto'|'noble'} path @returns {Promise<{path: string, checked: number, failures: string[]}>} */
export async function run(path) {
  const crypto = path === 'noble' ? pureJs : await webCrypto();
  if (!crypto) return { path, checked: 0, failures: ['no WebCrypto Ed25519 in this browser'] };
  const failures = [];
  let checked = 0;
  const credentials = await load('credentials.json');
  const snapshot = await fromPublished(credentials.trust, credentials.revocations, credentials.pinned_root, crypto);
  for (const vector of credentials.cases) {
    const got = (await verifyCredential(vector.input, snapshot, crypto)).toData();
    if (JSON.stringify(got) !== JSON.stringify(vector.expect)) failures.push(`${vector.name}: ${JSON.stringify(got)}`);
    checked++;
  }
  for (const vector of (await load('normalize.json')).cases) {
    let got;
    try {
      const h = await holderOf(vector.number, vector.name, vector.code, crypto);
      got = { number: h.number, name: h.name, code: h.code, lookup: h.lookup, commitment: h.commitment };
    } catch (error) {
      if (!(error instanceof HolderError)) throw error;
      got = { error: error.field };
    }
    if (JSON.stringify(got) !== JSON.stringify(vector.expect))
      failures.push(`normalize ${JSON.stringify(vector)}: ${JSON.stringify(got)}`);
    checked++;
  }
  for (const [i, c] of (await load('signature-policy.json')).cases.entries()) {
    if ((await crypto.verify(bytes(c.pub_key), bytes(c.message), bytes(c.signature))) !== c.valid)
      failures.push(`speccheck ${i}`);
    checked++;
  }
  // China's working days, with the calendar the signed trust list carries (as the page's verdicts use it)
  for (const c of (await load('working-days.json')).registration) {
    const got = missing(c.issued, c.checked, snapshot.calendar).state;
    if ((got === 'pending' && !c.complete ? 'unknown' : got) !== c.state)
      failures.push(`working days ${c.issued} ${c.checked}`);
    checked++;
  }
  return { path: crypto.name, checked, failures };
}
