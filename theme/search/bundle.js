// Entry of search/search.js: the page and header-box starters, and the engine for tests and the benchmark.
export { startSearchPage, startSearchBox, loadSearch, keep } from './ui.js';
export { load, search, shownOrder, queryTerms, grouped } from './engine.js';
export { tokens } from './tokenizer.js';
export { highlightRanges } from './highlight.js';
