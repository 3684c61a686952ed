// What each holder gets (printable.py and credential.py): the credential file, the W3C VC with its eddsa-jcs-2022
// proof, the verify link the QR carries, and the printable A4 page from the CLI's own template.

import { canonicalize } from '../verifier/jcs.js';
import { UNIT_SEPARATOR, b64url, concat, fromB64url, toMultibase, utf8 } from '../verifier/encoding.js';
import { CREDENTIAL_TYPE, DEMO_CERTIFICATE_NOTICE, LEVEL_NAMES } from '../verifier/vocab.js';
import { formatCode } from '../verifier/holder.js';
import { RECORD_FIELDS } from '../verifier/credential.js';

const COMPACT_PREFIX = '1.';
const COMPACT_VERSION = 1;
const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const ED25519_PUBLIC = Uint8Array.of(0xed, 0x01); // multicodec ed25519-pub
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const RAW = new Set(['qr', 'demo_notice']);

/** The compact QR payload (to_compact in credential.py). */
export function toCompact(holder, record) {
  const fields = [holder.number, holder.name, holder.code, record.certificate, record.level, record.issued];
  fields.push(record.organisation, record.key);
  const payload = utf8.encode(fields.join(UNIT_SEPARATOR));
  return COMPACT_PREFIX + b64url(concat(Uint8Array.of(COMPACT_VERSION), fromB64url(record.signature, 64), payload));
}

export const verifyLink = (siteUrl, holder, record) =>
  `${siteUrl.replace(/\/+$/, '')}/verify/#c=${toCompact(holder, record)}`;

/** credential.json (dumps in credential.py: JSON indented by 2, non-ASCII as it is, a final newline). */
export function credentialText(holder, record) {
  const data = {
    type: CREDENTIAL_TYPE,
    holder: { number: holder.number, name: holder.name, code: holder.code },
    record: Object.fromEntries(RECORD_FIELDS.map((field) => [field, record[field]])),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

const multikey = (publicKey) => toMultibase(concat(ED25519_PUBLIC, publicKey));

/**
 * vc.json: the W3C VC 2.0 of one certificate with its eddsa-jcs-2022 proof (credential and add_proof in vc.py).
 * @param {{certificate: string, organisation: string}} names full names from the catalogue
 * @param {(message: Uint8Array) => Uint8Array} sign @param {Uint8Array} publicKey @param {string} created
 * @param {(data: Uint8Array) => Uint8Array} sha256
 */
export function vcText(holder, record, names, { sign, publicKey, created, sha256 }) {
  const level = LEVEL_NAMES[record.level];
  const document = {
    '@context': [VC_CONTEXT],
    id: `urn:1x-portal:record:${record.lookup}`,
    type: ['VerifiableCredential', 'VocationalSkillLevelCertificate'],
    name: `${names.certificate}（${level}）`,
    issuer: { id: `urn:1x-portal:organisation:${record.organisation}`, name: names.organisation },
    validFrom: `${record.issued}T00:00:00+08:00`,
    credentialSubject: {
      name: holder.name,
      certificateNumber: holder.number,
      verificationCode: holder.code,
      achievement: {
        certificate: record.certificate,
        name: names.certificate,
        level: record.level,
        levelName: level,
        issued: record.issued,
      },
      registryRecord: {
        organisation: record.organisation,
        lookup: record.lookup,
        commitment: record.commitment,
        key: record.key,
        signature: record.signature,
      },
    },
  };
  const key = multikey(publicKey);
  const config = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created,
    verificationMethod: `did:key:${key}#${key}`,
    proofPurpose: 'assertionMethod',
    '@context': document['@context'],
  };
  const hashData = concat(sha256(utf8.encode(canonicalize(config))), sha256(utf8.encode(canonicalize(document))));
  const signed = { ...document, proof: { ...config, proofValue: toMultibase(sign(hashData)) } };
  return `${JSON.stringify(signed, null, 2)}\n`;
}

/** The printable page's values (page_values in printable.py). */
export function pageValues(holder, record, names, siteUrl, demo, qrSvg) {
  return {
    name: holder.name,
    number: holder.number,
    code: formatCode(holder.code),
    issued: record.issued,
    certificate: names.certificate,
    level: LEVEL_NAMES[record.level],
    organisation: names.organisation,
    demo_notice: demo ? DEMO_CERTIFICATE_NOTICE : '',
    qr: qrSvg,
    verify_url: `${siteUrl.replace(/\/+$/, '')}/verify/`,
  };
}

/**
 * The printable A4 certificate (page_text in printable.py): text escaped, the QR's SVG and the notice as they are.
 * @param {string} template portal/registry/issue/certificate.html (the page's bundle imports it as text)
 */
export const pageText = (template, values) =>
  template.replace(/\{\{ (\w+) \}\}/g, (_, field) => {
    if (!Object.hasOwn(values, field)) throw new Error(`no value for {{ ${field} }}`);
    return RAW.has(field) ? values[field] : values[field].replace(/[&<>"']/g, (c) => ESCAPES[c]);
  });
