// The log's parts in JS against the same standards as tests/registry/test_tlog.py: the transparency-dev RFC 6962 vectors,
// the C2SP signed-note and cosignature examples, the shared cosignature vectors, and tiles written by the Python build (a site built by the test that runs this).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pureJs } from '../../theme/verifier/crypto.js';
import { fromB64, fromB64url, utf8 } from '../../theme/verifier/encoding.js';
import {
  consistencyProof,
  fold,
  frontier,
  inclusionProof,
  leafHash,
  levelsOf,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../theme/verifier/merkle.js';
import { openCheckpoint, openNote, parseVkey, verifier } from '../../theme/verifier/note.js';
import { cosigned, signedMessage } from '../../theme/verifier/cosignature.js';
import { tilePath, tileReader } from '../../theme/verifier/tlog.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const MERKLE = here('../vectors/external/transparency-dev-merkle');
const files = (folder) =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
const b64 = (text) => {
  try {
    return fromB64(text ?? '');
  } catch {
    return new Uint8Array(0);
  }
};

test('transparency-dev inclusion vectors: valid accepted, every wantErr refused', () => {
  const cases = files(join(MERKLE, 'inclusion')).map((p) => JSON.parse(readFileSync(p, 'utf8')));
  assert.ok(cases.length > 50);
  for (const c of cases) {
    const ok = verifyInclusion(c.leafIdx, c.treeSize, b64(c.leafHash), (c.proof ?? []).map(b64), b64(c.root));
    assert.equal(ok, !c.wantErr, c.desc);
  }
});

test('transparency-dev consistency vectors: valid accepted, every wantErr refused', () => {
  const cases = files(join(MERKLE, 'consistency')).map((p) => JSON.parse(readFileSync(p, 'utf8')));
  assert.ok(cases.length > 50);
  for (const c of cases) {
    const ok = verifyConsistency(c.size1, c.size2, b64(c.root1), b64(c.root2), (c.proof ?? []).map(b64));
    assert.equal(ok, !c.wantErr, c.desc);
  }
});

test('the C2SP signed-note example verifies, and a changed note does not', async () => {
  const example = JSON.parse(readFileSync(here('../vectors/external/c2sp-signed-note.json'), 'utf8'));
  const key = await parseVkey(example.vkey, pureJs);
  assert.equal(key.vkey, example.vkey);
  assert.equal(await openNote(example.note, key, pureJs), example.text);
  await assert.rejects(openNote(example.note.replace('example message', 'example massage'), key, pureJs));
});

test("a vkey whose base64 material holds a '+' is read (split at the first two '+' only)", async () => {
  const material = Uint8Array.from({ length: 33 }, (_, i) => (i === 0 ? 1 : 0xfb)); // base64 '+++…'
  const publicKey = material.subarray(1);
  const { vkey } = await verifier('a.example/log', publicKey, pureJs);
  assert.ok(vkey.split('+').length > 3);
  assert.equal((await parseVkey(vkey, pureJs)).vkey, vkey);
});

test('witness cosignatures: the shared vectors (cosignature.py) and the C2SP examples', async () => {
  const vectors = JSON.parse(readFileSync(here('../vectors/cosignatures.json'), 'utf8'));
  const witnesses = vectors.witnesses.map((w) => ({ name: w.name, publicKey: fromB64url(w.public_key, 32) }));
  for (const { name, note, cosigned: expected } of vectors.cases) {
    if (expected === null) {
      await assert.rejects(cosigned(note, witnesses, pureJs), name);
    } else {
      assert.deepEqual(Object.fromEntries(await cosigned(note, witnesses, pureJs)), expected, name);
    }
  }
  const spec = JSON.parse(readFileSync(here('../vectors/external/c2sp-tlog-witness.json'), 'utf8'));
  const text = spec.cosigned_checkpoint.slice(0, spec.cosigned_checkpoint.indexOf('\n\n') + 1);
  assert.equal(new TextDecoder().decode(signedMessage(text, 1679315147)), spec.cosignature_message);
});

test('the frontier of a tree folds to its root (as merkle.py)', async () => {
  for (const size of [1, 2, 3, 7, 8, 255, 256, 257, 1000]) {
    const levels = levelsOf(Array.from({ length: size }, (_, i) => leafHash(utf8.encode(`e${i}`))));
    const parts = frontier(size);
    assert.equal(
      parts.reduce((sum, [h]) => sum + 2 ** h, 0),
      size,
    );
    const edge = parts.map(([h, i]) => levels[h][i]);
    assert.deepEqual(fold(edge), await rangeHash((h, i) => levels[h][i], 0, size));
  }
  assert.deepEqual(frontier(0), []);
  assert.deepEqual(frontier(6), [
    [2, 0],
    [1, 2],
  ]);
});

test('tile paths follow tlog-tiles', () => {
  assert.equal(tilePath(0, 1234067), 'tile/0/x001/x234/067');
  assert.equal(tilePath(1, 5, 17), 'tile/1/005.p/17');
});

test('a log built by the Python build: checkpoint, proofs from its tiles', async () => {
  const site = process.env.X1PORTAL_SITE;
  assert.ok(site, 'X1PORTAL_SITE: the built site (tests/test_verifier_js.py sets it)');
  const log = join(site, 'log');
  const key = await parseVkey(readFileSync(join(log, 'vkey'), 'utf8').trim(), pureJs);
  const checkpoint = await openCheckpoint(readFileSync(join(log, 'checkpoint'), 'utf8'), key, key.name, pureJs);
  const snapshot = JSON.parse(readFileSync(join(site, 'verify', 'snapshot.json'), 'utf8'));
  const edge = snapshot.checkpoint.edge.map((h) => fromB64url(h, 32));
  assert.deepEqual(fold(edge), checkpoint.root);
  let fetches = 0;
  const reader = tileReader(
    async (path) => {
      fetches++;
      return new Uint8Array(readFileSync(join(log, path)));
    },
    checkpoint.size,
    edge,
  );
  const entries = readFileSync(join(log, tilePath('entries', 0)));
  const first = entries.subarray(2, 2 + entries.readUInt16BE(0));
  const proof = await inclusionProof(reader.subtree, 0, checkpoint.size);
  assert.ok(verifyInclusion(0, checkpoint.size, leafHash(first), proof, checkpoint.root));
  assert.ok(!verifyInclusion(1, checkpoint.size, leafHash(first), proof, checkpoint.root));
  assert.ok(fetches <= 3, `${fetches} tile fetches`);
  const older = Math.floor(checkpoint.size / 3);
  const consistency = await consistencyProof(reader.subtree, older, checkpoint.size);
  assert.ok(consistency.length > 0);
});
