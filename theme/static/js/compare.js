// The compare page: the certificates chosen in the query (?c=<id>, 2 to 4) side by side, from
// compare/certificates.json. Without JavaScript the page is the list of certificates, each linked to its page.

export const MIN = 2;
export const MAX = 4;

/**
 * The chosen ids: known ones, each once, in the order given, as ?c=a&c=b or ?c=a,b.
 * @returns {{ids: string[], dropped: string[]}}
 */
export function chosen(params, known) {
  const ids = [];
  const dropped = [];
  const given = params.getAll('c').flatMap((value) => value.split(','));
  for (const id of given.map((value) => value.trim()).filter(Boolean)) {
    if (!known.has(id)) dropped.push(id);
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids: ids.slice(0, MAX), dropped: [...dropped, ...ids.slice(MAX)] };
}

function cell(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** @param {HTMLElement} root element with data-module="compare" */
export async function startCompare(root) {
  const status = root.querySelector('#compare-status');
  const place = root.querySelector('#compare-table');
  const base = root.dataset.root || '/';
  const data = await (await fetch(root.dataset.data)).json();
  const known = new Set(Object.keys(data.certificates));
  const { ids, dropped } = chosen(new URLSearchParams(location.search), known);
  for (const box of root.querySelectorAll('input[name=c]')) box.checked = ids.includes(box.value);
  const notes = dropped.length ? `（未比较：${dropped.join('、')}：最多 ${MAX} 个，且须是本站的证书）` : '';
  if (ids.length < MIN) {
    status.textContent = `选择 ${MIN}–${MAX} 个证书，再点“比较所选证书”。${ids.length ? '已选 1 个。' : ''}${notes}`;
    return;
  }
  const certs = ids.map((id) => data.certificates[id]);
  const table = document.createElement('table');
  table.className = 'compare stack';
  table.append(cell('caption', `${certs.map((c) => c.name).join('、')}：比较`));
  const head = document.createElement('tr');
  head.append(cell('td', ''));
  for (const cert of certs) {
    const th = document.createElement('th');
    th.scope = 'col';
    const link = document.createElement('a');
    link.href = base + cert.url;
    link.textContent = cert.name;
    th.append(link);
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  for (const [key, label] of data.rows) {
    const row = document.createElement('tr');
    row.dataset.row = key;
    const th = cell('th', label);
    th.scope = 'row';
    row.append(th);
    for (const cert of certs) {
      const [text, isKnown] = cert.rows[key];
      const td = document.createElement('td');
      td.dataset.label = `${cert.name} · ${label}`;
      td.append(isKnown ? text : cell('span', text, 'unknown'));
      if (key === 'standard' && cert.standard_url) {
        const link = document.createElement('a');
        link.href = base + cert.standard_url;
        link.textContent = '阅读标准';
        td.append(' ', link);
      }
      row.append(td);
    }
    body.append(row);
  }
  table.append(thead, body);
  const scroll = document.createElement('div');
  scroll.className = 'table-scroll';
  scroll.append(table);
  place.replaceChildren(scroll);
  status.textContent = `正在比较 ${ids.length} 个证书。${notes}`;
}
