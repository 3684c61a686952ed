// Reading the site's search index: search/index.json (what every result shows, the query rules and the first part of
// the index) and the parts it names (search/majors.json …), each loaded into lunr.js. Runs in the search worker
// (worker.js), off the page's main thread.
import { load, search } from './engine.js';

/**
 * @param {string} url search/index.json's address
 * @param {ArrayBuffer} [bytes] index.json's bytes, when already fetched
 * @returns {Promise<{docs: any[], kinds: object, levels: object, rules: object, search: (text: string) => object[],
 *   more: Promise<void>}>} once the first part is in: what results show, and search; more resolves when every part is
 */
export async function readIndex(url, bytes) {
  const fetchJson = (address) =>
    fetch(address).then((response) => {
      if (!response.ok) throw new Error(`搜索索引无法加载（HTTP ${response.status}）`);
      return response.json();
    });
  const first = bytes ? JSON.parse(new TextDecoder().decode(bytes)) : await fetchJson(url);
  let parts = [load(first)];
  const { docs, kinds, levels, rules } = first;
  const more = Promise.all((first.parts || []).map((name) => fetchJson(new URL(name, url).href).then(load))).then(
    (rest) => {
      parts = [parts[0], ...rest];
    },
  );
  return { docs, kinds, levels, rules, search: (text) => search(parts, docs, text, rules), more };
}
