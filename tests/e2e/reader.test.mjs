// The reader view in real Chromium: every shared syndicated fixture through the real toolbar
// action, on the content-script path and (under a strict CSP) the background-worker path.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  clickAction,
  collapse,
  fixtures,
  imagesSettled,
  launch,
  readerSnapshot,
  saveArtifact,
  startServer,
  startTrap,
  waitForNoReader,
  waitForReader,
  watchConsole,
} from './harness.mjs';

const pages = fixtures();
const timings = [];
let server;
let trap;
let browser;

before(async () => {
  server = await startServer();
  trap = await startTrap();
  browser = await launch({ trapPort: trap.port });
});

after(async () => {
  await browser?.context.close();
  await server?.close();
  await trap?.close();
  if (timings.length) {
    const summary = {};
    for (const path of ['local', 'worker']) {
      const ms = timings.filter((t) => t.engine === path).map((t) => t.ms).sort((a, b) => a - b);
      if (ms.length) summary[path] = { pages: ms.length, median: ms[Math.floor((ms.length - 1) / 2)], max: ms.at(-1) };
    }
    const file = saveArtifact('timings.json', `${JSON.stringify({ summary, timings }, null, 2)}\n`);
    console.log(`click-to-reader timings (ms, measured, not asserted): ${JSON.stringify(summary)} -> ${file}`);
  }
});

/** The page's DOM and scroll position once two readings 300 ms apart agree. */
async function settledPage(page) {
  const read = () => page.evaluate(() => ({ html: document.documentElement.outerHTML, y: window.scrollY }));
  let last = await read();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(300);
    const now = await read();
    if (now.html === last.html && now.y === last.y) return now;
    last = now;
  }
  throw new Error('the page kept changing by itself');
}

/** Opens `url`, clicks the action, checks the view against `gold`; returns the page. */
async function openReader(url) {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(200);
  // Only what happens from the click on is ours; a page may complain about itself before.
  errors.length = 0;
  const t0 = Date.now();
  await clickAction(browser.context, page, browser.extensionId);
  await waitForReader(page);
  const ms = Date.now() - t0;
  const engine = await page.evaluate(() => document.querySelector('[data-sift-reader]').dataset.siftEngine);
  return { page, errors, ms, engine };
}

function checkAgainstGold(snap, gold) {
  assert.equal(collapse(snap.title), collapse(gold.title), 'title');
  const text = collapse(snap.readerText);
  let at = 0;
  for (const [i, p] of gold.body_paragraphs.entries()) {
    const found = text.indexOf(collapse(p), at);
    assert.ok(found >= 0, `paragraph ${i + 1} missing or out of order: ${p.slice(0, 80)}`);
    at = found + 1;
  }
  for (const bad of gold.must_not_contain) {
    assert.ok(!text.includes(collapse(bad)), `leak: ${bad}`);
  }
  const shown = snap.images.filter((i) => i.visible);
  for (const img of shown) {
    assert.ok(img.naturalWidth > 0, `image shown but not loaded: ${img.src}`);
  }
  for (const keep of gold.images_keep ?? []) {
    const alternates = [keep, ...(gold.image_alternates?.[keep] ?? [])];
    assert.ok(
      shown.some((i) => alternates.includes(i.src)),
      `kept image not shown: ${keep} (shown: ${shown.map((i) => i.src).join(', ')})`,
    );
  }
  for (const drop of gold.images_drop ?? []) {
    const literal = drop.split(' (')[0];
    if (/^(https?:|data:)/.test(literal)) {
      assert.ok(!snap.images.some((i) => i.src === literal), `dropped image shown: ${literal}`);
    }
  }
  assert.equal(snap.scripts, 0, 'no script in the reader');
  assert.deepEqual(snap.handlers, [], 'no event-handler attributes');
  assert.deepEqual(snap.jsUrls, [], 'no javascript: URLs');
}

describe('reader view in Chromium', () => {
  for (const fx of pages) {
    test(`${fx.name}: one click on, one click off, page untouched`, async () => {
      const url = `${server.base}/shared/${fx.name}/`;
      const page = await browser.context.newPage();
      const errors = watchConsole(page);
      await page.goto(url, { waitUntil: 'load' });
      // A page listener, a scroll position and the DOM to compare with after closing.
      await page.evaluate(() => {
        window.siftTestClicks = 0;
        document.body.addEventListener('click', () => window.siftTestClicks++);
        window.scrollTo(0, 240);
      });
      // The page's own scripts (lazy loaders) react to the scroll: compare once they are done.
      const before = await settledPage(page);

      const t0 = Date.now();
      await clickAction(browser.context, page, browser.extensionId);
      await waitForReader(page);
      const ms = Date.now() - t0;
      const engine = await page.evaluate(() => document.querySelector('[data-sift-reader]').dataset.siftEngine);
      timings.push({ fixture: fx.name, engine, ms });
      assert.equal(engine, 'local', 'the engine ran in the content script');

      await imagesSettled(page);
      const snap = await readerSnapshot(page);
      checkAgainstGold(snap, fx.gold);
      if (fx.gold.syndicated && fx.gold.wire_source) {
        assert.match(snap.readerText, new RegExp(`${fx.gold.wire_source} story, republished by`));
      }

      await page.emulateMedia({ colorScheme: 'light' });
      saveArtifact(`reader-${fx.name}-light.png`, await page.screenshot({ caret: 'initial' }));
      await page.emulateMedia({ colorScheme: 'dark' });
      const bg = await page.evaluate(() => {
        const top = document.querySelector('[data-sift-reader]').shadowRoot.querySelector('.sift');
        return getComputedStyle(top).backgroundColor;
      });
      assert.equal(bg, 'rgb(22, 24, 27)', 'the system theme follows the dark colour scheme');
      saveArtifact(`reader-${fx.name}-dark.png`, await page.screenshot({ caret: 'initial' }));
      await page.emulateMedia({ colorScheme: 'light' });

      await clickAction(browser.context, page, browser.extensionId);
      await waitForNoReader(page);
      const afterClose = await page.evaluate(() => ({ html: document.documentElement.outerHTML, y: window.scrollY }));
      assert.equal(afterClose.html, before.html, 'the DOM is exactly as before');
      assert.equal(afterClose.y, before.y, 'the scroll position is kept');
      await page.evaluate(() => document.body.click());
      assert.equal(await page.evaluate(() => window.siftTestClicks), 1, 'the page listener still fires');
      assert.deepEqual(errors, [], 'no console error');
      await page.close();
    });
  }

  for (const fx of pages) {
    test(`${fx.name} under a CSP that forbids WebAssembly: the background runs the engine`, async () => {
      const { page, ms, engine, errors } = await openReader(`${server.base}/csp/shared/${fx.name}/`);
      timings.push({ fixture: `${fx.name} (strict CSP)`, engine, ms });
      assert.equal(engine, 'worker');
      const snap = await readerSnapshot(page);
      assert.equal(collapse(snap.title), collapse(fx.gold.title));
      const text = collapse(snap.readerText);
      for (const p of fx.gold.body_paragraphs) assert.ok(text.includes(collapse(p)), `missing: ${p.slice(0, 60)}`);
      for (const bad of fx.gold.must_not_contain) assert.ok(!text.includes(collapse(bad)), `leak: ${bad}`);
      assert.deepEqual(errors, [], 'no console error');
      await page.close();
    });
  }

  test('keyboard: + enlarges the text and the choice is kept; Esc closes', async () => {
    const fx = pages[0];
    const { page, errors } = await openReader(`${server.base}/shared/${fx.name}/`);
    const size = () =>
      page.evaluate(() =>
        document
          .querySelector('[data-sift-reader]')
          .shadowRoot.querySelector('.sift')
          .style.getPropertyValue('--font-size'),
      );
    const start = parseInt(await size(), 10);
    await page.keyboard.press('+');
    await page.waitForFunction(
      (s) =>
        parseInt(
          document.querySelector('[data-sift-reader]').shadowRoot.querySelector('.sift').style.getPropertyValue('--font-size'),
          10,
        ) === s + 1,
      start,
    );
    const stored = await browser.worker.evaluate(() => chrome.storage.sync.get('reader'));
    assert.equal(stored.reader.font_size, start + 1, 'the new size is saved');
    await page.keyboard.press('-');
    await page.waitForFunction(
      (s) =>
        parseInt(
          document.querySelector('[data-sift-reader]').shadowRoot.querySelector('.sift').style.getPropertyValue('--font-size'),
          10,
        ) === s,
      start,
    );
    await page.keyboard.press('Escape');
    await waitForNoReader(page);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a listing page is not turned into a made-up article', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/own/prairiepost-section-front-listing/`);
    await clickAction(browser.context, page, browser.extensionId);
    await page.waitForSelector('[data-sift-notice]', { state: 'attached' });
    const text = await page.evaluate(() => document.querySelector('[data-sift-notice]').shadowRoot.textContent);
    assert.match(text, /does not look like an article/);
    assert.equal(await page.evaluate(() => document.querySelector('[data-sift-reader]')), null);
    await page.close();
  });

  test('no request left the browser', () => {
    // Chromium itself still calls home for sign-in and search services at start-up, whatever
    // the flags; those connections come from the browser process, not from a page or the
    // extension (whose pages may only connect to themselves: `connect-src 'self'`).
    const browserServices = /^CONNECT ([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com):443 /;
    assert.deepEqual(
      trap.seen.filter((line) => !browserServices.test(line)),
      [],
    );
  });
});
