// The browser half of scripts/benchmark_log.py: an inclusion proof from a served tile folder, as the verify page
// makes it (theme/verifier/tlog.js with the snapshot's frontier), counting tile fetches.
import { fromB64 } from '../theme/verifier/encoding.js';
import { inclusionProof, leafHash, verifyInclusion } from '../theme/verifier/merkle.js';
import { tileReader } from '../theme/verifier/tlog.js';

window.prove = async (index, size, edge, root, entry) => {
  let fetches = 0;
  const started = performance.now();
  const reader = tileReader(
    async (path) => {
      fetches++;
      const response = await fetch(path, { cache: 'no-store' });
      return new Uint8Array(await response.arrayBuffer());
    },
    size,
    edge.map((h) => fromB64(h, 32)),
  );
  const check = async () => {
    const proof = await inclusionProof(reader.subtree, index, size);
    return verifyInclusion(index, size, leafHash(fromB64(entry)), proof, fromB64(root, 32));
  };
  const ok = await check();
  const ms = performance.now() - started;
  const again = performance.now(); // the same proof with its tiles in memory: hashing and verifying only
  const okAgain = await check();
  return { ms, hashing: performance.now() - again, fetches, ok: ok && okAgain };
};
