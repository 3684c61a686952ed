// Entry of the single-file verifier (verify/verifier.html): the lists are inlined in the file as JSON data
// blocks and the QR decoder is bundled in, so it works opened from disk with no network at all.

import { start } from './app.js';
import { decode } from './qr-decode.js';

const data = (id) => JSON.parse(document.getElementById(id).textContent);
start({
  root: document.getElementById('verifier'),
  loadLists: async () => ({ trust: data('trust-list'), revocations: data('revocation-list') }),
  fetchJson: null,
  loadDecoder: async () => ({ decode }),
});
