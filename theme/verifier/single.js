// Entry of the single-file verifier (verify/verifier.html): the lists are inlined in the file as JSON data
// blocks and the QR decoder is bundled in, so it works opened from disk with no network at all.

import { start } from './app.js';
import { decode } from './qr-decode.js';
import { utf8 } from './encoding.js';

// the signed snapshot and the exact text of every list it covers (JSON strings, so the bytes hash the same)
const data = (id) => JSON.parse(document.getElementById(id).textContent);
start({
  root: document.getElementById('verifier'),
  loadLists: async () => {
    const lists = data('signed-lists');
    const texts = Object.fromEntries(Object.entries(lists.texts).map(([path, text]) => [path, utf8.encode(text)]));
    return { snapshot: JSON.parse(lists.snapshot), texts };
  },
  fetchJson: null,
  loadDecoder: async () => ({ decode }),
});
