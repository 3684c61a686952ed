// Entry of search/search.js: the page and header-box starters, and the rules and ranking for tests. The index itself
// is loaded and searched by search/worker.js (worker.js, with lunr.js), so this bundle carries no lunr.
export { startSearchPage, startSearchBox, loadSearch } from './ui.js';
export { keep } from './results.js';
export { queryTerms, grouped } from './rules.js';
export { tokens } from './tokenizer.js';
export { highlightRanges } from './highlight.js';
