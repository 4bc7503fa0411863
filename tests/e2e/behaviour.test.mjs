// Reader-view behaviour in real Chromium beyond the per-fixture checks: accessibility (axe-core),
// settings reaching an open view, the toolbar icon, clicks right after navigation, the table of
// contents, print, and images that fail to load.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, afterEach, before, describe, test } from 'node:test';
import { clickAction, launch, startServer, waitForNoReader, waitForReader, watchConsole } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

// clickAction finds the tab by its URL: leave no tab of a finished test behind.
afterEach(async () => {
  for (const p of browser.context.pages()) if (p.url() !== 'about:blank') await p.close();
});

after(async () => {
  await browser?.context.close();
  await server?.close();
});

async function openReader(path) {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.base}${path}`, { waitUntil: 'load' });
  await clickAction(browser.context, page, browser.extensionId);
  await waitForReader(page);
  return { page, errors };
}

const inReader = (page, fn, arg) =>
  page.evaluate(
    ([source, a]) => {
      const root = document.querySelector('[data-sift-reader]').shadowRoot;
      return new Function('root', 'arg', `return (${source})(root, arg);`)(root, a);
    },
    [fn.toString(), arg],
  );

/** Stored settings, written the way the options page writes them (one key per field). */
const setStored = (values) => browser.worker.evaluate((v) => chrome.storage.sync.set(v), values);
const clearStored = () => browser.worker.evaluate(() => chrome.storage.sync.clear());

describe('reader view behaviour in Chromium', () => {
  test('axe-core finds no accessibility violation in the reader view, light and dark', async () => {
    const { page } = await openReader('/shared/ndtv-seed/');
    await page.addScriptTag({ content: AXE });
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const violations = await page.evaluate(async () => {
        // The reader only: the page underneath is not ours to judge.
        const result = await window.axe.run(
          { include: [['sift-reader[data-sift-reader]']] },
          { resultTypes: ['violations'] },
        );
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(violations, [], `${scheme}: ${violations.join('\n')}`);
    }
    await page.close();
  });

  test('a settings change reaches the open reader at once: theme, and a site selector', async () => {
    await clearStored();
    const { page, errors } = await openReader('/shared/ndtv-seed/');
    const theme = () => inReader(page, (root) => root.querySelector('.sift').dataset.theme);
    assert.equal(await theme(), 'system');
    const defaults = await browser.worker.evaluate(async () => {
      await wasm_bindgen({ module_or_path: chrome.runtime.getURL('pkg/sift_bg.wasm') });
      return wasm_bindgen.defaultSettings();
    });
    await setStored({ reader: { ...defaults.reader, theme: 'sepia' } });
    await page.waitForFunction(
      () => document.querySelector('[data-sift-reader]').shadowRoot.querySelector('.sift').dataset.theme === 'sepia',
    );
    // A user selector for this site takes the quote paragraph out of the open view.
    const quote = 'Talks in Riyadh will also';
    assert.ok((await inReader(page, (root) => root.querySelector('article.content').textContent)).includes(quote));
    await setStored({ sites: { localhost: { open: 'default', remove_selectors: ['p:nth-last-of-type(2)'] } } });
    await page.waitForFunction(
      (q) => !document.querySelector('[data-sift-reader]').shadowRoot.querySelector('article.content').textContent.includes(q),
      quote,
    );
    assert.deepEqual(errors, []);
    await clearStored();
    await page.close();
  });

  test('the toolbar icon says when the reader is on', async () => {
    const { page } = await openReader('/shared/marketmirror-pti-br-split/');
    const badge = () =>
      browser.worker.evaluate(async (url) => {
        const [tab] = await chrome.tabs.query({ url });
        return chrome.action.getBadgeText({ tabId: tab.id });
      }, page.url());
    // The icon follows the reader a moment later (a message to the background): poll.
    const waitBadge = async (want) => {
      for (let i = 0; i < 100 && (await badge()) !== want; i++) await page.waitForTimeout(20);
      return badge();
    };
    assert.equal(await waitBadge('on'), 'on');
    await clickAction(browser.context, page, browser.extensionId);
    await waitForNoReader(page);
    await waitBadge('');
    assert.equal(await badge(), '');
    await page.close();
  });

  test('no click is lost: ten clicks each right after a navigation open the reader', async () => {
    const page = await browser.context.newPage();
    for (let i = 0; i < 10; i++) {
      await page.goto(`${server.base}/shared/severnecho-original-newsletter/?visit=${i}`, {
        waitUntil: 'domcontentloaded',
      });
      await clickAction(browser.context, page, browser.extensionId);
      await waitForReader(page);
    }
    await page.close();
  });

  test('three or more headings give a table of contents that scrolls to them', async () => {
    const { page } = await openReader('/own/harbourtimes-longform-original/');
    const entries = await inReader(page, (root) => [...root.querySelectorAll('.toc li')].map((li) => li.textContent));
    assert.ok(entries.length >= 3, `toc entries: ${entries}`);
    assert.ok(entries.includes('What it cannot do'));
    await inReader(page, (root) => [...root.querySelectorAll('.toc button')].at(-1).click());
    await page.waitForFunction(() => {
      const root = document.querySelector('[data-sift-reader]').shadowRoot;
      const h = [...root.querySelectorAll('article.content h2')].find((x) => x.textContent === 'What it cannot do');
      const box = h.getBoundingClientRect();
      return root.querySelector('.scroller').scrollTop > 0 && box.top >= 0 && box.bottom <= innerHeight;
    });
    await page.close();
  });

  test('print shows the reader alone', async () => {
    const { page } = await openReader('/shared/ndtv-seed/');
    // What the browser does when the user prints: beforeprint, print media, afterprint.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ({
      body: getComputedStyle(document.body).display,
      host: getComputedStyle(document.querySelector('[data-sift-reader]')).position,
      bar: getComputedStyle(document.querySelector('[data-sift-reader]').shadowRoot.querySelector('.bar')).display,
    }));
    assert.deepEqual(shown, { body: 'none', host: 'static', bar: 'none' });
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0, 'print sheet gone after printing');
    await clickAction(browser.context, page, browser.extensionId);
    await waitForNoReader(page);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), 'block', 'print sheet removed');
    await page.close();
  });

  test('an image that fails to load is hidden, never shown broken', async () => {
    const page = await browser.context.newPage();
    await page.route('https://c.ndtvimg.com/**', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(`${server.base}/shared/ndtv-seed/`, { waitUntil: 'load' });
    await clickAction(browser.context, page, browser.extensionId);
    await waitForReader(page);
    await page.waitForFunction(() =>
      [...document.querySelector('[data-sift-reader]').shadowRoot.querySelectorAll('img')].every((i) => i.complete),
    );
    const broken = await inReader(page, (root) =>
      [...root.querySelectorAll('img')].filter((i) => i.naturalWidth === 0 && i.checkVisibility()).map((i) => i.src),
    );
    assert.deepEqual(broken, []);
    await page.close();
  });
});

describe('key facts in Chromium', () => {
  before(async () => {
    await clearStored();
  });

  test('clicking a key fact scrolls to its sentence and highlights it', async () => {
    const { page, errors } = await openReader('/shared/ndtv-seed/');
    const panel = await inReader(page, (root) => ({
      groups: [...root.querySelectorAll('.facts h3')].map((h) => h.textContent),
      people: [...root.querySelectorAll('.facts-people button')].map((b) => b.textContent),
      summary: [...root.querySelectorAll('.facts-summary button')].map((b) => b.textContent),
    }));
    assert.ok(panel.groups.includes('Summary') && panel.groups.includes('Who'), `groups: ${panel.groups}`);
    assert.ok(panel.people.some((p) => p.startsWith('Dmitry Peskov')), `people: ${panel.people}`);
    assert.ok(panel.summary.length >= 3 && panel.summary.length <= 5);

    // The last summary sentence sits below the fold: a click brings it into view, marked.
    const last = panel.summary.at(-1);
    await inReader(page, (root) => [...root.querySelectorAll('.facts-summary button')].at(-1).click());
    const shown = await inReader(page, (root) => {
      const mark = root.querySelector('article.content mark.sift-highlight');
      if (!mark) return null;
      const box = mark.getBoundingClientRect();
      return { text: mark.textContent, inView: box.top >= 0 && box.bottom <= innerHeight };
    });
    assert.ok(shown, 'a highlight');
    assert.equal(shown.text.replace(/\s+/g, ' ').trim(), last.replace(/\s+/g, ' ').trim());
    assert.ok(shown.inView, 'scrolled into view');

    // A person: the highlight moves to the sentence that first names them; one highlight.
    await inReader(page, (root) =>
      [...root.querySelectorAll('.facts-people button')].find((b) => b.textContent.startsWith('Dmitry Peskov')).click(),
    );
    const marks = await inReader(page, (root) =>
      [...root.querySelectorAll('article.content mark.sift-highlight')].map((m) => m.textContent),
    );
    assert.equal(marks.length, 1);
    assert.match(marks[0], /^Russian Foreign Minister Sergei Lavrov .* Kremlin spokesman Dmitry Peskov told reporters\.$/);
    assert.deepEqual(errors, []);
  });
});

describe('a 50 MB page in Chromium', () => {
  test('gets its reader view, cleaned in the background, with a notice meanwhile', async () => {
    // An article followed by 50 MB of sections, sidebars and link lists, made here.
    const para = `<p>${'The committee heard evidence from residents, engineers and officials over several weeks of hearings. '.repeat(6)}</p>\n`;
    const links = Array.from({ length: 40 }, (_, i) => `<li><a href="/s/${i}">Related story number ${i}</a></li>`).join('');
    const unit = `<div class="section"><div class="sidebar"><ul>${links}</ul></div><div class="teaser">${para.repeat(5)}</div></div>\n`;
    const article = `<article><h1>The long page</h1>${para.repeat(30)}</article>`;
    const html = `<!doctype html><html><head><title>The long page</title></head><body>${article}${unit.repeat(Math.ceil((50 << 20) / unit.length))}</body></html>`;
    const { createServer } = await import('node:http');
    const big = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise((resolve) => big.listen(0, '127.0.0.1', resolve));
    try {
      const page = await browser.context.newPage();
      const errors = watchConsole(page);
      await page.goto(`http://localhost:${big.address().port}/`, { waitUntil: 'load', timeout: 120000 });
      // Let the page finish its own first layout (seconds at this size) before the click.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      // A timer in the page, read while Sift's notice shows (the engine at work in the
      // background): long gaps between its ticks would mean the page froze meanwhile.
      await page.evaluate(() => {
        window.siftTicks = { last: performance.now(), worst: 0, seen: 0 };
        setInterval(() => {
          const now = performance.now();
          if (document.querySelector('[data-sift-notice]')) {
            window.siftTicks.worst = Math.max(window.siftTicks.worst, now - window.siftTicks.last);
            window.siftTicks.seen++;
          }
          window.siftTicks.last = now;
        }, 50);
      });
      await clickAction(browser.context, page, browser.extensionId);
      await waitForReader(page, 240000);
      const { worst, seen } = await page.evaluate(() => window.siftTicks);
      assert.ok(seen > 10, `the notice was up for ${seen} ticks`);
      const engine = await page.evaluate(() => document.querySelector('[data-sift-reader]').dataset.siftEngine);
      assert.equal(engine, 'worker');
      const title = await inReader(page, (root) => root.querySelector('h1.title').textContent);
      assert.equal(title, 'The long page');
      // Measured, not asserted: on a page this size the browser itself needs seconds for any
      // style or layout work, which the notice and the view each cause once.
      console.log(`50 MB page: longest pause of the page's timer while Sift worked: ${Math.round(worst)} ms`);
      assert.deepEqual(errors, []);
    } finally {
      await new Promise((resolve) => big.close(resolve));
    }
  });
});
