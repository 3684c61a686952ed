// Independent check of a W3C VC 2.0 with an eddsa-jcs-2022 Data Integrity proof,
// using Digital Bazaar's implementation (not our code). Used by tests/test_vc.py.
//
//   node tests/js/verify-vc.mjs credential.json   -> prints {"verified": true|false, "error": ...}
//
// Contexts come from @digitalbazaar/credentials-context (no network); a did:key
// verification method is resolved locally from the key it encodes.
import { readFileSync } from 'node:fs';
import jsigs from 'jsonld-signatures';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { contexts } from '@digitalbazaar/credentials-context';

const {
  purposes: { AssertionProofPurpose },
} = jsigs;

function didKeyDocument(url) {
  const did = url.split('#')[0];
  const multikey = did.slice('did:key:'.length);
  const method = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: `${did}#${multikey}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: multikey,
  };
  if (url.includes('#')) {
    return method;
  }
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [method],
    assertionMethod: [method.id],
  };
}

const MULTIKEY_CONTEXT = {
  '@context': {
    '@protected': true,
    Multikey: {
      '@id': 'https://w3id.org/security#Multikey',
      '@context': {
        '@protected': true,
        id: '@id',
        type: '@type',
        controller: { '@id': 'https://w3id.org/security#controller', '@type': '@id' },
        publicKeyMultibase: {
          '@id': 'https://w3id.org/security#publicKeyMultibase',
          '@type': 'https://w3id.org/security#multibase',
        },
      },
    },
  },
};

async function documentLoader(url) {
  if (contexts.has(url)) {
    return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  }
  if (url === 'https://w3id.org/security/multikey/v1') {
    return { contextUrl: null, documentUrl: url, document: MULTIKEY_CONTEXT };
  }
  if (url.startsWith('did:key:')) {
    return { contextUrl: null, documentUrl: url, document: didKeyDocument(url) };
  }
  throw new Error(`documentLoader: refusing to load ${url}`);
}

const credential = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const suite = new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() });
const result = await jsigs.verify(credential, {
  suite,
  purpose: new AssertionProofPurpose(),
  documentLoader,
});
const error = result.error ? String(result.error.errors?.map((e) => e.message) ?? result.error.message) : null;
console.log(JSON.stringify({ verified: result.verified, error }));
