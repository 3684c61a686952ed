// The search page and the header search box. Both load search/index.json once, search as the user types and
// render results grouped by kind with the matched text in <mark> (results.js). On the search page they replace the
// first results the page drew from its own data (first.js).
import { queryTerms, grouped } from './rules.js';
import { drawGroups, keep, markOnce, nextSteps, resultLink } from './results.js';

const BOX_GROUP = 3; // results per group in the header's list
const BOX_TOTAL = 8;

let loading = null;

/**
 * The search index, loaded by the search worker (search/worker.js) off the main thread (module workers: every
 * current browser). Resolves once its first part is in, with what results show (docs, kinds, levels, rules),
 * `search(text)` (a promise of the ranked matches) and `more`, which resolves once every part is in (a page then
 * searches again).
 * @param {string} url search/index.json @param {string} workerUrl search/worker.js
 * @returns {Promise<{docs: any[], kinds: object, levels: object, rules: object, search: (text: string) => Promise<object[]>, more: Promise<void>}>}
 */
export function loadSearch(url, workerUrl) {
  if (!loading) {
    performance.mark('1x-search-load-start');
    const address = new URL(url, location.href).href;
    loading = inWorker(address, workerUrl).then((loaded) => {
      performance.measure('1x-search-load', '1x-search-load-start'); // fetch + parse + lunr.Index.load, first part
      loaded.more.then(() => performance.measure('1x-search-load-all', '1x-search-load-start'));
      return loaded;
    });
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

function inWorker(url, workerUrl) {
  // the search page starts its worker, and the index's download, in its head (search.html); elsewhere, here
  const started = window.x1SearchWorker;
  const worker = started ?? new Worker(workerUrl, { type: 'module' });
  const asked = new Map();
  let next = 0;
  let complete, incomplete;
  const more = new Promise((resolve, reject) => {
    [complete, incomplete] = [resolve, reject];
  });
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'ready') {
        const { docs, kinds, levels, rules } = data;
        const search = (text) =>
          new Promise((found) => {
            asked.set(++next, found);
            worker.postMessage({ type: 'search', id: next, text });
          });
        resolve({ docs, kinds, levels, rules, search, more });
      } else if (data.type === 'found') {
        asked.get(data.id)?.(data.ranked);
        asked.delete(data.id);
      } else if (data.type === 'complete') complete();
      else if (data.type === 'failed') (data.partial ? incomplete : reject)(new Error(data.message));
    });
    worker.addEventListener('error', () => reject(new Error('搜索程序无法启动')));
    if (!started) worker.postMessage({ type: 'open', url });
    worker.postMessage({ type: 'ready?' }); // one answer: what results show, once the index is read
  });
}

/** Start the search page: form[data-module=search-page] with the query, filters, status and result list. */
export async function startSearchPage(form) {
  const root = form.dataset.root || '/';
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input[name=q]'));
  const selects = /** @type {HTMLSelectElement[]} */ ([...form.querySelectorAll('select')]);
  const status = document.getElementById('search-status');
  const results = document.getElementById('search-results');
  document.getElementById('search-fallback')?.setAttribute('hidden', '');
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  for (const select of selects) select.value = params.get(select.name) || '';
  if (!results.dataset.first) status.textContent = '正在加载搜索索引…'; // else first.js's results stay till then
  let data;
  try {
    data = await loadSearch(form.dataset.index, form.dataset.worker);
  } catch (error) {
    status.textContent = `${error.message}。请稍后再试，或使用上方导航浏览目录。`;
    return;
  }

  let shown = null; // what the list shows now: drawing the same results again is skipped
  let asked = 0; // the latest search: an answer to an earlier one is not drawn
  const render = async () => {
    const text = input.value;
    const filters = Object.fromEntries(selects.map((s) => [s.name, s.value]));
    const url = new URL(location.href);
    url.search = new URLSearchParams(Object.entries({ q: text, ...filters }).filter(([, v]) => v)).toString();
    history.replaceState(null, '', url);
    const terms = queryTerms(text);
    const mine = ++asked;
    const found = terms.length ? await data.search(text) : [];
    if (mine !== asked) return;
    const ranked = found.filter((r) => keep(data.docs[Number(r.ref)], filters));
    const drawn = JSON.stringify([text, filters, ranked.map((r) => r.ref)]);
    if (drawn === shown) return;
    shown = drawn;
    results.dataset.answers = url.search; // what the list answers: drawn below without waiting (tests wait for it)
    results.replaceChildren();
    delete results.dataset.first;
    if (!text.trim()) {
      status.textContent = '输入证书名称的一部分、专业、组织、技能或拼音（如 wuliu、wlgl）。';
      return;
    }
    if (terms.length === 0) {
      status.textContent = '请输入文字或数字：标点和符号不参与搜索。';
      return;
    }
    const refs = ranked.map((r) => r.ref);
    const groups = grouped(data.docs, ranked);
    if (refs.length === 0) {
      status.textContent = `没有找到与“${text}”相关的结果${Object.values(filters).some(Boolean) ? '（已设筛选条件，可放宽后再试）' : ''}。试试更短的词或拼音首字母，或从下面继续。`;
      results.append(nextSteps(data, text, root));
      return;
    }
    status.textContent =
      `找到 ${refs.length} 条：` + groups.map(([kind, list]) => `${data.kinds[kind]} ${list.length}`).join(' · ');
    drawGroups(results, data, groups, terms, root);
    markOnce('1x-search-first-results'); // unless first.js drew them already
  };

  input.addEventListener('input', render);
  for (const select of selects) select.addEventListener('change', render);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    render();
  });
  // arrow keys move between the input and the result links; Escape goes back to the input
  form.parentElement.addEventListener('keydown', (event) => {
    const links = [...results.querySelectorAll('a.search-hit')];
    const at = links.indexOf(/** @type {HTMLAnchorElement} */ (document.activeElement));
    if (event.key === 'ArrowDown' && (event.target === input || at >= 0)) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (event.key === 'Escape' && at >= 0) {
      input.focus();
    }
  });
  await render();
  form.dataset.ready = 'true';
  // the majors' part of the index arrives after the first results: search again with everything
  data.more.then(
    async () => {
      shown = null;
      await render();
      markOnce('1x-search-all-results'); // every part of the index searched
      form.dataset.complete = 'true';
    },
    () => {
      status.textContent += '（专业索引未能加载，结果中暂缺专业）';
    },
  );
}

/** Start the header box: a combobox whose list shows the best results of each kind as the user types. */
export async function startSearchBox(form) {
  const root = form.dataset.root || '/';
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input[name=q]'));
  const panel = /** @type {HTMLElement} */ (form.querySelector('.search-box-panel'));
  const list = /** @type {HTMLElement} */ (panel.querySelector('[role=listbox]'));
  const allLink = /** @type {HTMLAnchorElement} */ (panel.querySelector('.search-box-all'));
  let data;
  try {
    data = await loadSearch(form.dataset.index, form.dataset.worker);
  } catch {
    return; // the form still submits to the search page
  }
  let asked = 0; // the latest search: an answer to an earlier one is not drawn
  let active = -1;
  const options = () => [...list.querySelectorAll('[role=option]')];
  const close = () => {
    panel.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const setActive = (index) => {
    const all = options();
    all.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (index >= 0) input.setAttribute('aria-activedescendant', all[index].id);
    else input.removeAttribute('aria-activedescendant');
  };
  const render = async () => {
    const text = input.value;
    const terms = queryTerms(text);
    const mine = ++asked;
    const ranked = terms.length ? await data.search(text) : [];
    if (mine !== asked) return;
    const kept = active >= 0 ? options()[active]?.id : null; // the option chosen with the keys stays chosen
    list.replaceChildren();
    if (ranked.length === 0) {
      close();
      return;
    }
    let count = 0;
    for (const [kind, group] of grouped(data.docs, ranked)) {
      if (count >= BOX_TOTAL) break;
      const wrapper = document.createElement('div');
      wrapper.setAttribute('role', 'group');
      const label = document.createElement('div');
      label.className = 'search-box-kind';
      label.id = `search-box-kind-${kind}`;
      label.textContent = data.kinds[kind];
      wrapper.setAttribute('aria-labelledby', label.id);
      wrapper.append(label);
      for (const ref of group.slice(0, Math.min(BOX_GROUP, BOX_TOTAL - count))) {
        const option = resultLink(data, ref, terms, root);
        option.id = `search-box-option-${ref}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.tabIndex = -1;
        wrapper.append(option);
        count += 1;
      }
      list.append(wrapper);
    }
    allLink.href = `${root}search/?q=${encodeURIComponent(text)}`;
    allLink.textContent = `查看全部 ${ranked.length} 条结果`;
    panel.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(options().findIndex((option) => option.id === kept));
    list.dataset.query = text; // what the list answers (tests wait for it)
  };
  input.addEventListener('input', render);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && panel.hidden) render();
    const all = options();
    if (event.key === 'ArrowDown' && all.length) {
      event.preventDefault();
      setActive((active + 1) % all.length);
    } else if (event.key === 'ArrowUp' && all.length) {
      event.preventDefault();
      setActive(active <= 0 ? all.length - 1 : active - 1);
    } else if (event.key === 'Escape' && !panel.hidden) {
      event.preventDefault(); // close the list first; a second Escape clears the box as usual
      close();
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      location.href = /** @type {HTMLAnchorElement} */ (all[active]).href;
    }
  });
  form.addEventListener('focusout', (event) => {
    if (!form.contains(/** @type {Node} */ (event.relatedTarget))) close();
  });
  if (document.activeElement === input && input.value) render();
  form.dataset.ready = 'true';
  data.more.then(() => {
    if (!panel.hidden) render();
    form.dataset.complete = 'true';
  }, close);
}
