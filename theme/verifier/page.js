// Entry of the site's verify page (bundled to verify/app.js): lists and lookup store from this site,
// the QR decoder fetched only when a picture is read, and the service worker that makes the page work offline.

import { start } from './app.js';

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
start({
  root,
  loadLists: async () => {
    const [trust, revocations] = await Promise.all([fetchJson('trust.json'), fetchJson('revocations.json')]);
    return { trust, revocations };
  },
  fetchJson,
  loadDecoder: () => import('./qr-decode.js'),
});
