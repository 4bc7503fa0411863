// The reader view: an overlay in an open shadow root on a `<sift-reader data-sift-reader>`
// host appended to <html>. Nothing of the page is changed: closing removes the host, and the
// page's DOM, scroll position and listeners are as they were. This file only turns the
// engine's result into DOM; every judgement about the page was made by the engine.
'use strict';

if (!globalThis.SiftReader) {
  const HOST_TAG = 'sift-reader';
  /** A rule that matches nothing, by which the print sheet is recognised. */
  const PRINT_MARK = `${HOST_TAG}[data-sift-print-sheet]`;

  /** Words for the removal kinds the engine reports (presentation only). */
  const KIND_LABELS = {
    promo: 'Promotion',
    broken_image: 'Broken image',
    tracking_pixel: 'Tracking pixel',
    duplicate_lead: 'Repeated lead',
    syndication_notice: 'Syndication notice',
    related_links: 'Related links',
    share_bar: 'Share buttons',
    ad: 'Advertisement',
    paywall: 'Subscription prompt',
    newsletter: 'Newsletter box',
    comments: 'Comments',
    other: 'Other',
  };

  const THEMES = [
    ['system', 'System'],
    ['light', 'Light'],
    ['sepia', 'Sepia'],
    ['dark', 'Dark'],
  ];
  const FONTS = [
    ['serif', 'Serif'],
    ['sans', 'Sans'],
    ['dyslexic', 'Dyslexia-friendly'],
  ];

  const { el } = globalThis.SiftDom;

  function formatDate(iso, lang) {
    if (!iso) return null;
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    try {
      return d.toLocaleDateString(lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' });
    } catch {
      return d.toDateString();
    }
  }

  /** "AFP story, republished by NDTV"; null when the story is not syndicated. */
  function syndicationLine(article) {
    const s = article.syndication;
    if (!s?.syndicated) return null;
    const source = s.wire_source ? `${s.wire_source} story` : 'Partner story';
    const by = s.republisher || article.site_name;
    return by ? `${source}, republished by ${by}` : source;
  }

  /** Parses the engine's sanitized HTML into nodes of this document, without loading it. */
  function parseContent(html) {
    const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
    const fragment = document.createDocumentFragment();
    for (const node of [...parsed.body.childNodes]) fragment.append(document.importNode(node, true));
    return fragment;
  }

  /** An image that fails to load is hidden (with its figure when it is the figure's picture). */
  function hideWhenBroken(img) {
    img.loading = 'eager';
    img.decoding = 'async';
    img.addEventListener('error', () => {
      const figure = img.closest('figure');
      const target = figure && figure.querySelectorAll('img').length === 1 ? figure : img;
      target.hidden = true;
    });
  }

  class Reader {
    constructor() {
      this.host = null;
      this.root = null;
      this.previousFocus = null;
      this.printSheet = null;
      this.handlers = {};
    }

    get isOpen() {
      return this.host !== null;
    }

    /**
     * Shows `article` with the display `settings` (the `reader` and `key_facts` parts).
     * `handlers.onClose()` runs when the user closes it; `handlers.onSettings(reader)` when
     * they change a display setting from the toolbar.
     */
    open(article, settings, handlers) {
      this.close();
      this.handlers = handlers ?? {};
      this.previousFocus = document.activeElement;
      const host = document.createElement(HOST_TAG);
      host.setAttribute('data-sift-reader', '');
      const root = host.attachShadow({ mode: 'open' });
      this.adoptStyle(root);
      this.root = root;
      this.host = host;
      root.append(this.build(article, settings));
      document.documentElement.append(host);
      this.watchPrint();
      this.apply(settings);
      root.querySelector('.scroller').focus({ preventScroll: true });
    }

    close() {
      if (!this.host) return;
      this.host.remove();
      this.unwatchPrint();
      this.removePrintSheet();
      this.host = null;
      this.root = null;
      const prev = this.previousFocus;
      this.previousFocus = null;
      if (prev && prev !== document.body && prev.isConnected && typeof prev.focus === 'function') {
        prev.focus({ preventScroll: true });
      }
    }

    /**
     * Applies display settings to the open view (theme, font, sizes). Turning the key-facts
     * panel on or off changes what is built, so that view is built again (content/main.js).
     */
    apply(settings) {
      if (!this.root) return;
      const r = settings.reader;
      const top = this.root.querySelector('.sift');
      top.dataset.theme = r.theme;
      top.dataset.font = r.font;
      top.style.setProperty('--font-size', `${r.font_size}px`);
      top.style.setProperty('--line-width', `${r.line_width}ch`);
      top.style.setProperty('--line-height', String(r.line_height));
      this.root.querySelector('select.theme').value = r.theme;
      this.root.querySelector('select.font').value = r.font;
      this.settings = settings;
    }

    adoptStyle(root) {
      const css = globalThis.SIFT_READER_CSS ?? '';
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        // Firefox content scripts see the root through an Xray wrapper, whose setter throws:
        // set the list on the page's own object instead (a <style> would fall to a strict CSP).
        if (globalThis.cloneInto && root.wrappedJSObject) {
          root.wrappedJSObject.adoptedStyleSheets = globalThis.cloneInto([sheet], window, { wrapReflectors: true });
        } else {
          root.adoptedStyleSheets = [sheet];
        }
      } catch {
        root.append(el('style', {}, css));
      }
    }

    /**
     * The document's adopted sheets, read and written on the page's own object in Firefox
     * (whose content-script Xray wrapper refuses the setter), directly elsewhere.
     */
    documentSheets(next) {
      const page = document.wrappedJSObject;
      if (globalThis.cloneInto && page) {
        if (next) page.adoptedStyleSheets = globalThis.cloneInto(next, window, { wrapReflectors: true });
        return [...page.adoptedStyleSheets];
      }
      if (next) document.adoptedStyleSheets = next;
      return [...document.adoptedStyleSheets];
    }

    /**
     * The print sheet is adopted only while printing: a sheet added to the document makes the
     * browser restyle the whole page, which on a very long page takes seconds.
     */
    watchPrint() {
      this.onBeforePrint = () => this.addPrintSheet();
      this.onAfterPrint = () => this.removePrintSheet();
      window.addEventListener('beforeprint', this.onBeforePrint);
      window.addEventListener('afterprint', this.onAfterPrint);
    }

    unwatchPrint() {
      window.removeEventListener('beforeprint', this.onBeforePrint);
      window.removeEventListener('afterprint', this.onAfterPrint);
    }

    /** In print, only the reader shows: a sheet adopted by the document, not an element. */
    addPrintSheet() {
      if (this.printSheet) return;
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(`@media print { html > body { display: none !important; } ${PRINT_MARK} {} }`);
        this.documentSheets([...this.documentSheets(), sheet]);
        this.printSheet = sheet;
      } catch {
        this.printSheet = null;
      }
    }

    removePrintSheet() {
      if (!this.printSheet) return;
      try {
        // Found again by its mark: across Firefox's wrappers the object identity differs.
        const ours = (s) => [...s.cssRules].some((r) => r.cssText.includes(PRINT_MARK));
        this.documentSheets(this.documentSheets().filter((s) => !ours(s)));
      } catch {
        // The document went away.
      }
      this.printSheet = null;
    }

    changeSetting(key, value) {
      if (!this.settings) return;
      this.handlers.onSettings?.({ ...this.settings.reader, [key]: value });
    }

    step(key, delta, digits = 0) {
      if (!this.settings) return;
      const next = Number((this.settings.reader[key] + delta).toFixed(digits));
      this.changeSetting(key, next);
    }

    onKey(event) {
      const t = event.composedPath()[0];
      const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (event.key === 'Escape') {
        event.preventDefault();
        this.handlers.onClose?.();
      } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        if (event.key === '+' || event.key === '=') {
          event.preventDefault();
          this.step('font_size', 1);
        } else if (event.key === '-' || event.key === '_') {
          event.preventDefault();
          this.step('font_size', -1);
        }
      }
      // Keys pressed in the reader are the reader's: the page's shortcuts must not see them.
      event.stopPropagation();
    }

    toolbar() {
      const select = (cls, label, options, key) =>
        el(
          'span',
          { class: 'group' },
          el('label', { for: `sift-${cls}` }, label),
          el(
            'select',
            { id: `sift-${cls}`, class: cls, onchange: (e) => this.changeSetting(key, e.target.value) },
            ...options.map(([value, text]) => el('option', { value }, text)),
          ),
        );
      const stepper = (name, key, delta, digits, lessLabel, moreLabel) =>
        el(
          'span',
          { class: 'group', role: 'group', 'aria-label': name },
          el('span', { class: 'label', 'aria-hidden': 'true' }, name),
          el('button', { type: 'button', 'aria-label': lessLabel, onclick: () => this.step(key, -delta, digits) }, '−'),
          el('button', { type: 'button', 'aria-label': moreLabel, onclick: () => this.step(key, delta, digits) }, '+'),
        );
      return el(
        'div',
        { class: 'bar', role: 'toolbar', 'aria-label': 'Reader settings' },
        el('span', { class: 'brand' }, 'Sift'),
        select('theme', 'Theme', THEMES, 'theme'),
        select('font', 'Font', FONTS, 'font'),
        stepper('Size', 'font_size', 1, 0, 'Smaller text', 'Larger text'),
        stepper('Width', 'line_width', 4, 0, 'Narrower lines', 'Wider lines'),
        stepper('Spacing', 'line_height', 0.1, 1, 'Tighter line spacing', 'Looser line spacing'),
        el('button', { type: 'button', class: 'close', onclick: () => this.handlers.onClose?.() }, 'Close reader (Esc)'),
      );
    }

    header(article) {
      const date = formatDate(article.published, article.lang);
      const meta = [article.byline, date, `${article.stats.reading_minutes} min read`].filter(Boolean).join(' · ');
      const badge = syndicationLine(article);
      return el(
        'header',
        {},
        article.site_name ? el('p', { class: 'kicker' }, article.site_name) : null,
        el('h1', { class: 'title', id: 'sift-title' }, article.title || 'Untitled'),
        meta ? el('p', { class: 'meta' }, meta) : null,
        badge ? el('p', { class: 'badge' }, badge) : null,
      );
    }

    facts(article, content) {
      return globalThis.SiftFacts.panel(article, content, syndicationLine(article));
    }

    toc(content) {
      const headings = [...content.querySelectorAll('h2, h3, h4')].filter((h) => h.textContent.trim());
      if (headings.length < 3) return null;
      const items = headings.map((h, i) => {
        h.id = `sift-h-${i}`;
        return el(
          'li',
          {},
          el('button', { type: 'button', onclick: () => h.scrollIntoView({ block: 'start' }) }, h.textContent.trim()),
        );
      });
      return el(
        'nav',
        { class: 'toc', 'aria-labelledby': 'sift-toc-title' },
        el('h2', { id: 'sift-toc-title' }, 'Contents'),
        el('ol', {}, ...items),
      );
    }

    removedList(article) {
      const removed = article.removed ?? [];
      if (!removed.length) return null;
      const noun = removed.length === 1 ? 'item' : 'items';
      return el(
        'section',
        { class: 'removed', 'aria-label': 'What Sift removed' },
        el(
          'details',
          {},
          el('summary', {}, `${removed.length} ${noun} removed — why?`),
          el(
            'ul',
            {},
            ...removed.map((r) =>
              el(
                'li',
                {},
                el('span', { class: 'kind' }, KIND_LABELS[r.kind] ?? r.kind),
                ' (rule ',
                el('code', {}, r.rule),
                ')',
                r.text ? `: “${r.text}”` : '',
              ),
            ),
          ),
        ),
      );
    }

    leadImage(article, content) {
      const src = article.lead_image;
      if (!src) return null;
      const shown = [...content.querySelectorAll('img')].some((img) => img.getAttribute('src') === src);
      if (shown) return null;
      const img = el('img', { src, alt: '' });
      hideWhenBroken(img);
      return el('figure', { class: 'lead-image' }, img);
    }

    build(article, settings) {
      const content = el('article', { class: 'content', lang: article.lang || null, dir: article.dir || null });
      content.append(parseContent(article.content_html));
      for (const img of content.querySelectorAll('img')) hideWhenBroken(img);
      const page = el(
        'main',
        { class: 'page', lang: article.lang || null, dir: article.dir || null },
        this.header(article),
        settings.key_facts?.enabled === false ? null : this.facts(article, content),
        this.toc(content),
        this.leadImage(article, content),
        content,
        this.removedList(article),
      );
      const top = el(
        'div',
        {
          class: 'sift',
          role: 'dialog',
          'aria-modal': 'true',
          'aria-labelledby': 'sift-title',
          onkeydown: (e) => this.onKey(e),
        },
        this.toolbar(),
        el('div', { class: 'scroller', tabindex: '-1' }, page),
      );
      return top;
    }

    /**
     * A short message in its own overlay (not an article, an engine error, work in progress).
     * It closes itself after a few seconds unless `sticky`; returns a function that closes it.
     */
    notice(text, { sticky = false } = {}) {
      if (!sticky) this.close();
      const host = document.createElement(HOST_TAG);
      host.setAttribute('data-sift-notice', '');
      const root = host.attachShadow({ mode: 'open' });
      this.adoptStyle(root);
      const dismiss = () => host.remove();
      root.append(
        el(
          'div',
          { class: 'sift' },
          el(
            'div',
            { class: 'notice', role: 'status' },
            el('span', {}, text),
            el('button', { type: 'button', onclick: dismiss }, 'Dismiss'),
          ),
        ),
      );
      // The notice must not cover the page: only its box takes clicks.
      root.querySelector('.sift').style.setProperty('pointer-events', 'none');
      root.querySelector('.sift').style.setProperty('background', 'transparent');
      root.querySelector('.notice').style.setProperty('pointer-events', 'auto');
      document.documentElement.append(host);
      if (!sticky) setTimeout(dismiss, 6000);
      return dismiss;
    }
  }

  globalThis.SiftReader = new Reader();
}
