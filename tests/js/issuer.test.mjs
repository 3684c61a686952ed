// The issuer page's rules and files (theme/issuer/) against tests/vectors/sign-export.json, the vectors
// `registry sign` is held to (tests/registry/test_sign_vectors.py): the same problems, the same records file and
// holder files, byte for byte; and the key file format of portal/registry/keys/keyfile.py.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import sodium from 'libsodium-wrappers-sumo';
import { pureJs } from '../../theme/verifier/crypto.js';
import { fromB64url } from '../../theme/verifier/encoding.js';
import { fromPublished } from '../../theme/verifier/trust.js';
import { csvText, parseCsv } from '../../theme/verifier/table.js';
import { codesFrom, codesRows, exportRows, plan, recordsText } from '../../theme/issuer/sign.js';
import { credentialText, pageText, pageValues, vcText } from '../../theme/issuer/holder-files.js';
import { qrOf, qrPng } from '../../theme/issuer/qr.js';
import { KeyFileError, openKeyFile } from '../../theme/issuer/keyfile.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const json = (path) => JSON.parse(readFileSync(here(path), 'utf8'));
const SIGN = json('../vectors/sign-export.json');
const CREDENTIALS = json('../vectors/credentials.json');
const TEMPLATE = readFileSync(here('../../portal/registry/issue/certificate.html'), 'utf8');

async function signing() {
  await sodium.ready;
  const pair = sodium.crypto_sign_seed_keypair(fromB64url(SIGN.seed, 32));
  return { publicKey: pair.publicKey, sign: (message) => sodium.crypto_sign_detached(message, pair.privateKey) };
}

for (const vector of SIGN.cases) {
  test(`sign-export vector ${vector.name}: what registry sign gives, byte for byte`, async () => {
    const snapshot = await fromPublished(CREDENTIALS.trust, CREDENTIALS.revocations, CREDENTIALS.pinned_root, pureJs);
    const { publicKey, sign } = await signing();
    const codes = new Map(vector.rows.map((row) => [row.number, row.code]));
    const rows = vector.rows.map(({ code, ...row }) => row); // eslint-disable-line no-unused-vars
    const result = await plan(rows, {
      organisation: SIGN.organisation,
      certificates: SIGN.certificates,
      snapshot,
      key: SIGN.key,
      sign,
      siteUrl: SIGN.site_url,
      newCode: (number) => codes.get(number),
      crypto: pureJs,
    });
    if (vector.problems) {
      assert.deepEqual(
        result.problems.map((p) => [p.row, p.column, p.code]),
        vector.problems,
      );
      assert.equal(result.signed, undefined);
      return;
    }
    assert.equal(
      recordsText(
        SIGN.organisation,
        SIGN.sequence,
        result.signed.map((s) => s.record),
      ),
      vector.records,
    );
    assert.equal(csvText(codesRows(result.signed)), vector.codes_csv);
    const sha256 = (data) => sodium.crypto_hash_sha256(data);
    result.signed.forEach((item, i) => {
      const expected = vector.holders[i];
      const names = {
        certificate: SIGN.certificates[item.record.certificate].full_name,
        organisation: SIGN.organisations[SIGN.organisation],
      };
      assert.equal(item.stem, expected.stem);
      assert.equal(credentialText(item.holder, item.record), expected.credential);
      assert.equal(
        vcText(item.holder, item.record, names, { sign, publicKey, created: SIGN.created, sha256 }),
        expected.vc,
      );
      assert.equal(
        pageText(TEMPLATE, pageValues(item.holder, item.record, names, SIGN.site_url, true, '')),
        expected.page,
      );
      assert.equal(item.qr.version, expected.qr_version, 'the version segno picks');
      assert.equal(item.qr.rows.length, 17 + 4 * expected.qr_version + 8);
      const png = qrPng(item.qr);
      assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    });
  });
}

test('the export is read by its Chinese or English headers; a missing or doubled column is named', () => {
  const { rows } = exportRows(
    parseCsv('序号,证书编号,姓名,证书,等级,颁发日期,身份证号\n1,A-1, 张三 ,web-frontend,中级,2026-11-02,x\n,,,,,,\n'),
  );
  assert.deepEqual(rows, [
    { row: 2, number: 'A-1', name: '张三', certificate: 'web-frontend', level: '中级', issued: '2026-11-02' },
  ]);
  assert.deepEqual(exportRows(parseCsv('number,name,certificate,level,issued,姓名\n')), {
    missing: [],
    repeated: ['name'],
  });
  assert.deepEqual(exportRows(parseCsv('证书编号,姓名\n')).missing, ['certificate', 'level', 'issued']);
});

test('codes from an earlier codes.csv: by number, whatever its spacing or case; none for another', () => {
  const good = SIGN.cases.find((c) => c.name === 'good');
  const code = codesFrom(parseCsv(good.codes_csv.replace('\ufeff', '')));
  assert.equal(code('MIIT-2026-000001'), '7K2M-9QXR-4HTB');
  assert.equal(code(' miit-2026-000002 '), 'AB12-CD34-EF56');
  assert.equal(code('MIIT-2026-999999'), undefined);
});

test('a link gets the QR version segno gives it, and above version 15 none, as the CLI refuses it', () => {
  for (const [length, version] of SIGN.qr_versions) {
    const link = `${SIGN.site_url}/verify/#c=1.`.padEnd(length, 'x');
    assert.equal(qrOf(link)?.version ?? null, version, `a link of ${length} characters`);
  }
  assert.ok(qrOf(`https://x.org/verify/#c=${'A'.repeat(300)}`).version <= 15);
  assert.equal(qrOf(`https://x.org/verify/#c=${'A'.repeat(600)}`), null);
});

test('a key file of keyfile.py opens with its passphrase only', async () => {
  await sodium.ready;
  const seed = fromB64url(SIGN.seed, 32);
  const salt = new Uint8Array(16).fill(7);
  const [ops, mem] = [sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE, sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE];
  const boxKey = sodium.crypto_pwhash(32, 'correct horse battery', salt, ops, mem, sodium.crypto_pwhash_ALG_ARGON2ID13);
  const nonce = new Uint8Array(24).fill(3);
  const box = new Uint8Array([...nonce, ...sodium.crypto_secretbox_easy(seed, nonce, boxKey)]);
  const b64 = (bytes) => sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);
  const file = {
    format: '1x-portal/private-key/v1',
    key: SIGN.key,
    public_key: b64(sodium.crypto_sign_seed_keypair(seed).publicKey),
    kdf: 'argon2id',
    opslimit: ops,
    memlimit: mem,
    salt: b64(salt),
    box: b64(box),
  };
  const opened = await openKeyFile(JSON.stringify(file), 'correct horse battery');
  assert.equal(opened.key, SIGN.key);
  const refused = async (text, passphrase, code) =>
    assert.rejects(openKeyFile(text, passphrase), (e) => e instanceof KeyFileError && e.code === code);
  await refused(JSON.stringify(file), 'wrong horse battery', 'passphrase');
  const changed = { ...file, box: b64(box.map((b, i) => (i === 30 ? b ^ 1 : b))) };
  await refused(JSON.stringify(changed), 'correct horse battery', 'passphrase');
  const other = { ...file, public_key: b64(new Uint8Array(32).fill(9)) };
  await refused(JSON.stringify(other), 'correct horse battery', 'mismatch');
  await refused('{"format": "something else"}', 'x', 'not-key-file');
  await refused('not json', 'x', 'not-key-file');
});
