// Entry of the batch page (bundled to verify/batch/app.js): the same lists, lookup store and log as the verify
// page, one folder up; the QR decoder is the verify page's, fetched when the first picture is read. The verify
// page's service worker (scope verify/) stores this page too, so files and QR images can be checked offline.

import { start } from './batch.js';
import { siteLoaders } from './site-lists.js';

start({
  root: document.getElementById('batch'),
  ...siteLoaders(new URL('../', location.href)),
  loadDecoder: () => import('../qr-decode.js'),
});
