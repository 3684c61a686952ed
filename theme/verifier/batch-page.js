// Entry of the batch page (bundled to verify/batch/app.js): the same lists, lookup store and log as the verify
// page, one folder up; the QR decoder is the verify page's, fetched when the first picture is read. The verify
// page's service worker (scope verify/) is registered here too and stores this page, so that after one visit files
// and QR images can be checked offline.

import { start } from './batch.js';
import { keepOffline, siteLoaders } from './site-lists.js';
import { t } from './i18n.js';

const root = document.getElementById('batch');
keepOffline('../sw.js', '../', () => {
  const offline = document.getElementById('batch-offline');
  offline.hidden = false;
  offline.dataset.t = 'batch.offline_ready'; // switches language with the page
  offline.textContent = t('batch.offline_ready');
});

start({
  root,
  ...siteLoaders(new URL('../', location.href)),
  loadDecoder: () => import('../qr-decode.js'),
});
