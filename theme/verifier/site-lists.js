// How a page of this site reads the verifier's data: the signed snapshot and the lists it covers, the lookup
// store and the log's tiles, as bytes (each is checked against the snapshot before use), all relative to the site's verify/ folder (base).

import { TRUSTED_FILES } from './snapshot.js';

/** @param {URL} base the site's verify/ folder */
export function siteLoaders(base) {
  const fetchBytes = async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const loadLists = async () => {
    // the snapshot is never served from a stale cache: it is what says how fresh everything else is
    const response = await fetch(new URL('snapshot.json', base), { cache: 'no-cache' });
    if (!response.ok) throw new Error(`snapshot.json: HTTP ${response.status}`);
    const snapshot = await response.json();
    const texts = {};
    await Promise.all(
      TRUSTED_FILES.map(async (path) => {
        texts[path] = await fetchBytes(`../${path}`);
      }),
    );
    return { snapshot, texts };
  };
  return { fetchBytes, loadLists };
}

/**
 * Register the verify pages' service worker (it stores them and the lists, for use offline) and call onReady once
 * it is active. Nothing happens where there is no service worker or no secure context: the page works online.
 * @param {string} worker the worker's URL @param {string|undefined} scope @param {() => void} onReady
 */
export function keepOffline(worker, scope, onReady) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker
    .register(worker, scope ? { scope } : undefined)
    .then(async () => {
      await navigator.serviceWorker.ready;
      onReady();
    })
    .catch(() => {
      /* the page still works online */
    });
}
