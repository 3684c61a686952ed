// The browser verifier's modules under Node's test runner, through both crypto paths: the shared vectors
// (tests/vectors/), RFC 8785 (cyberphone), Wycheproof Ed25519 and ed25519-speccheck (tests/vectors/external/).
// Run: node --test tests/js/   (tests/test_verifier_js.py runs it as part of the suite)

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { canonicalize } from '../../theme/verifier/jcs.js';
import { pureJs, webCrypto } from '../../theme/verifier/crypto.js';
import { HolderError, holderOf } from '../../theme/verifier/holder.js';
import { verifyCredential } from '../../theme/verifier/steps.js';
import { fromPublished } from '../../theme/verifier/trust.js';
import { isDate } from '../../theme/verifier/dates.js';
import { missing } from '../../theme/verifier/tlog.js';
import { workCalendar, workingDaysAfter } from '../../theme/verifier/workdays.js';
import { recordOf, standsFor } from '../../theme/verifier/lookup.js';
import { codePoint, marked, uncommon } from '../../theme/verifier/hanzi.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const EXTERNAL = here('../vectors/external/');
const credentials = json(here('../vectors/credentials.json'));
const normalize = json(here('../vectors/normalize.json'));
const dates = json(here('../vectors/dates.json'));
const workingDays = json(here('../vectors/working-days.json'));
const policy = json(here('../vectors/signature-policy.json'));
const uncommonVectors = json(here('../vectors/uncommon.json'));
const prior = (day) => new Date(Date.parse(`${day}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
const bytes = (hexText) => Uint8Array.from(hexText.match(/../g) ?? [], (h) => parseInt(h, 16));

const paths = [
  ['webcrypto', await webCrypto()],
  ['noble', pureJs],
];
assert.ok(paths[0][1], "Node's WebCrypto has Ed25519");

for (const [name, crypto] of paths) {
  test(`${name}: every shared credential vector`, async () => {
    const snapshot = await fromPublished(credentials.trust, credentials.revocations, credentials.pinned_root, crypto);
    for (const vector of credentials.cases) {
      const verdict = await verifyCredential(vector.input, snapshot, crypto);
      assert.deepEqual(verdict.toData(), vector.expect, vector.name);
      assert.equal(verdict.kind(true), vector.verdict_when_expired, vector.name);
      assert.equal(verdict.kind(false, { state: 'late' }), vector.verdict_when_late, vector.name);
      assert.equal(verdict.kind(false, { state: 'pending' }), vector.verdict_when_pending, vector.name);
      assert.equal(verdict.kind(false, { state: 'unavailable' }), vector.verdict_when_unavailable, vector.name);
    }
  });

  test(`${name}: every normalisation vector`, async () => {
    for (const vector of normalize.cases) {
      let got;
      try {
        const {
          number,
          name: holderName,
          code,
          lookup,
          commitment,
        } = await holderOf(vector.number, vector.name, vector.code, crypto);
        got = { number, name: holderName, code, lookup, commitment };
      } catch (error) {
        if (!(error instanceof HolderError)) throw error;
        got = { error: error.field };
      }
      assert.deepEqual(got, vector.expect, JSON.stringify(vector));
    }
  });

  test(`${name}: signature policy is libsodium's on ed25519-speccheck`, async () => {
    for (const [i, c] of policy.cases.entries()) {
      assert.equal(await crypto.verify(bytes(c.pub_key), bytes(c.message), bytes(c.signature)), c.valid, `case ${i}`);
    }
  });

  test(`${name}: Wycheproof Ed25519`, async () => {
    const suite = json(`${EXTERNAL}wycheproof/ed25519_test.json`);
    let count = 0;
    for (const group of suite.testGroups) {
      const publicKey = bytes(group.publicKey?.pk ?? group.key?.pk);
      for (const t of group.tests) {
        const ok = await crypto.verify(publicKey, bytes(t.msg), bytes(t.sig));
        assert.equal(ok, t.result === 'valid', `tcId ${t.tcId} ${t.comment}`);
        count++;
      }
    }
    assert.ok(count > 100, `${count} cases`);
  });

  test(`${name}: the published trust list of a snapshot refuses another root`, async () => {
    const other = credentials.trust.keys[0].public_key;
    await assert.rejects(fromPublished(credentials.trust, credentials.revocations, other, crypto), /根密钥/);
    const forged = structuredClone(credentials.revocations);
    forged.revocations[0].reason = 'fraud' === forged.revocations[0].reason ? 'withdrawn' : 'fraud';
    await assert.rejects(fromPublished(credentials.trust, forged, credentials.pinned_root, crypto), /撤销列表/);
  });

  test(`${name}: the witness policy is the root's, and a public root must have one`, async () => {
    const snapshot = await fromPublished(credentials.trust, credentials.revocations, credentials.pinned_root, crypto);
    assert.equal(snapshot.witnesses.quorum, 2);
    const lowered = structuredClone(credentials.trust);
    lowered.log.witnesses.quorum = 1; // an edit the root did not sign
    await assert.rejects(
      fromPublished(lowered, credentials.revocations, credentials.pinned_root, crypto),
      /见证人策略无效/,
    );
    const none = structuredClone(credentials.trust);
    none.log.witnesses = null;
    const demo = await fromPublished(none, credentials.revocations, credentials.pinned_root, crypto);
    assert.equal(demo.witnesses.quorum, 0); // a demo root may go without
    none.root.demo = false;
    await assert.rejects(
      fromPublished(none, credentials.revocations, credentials.pinned_root, crypto),
      /没有见证人策略/,
    );
  });
}

test('RFC 8785: every cyberphone vector', () => {
  const folder = `${EXTERNAL}rfc8785-cyberphone/`;
  const files = readdirSync(`${folder}input`);
  assert.ok(files.length >= 6);
  for (const file of files) {
    const input = JSON.parse(readFileSync(`${folder}input/${file}`, 'utf8'));
    assert.equal(canonicalize(input), readFileSync(`${folder}output/${file}`, 'utf8').trim(), file);
  }
});

test('JCS refuses what it cannot represent', () => {
  assert.throws(() => canonicalize({ a: '\ud800' }), /surrogate/);
  assert.throws(() => canonicalize(Infinity), /finite/);
  assert.equal(
    canonicalize({ b: [1e21, 1e-7, -0, 0.1], a: '€\u2028"', '\u{1F600}': 1, '\uFB33': 2 }),
    '{"a":"€\u2028\\"","b":[1e+21,1e-7,0,0.1],"\u{1F600}":1,"\uFB33":2}',
  );
});

test("every working-day vector: China's official working days and the registration period", () => {
  const calendar = workCalendar(workingDays.calendar);
  assert.ok(calendar);
  for (const { issued, checked, days, complete, state } of workingDays.registration) {
    assert.deepEqual(workingDaysAfter(calendar, issued, checked), { days, complete }, `${issued} ${checked}`);
    const got = missing(issued, checked, calendar);
    const unknown = got.state === 'pending' && !complete;
    assert.equal(unknown ? 'unknown' : got.state, state, `${issued} ${checked}`);
    if (unknown) assert.match(got.evidence, new RegExp(`只收录到 ${calendar.last}`));
  }
  for (const { day, working } of workingDays.working) {
    assert.equal(workingDaysAfter(calendar, prior(day), day).days, working ? 1 : 0, day);
  }
  assert.equal(workCalendar({ ...workingDays.calendar, holidays: ['2031-02-30'] }), null);
  assert.equal(workCalendar({ ...workingDays.calendar, workdays: undefined }), null);
});

test('every date vector: only real calendar days are dates', () => {
  for (const vector of dates.cases) assert.equal(isDate(vector.text), vector.date, JSON.stringify(vector));
});

test('every lookup-store row vector: the whole record for the holder, none for another name or prefix', () => {
  const vectors = json(here('../vectors/store-rows.json'));
  for (const vector of vectors.cases) {
    const row = Object.fromEntries(vectors.fields.map((field, i) => [field, vector.row[i]]));
    assert.deepEqual(recordOf(row, vector.commitment), vector.record);
    if (vector.record) assert.ok(standsFor(row, vector.record));
  }
});

test('every uncommon-character vector: the same characters marked as portal/hanzi.py marks them', () => {
  for (const vector of uncommonVectors.cases) {
    assert.deepEqual(uncommon(vector.text).map(codePoint), vector.uncommon, vector.text);
    assert.equal(marked(vector.text), vector.marked, vector.text);
  }
});
