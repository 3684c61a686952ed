// Loads the search bundle (search/search.js, with lunr) only where search is used: at once on the search page,
// on first focus in the header box. Without JavaScript both forms submit to the search page.

/** @param {HTMLFormElement} form data-module="search-page" */
export function startSearchPageLoader(form) {
  import(form.dataset.bundle).then((search) => search.startSearchPage(form));
}

/** @param {HTMLFormElement} form data-module="search-box" */
export function startSearchBoxLoader(form) {
  const input = form.querySelector('input[name=q]');
  // with JavaScript the box is a combobox: its list of suggestions is filled once the bundle has loaded
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', form.querySelector('[role=listbox]').id);
  const start = () => import(form.dataset.bundle).then((search) => search.startSearchBox(form));
  input.addEventListener('focus', start, { once: true });
}
