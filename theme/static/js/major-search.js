// Type a major's name, code, pinyin or pinyin initials (jisuanji, ji suan ji, jsjyy): suggestions from
// majors/index.json, each a link to the major's page.
// Without JavaScript the form opens the full list of majors.

const LEVEL = { secondary: '中职', associate: '高职专科', vocational_bachelor: '职业本科' };
const KIND = { category: '专业大类', class: '专业类', major: '专业' };
const MAX = 12;

/** @type {Promise<Array<[string, string, string, string, number, string, string, string]>> | null} */
let index = null;

/**
 * @param {HTMLFormElement} form element with data-module="major-search"
 */
export function startMajorSearch(form) {
  const input = /** @type {HTMLInputElement} */ (form.querySelector('input[type=search]'));
  const box = form.querySelector('.suggestions');
  if (!input || !box) return;
  const base = new URL(form.action).pathname.replace(/majors\/all\/$/, '');
  const load = () => (index ??= fetch(`${base}majors/index.json`).then((r) => r.json()));

  const render = async () => {
    const q = input.value.trim().toLowerCase();
    box.replaceChildren();
    if (!q) return;
    const rows = await load();
    const letters = /^[a-z\s]+$/.test(q) ? q.replace(/\s+/g, '') : ''; // pinyin typed with or without spaces
    const hits = rows
      .filter(
        ([code, name, , , , , pinyin, initials]) =>
          code.toLowerCase().startsWith(q) ||
          name.toLowerCase().includes(q) ||
          (letters && (pinyin.startsWith(letters) || initials.startsWith(letters))),
      )
      .sort((a, b) => rank(a, q, letters) - rank(b, q, letters))
      .slice(0, MAX);
    const ul = document.createElement('ul');
    for (const [code, name, level, kind, official, url] of hits) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `${base}${url}`;
      a.textContent =
        `${name}（${LEVEL[level]}${KIND[kind]} ${code}）` + (official ? ` · ${official} 个官方对应证书` : '');
      li.append(a);
      ul.append(li);
    }
    const summary = document.createElement('p');
    summary.className = 'hint';
    summary.textContent = hits.length
      ? `找到 ${hits.length} 项${hits.length === MAX ? '（只显示前 ' + MAX + ' 项）' : ''}`
      : '没有找到匹配的专业';
    box.append(summary, ul);
  };

  input.addEventListener('input', render);
  form.addEventListener('submit', (event) => {
    const first = /** @type {HTMLAnchorElement | null} */ (box.querySelector('a'));
    if (first) {
      event.preventDefault();
      window.location.assign(first.href);
    }
  });
  const initial = new URLSearchParams(window.location.search).get('q');
  if (initial && !input.value) input.value = initial;
  if (input.value) render(); // typed before this module had loaded, or asked for in the address
}

/** exact name, code, pinyin or initials first, then prefix, then majors before classes and categories */
function rank([code, name, , kind, , , pinyin, initials], q, letters) {
  const n = name.toLowerCase();
  const c = code.toLowerCase();
  const exact = n === q || c === q || (letters && (pinyin === letters || initials === letters)) ? 0 : 2;
  const prefix = n.startsWith(q) || c.startsWith(q) || letters ? 0 : 1;
  return exact + prefix + (kind === 'major' ? 0 : 0.5);
}
