// Starts every enhancement found on the page through its data-module attribute.
// One module failing to start does not stop the others; the page works without any of them.
// Each module is fetched only by a page that has an element for it (the verify page loads no compare code).
const MODULES = {
  'certificate-filter': () => import('./certificate-filter.js').then((m) => m.startCertificateFilter),
  compare: () => import('./compare.js').then((m) => m.startCompare),
  'compare-pick': () => import('./compare-pick.js').then((m) => m.startComparePick),
  'major-search': () => import('./major-search.js').then((m) => m.startMajorSearch),
  'search-page': () => import('./search-loader.js').then((m) => m.startSearchPageLoader),
  'search-box': () => import('./search-loader.js').then((m) => m.startSearchBoxLoader),
};

for (const element of document.querySelectorAll('[data-module]')) {
  const load = MODULES[element.dataset.module];
  if (!load) continue;
  load()
    .then((start) => start(element))
    .catch((error) => console.error(`module ${element.dataset.module} failed to start`, error));
}
