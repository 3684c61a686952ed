// The verify page: reads a credential from the URL fragment, a camera, a picture, a file, pasted text, or
// number + name + code, verifies it in this browser against the pinned root, and shows every step and field.
// Everything taken from a credential is put on the page with textContent, never as HTML.

import { bestCrypto } from './crypto.js';
import { MAX_FILE } from './credential.js';
import { maskedCode } from './holder.js';
import { FAILED, NOT_APPLICABLE, PASSED } from './steps.js';
import { PROOF_TITLE } from './vc.js';
import { VERDICTS } from './vocab.js';
import { checkSeen, isExpired } from './snapshot.js';
import { tileReader } from './tlog.js';
import { certificateName, createJudge, nameIn, openLists, sentencesOf } from './judge.js';
import { dropZone, el } from './dom.js';

const MAX_FILE_BYTES = 256 * 1024;
const MAX_IMAGE_SIDE = 1600;
const DAY = 86400000;

/**
 * @param {object} options
 * @param {HTMLElement} options.root the page's verifier element
 * @param {() => Promise<{snapshot: object, texts: Record<string, Uint8Array>}>} options.loadLists the signed
 *   snapshot and the exact bytes of every file it lists
 * @param {((path: string) => Promise<Uint8Array>)|null} [options.fetchBytes] reads files of the site relative to
 *   verify/ (the log's tiles); null: no log data (the single file)
 * @param {Storage|null} [options.storage] where the newest snapshot seen is remembered (rollback defence)
 * @param {(path: string) => Promise<any>|null} options.fetchJson reads files of verify/ (null: no lookup store)
 * @param {() => Promise<{decode: (image: ImageData) => Promise<string|null>}>} options.loadDecoder
 * @param {() => Date} [options.clock]
 * @param {(() => Promise<{snapshot: object, texts: Record<string, Uint8Array>}|null>)|null} [options.loadNewer] the
 *   published site's current lists (the single file, online): a newer snapshot that checks out is offered
 * @param {string} [options.siteUrl] where loadNewer reads from
 */
export async function start({
  root,
  loadLists,
  fetchJson,
  fetchBytes = null,
  loadDecoder,
  clock = () => new Date(),
  storage = null,
  loadNewer = null,
  siteUrl = '',
}) {
  const $ = (selector) => root.querySelector(selector);
  const result = $('#result');
  const pinnedRoot = root.dataset.root;
  const params = new URLSearchParams(location.search);
  const crypto = await bestCrypto(params.get('crypto') === 'noble' ? 'noble' : undefined);
  let snapshot, state;
  const when = (date) =>
    date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, dateStyle: 'short', timeStyle: 'short' });
  // the log's tiles, fetched once per verification session (null in the single file: it has no log data)
  const reader = fetchBytes ? () => tileReader((path) => fetchBytes(`../log/${path}`), state.size, state.edge) : null;
  const open = (lists) => openLists(lists, pinnedRoot, crypto);
  try {
    [snapshot, state] = await open(await loadLists());
    await checkSeen(storage, snapshot.root.key, state, reader);
  } catch (error) {
    showProblem(
      '无法载入信任列表',
      `${error.message || error}。核验需要本站发布的、经签名快照确认的信任列表与撤销列表；请联网后刷新本页。`,
    );
    root.dataset.state = 'broken';
    return;
  }
  const { display } = snapshot;
  const judge = createJudge({ snapshot, state, crypto, fetchJson, reader, clock });
  showSnapshot();
  if (loadNewer) offerNewer();

  /** Online, the single file looks for a newer signed snapshot on its site and offers it (never used unasked). */
  async function offerNewer() {
    try {
      const lists = await loadNewer();
      if (!lists) return;
      const [, newer] = await open(lists);
      if (newer.version <= state.version) return;
      $('#snapshot').append(
        el(
          'p',
          { class: 'warning', id: 'newer-snapshot', 'data-version': String(newer.version) },
          `网站上有更新的登记与撤销信息（截至 ${when(newer.issued)}），本文件自带的是 ${when(state.issued)} 的。请改用`,
          el('a', { href: `${siteUrl}/verify/`, text: '在线核验页' }),
          '，或',
          el('a', { href: `${siteUrl}/verify/verifier.html`, download: '', text: '下载新的离线核验器' }),
          '。',
        ),
      );
    } catch {
      // offline or the site unreachable or not checking out: the embedded snapshot stays, its age is shown
    }
  }

  function showSnapshot() {
    const age = Math.floor((clock().getTime() - state.issued.getTime()) / DAY);
    const ago = age <= 0 ? '今天' : `${age} 天前`;
    const status = $('#snapshot');
    status.dataset.version = String(state.version);
    status.replaceChildren(
      el('strong', { text: '登记与撤销信息' }),
      `截至 ${when(state.issued)}（${ago}），有效至 ${when(state.expires)}`,
      ...(snapshot.root.demo ? [' ', el('span', { class: 'tag tag-demo', text: '演示根密钥' })] : []),
      ` · 公开登记 ${state.size} 条 · 快照版本 ${state.version} · 根密钥 ${snapshot.root.key} · 已登记密钥 ${snapshot.keys.size} 把 · 撤销记录 ${snapshot.revocations.size} 条`,
      ` · 校验实现：${crypto.name === 'webcrypto' ? '浏览器 WebCrypto' : '纯 JavaScript（@noble）'}`,
    );
    if (isExpired(state, clock())) {
      status.append(
        el('p', {
          class: 'warning',
          text: `签名快照已于 ${when(state.expires)} 过期：之后的撤销无法确认，核验结论最多为“待确认”。联网后刷新本页即可更新。`,
        }),
      );
    }
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
   * @param {string} title @param {string} message @param {string} [code] @param {string[]} [fields] ids to link to
   */
  function showProblem(title, message, code = 'input', fields = []) {
    root.dataset.state = 'error';
    result.dataset.error = code;
    const heading = el('h2', { class: 'error-summary-title', text: title });
    const links = fields.map((id) =>
      el('li', {}, el('a', { href: `#${id}`, text: `${root.querySelector(`label[for="${id}"]`)?.textContent ?? id}` })),
    );
    result.replaceChildren(
      el(
        'div',
        { class: 'error-summary', role: 'alert' },
        heading,
        el('p', { text: message }),
        ...(links.length ? [el('ul', { class: 'error-summary-list' }, ...links)] : []),
      ),
    );
    present(heading);
  }

  const ICONS = { valid: '✓', revoked: '⊘', invalid: '✗', unconfirmed: '?' };
  function render(judgement, source, started) {
    const { verdict, registration, kind } = judgement;
    const { holder, record, steps = [], proof } = verdict;
    const failed = steps.find((s) => s.state === FAILED);
    const heading = el('h2', { class: 'verdict-title', text: `${ICONS[kind]} ${VERDICTS[kind]}` });
    const { who, why } = sentencesOf(judgement, snapshot, state, when);
    const summary = who ? [who, ...why] : why;
    const box = el(
      'div',
      { class: `verdict verdict-${kind}`, 'data-verdict': kind, role: kind === 'valid' ? 'status' : 'alert' },
      heading,
      ...summary.map((text) => el('p', { text })),
    );
    if (kind === 'valid' || kind === 'unconfirmed') {
      box.append(el('p', { class: 'verdict-check', text: '请核对候选人身份证件上的姓名与此一致。' }));
    }
    if (snapshot.root.demo) {
      box.append(
        el('p', {
          class: 'verdict-demo',
          text: '演示数据：本页使用演示根密钥，证书与持证人均为虚构，不能证明任何真实证书。',
        }),
      );
    }
    const parts = [box];
    if (!verdict.error) {
      const rows = [
        ['持证人', holder.name],
        ['证书编号', holder.number],
        [
          '证书',
          certificateName(snapshot, record.certificate)
            ? `${certificateName(snapshot, record.certificate)}（${record.certificate}）`
            : record.certificate,
        ],
        ['等级', display.levels[record.level] ?? record.level],
        ['颁发日期', record.issued],
        ['颁发组织', `${nameIn(snapshot.organisations, record.organisation)}（${record.organisation}）`],
        ['验证码', maskedCode(holder.code)],
      ];
      const caption = {
        valid: '证书上的信息（均在签名之内）',
        unconfirmed: '证书上的信息（签名真实；撤销情况待确认）',
        revoked: '证书上的信息（签名真实，但证书已撤销）',
        invalid: '凭证上声称的信息（未能证实，请勿采信）',
      }[kind];
      parts.push(
        el(
          'table',
          { class: 'fields' },
          el('caption', { text: caption }),
          ...rows.map(([label, value]) =>
            el('tr', {}, el('th', { scope: 'row', text: label }), el('td', { text: value })),
          ),
        ),
      );
      const list = el('ol', { class: 'steps' });
      const ordered = [...steps.filter((s) => s.state === FAILED), ...steps.filter((s) => s.state !== FAILED)];
      if (proof) list.append(stepItem(PROOF_TITLE, proof[0] ? PASSED : FAILED, proof[1], 'proof'));
      for (const step of ordered) list.append(stepItem(display.steps[step.step], step.state, step.evidence, step.step));
      parts.push(
        el(
          'details',
          { class: 'technical' },
          el('summary', { text: '技术细节：逐项检查（签名、密钥、查询号）' }),
          list,
          el('p', { class: 'step-evidence', text: `签名密钥 ${record.key} · 查询号 ${record.lookup}` }),
        ),
      );
    }
    const now = clock();
    const reportNumber = `VR-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${(record?.lookup ?? '000000').slice(0, 6).toUpperCase()}`;
    parts.push(
      el('p', {
        class: 'report-meta',
        text:
          `核验报告编号 ${reportNumber} · 核验时间 ${now.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}（北京时间）` +
          ` · 方式：${source} · 数据截至 ${when(state.issued)}（快照版本 ${state.version}） · 根密钥 ${snapshot.root.key}${snapshot.root.demo ? '（演示）' : ''}` +
          ` · 用时 ${Math.round(performance.now() - started)} 毫秒 · 本页在您的浏览器中完成核验，未向任何服务器发送证书信息。`,
      }),
    );
    const print = el('button', { type: 'button', class: 'button no-print', text: '打印或保存为 PDF' });
    print.addEventListener('click', () => window.print());
    parts.push(print);
    result.replaceChildren(...parts);
    root.dataset.state = verdict.error ? 'error' : verdict.valid ? 'valid' : 'invalid';
    if (verdict.error) result.dataset.error = verdict.error.code;
    result.dataset.verdict = kind;
    result.dataset.registration = registration.state;
    result.dataset.failedStep = failed?.step ?? (proof && !proof[0] ? 'proof' : '');
    present(heading);
  }

  function stepItem(title, state, evidence, id) {
    const mark = { [PASSED]: '✓', [FAILED]: '✗', [NOT_APPLICABLE]: '–' }[state];
    return el(
      'li',
      { class: `step step-${state}`, 'data-step': id },
      el('span', { class: 'step-state', text: `${mark} ${display.states[state]}` }),
      el('strong', { text: title }),
      el('span', { class: 'step-evidence', text: `：${evidence}` }),
    );
  }

  async function verifyText(text, source) {
    begin();
    if (text.length > MAX_FILE) {
      // rejected before anything is parsed or rendered, however long the input
      showProblem('无法核验', display.errors['too-large'] ?? '输入过长', 'too-large', ['paste-text']);
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
    if (location.hash.startsWith('#c=')) await verifyText(location.hash, '二维码链接');
  }
  window.addEventListener('hashchange', fromFragment);

  // a paste longer than any credential is refused at once, before the browser renders it in the box
  $('#paste-text').addEventListener('paste', (event) => {
    const text = event.clipboardData?.getData('text') ?? '';
    if (text.length > MAX_FILE) {
      event.preventDefault();
      begin();
      showProblem('无法核验', display.errors['too-large'] ?? '输入过长', 'too-large', ['paste-text']);
    }
  });

  $('#paste').addEventListener('submit', (event) => {
    event.preventDefault();
    verifyText($('#paste-text').value, '粘贴的二维码内容');
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
      showProblem('无法读取图片', '请选择二维码的照片或截图（PNG、JPEG 等）。', 'image', ['qr-image']);
      return;
    }
    if (text === null)
      showProblem(
        '图片中没有找到二维码',
        '请让二维码占满画面、对焦清晰后重拍，或直接输入证书编号、姓名和验证码。',
        'no-qr',
        ['qr-image', 'lookup-number'],
      );
    else await verifyText(text, '二维码图片');
  });

  let stream = null;
  const camera = $('#camera');
  const scanButton = $('#scan');
  const stopCamera = () => {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    camera.hidden = true;
    scanButton.textContent = '用摄像头扫描';
  };
  scanButton.addEventListener('click', async () => {
    if (stream) return stopCamera();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      showProblem('无法打开摄像头', '浏览器没有摄像头权限，或本页不是通过 https 打开的。可以改为选择二维码图片。');
      return;
    }
    camera.srcObject = stream;
    camera.hidden = false;
    scanButton.textContent = '停止扫描';
    await camera.play();
    while (stream) {
      if (camera.videoWidth) {
        const text = await decodeImage(camera, camera.videoWidth, camera.videoHeight);
        if (text) {
          stopCamera();
          await verifyText(text, '摄像头扫描');
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
      showProblem('文件过大', '凭证文件不超过几 KB；请确认选择的是持证人提供的 .json 凭证文件。', 'file', [
        'credential-file',
      ]);
      return;
    }
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      showProblem('无法读取文件', '文件不是 UTF-8 文本；请选择持证人提供的 .json 凭证文件。', 'file', [
        'credential-file',
      ]);
      return;
    }
    await verifyText(text, `凭证文件 ${file.name}`);
  }
  $('#credential-file').addEventListener(
    'change',
    (event) => event.target.files[0] && verifyFile(event.target.files[0]),
  );
  dropZone($('#drop'), (files) => verifyFile(files[0]));

  // 4. number + name + code: the lookup id and commitment are computed here; one shard is fetched
  const lookupForm = $('#lookup');
  if (!fetchJson) {
    lookupForm.querySelector('fieldset').disabled = true;
    lookupForm.prepend(
      el('p', {
        class: 'note',
        text: '离线核验器不含登记记录，不能按编号查询；请扫描二维码或打开凭证文件，或联网使用本站核验页。',
      }),
    );
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
      showProblem('输入有误', display.holderErrors[problem.field], 'holder', [`lookup-${problem.field}`]);
    } else if (problem?.code === 'lookup') {
      showProblem('无法查询', '读取登记记录失败：离线时不能按编号查询（二维码和凭证文件可以离线核验）。');
    } else if (problem?.code === 'not-found') {
      showProblem(
        '未找到',
        '没有与该证书编号和验证码对应的登记记录。请核对编号与验证码（验证码中的 I、L 按 1，O 按 0 读）。',
        'not-found',
        ['lookup-number', 'lookup-code'],
      );
    } else if (problem?.code === 'name') {
      showProblem('姓名不符', '该编号与验证码的登记记录属于另一姓名：请核对姓名的写法。', 'name', ['lookup-name']);
    } else {
      render(judgement, '编号、姓名与验证码查询', started);
    }
    performance.measure('1x-lookup', '1x-lookup-start');
  });

  root.dataset.state = 'ready';
  await fromFragment();
}
