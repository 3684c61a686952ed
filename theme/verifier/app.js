// The verify page: reads a credential from the URL fragment, a camera, a picture, a file, pasted text, or
// number + name + code, verifies it in this browser against the pinned root, and shows every step and field.
// Everything taken from a credential is put on the page with textContent, never as HTML.

import { bestCrypto } from './crypto.js';
import { MAX_FILE } from './credential.js';
import { maskedCode } from './holder.js';
import { FAILED, NOT_APPLICABLE, PASSED } from './steps.js';
import { checkSeen, isExpired, isWitnessed } from './snapshot.js';
import { tileReader } from './tlog.js';
import { certificateName, createJudge, levelName, nameIn, openLists, sentencesOf } from './judge.js';
import { initialLanguage, languageSwitch, moment, msg, saidBy, setLanguage, t, when } from './i18n.js';
import { dropZone, el } from './dom.js';
import { codePoint, markedNodes, uncommon } from './hanzi.js';

const MAX_FILE_BYTES = 256 * 1024;
const MAX_IMAGE_SIDE = 1600;
const DAY = 86400000;

/**
 * @param {object} options
 * @param {HTMLElement} options.root the page's verifier element
 * @param {() => Promise<{snapshot: object, texts: Record<string, Uint8Array>}>} options.loadLists the signed
 *   snapshot and the exact bytes of every file it lists
 * @param {((path: string) => Promise<Uint8Array>)|null} [options.fetchBytes] reads files of the site relative to
 *   verify/ (the lookup store and the log's tiles); null: no lookup and no log data (the single file)
 * @param {Storage|null} [options.storage] where the newest snapshot seen is remembered (rollback defence)
 * @param {() => Promise<{decode: (image: ImageData) => Promise<string|null>}>} options.loadDecoder
 * @param {() => Date} [options.clock]
 * @param {(() => Promise<{snapshot: object, texts: Record<string, Uint8Array>}|null>)|null} [options.loadNewer] the
 *   published site's current lists (the single file, online): a newer snapshot that checks out is offered
 * @param {string} [options.siteUrl] where loadNewer reads from
 */
export async function start({
  root,
  loadLists,
  fetchBytes = null,
  loadDecoder,
  clock = () => new Date(),
  storage = null,
  loadNewer = null,
  siteUrl = '',
}) {
  const $ = (selector) => root.querySelector(selector);
  const result = $('#result');
  const params = new URLSearchParams(location.search);
  const crypto = await bestCrypto(params.get('crypto') === 'noble' ? 'noble' : undefined);
  let snapshot, state;
  const part = root.closest('main') ?? root; // what the language switch puts into the other language
  setLanguage(part, initialLanguage());
  let shown = null; // the result on the page, drawn again when the language changes
  let newer = null; // {own: the embedded state}, once the single file judges by its site's newer snapshot (offerNewer)
  const redraw = () => shown?.();
  // the log's tiles, fetched once per verification session (null in the single file: it has no log data)
  const reader = fetchBytes ? () => tileReader((path) => fetchBytes(`../log/${path}`), state.size, state.edge) : null;
  const open = (lists) => openLists(lists, root.dataset, crypto, clock());
  try {
    [snapshot, state] = await open(await loadLists());
    await checkSeen(storage, snapshot.root.key, state, reader);
  } catch (error) {
    showProblem('app.lists_failed', msg('app.lists_failed_text', { error: saidBy(error) }));
    root.dataset.state = 'broken';
    return;
  }
  let judge = createJudge({ snapshot, state, crypto, fetchBytes, reader, clock });
  let again = null; // the last credential checked, checked again when a newer snapshot replaces the embedded one
  showSnapshot();
  if (loadNewer) offerNewer();
  languageSwitch(document.getElementById('language'), part, () => {
    showSnapshot();
    redraw();
    if (!result.hidden) result.scrollIntoView({ block: 'start' }); // the result, now in the other language
  });

  /**
   * Online, the single file reads its site's current signed lists. A newer snapshot that checks out (and is not a
   * rollback of one this browser has seen) replaces the embedded one: what is shown is judged again by it, so a
   * certificate revoked since the file was saved shows as revoked. The newer snapshot is remembered.
   */
  async function offerNewer() {
    try {
      const lists = await loadNewer();
      if (!lists) return;
      const [trust, found] = await open(lists);
      if (found.version <= state.version) return;
      await checkSeen(storage, trust.root.key, found, null);
      newer = { own: state };
      [snapshot, state] = [trust, found];
      judge = createJudge({ snapshot, state, crypto, fetchBytes, reader, clock });
      showSnapshot();
      if (again) await again();
    } catch {
      // offline, the site unreachable, or its lists not checking out: the embedded snapshot stays, its age is shown
    }
  }

  function showSnapshot() {
    const age = Math.floor((clock().getTime() - state.issued.getTime()) / DAY);
    const ago = age <= 0 ? t('app.today') : t('app.days_ago', { days: age });
    const status = $('#snapshot');
    status.dataset.version = String(state.version);
    status.replaceChildren(
      el('strong', { text: t('app.data_title') }),
      t('app.data_as_of', { issued: when(state.issued), ago, expires: when(state.expires) }),
      ...(snapshot.root.demo ? [' ', el('span', { class: 'tag tag-demo', text: t('app.demo_root') })] : []),
      t('app.data_counts', {
        size: state.size,
        version: state.version,
        root: snapshot.root.key,
        keys: snapshot.keys.size,
        revocations: snapshot.revocations.size,
      }),
      t('app.crypto', { crypto: t(crypto.name === 'webcrypto' ? 'app.webcrypto' : 'app.noble') }),
    );
    if (state.quorum) status.append(el('p', { id: 'witnesses', text: t(witnessLine()) }));
    if (isExpired(state, clock())) {
      status.append(el('p', { class: 'warning', text: t('app.expired', { expires: when(state.expires) }) }));
    }
    if (newer) {
      status.append(
        el(
          'p',
          { class: 'note', id: 'newer-snapshot', 'data-version': String(state.version) },
          t('app.newer', { newer: when(state.issued), own: when(newer.own.issued) }),
          el('a', { href: `${siteUrl}/verify/`, text: t('app.newer_online') }),
          t('app.newer_or'),
          el('a', { href: `${siteUrl}/verify/verifier.html`, download: '', text: t('app.newer_download') }),
          t('app.newer_end'),
        ),
      );
    }
  }

  /** Which witnesses cosigned the state's checkpoint, and whether that meets the policy (a message). */
  function witnessLine() {
    const names = state.cosigners.length ? state.cosigners.join('、') : msg('app.no_witness');
    const values = { names, quorum: state.quorum, count: state.cosigners.length };
    return msg(isWitnessed(state) ? 'app.witnessed' : 'app.unwitnessed', values);
  }

  /** A new check starts: nothing of the previous one may still be read from the page's state attributes. */
  function begin() {
    root.dataset.state = 'checking';
    delete result.dataset.error;
    delete result.dataset.failedStep;
    delete result.dataset.verdict;
  }

  /** Bring the result's heading to the top of the screen and focus it (screen readers announce it). */
  function present(heading) {
    result.hidden = false;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: 'start' });
  }

  /**
   * A problem with what was entered or chosen (GOV.UK error summary): what is wrong, with links to the fields.
   * @param {string} title a message key @param {object|string} message a message or its key
   * @param {string} [code] @param {string[]} [fields] ids to link to
   */
  function showProblem(title, message, code = 'input', fields = []) {
    shown = () => drawProblem(title, message, code, fields);
    shown();
    present(result.querySelector('h2'));
  }
  function drawProblem(title, message, code, fields) {
    root.dataset.state = 'error';
    result.dataset.error = code;
    result.hidden = false;
    const heading = el('h2', { class: 'error-summary-title', text: t(title) });
    const links = fields.map((id) =>
      el('li', {}, el('a', { href: `#${id}`, text: `${root.querySelector(`label[for="${id}"]`)?.textContent ?? id}` })),
    );
    result.replaceChildren(
      el(
        'div',
        { class: 'error-summary', role: 'alert' },
        heading,
        el('p', { text: t(message) }),
        ...(links.length ? [el('ul', { class: 'error-summary-list' }, ...links)] : []),
      ),
    );
  }

  // what the holder's certificate prints, shown with the code points of uncommon characters (hanzi.js)
  const MARKED = new Set(['field.holder', 'field.number']);
  const ICONS = { valid: '✓', revoked: '⊘', invalid: '✗', unconfirmed: '?' };
  function render(judgement, source, started) {
    const took = Math.round(performance.now() - started);
    const now = clock();
    shown = () => draw(judgement, source, took, now);
    shown();
    present(result.querySelector('h2'));
  }

  /** One judgement drawn in the current language (source: a message; took: ms; now: when it was checked). */
  function draw(judgement, source, took, now) {
    const { verdict, registration, kind } = judgement;
    const technicalOpen = result.querySelector('details.technical')?.open ?? false; // kept open across a redraw
    const { holder, record, steps = [], proof } = verdict;
    const failed = steps.find((s) => s.state === FAILED);
    const heading = el('h2', { class: 'verdict-title', text: `${ICONS[kind]} ${t(`verdict.${kind}`)}` });
    const { who, why } = sentencesOf(judgement, snapshot, state);
    const summary = (who ? [who, ...why] : why).map((m) => t(m));
    const box = el(
      'div',
      { class: `verdict verdict-${kind}`, 'data-verdict': kind, role: kind === 'valid' ? 'status' : 'alert' },
      heading,
      ...summary.map((text) => el('p', { text })),
      ...judgement.notes.map((note) => el('p', { class: 'verdict-note', 'data-note': 'log-proof', text: t(note) })),
    );
    if (kind === 'valid' || kind === 'unconfirmed') {
      box.append(el('p', { class: 'verdict-check', text: t('app.check_id') }));
    }
    const rare = verdict.error ? [] : uncommon(holder.name);
    if (rare.length) {
      const chars = rare.map((char) => `${char} ${codePoint(char)}`).join(t('list.separator'));
      box.append(el('p', { class: 'verdict-rare', text: t('app.rare', { chars }) }));
    }
    if (snapshot.root.demo) box.append(el('p', { class: 'verdict-demo', text: t('app.demo_result') }));
    const parts = [box];
    if (!verdict.error) {
      const named = certificateName(snapshot, record.certificate);
      const rows = [
        ['field.holder', holder.name],
        ['field.number', holder.number],
        ['field.certificate', named ? t('field.with_id', { name: named, id: record.certificate }) : record.certificate],
        ['field.level', t(levelName(snapshot, record.level))],
        ['field.issued', record.issued],
        [
          'field.organisation',
          t('field.with_id', { name: nameIn(snapshot.organisations, record.organisation), id: record.organisation }),
        ],
        ['field.code', maskedCode(holder.code)],
      ];
      parts.push(
        el(
          'table',
          { class: 'fields' },
          el('caption', { text: t(`caption.${kind}`) }),
          ...rows.map(([label, value]) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row', text: t(label) }),
              el('td', {}, ...(MARKED.has(label) ? markedNodes(value) : [value])),
            ),
          ),
        ),
      );
      const list = el('ol', { class: 'steps' });
      const ordered = [...steps.filter((s) => s.state === FAILED), ...steps.filter((s) => s.state !== FAILED)];
      if (proof) list.append(stepItem('ev.proof.title', proof[0] ? PASSED : FAILED, proof[2], 'proof'));
      for (const step of ordered) list.append(stepItem(`step.${step.step}`, step.state, step.says, step.step));
      parts.push(
        el(
          'details',
          { class: 'technical', ...(technicalOpen ? { open: '' } : {}) },
          el('summary', { text: t('app.technical') }),
          list,
          el('p', { class: 'step-evidence', text: t('app.key_lookup', { key: record.key, lookup: record.lookup }) }),
          ...(state.quorum ? [el('p', { class: 'step-evidence', 'data-witnesses': '', text: t(witnessLine()) })] : []),
        ),
      );
    }
    const reportNumber = `VR-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${(record?.lookup ?? '000000').slice(0, 6).toUpperCase()}`;
    const report = {
      number: reportNumber,
      time: moment(now),
      source,
      issued: when(state.issued),
      version: state.version,
      root: snapshot.root.key,
      demo: snapshot.root.demo ? msg('app.demo_short') : '',
      ms: took,
    };
    parts.push(el('p', { class: 'report-meta', text: t('app.report', report) }));
    const print = el('button', { type: 'button', class: 'button no-print', text: t('app.print') });
    print.addEventListener('click', () => window.print());
    parts.push(print);
    if (root.dataset.report) {
      // the issue form gets the page's address and the kind of problem, never the credential (report.py)
      parts.push(
        el(
          'p',
          { class: 'report no-print' },
          el('a', { href: root.dataset.report, text: t('app.report_problem') }),
          t('app.report_problem_text'),
        ),
      );
    }
    result.replaceChildren(...parts);
    root.dataset.state = verdict.error ? 'error' : verdict.valid ? 'valid' : 'invalid';
    if (verdict.error) result.dataset.error = verdict.error.code;
    result.dataset.verdict = kind;
    result.dataset.registration = registration.state;
    result.dataset.failedStep = failed?.step ?? (proof && !proof[0] ? 'proof' : '');
    result.hidden = false;
  }

  function stepItem(title, state, says, id) {
    const mark = { [PASSED]: '✓', [FAILED]: '✗', [NOT_APPLICABLE]: '–' }[state];
    return el(
      'li',
      { class: `step step-${state}`, 'data-step': id },
      el('span', { class: 'step-state', text: `${mark} ${t(`state.${state}`)}` }),
      el('strong', { text: t(title) }),
      el('span', { class: 'step-evidence', text: `${t('list.colon')}${t(says)}` }),
    );
  }

  async function verifyText(text, source) {
    again = () => verifyText(text, source);
    begin();
    if (text.length > MAX_FILE) {
      // rejected before anything is parsed or rendered, however long the input
      showProblem('app.cannot_verify', 'error.too-large', 'too-large', ['paste-text']);
      return null;
    }
    const started = performance.now();
    performance.mark('1x-verify-start');
    const judgement = await judge.credential(text);
    render(judgement, source, started);
    performance.measure('1x-verify', '1x-verify-start');
    return judgement.verdict;
  }

  // 1. the QR code's URL: #c=<compact credential>, never sent to a server
  async function fromFragment() {
    if (location.hash.startsWith('#c=')) await verifyText(location.hash, msg('source.fragment'));
  }
  window.addEventListener('hashchange', fromFragment);

  // a paste longer than any credential is refused at once, before the browser renders it in the box
  $('#paste-text').addEventListener('paste', (event) => {
    const text = event.clipboardData?.getData('text') ?? '';
    if (text.length > MAX_FILE) {
      event.preventDefault();
      begin();
      showProblem('app.cannot_verify', 'error.too-large', 'too-large', ['paste-text']);
    }
  });

  $('#paste').addEventListener('submit', (event) => {
    event.preventDefault();
    verifyText($('#paste-text').value, msg('source.paste'));
  });

  // 2. a picture of the QR code, or the camera
  async function decodeImage(source, width, height) {
    const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height));
    const canvas = el('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const { decode } = await loadDecoder();
    return decode(context.getImageData(0, 0, canvas.width, canvas.height));
  }

  $('#qr-image').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    begin();
    let text;
    try {
      const bitmap = await createImageBitmap(file);
      text = await decodeImage(bitmap, bitmap.width, bitmap.height);
    } catch {
      showProblem('app.image_unreadable', 'app.image_unreadable_text', 'image', ['qr-image']);
      return;
    }
    if (text === null) showProblem('app.no_qr', 'app.no_qr_text', 'no-qr', ['qr-image', 'lookup-number']);
    else await verifyText(text, msg('source.image'));
  });

  let stream = null;
  const camera = $('#camera');
  const scanButton = $('#scan');
  const stopCamera = () => {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    camera.hidden = true;
    scanButton.textContent = t('verifier.scan');
  };
  scanButton.addEventListener('click', async () => {
    if (stream) return stopCamera();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      showProblem('app.no_camera', 'app.no_camera_text');
      return;
    }
    camera.srcObject = stream;
    camera.hidden = false;
    scanButton.textContent = t('verifier.stop_scan');
    await camera.play();
    while (stream) {
      if (camera.videoWidth) {
        const text = await decodeImage(camera, camera.videoWidth, camera.videoHeight);
        if (text) {
          stopCamera();
          await verifyText(text, msg('source.camera'));
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  });

  // 3. the credential file (ours or the W3C VC export), chosen or dropped
  async function verifyFile(file) {
    begin();
    if (file.size > MAX_FILE_BYTES) {
      showProblem('app.file_large', 'app.file_large_text', 'file', ['credential-file']);
      return;
    }
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      showProblem('app.file_unreadable', 'app.file_unreadable_text', 'file', ['credential-file']);
      return;
    }
    await verifyText(text, msg('source.file', { name: file.name }));
  }
  $('#credential-file').addEventListener(
    'change',
    (event) => event.target.files[0] && verifyFile(event.target.files[0]),
  );
  dropZone($('#drop'), (files) => verifyFile(files[0]));

  // 4. number + name + code: the lookup id and commitment are computed here; one shard is fetched
  const lookupForm = $('#lookup');
  if (!fetchBytes) {
    lookupForm.querySelector('fieldset').disabled = true;
    lookupForm.prepend(el('p', { class: 'note', 'data-t': 'app.no_lookup_offline', text: t('app.no_lookup_offline') }));
  }
  lookupForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    begin();
    const started = performance.now();
    performance.mark('1x-lookup-start');
    const form = new FormData(lookupForm);
    const judgement = await judge.printed(
      String(form.get('number')),
      String(form.get('name')),
      String(form.get('code')),
    );
    const problem = judgement.problem;
    if (problem?.code === 'holder') {
      showProblem('app.input_wrong', `holder_error.${problem.field}`, 'holder', [`lookup-${problem.field}`]);
    } else if (problem?.code === 'lookup') {
      showProblem('app.lookup_failed', 'app.lookup_failed_text');
    } else if (problem?.code === 'not-found') {
      showProblem('app.not_found', 'app.not_found_text', 'not-found', ['lookup-number', 'lookup-code']);
    } else if (problem?.code === 'name') {
      showProblem('app.name_differs', 'app.name_differs_text', 'name', ['lookup-name']);
    } else {
      render(judgement, msg('source.lookup'), started);
    }
    performance.measure('1x-lookup', '1x-lookup-start');
  });

  root.dataset.state = 'ready';
  await fromFragment();
}
