// Entry of the script the search page inlines (portal/site/search_index.py): its first results, from the data
// inlined beside it.
import { drawFirstResults } from './first.js';

const data = document.getElementById('search-first-data');
if (data) drawFirstResults(JSON.parse(data.textContent));
