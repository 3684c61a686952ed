// Entry of the site's verify page (bundled to verify/app.js): lists and lookup store from this site,
// the QR decoder fetched only when a picture is read, and the service worker that makes the page work offline.

import { start } from './app.js';
import { TRUSTED_FILES } from './snapshot.js';

const fetchJson = async (path) => {
  const response = await fetch(new URL(path, location.href));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
};

const root = document.getElementById('verifier');
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker
    .register('sw.js')
    .then(async () => {
      await navigator.serviceWorker.ready;
      const offline = root.querySelector('#offline');
      offline.hidden = false;
      offline.textContent = '本页已保存到此浏览器：断网后仍可扫描二维码、打开凭证文件核验。';
    })
    .catch(() => {
      /* the page still works online */
    });
}
const fetchBytes = async (path) => {
  const response = await fetch(new URL(path, location.href));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
};

let storage = null;
try {
  storage = window.localStorage;
} catch {
  /* storage disabled: no rollback memory, the signed snapshot's expiry still bounds the age */
}

start({
  root,
  loadLists: async () => {
    // the snapshot is never served from a stale cache: it is what says how fresh everything else is
    const response = await fetch(new URL('snapshot.json', location.href), { cache: 'no-cache' });
    if (!response.ok) throw new Error(`snapshot.json: HTTP ${response.status}`);
    const snapshot = await response.json();
    const texts = {};
    await Promise.all(
      TRUSTED_FILES.map(async (path) => {
        texts[path] = await fetchBytes(`../${path}`);
      }),
    );
    return { snapshot, texts };
  },
  fetchJson,
  fetchBytes,
  loadDecoder: () => import('./qr-decode.js'),
  storage,
});
