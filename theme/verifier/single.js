// Entry of the single-file verifier (verify/verifier.html): the lists are inlined in the file as JSON data
// blocks and the QR decoder is bundled in, so it works opened from disk with no network at all.

import { start } from './app.js';
import { decode } from './qr-decode.js';
import { utf8 } from './encoding.js';
import { browserStorage, TRUSTED_FILES } from './snapshot.js';

// the signed snapshot and the exact text of every list it covers (JSON strings, so the bytes hash the same)
const data = (id) => JSON.parse(document.getElementById(id).textContent);
// the site this file was downloaded from (empty in a local build): online, its newer snapshot is offered
const site = document.getElementById('main').dataset.site;

/** The site's current signed lists, or null (offline, not published, or unreadable: the embedded ones stay). */
async function published() {
  if (!site || !navigator.onLine) return null;
  const get = async (path) => {
    const response = await fetch(`${site}/${path}`, { cache: 'no-cache', credentials: 'omit' });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const texts = {};
  for (const path of TRUSTED_FILES) texts[path] = await get(path);
  return { snapshot: JSON.parse(new TextDecoder().decode(await get('verify/snapshot.json'))), texts };
}

start({
  root: document.getElementById('verifier'),
  storage: browserStorage(), // the same rollback memory as the page
  loadLists: async () => {
    const lists = data('signed-lists');
    const texts = Object.fromEntries(Object.entries(lists.texts).map(([path, text]) => [path, utf8.encode(text)]));
    return { snapshot: JSON.parse(lists.snapshot), texts };
  },
  fetchBytes: null,
  loadNewer: published,
  siteUrl: site,
  loadDecoder: async () => ({ decode }),
});
