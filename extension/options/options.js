// Sift's options page. It moves data between the form, the engine and storage, and touches the
// DOM; it decides nothing about the settings themselves. Every rule (ranges, host names,
// selectors, limits, defaults, messages) comes from the engine's settings module through the
// WebAssembly exports: readSettings (lenient, for what storage holds), validateSettings
// (strict, for every edit and import), defaultSettings, needsHostAccess and settingsLimits.
//
// Storage: chrome.storage.sync, one key per top-level settings field (schema, reader,
// key_facts, auto_open_syndicated, sites, promo_phrases), each written with a single set()
// call so a change is saved whole or not at all.
'use strict';

(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const HOST_ACCESS = { origins: ['<all_urls>'] };
  const EXPORT_NAME = 'sift-settings.json';

  const $ = (id) => document.getElementById(id);
  const form = $('settings');
  const rowsBody = $('site-rows');
  const rowTemplate = $('site-row');
  const statusLine = $('status');

  /** The engine exports, once loaded. */
  let engine = null;
  /** The settings as they are in storage (as the engine tidied them). */
  let saved = null;
  /** Each control's value as last saved or shown, to put back a refused change. */
  const committed = new Map();
  /** Saves and storage reloads run one at a time, in order. */
  let queue = Promise.resolve();
  let rowCount = 0;

  const enqueue = (job) => {
    queue = queue.then(job).catch((e) => setStatus(`Not saved: ${e?.message ?? e}`, 'error'));
    return queue;
  };

  // --- small helpers ----------------------------------------------------------------------

  /** The non-blank lines of a text box, as typed (the engine trims them). */
  const lines = (text) => text.split('\n').filter((line) => line.trim() !== '');

  const staticControls = () => [...form.querySelectorAll('[data-field]')];

  const rows = () =>
    [...rowsBody.querySelectorAll('tr.site')].map((tr) => ({
      tr,
      host: tr.querySelector('.site-host'),
      open: tr.querySelector('.site-open'),
      selectors: tr.querySelector('.site-selectors'),
      remove: tr.querySelector('.site-remove'),
    }));

  const allControls = () => [
    ...staticControls(),
    ...rows().flatMap((r) => [r.host, r.open, r.selectors]),
  ];

  let statusTimer = null;
  function setStatus(text, kind = 'ok') {
    clearTimeout(statusTimer);
    // Emptied first so that the same words ("Saved") are announced again.
    statusLine.textContent = '';
    statusLine.dataset.kind = kind;
    statusTimer = setTimeout(() => {
      statusLine.textContent = text;
    }, 30);
  }

  function fatal(text) {
    const box = $('fatal');
    box.textContent = text;
    box.hidden = false;
    form.inert = true;
    for (const id of ['export', 'import', 'reset']) $(id).disabled = true;
    $('main').ariaBusy = 'false';
  }

  // --- settings <-> form ------------------------------------------------------------------

  const getPath = (obj, path) => path.split('.').reduce((o, k) => o?.[k], obj);

  function setPath(obj, path, value) {
    const keys = path.split('.');
    const last = keys.pop();
    let o = obj;
    for (const k of keys) o = o[k] ??= {};
    o[last] = value;
  }

  function controlValue(el) {
    if (el.type === 'checkbox') return el.checked;
    // NaN (an empty or unreadable number) reaches the engine as null and is reported there.
    if (el.type === 'number') return el.valueAsNumber;
    if (el.dataset.choices) return Number(el.value);
    if (el.dataset.field === 'promo_phrases') return lines(el.value);
    return el.value;
  }

  function showValue(el, value) {
    if (el.type === 'checkbox') el.checked = value === true;
    else if (Array.isArray(value)) el.value = value.join('\n');
    else el.value = value ?? '';
  }

  /** The candidate settings the form holds, and the site rows in the order they were sent. */
  function readForm() {
    const candidate = { schema: saved.schema };
    for (const el of staticControls()) setPath(candidate, el.dataset.field, controlValue(el));
    // A row not filled in yet is not a site; anything typed into it is.
    const sent = rows().filter(
      (r) => r.host.value.trim() !== '' || lines(r.selectors.value).length > 0 || r.open.value !== 'default',
    );
    candidate.sites = sent.map((r) => ({
      host: r.host.value,
      open: r.open.value,
      remove_selectors: lines(r.selectors.value),
    }));
    return { candidate, sent };
  }

  function remember() {
    committed.clear();
    for (const el of allControls()) committed.set(el, el.type === 'checkbox' ? el.checked : el.value);
  }

  function revert(el) {
    if (!committed.has(el)) return;
    if (el.type === 'checkbox') el.checked = committed.get(el);
    else el.value = committed.get(el);
  }

  /** Shows `settings`; `parts` limits it to some top-level fields (others stay as they are). */
  function render(settings, parts = null) {
    const wanted = (key) => !parts || parts.includes(key);
    for (const el of staticControls()) {
      if (wanted(el.dataset.field.split('.')[0])) showValue(el, getPath(settings, el.dataset.field));
    }
    if (wanted('sites')) {
      rowsBody.replaceChildren();
      for (const [host, site] of Object.entries(settings.sites)) addRow(host, site);
      updateRows();
    }
    remember();
  }

  // --- the sites table --------------------------------------------------------------------

  function addRow(host = '', site = { open: 'default', remove_selectors: [] }) {
    const tr = rowTemplate.content.firstElementChild.cloneNode(true);
    const n = ++rowCount;
    for (const part of ['host', 'open', 'selectors']) {
      const control = tr.querySelector(`.site-${part}`);
      const error = tr.querySelector(`.site-${part}-error`);
      control.id = `site-${n}-${part}`;
      error.id = `site-${n}-${part}-error`;
      control.setAttribute('aria-describedby', error.id);
    }
    tr.querySelector('.site-host').value = host;
    tr.querySelector('.site-open').value = site.open;
    tr.querySelector('.site-selectors').value = site.remove_selectors.join('\n');
    rowsBody.append(tr);
    return tr;
  }

  /** Numbers the rows in their controls' names, and shows the "no sites" line when empty. */
  function updateRows() {
    const all = rows();
    all.forEach((r, i) => {
      const n = i + 1;
      r.host.setAttribute('aria-label', `Host of site ${n}`);
      r.open.setAttribute('aria-label', `Open the reader view on site ${n}`);
      r.selectors.setAttribute('aria-label', `Selectors to remove on site ${n}, one per line`);
      r.remove.setAttribute('aria-label', `Remove site ${n}`);
    });
    $('sites').hidden = all.length === 0;
    $('no-sites').hidden = all.length > 0;
  }

  // --- problems -----------------------------------------------------------------------------

  function clearProblems() {
    for (const el of document.querySelectorAll('.error')) el.textContent = '';
    for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  /** The control and message element a problem's field belongs to. */
  function placeOf(field, sent) {
    for (const el of staticControls()) {
      const f = el.dataset.field;
      if (field === f || field.startsWith(`${f}[`) || field.startsWith(`${f}.`)) {
        return { control: el, error: $(`${el.id}-error`) };
      }
    }
    const site = /^sites\[("(?:[^"\\]|\\.)*"|\d+)\](?:\.(open|remove_selectors))?/.exec(field);
    if (site) {
      const key = JSON.parse(site[1]);
      const row = typeof key === 'number' ? sent[key] : sent.find((r) => r.host.value === key);
      if (row) {
        const part = { open: 'open', remove_selectors: 'selectors' }[site[2]] ?? 'host';
        const control = part === 'open' ? row.open : part === 'selectors' ? row.selectors : row.host;
        return { control, error: row.tr.querySelector(`.site-${part}-error`) };
      }
    }
    if (field === 'sites' || field.startsWith('sites[')) return { control: null, error: $('sites-error') };
    return { control: null, error: $('form-error') };
  }

  /** Puts each problem next to its field; returns the first control with a problem. */
  function showProblems(problems, sent) {
    clearProblems();
    let first = null;
    for (const p of problems) {
      const { control, error } = placeOf(p.field, sent);
      error.textContent = error.textContent ? `${error.textContent}\n${p.message}` : p.message;
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        first ??= control;
      }
    }
    return first;
  }

  function listProblems(list, problems) {
    list.replaceChildren(
      ...problems.map((p) => {
        const li = document.createElement('li');
        if (p.field) {
          const code = document.createElement('code');
          code.textContent = p.field;
          li.append(code, ' ', p.message);
        } else {
          li.append(p.message);
        }
        return li;
      }),
    );
  }

  function showTransferProblems(title, problems) {
    $('transfer-problems-title').textContent = title;
    listProblems($('transfer-problems-list'), problems);
    $('transfer-problems').hidden = false;
    $('transfer-problems').focus();
  }

  function hideTransferProblems() {
    $('transfer-problems').hidden = true;
  }

  // --- storage ------------------------------------------------------------------------------

  function storageMessage(e) {
    const text = String(e?.message ?? e);
    if (/WRITE_OPERATIONS/i.test(text)) {
      return 'Not saved: too many changes in a short time for your browser’s synced storage. Wait a minute, then change the setting again. Nothing was changed.';
    }
    if (/quota/i.test(text)) {
      const item = api.storage.sync.QUOTA_BYTES_PER_ITEM;
      const total = api.storage.sync.QUOTA_BYTES;
      const sizes =
        item && total ? ` (${Math.round(item / 1024)} KB for the sites, ${Math.round(total / 1024)} KB in all)` : '';
      return `Not saved: your settings are too large for your browser’s synced storage${sizes}. Remove some sites, selectors or promo phrases and try again. Nothing was changed.`;
    }
    return `Not saved: your browser’s storage refused the change (${text}). Nothing was changed.`;
  }

  /** Stores `settings` whole; says so in the status line. Returns whether it was stored. */
  async function save(settings, done = 'Saved') {
    const before = saved;
    try {
      await api.storage.sync.set(settings);
    } catch (e) {
      setStatus(storageMessage(e), 'error');
      return false;
    }
    saved = settings;
    remember();
    setStatus(done);
    if (!engine.needsHostAccess(settings)) $('access-missing').hidden = true;
    if (engine.needsHostAccess(before) && !engine.needsHostAccess(settings)) {
      // Nothing opens by itself any more: give the access back.
      api.permissions.remove(HOST_ACCESS).catch(() => {});
    }
    return true;
  }

  /**
   * Asks for host access when `settings` need it. Called straight from the user's click or
   * change (before anything is awaited), as the browser requires. Resolves to whether access
   * is there.
   */
  function askAccess(settings, trigger) {
    if (!engine.needsHostAccess(settings)) return Promise.resolve(true);
    const accessControl = trigger && (trigger.id === 'auto-open' || trigger.classList?.contains('site-open'));
    if (!accessControl && engine.needsHostAccess(saved)) return Promise.resolve(true);
    try {
      return Promise.resolve(api.permissions.request(HOST_ACCESS)).catch(() => false);
    } catch {
      return Promise.resolve(false);
    }
  }

  const ACCESS_REFUSED =
    'Not saved: opening articles by itself needs permission to read the pages you visit, and it was not given.';

  // --- edits ----------------------------------------------------------------------------------

  /** Checks the whole form with the engine and saves it when it is valid. */
  function commit(trigger) {
    if (!saved) return;
    const { candidate, sent } = readForm();
    const verdict = engine.validateSettings(candidate);
    if (!verdict.ok) {
      showProblems(verdict.problems, sent);
      const n = verdict.problems.length;
      const text =
        n === 1
          ? `Not saved: ${verdict.problems[0].message}`
          : `Not saved: ${n} settings need correcting (see their messages).`;
      // Through the queue, so that an earlier change's "Saved" cannot land after it.
      enqueue(() => setStatus(text, 'error'));
      return;
    }
    clearProblems();
    const access = askAccess(verdict.settings, trigger);
    enqueue(async () => {
      if (!(await access)) {
        revert(trigger);
        const here = trigger ? placeOf(trigger.dataset.field ?? '', []) : null;
        const error =
          trigger?.classList?.contains('site-open') ? trigger.parentElement.querySelector('.error') : here?.error;
        if (error) error.textContent = ACCESS_REFUSED;
        setStatus(ACCESS_REFUSED, 'error');
        return;
      }
      await save(verdict.settings);
    });
  }

  form.addEventListener('change', (event) => commit(event.target));
  form.addEventListener('submit', (event) => event.preventDefault());

  $('add-site').addEventListener('click', () => {
    const tr = addRow();
    updateRows();
    tr.querySelector('.site-host').focus();
  });

  rowsBody.addEventListener('click', (event) => {
    const button = event.target.closest('.site-remove');
    if (!button) return;
    const tr = button.closest('tr');
    const next = tr.nextElementSibling ?? tr.previousElementSibling;
    tr.remove();
    updateRows();
    (next?.querySelector('.site-remove') ?? $('add-site')).focus();
    commit(null);
  });

  // --- export, import, reset ----------------------------------------------------------------

  $('export').addEventListener('click', () => {
    hideTransferProblems();
    const blob = new Blob([`${JSON.stringify(saved, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = EXPORT_NAME;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setStatus(`Exported ${EXPORT_NAME}`);
  });

  $('import').addEventListener('click', () => $('import-file').click());

  /** Stores imported settings and shows them (run inside the queue). */
  async function finishImport(settings, name) {
    if (await save(settings, `Imported ${name}`)) {
      clearProblems();
      render(settings);
      $('load-problems').hidden = true;
      await checkAccess();
    }
  }

  /** An import waiting for host access, asked for from its own button. */
  let pendingImport = null;

  function hideImportAccess() {
    pendingImport = null;
    $('import-access').hidden = true;
  }

  $('import-file').addEventListener('change', async (event) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    hideTransferProblems();
    hideImportAccess();
    const nothing = `Nothing was imported from ${file.name}; your settings are unchanged.`;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      input.value = '';
      showTransferProblems(nothing, [{ field: '', message: `${file.name} is not a JSON file.` }]);
      setStatus('Not imported', 'error');
      return;
    }
    input.value = '';
    const verdict = engine.validateSettings(data);
    if (!verdict.ok) {
      showTransferProblems(`${nothing} What is wrong with it:`, verdict.problems);
      setStatus('Not imported', 'error');
      return;
    }
    if (engine.needsHostAccess(verdict.settings) && !(await hasAccess())) {
      // The file picker's answer is no click to ask from: ask from a button instead.
      pendingImport = { settings: verdict.settings, name: file.name };
      $('import-access-text').textContent =
        `${file.name} turns on opening articles by itself, which needs permission to read the pages you visit. ` +
        'Nothing is imported until you give it.';
      $('import-access').hidden = false;
      $('import-access').focus();
      setStatus('Import waiting for permission');
      return;
    }
    enqueue(() => finishImport(verdict.settings, file.name));
  });

  $('import-access-allow').addEventListener('click', () => {
    const job = pendingImport;
    if (!job) return;
    const access = askAccess(job.settings, { id: 'auto-open' });
    hideImportAccess();
    enqueue(async () => {
      if (!(await access)) {
        const nothing = `Nothing was imported from ${job.name}; your settings are unchanged.`;
        showTransferProblems(nothing, [{ field: '', message: ACCESS_REFUSED.replace(/^Not saved: /, '') }]);
        setStatus('Not imported', 'error');
        return;
      }
      await finishImport(job.settings, job.name);
    });
  });

  $('import-access-cancel').addEventListener('click', () => {
    hideImportAccess();
    setStatus('Import cancelled');
    $('import').focus();
  });

  const dialog = $('reset-dialog');
  $('reset').addEventListener('click', () => {
    hideTransferProblems();
    dialog.showModal();
  });
  $('reset-cancel').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => $('reset').focus());
  $('reset-confirm').addEventListener('click', () => {
    dialog.close();
    const defaults = engine.defaultSettings();
    enqueue(async () => {
      if (await save(defaults, 'Reset to defaults')) {
        clearProblems();
        render(defaults);
        $('load-problems').hidden = true;
      }
    });
  });

  // --- host access the settings need but the browser has not given --------------------------

  const hasAccess = () => Promise.resolve(api.permissions.contains(HOST_ACCESS)).catch(() => false);

  /** Shows the "give access" notice when the saved settings need access this browser lacks. */
  async function checkAccess() {
    const missing = Boolean(saved) && engine.needsHostAccess(saved) && !(await hasAccess());
    $('access-missing').hidden = !missing;
  }

  $('access-grant').addEventListener('click', () => {
    const access = askAccess(saved, { id: 'auto-open' });
    enqueue(async () => {
      setStatus((await access) ? 'Access given' : 'Access not given', (await access) ? 'ok' : 'error');
      await checkAccess();
    });
  });

  api.permissions.onAdded?.addListener(() => checkAccess());
  api.permissions.onRemoved?.addListener(() => checkAccess());

  // --- changes made elsewhere (the reader view's own buttons, another window, sync) -----------

  api.storage.onChanged.addListener((_changes, area) => {
    if (area !== 'sync' || !saved) return;
    enqueue(async () => {
      const { settings } = engine.readSettings(await api.storage.sync.get(null));
      const changed = Object.keys(settings).filter((k) => JSON.stringify(settings[k]) !== JSON.stringify(saved[k]));
      if (changed.length === 0) return;
      saved = settings;
      // What the user is typing into stays as it is.
      const focused = document.activeElement;
      const typing = focused?.matches?.('input[type="text"], input[type="number"], textarea') ?? false;
      const busy = (key) =>
        typing && (key === 'sites' ? rowsBody.contains(focused) : focused.dataset.field?.split('.')[0] === key);
      render(settings, changed.filter((k) => !busy(k)));
      await checkAccess();
    });
  });

  // --- start ----------------------------------------------------------------------------------

  function applyLimits(limits) {
    for (const el of form.querySelectorAll('[data-limit]')) {
      const { min, max } = limits[el.dataset.limit];
      el.min = String(min);
      el.max = String(max);
    }
    const show = (n, step) => (Number(step) < 1 ? n.toFixed(1) : String(n));
    for (const el of form.querySelectorAll('[data-range]')) {
      const { min, max } = limits[el.dataset.range];
      const step = form.querySelector(`[data-limit="${el.dataset.range}"]`)?.step ?? '1';
      el.textContent = `From ${show(min, step)} to ${show(max, step)}.`;
    }
    for (const el of form.querySelectorAll('[data-choices]')) {
      const { min, max } = limits[el.dataset.choices];
      el.replaceChildren();
      for (let n = min; n <= max; n++) el.append(new Option(String(n), String(n)));
    }
  }

  async function start() {
    try {
      await wasm_bindgen({ module_or_path: api.runtime.getURL('pkg/sift_bg.wasm') });
    } catch (e) {
      fatal(`Sift’s engine could not start, so settings cannot be shown or changed: ${e?.message ?? e}`);
      return;
    }
    engine = wasm_bindgen;
    applyLimits(engine.settingsLimits());
    let stored;
    try {
      stored = await api.storage.sync.get(null);
    } catch (e) {
      fatal(`Your saved settings could not be read: ${e?.message ?? e}`);
      return;
    }
    const { settings, problems } = engine.readSettings(stored);
    saved = settings;
    render(settings);
    if (problems.length > 0) {
      listProblems($('load-problems-list'), problems);
      $('load-problems').hidden = false;
    }
    await checkAccess();
    $('main').ariaBusy = 'false';
    document.documentElement.dataset.ready = 'true';
  }

  start();
})();
