// Entry of search/worker.js, the search worker: it fetches and loads the index (index-reader.js) and answers the
// page's queries, so that lunr's loading, the longest work of the search page, never holds the main thread.
// Messages in: {type: 'open', url, bytes?} (bytes: index.json already fetched, as the search page does in its head),
// {type: 'ready?'} (answered once some 'open' has been), {type: 'search', id, text}. Out: {type: 'ready', docs, kinds,
// levels, rules}, {type: 'found', id, ranked}, {type: 'complete'}, {type: 'failed', message, partial}.
import { readIndex } from './index-reader.js';

let opening = null; // the index being read (or read): every 'open' is answered with 'ready' once it is in
let first = null;
let asked = () => {}; // resolves `opened` when the first 'open' comes
const opened = new Promise((resolve) => {
  asked = resolve;
});

self.addEventListener('message', async ({ data }) => {
  if (data.type === 'open' || data.type === 'ready?') {
    if (data.type === 'open' && !opening) {
      opening = readIndex(
        data.url,
        (ready) => {
          first = ready;
        },
        data.bytes,
      );
      asked(opening);
    }
    let reader;
    try {
      reader = await await opened;
    } catch (error) {
      self.postMessage({ type: 'failed', message: error.message, partial: false });
      return;
    }
    self.postMessage({ type: 'ready', ...first });
    reader.more.then(
      () => self.postMessage({ type: 'complete' }),
      (error) => self.postMessage({ type: 'failed', message: error.message, partial: true }),
    );
  } else if (data.type === 'search') {
    const reader = await await opened;
    self.postMessage({ type: 'found', id: data.id, ranked: reader.search(data.text) });
  }
});
