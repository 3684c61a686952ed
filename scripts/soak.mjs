// The JavaScript half of scripts/soak.py: runs the browser verifier's modules on the inputs the Python side
// generated and answers, per input, what both crypto paths decided (or that they threw, or took too long).
//   node scripts/soak.mjs INPUTS.json OUTPUT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { pureJs, webCrypto } from '../theme/verifier/crypto.js';
import { HolderError, holderOf } from '../theme/verifier/holder.js';
import { verifyCredential } from '../theme/verifier/steps.js';
import { fromPublished } from '../theme/verifier/trust.js';

const [inputPath, outputPath] = process.argv.slice(2);
const { trust, revocations, pinned_root: pinnedRoot, credential, holder } = JSON.parse(readFileSync(inputPath, 'utf8'));
const HANG_MS = 1000;
const paths = [
  ['webcrypto', await webCrypto()],
  ['noble', pureJs],
];

async function timed(run) {
  const started = performance.now();
  try {
    const value = await run();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { crash: `${error?.name}: ${error?.message}`, ms: performance.now() - started };
  }
}

const out = { credential: {}, holder: [] };
for (const [name, crypto] of paths) {
  const snapshot = await fromPublished(trust, revocations, pinnedRoot, crypto);
  out.credential[name] = [];
  for (const text of credential) {
    const result = await timed(async () => (await verifyCredential(text, snapshot, crypto)).toData());
    out.credential[name].push({ ...result, hang: result.ms > HANG_MS });
  }
}
for (const [number, name, code] of holder) {
  const result = await timed(async () => {
    try {
      const h = await holderOf(number, name, code, paths[0][1]);
      return { number: h.number, name: h.name, code: h.code, lookup: h.lookup, commitment: h.commitment };
    } catch (error) {
      if (error instanceof HolderError) return { error: error.field };
      throw error;
    }
  });
  out.holder.push({ ...result, hang: result.ms > HANG_MS });
}
writeFileSync(outputPath, JSON.stringify(out));
