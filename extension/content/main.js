// The content script's entry: answers the background's messages, captures the live page,
// asks the engine for the article and hands it to the reader view. It also reports the
// toolbar icon's state and, when injected on page load (auto-open, with host access granted),
// opens the reader by itself where the settings ask for it.
'use strict';

/* global siftEngine, SiftReader */
if (!globalThis.siftMainLoaded) {
  globalThis.siftMainLoaded = true;
  const api = globalThis.browser ?? globalThis.chrome;

  /** The page as it is now (after its scripts ran, lazy images included). */
  function capture() {
    const dt = document.doctype;
    const doctype = dt ? `<!DOCTYPE ${dt.name}${dt.publicId ? ` PUBLIC "${dt.publicId}"` : ''}${dt.systemId ? ` "${dt.systemId}"` : ''}>` : '';
    return `${doctype}${document.documentElement.outerHTML}`;
  }

  const state = {
    html: null, // the capture the open view was made from (re-cleaned when settings change)
    stored: null,
    busy: null,
  };

  function report(stateName) {
    api.runtime.sendMessage({ type: 'cs:state', state: stateName }).catch(() => {});
  }

  async function storedSettings() {
    try {
      return await api.storage.sync.get(null);
    } catch {
      return {};
    }
  }

  async function readSettings(stored) {
    const { settings, problems } = await siftEngine.call('readSettings', stored);
    for (const p of problems) console.warn(`Sift: setting ${p.field} ignored: ${p.message}`);
    return settings;
  }

  async function saveReaderSettings(reader) {
    const stored = await storedSettings();
    const current = await readSettings(stored);
    const verdict = await siftEngine.call('validateSettings', { ...current, reader });
    // A value past its limit (the size at its largest, say) is simply not taken.
    if (!verdict.ok) return;
    await api.storage.sync.set({ reader: verdict.settings.reader });
  }

  function close() {
    SiftReader.close();
    state.html = null;
    report('article');
  }

  /**
   * Pages with more HTML than this (in UTF-16 units) are cleaned in the background, so that
   * the page stays responsive meanwhile; a notice says Sift is at work. (Transport only: the
   * engine and its answer are the same either way.)
   */
  const LONG_PAGE = 4 * 1024 * 1024;

  async function render(html) {
    const stored = await storedSettings();
    const settings = await readSettings(stored);
    let article;
    if (html.length > LONG_PAGE) {
      const done = SiftReader.notice('Sift is reading this long page…', { sticky: true });
      try {
        article = await siftEngine.callInBackground('extract', html, location.href, stored);
      } finally {
        done();
      }
    } else {
      article = await siftEngine.call('extract', html, location.href, stored);
    }
    return { article, settings };
  }

  /** Opens the view; `ready` is a capture already cleaned (`{html, result}`), if any. */
  async function open(ready) {
    const started = performance.now();
    const html = ready?.html ?? capture();
    let result = ready?.result;
    try {
      result ??= await render(html);
    } catch (e) {
      console.error(`Sift: could not clean this page: ${e?.message ?? e}`);
      SiftReader.notice('Sift could not make a reader view of this page. The page is unchanged.');
      report('idle');
      return;
    }
    if (!result.article.is_article) {
      SiftReader.notice('This page does not look like an article, so Sift left it as it is.');
      report('idle');
      return;
    }
    state.html = html;
    SiftReader.open(result.article, result.settings, {
      onClose: close,
      onSettings: (reader) => {
        saveReaderSettings(reader).catch((e) => console.warn(`Sift: could not save: ${e?.message ?? e}`));
      },
    });
    // Where the engine ran and how long the click took, for tests and curious users.
    SiftReader.host.dataset.siftEngine = html.length > LONG_PAGE ? 'worker' : (siftEngine.where ?? '');
    SiftReader.host.dataset.siftMs = String(Math.round(performance.now() - started));
    report('on');
  }

  /** Runs one open/close at a time, so a double click cannot open two views. */
  function toggle(ready) {
    state.busy = (state.busy ?? Promise.resolve()).then(() => (SiftReader.isOpen ? close() : open(ready)));
    return state.busy;
  }

  // A settings change reaches the open view at once: display settings are applied in place;
  // anything that changes the cleaning (site selectors, promo phrases) cleans the page again.
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'sync' || !SiftReader.isOpen || !state.html) return;
    const html = state.html;
    state.busy = (state.busy ?? Promise.resolve()).then(async () => {
      if (!SiftReader.isOpen) return;
      const displayOnly = Object.keys(changes).every((k) => k === 'reader');
      if (displayOnly) {
        SiftReader.apply(await readSettings(await storedSettings()));
        return;
      }
      const { article, settings } = await render(html);
      if (article.is_article) {
        const scroller = SiftReader.root.querySelector('.scroller');
        const top = scroller.scrollTop;
        SiftReader.open(article, settings, SiftReader.handlers);
        SiftReader.root.querySelector('.scroller').scrollTop = top;
      }
    });
  });

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== api.runtime.id) return false;
    if (message?.type === 'bg:ping') {
      sendResponse({ type: 'cs:pong', open: SiftReader.isOpen });
      return false;
    }
    if (message?.type === 'bg:toggle') {
      toggle().then(
        () => sendResponse({ open: SiftReader.isOpen }),
        (e) => sendResponse({ error: String(e?.message ?? e) }),
      );
      return true;
    }
    return false;
  });

  // Injected at page load (the auto-open script, registered to run at document_idle): show
  // whether the page looks like an article, and open it where the settings say so. A click
  // injects this file without the flag and toggles straight away instead.
  async function onLoad() {
    const stored = await storedSettings();
    const settings = await readSettings(stored);
    const mode = await siftEngine.call('siteMode', settings, location.href);
    if (mode === 'never') return;
    const html = capture();
    const readable = await siftEngine.call('probablyReadable', html);
    if (!SiftReader.isOpen) report(readable ? 'article' : 'idle');
    if (!readable || SiftReader.isOpen) return;
    if (mode === 'always') {
      await toggle({ html });
    } else if (settings.auto_open_syndicated) {
      // The page is cleaned once: the verdict and the view come from the same result.
      const result = await render(html);
      const { article } = result;
      if (article.is_article && article.syndication.syndicated && !SiftReader.isOpen) await toggle({ html, result });
    }
  }
  if (globalThis.siftInjectedAtLoad) {
    onLoad().catch((e) => console.warn(`Sift: ${e?.message ?? e}`));
  }
}
