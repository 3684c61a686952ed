// Starts every enhancement found on the page through its data-module attribute.
// One module failing to start does not stop the others; the page works without any of them.
import { startCertificateFilter } from './certificate-filter.js';
import { startCompare } from './compare.js';
import { startComparePick } from './compare-pick.js';
import { startMajorSearch } from './major-search.js';
import { startSearchBoxLoader, startSearchPageLoader } from './search-loader.js';

const MODULES = {
  'certificate-filter': startCertificateFilter,
  compare: startCompare,
  'compare-pick': startComparePick,
  'major-search': startMajorSearch,
  'search-page': startSearchPageLoader,
  'search-box': startSearchBoxLoader,
};

for (const element of document.querySelectorAll('[data-module]')) {
  const start = MODULES[element.dataset.module];
  if (!start) continue;
  try {
    start(element);
  } catch (error) {
    console.error(`module ${element.dataset.module} failed to start`, error);
  }
}
