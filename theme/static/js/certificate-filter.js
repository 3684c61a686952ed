// Certificate list: the facet links work as plain links to pre-built pages; with JavaScript, on the full list,
// they toggle filters in place and combine across facets (batch AND field AND level ...).

/**
 * @param {HTMLElement} root element with data-module="certificate-filter"
 */
export function startCertificateFilter(root) {
  const list = root.querySelector('#certificate-list');
  const status = root.querySelector('.result-status');
  if (!list || root.querySelector(".facet a[aria-current='page']")) return; // a filter page: keep plain links
  /** @type {Map<string, Set<string>>} */
  const chosen = new Map();
  const cards = /** @type {HTMLElement[]} */ ([...list.querySelectorAll('.card')]);

  const apply = () => {
    let shown = 0;
    for (const card of cards) {
      const visible = [...chosen].every(
        ([facet, values]) => values.size === 0 || (card.dataset[facet] || '').split(' ').some((v) => values.has(v)),
      );
      card.hidden = !visible;
      if (visible) shown += 1;
    }
    const total = [...chosen.values()].reduce((n, s) => n + s.size, 0);
    if (status) status.textContent = total ? `已筛选：显示 ${shown} / ${cards.length} 个证书` : '';
  };

  for (const link of root.querySelectorAll('.facet a[data-facet]')) {
    const a = /** @type {HTMLAnchorElement} */ (link);
    a.setAttribute('role', 'button');
    a.setAttribute('aria-pressed', 'false');
    a.addEventListener('click', (event) => {
      event.preventDefault();
      const facet = a.dataset.facet || '';
      const value = a.dataset.value || '';
      const values = chosen.get(facet) || new Set();
      if (values.has(value)) values.delete(value);
      else values.add(value);
      chosen.set(facet, values);
      a.setAttribute('aria-pressed', String(values.has(value)));
      apply();
    });
    a.addEventListener('keydown', (event) => {
      if (event.key === ' ') {
        event.preventDefault();
        a.click();
      }
    });
  }
}
