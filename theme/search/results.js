// Drawing search results, shared by the search page (ui.js), its first results (first.js) and the header box:
// groups of links with the matched text in <mark>. Everything shown is set with textContent.
import { closest } from './rules.js';
import { highlightRanges } from './highlight.js';

const PAGE_GROUP = 10; // results shown per group before "显示其余"

/** A performance mark, set once per page (scripts/benchmark_search.py and the Lighthouse run read them). */
export function markOnce(name) {
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}

/** @param {HTMLElement} parent @param {string} text @param {string[]} terms */
function appendHighlighted(parent, text, terms) {
  const chars = Array.from(text);
  let at = 0;
  for (const [start, end] of highlightRanges(text, terms)) {
    if (start > at) parent.append(chars.slice(at, start).join(''));
    const mark = document.createElement('mark');
    mark.textContent = chars.slice(start, end).join('');
    parent.append(mark);
    at = end;
  }
  if (at < chars.length) parent.append(chars.slice(at).join(''));
}

/**
 * Which results a filter keeps. Batch applies to certificates and organisations, level to certificates
 * ("unknown": the catalogue does not know its levels); other kinds drop out once such a filter is set.
 */
export function keep(doc, filters) {
  const [kind, , , , batches, levels] = doc;
  if (filters.kind && kind !== filters.kind) return false;
  if (filters.batch && !batches.includes(Number(filters.batch))) return false;
  if (filters.level) {
    if (kind !== 'certificate') return false;
    if (filters.level === 'unknown' ? levels.length > 0 : !levels.includes(filters.level)) return false;
  }
  return true;
}

export function resultLink(data, ref, terms, root) {
  const [, title, url, subtitle] = data.docs[Number(ref)];
  const link = document.createElement('a');
  link.className = 'search-hit';
  link.href = root + url;
  const name = document.createElement('span');
  name.className = 'search-hit-title';
  appendHighlighted(name, title, terms);
  const detail = document.createElement('span');
  detail.className = 'search-hit-detail';
  detail.textContent = subtitle;
  link.append(name, detail);
  return link;
}

/** Where a search with no result goes on: the closest names, and the catalogue's ways in. */
export function nextSteps(data, text, root) {
  const box = document.createElement('nav');
  box.className = 'search-next';
  box.setAttribute('aria-label', '没有结果时可以去的地方');
  const near = closest(data.docs, text);
  if (near.length) {
    const heading = document.createElement('h2');
    heading.textContent = '名称相近的';
    const list = document.createElement('ul');
    for (const ref of near) {
      const item = document.createElement('li');
      item.append(resultLink(data, ref, [], root));
      list.append(item);
    }
    box.append(heading, list);
  }
  const heading = document.createElement('h2');
  heading.textContent = '或者浏览';
  const ways = document.createElement('ul');
  for (const [href, label] of [
    ['certificates/', '证书目录（全部证书，可按批次、领域、等级筛选）'],
    ['majors/', '按专业查找：我的专业适合哪些证书'],
    ['certificates/#filter-title', '按领域浏览证书'],
  ]) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = root + href;
    link.textContent = label;
    item.append(link);
    ways.append(item);
  }
  box.append(heading, ways);
  return box;
}

/**
 * The results' groups as sections of links into results, the first PAGE_GROUP of each with a button for the rest.
 * @param {HTMLElement} results @param {{docs: any[], kinds: object}} data @param {Array<[string, string[]]>} groups
 * @param {string[]} terms marked in the titles @param {string} root
 */
export function drawGroups(results, data, groups, terms, root) {
  for (const [kind, list] of groups) {
    const section = document.createElement('section');
    section.className = 'search-group';
    const heading = document.createElement('h2');
    heading.textContent = `${data.kinds[kind]}（${list.length}）`;
    const ol = document.createElement('ol');
    ol.className = 'search-list';
    const addItems = (from, to) => {
      for (const ref of list.slice(from, to)) {
        const li = document.createElement('li');
        const [kind, , url] = data.docs[Number(ref)];
        if (kind === 'certificate') li.dataset.certificate = url.split('/')[1]; // certificates/<id>/: can be compared
        li.append(resultLink(data, ref, terms, root));
        ol.append(li);
      }
    };
    addItems(0, PAGE_GROUP);
    section.append(heading, ol);
    if (list.length > PAGE_GROUP) {
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'search-more';
      more.textContent = `显示其余 ${list.length - PAGE_GROUP} 条${data.kinds[kind]}`;
      more.addEventListener('click', () => {
        addItems(PAGE_GROUP, list.length);
        more.remove();
        ol.querySelectorAll('a')[PAGE_GROUP]?.focus();
      });
      section.append(more);
    }
    results.append(section);
  }
}
