// "加入比较" on certificate lists and search results: a checkbox on every [data-certificate] item, the choice kept
// for this tab (sessionStorage) across pages, and one bar that links to compare/?c=… once two are chosen.
// Without JavaScript the compare page's own list does the same.
import { MAX, MIN } from './compare.js';

const KEY = 'x1portal:compare';

function read() {
  try {
    const ids = JSON.parse(sessionStorage.getItem(KEY) || '[]');
    return Array.isArray(ids) ? ids.filter((id) => typeof id === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

/** @param {HTMLElement} list a list of [data-certificate] items (re-rendered ones are picked up too) */
export function startComparePick(list) {
  const target = list.dataset.compare;
  let bar = document.getElementById('compare-bar');
  if (!bar) {
    bar = document.createElement('div');
    bar.id = 'compare-bar';
    bar.className = 'compare-bar';
    bar.setAttribute('role', 'status');
    document.body.append(bar);
  }
  const show = () => {
    const ids = read();
    const link = document.createElement('a');
    link.href = `${target}?${ids.map((id) => `c=${encodeURIComponent(id)}`).join('&')}`;
    link.textContent = `比较所选的 ${ids.length} 个证书`;
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.textContent = '清空';
    clear.addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      for (const box of document.querySelectorAll('input.compare-pick')) box.checked = false;
      show();
    });
    bar.replaceChildren(
      ids.length >= MIN ? link : `已选 ${ids.length} 个证书，再选 ${MIN - ids.length} 个即可比较（最多 ${MAX} 个）`,
      ' ',
      clear,
    );
    bar.hidden = ids.length === 0;
  };
  const decorate = () => {
    const ids = read();
    for (const item of list.querySelectorAll('[data-certificate]:not([data-picked])')) {
      item.dataset.picked = '';
      const id = item.dataset.certificate;
      const label = document.createElement('label');
      label.className = 'compare-pick-label';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.className = 'compare-pick';
      box.value = id;
      box.checked = ids.includes(id);
      box.addEventListener('change', () => {
        let chosen = read().filter((other) => other !== id);
        if (box.checked) {
          if (chosen.length >= MAX) {
            box.checked = false;
            bar.textContent = `最多比较 ${MAX} 个证书：请先取消一个。`;
            return;
          }
          chosen = [...chosen, id];
        }
        sessionStorage.setItem(KEY, JSON.stringify(chosen));
        show();
      });
      label.append(box, ' 加入比较');
      item.append(label);
    }
  };
  decorate();
  show();
  // results drawn later (the search page) are decorated once per frame, not once per node added
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      decorate();
    });
  }).observe(list, { childList: true, subtree: true });
}
