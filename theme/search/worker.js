// Entry of search/worker.js, the search worker: it fetches and loads the index (index-reader.js) and answers the
// page's queries, so that lunr's loading, the longest work of the search page, never holds the main thread.
// Messages in: {type: 'open', url, bytes?} starts reading the index, once (bytes: index.json already fetched, as the
// search page does in its head); {type: 'ready?'} is answered once it is read; {type: 'search', id, text}.
// Out: {type: 'ready', docs, kinds, levels, rules}, {type: 'found', id, ranked}, {type: 'complete'},
// {type: 'failed', message, partial}.
import { readIndex } from './index-reader.js';

let begin = null; // starts the reading: set until the first 'open'
const reading = new Promise((resolve) => {
  begin = resolve;
});

self.addEventListener('message', async ({ data }) => {
  if (data.type === 'open' && begin) {
    begin(readIndex(data.url, data.bytes));
    begin = null;
  } else if (data.type === 'ready?') {
    let reader;
    try {
      reader = await reading;
    } catch (error) {
      self.postMessage({ type: 'failed', message: error.message, partial: false });
      return;
    }
    const { docs, kinds, levels, rules } = reader;
    self.postMessage({ type: 'ready', docs, kinds, levels, rules });
    reader.more.then(
      () => self.postMessage({ type: 'complete' }),
      (error) => self.postMessage({ type: 'failed', message: error.message, partial: true }),
    );
  } else if (data.type === 'search') {
    const reader = await reading;
    self.postMessage({ type: 'found', id: data.id, ranked: reader.search(data.text) });
  }
});
