// Entry of the site's verify page (bundled to verify/app.js): lists and lookup store from this site,
// the QR decoder fetched only when a picture is read, and the service worker that makes the page work offline.

import { start } from './app.js';
import { keepOffline, siteLoaders } from './site-lists.js';
import { browserStorage } from './snapshot.js';
import { t } from './i18n.js';

const root = document.getElementById('verifier');
keepOffline('sw.js', undefined, () => {
  const offline = root.querySelector('#offline');
  offline.hidden = false;
  offline.dataset.t = 'app.offline_ready'; // switches language with the page
  offline.textContent = t('app.offline_ready');
});

start({
  root,
  ...siteLoaders(new URL('./', location.href)),
  loadDecoder: () => import('./qr-decode.js'),
  storage: browserStorage(),
});
