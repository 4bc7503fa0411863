// The reader view in real Firefox (Debian's firefox-esr) with the built extension from
// extension/dist/firefox, driven over WebDriver BiDi by puppeteer-core. No mocks of browser.*:
// the extension runs for real. The add-on is installed as a temporary add-on (BiDi
// `webExtension.install`), its moz-extension UUID pinned by the `extensions.webextensions.uuids`
// pref so the test can open its pages.
//
// Two real routes to the reader view, in this order:
//   1. The toolbar button, before any host access is granted (so `activeTab` is what lets the
//      background inject the content script). Firefox has no CDP `Extensions.triggerAction`;
//      its counterpart is the parent process's `browserAction.triggerAction(window)`, the call
//      behind the `_execute_action` shortcut, documented as having "the same effects as if it
//      were clicked by a user". The test makes it from a privileged about:addons tab, where
//      BiDi script evaluation runs with the browser's own privileges.
//   2. Auto-open, set up the way a user would: on the add-on's options page, the settings get
//      `sites.localhost.open = "always"` and a trusted click (BiDi input actions) calls
//      `browser.permissions.request` for the optional `<all_urls>` host access
//      (`extensions.webextOptionalPermissionPrompts` = false grants it without the doorhanger a
//      user would confirm). The background then registers its content script (`syncAutoScript`
//      in background.js) and pages open in the reader view by themselves (`onLoad` in
//      content/main.js).
//
// Network: pages come from the local server in harness.mjs. Every other http(s) request a page
// makes is answered inside the browser (BiDi network interception): images with a small PNG,
// the rest with an empty 204. Firefox's proxy points at a "trap" that records whatever still
// tries to leave; the last test asserts it saw nothing.
//
// Console: every BiDi log entry (pages, content scripts, extension pages) is recorded; tests
// fail on errors in the pages they open, and on Sift's own warnings. The background page is not
// a BiDi browsing context, so its console cannot be read here.
import { solidPng } from '../../scripts/png.mjs';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import {
  collapse,
  firefoxDist,
  fixtures,
  readerTextInPage,
  saveArtifact,
  startServer,
  startTrap,
} from './harness.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const MANIFEST = path.join(firefoxDist, 'manifest.json');
if (!fs.existsSync(MANIFEST)) throw new Error(`${firefoxDist} is not built: run scripts/build-extension.sh`);
const ADDON_ID = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')).browser_specific_settings.gecko.id;
/** The moz-extension host the add-on gets (pinned, so the test can open its options page). */
const UUID = '5a1f7c3e-9b2d-4c6a-8e0f-51f7a2d4c9b1';
const FIXTURE = 'ndtv-seed';

const pages = fixtures();
let server;
let trap;
let browser;
/** Every BiDi log entry: { context, level, text }. */
const logs = [];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `fn` in the page until it returns something truthy. Puppeteer's waitForFunction builds
 * its predicate with `Function()`, which a strict page CSP (or an extension page's) refuses.
 */
async function poll(page, fn, { timeout = 15000, what = 'condition' } = {}, ...args) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, ...args).catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Prefs that keep Firefox quiet and off the network, and let the test grant host access. */
function prefs(trapPort) {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
    // permissions.request() from a user action is granted without the doorhanger.
    'extensions.webextOptionalPermissionPrompts': false,
    // Everything but localhost and 127.0.0.1 goes to the trap.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': trapPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': trapPort,
    'network.proxy.allow_hijacking_localhost': false,
    'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.predictor.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.captive-portal-service.enabled': false,
    'app.update.enabled': false,
    'app.update.auto': false,
    'app.normandy.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.update.enabled': false,
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.google.updateURL': '',
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.region.update.enabled': false,
    'browser.region.network.url': '',
    'browser.search.geoip.url': '',
    'browser.newtabpage.activity-stream.feeds.topsites': false,
    'browser.newtabpage.activity-stream.feeds.section.topstories': false,
    'browser.newtabpage.activity-stream.telemetry': false,
    'browser.ping-centre.telemetry': false,
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.telemetry.server': '',
    'extensions.blocklist.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.update.enabled': false,
    'media.gmp-manager.updateEnabled': false,
    'geo.provider.network.url': '',
    'security.OCSP.enabled': 0,
    'security.remote_settings.crlite_filters.enabled': false,
    'security.remote_settings.intermediates.enabled': false,
    'services.settings.server': 'http://127.0.0.1:1/v1', // a closed local port (see `env` below)
    'captivedetect.canonicalURL': '',
    'browser.tabs.remote.warmup.enabled': false,
    'ui.prefersReducedMotion': 1,
  };
}

// --- answers for outside requests -----------------------------------------------------------

const PNG = solidPng(64, 40);
const IMAGE_PATH = /\.(png|jpe?g|gif|webp|avif|svg|ico)(\?|$)/i;

/** A new tab whose outside http(s) requests are answered in the browser, with its log entries. */
async function newPage() {
  const page = await browser.newPage();
  const outside = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    let url;
    try {
      url = new URL(request.url());
    } catch {
      url = null;
    }
    // data: and moz-extension: requests are reported but cannot be intercepted.
    const outsider = url && /^https?:$/.test(url.protocol) && !['localhost', '127.0.0.1'].includes(url.hostname);
    if (!outsider) {
      request.continue().catch(() => {});
      return;
    }
    outside.push(url.href);
    // BiDi has no resource type: an image request is known by its Accept header or its path.
    const accept = request.headers().accept ?? '';
    const image = accept.startsWith('image/') || IMAGE_PATH.test(url.pathname);
    const answer = image
      ? { status: 200, contentType: 'image/png', body: PNG }
      : { status: 204, body: '' };
    request.respond(answer).catch(() => {});
  });
  return { page, outside, context: page.mainFrame()._id };
}

/** Errors logged in a browsing context (console.error, uncaught exceptions, CSP reports). */
const errorsIn = (context) => logs.filter((l) => l.context === context && l.level === 'error').map((l) => l.text);
/** Sift's own warnings in a browsing context (a setting ignored, an engine or script failure). */
const siftWarningsIn = (context) =>
  logs.filter((l) => l.context === context && l.level === 'warn' && l.text.startsWith('Sift')).map((l) => l.text);
/** The contexts of pages whose own CSP reports are expected (the strict-CSP test). */
const cspContexts = new Set();

// --- the reader view --------------------------------------------------------------------------

const READER_READY = () =>
  document.querySelector('[data-sift-reader]')?.shadowRoot?.querySelector('article.content') != null;

/** What the reader view shows. */
async function readerSnapshot(page) {
  const readerText = await page.evaluate(readerTextInPage);
  const snap = await page.evaluate(() => {
    const host = document.querySelector('[data-sift-reader]');
    const root = host.shadowRoot;
    const content = root.querySelector('article.content');
    const everything = [...root.querySelectorAll('*')];
    return {
      shadowMode: root.mode,
      engine: host.dataset.siftEngine,
      hostPosition: getComputedStyle(host).position,
      adoptedSheets: root.adoptedStyleSheets.length,
      styleElements: root.querySelectorAll('style').length,
      background: getComputedStyle(root.querySelector('.sift')).backgroundColor,
      title: root.querySelector('h1.title')?.textContent ?? null,
      contentText: content.textContent,
      scripts: root.querySelectorAll('script').length,
      handlers: everything.flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`),
      ),
    };
  });
  return { ...snap, readerText };
}

function checkAgainstGold(snap, gold) {
  assert.equal(snap.shadowMode, 'open', 'the reader lives in an open shadow root');
  assert.equal(collapse(snap.title ?? ''), collapse(gold.title), 'title');
  const content = collapse(snap.contentText);
  let at = 0;
  for (const [i, p] of gold.body_paragraphs.entries()) {
    const found = content.indexOf(collapse(p), at);
    assert.ok(found >= 0, `paragraph ${i + 1} missing from article.content or out of order: ${p.slice(0, 80)}`);
    at = found + 1;
  }
  const text = collapse(snap.readerText);
  for (const bad of gold.must_not_contain) {
    assert.ok(!text.includes(collapse(bad)), `leak: ${bad}`);
  }
  assert.equal(snap.scripts, 0, 'no script in the reader');
  assert.deepEqual(snap.handlers, [], 'no event-handler attributes');
  checkStyled(snap);
}

/**
 * The reader's style sheet is adopted by its shadow root (a constructed sheet no page CSP can
 * refuse, unlike a <style> element), and it applies.
 */
function checkStyled(snap) {
  assert.deepEqual(
    { adopted: snap.adoptedSheets, styleElements: snap.styleElements },
    { adopted: 1, styleElements: 0 },
  );
  assert.equal(snap.hostPosition, 'fixed', "the reader's style sheet applies");
  assert.notEqual(snap.background, 'rgba(0, 0, 0, 0)', 'the reader covers the page');
}

// --- set-up: Firefox, the add-on, auto-open on localhost ---------------------------------------

/** On the add-on's options page: the site setting, then host access from a trusted click. */
async function enableAutoOpen() {
  const [tab] = await browser.pages();
  const options = `moz-extension://${UUID}/options/options.html`;
  // An extension page reports no load event over BiDi: navigate and poll instead.
  tab.goto(options, { timeout: 0 }).catch(() => {});
  await poll(tab, () => location.protocol === 'moz-extension:' && document.readyState === 'complete', {
    what: 'the options page',
  });
  await tab.evaluate(() =>
    browser.storage.sync.set({ sites: { localhost: { open: 'always', remove_selectors: [] } } }),
  );
  await tab.evaluate(() => {
    window.siftTestGrant = null;
    const grant = () => {
      browser.permissions.request({ origins: ['<all_urls>'] }).then(
        (granted) => (window.siftTestGrant = { granted }),
        (e) => (window.siftTestGrant = { error: String(e?.message ?? e) }),
      );
    };
    window.addEventListener('click', grant, { once: true, capture: true });
  });
  await tab.mouse.click(2, 2);
  const grant = await poll(tab, () => window.siftTestGrant, { what: 'permissions.request' });
  assert.deepEqual(grant, { granted: true }, 'host access granted from a click');
  const registered = await poll(
    tab,
    async () => {
      const scripts = await browser.scripting.getRegisteredContentScripts();
      return scripts.length ? scripts : null;
    },
    { what: 'the auto-open content script' },
  );
  assert.deepEqual(
    registered.map((s) => s.id),
    ['sift-auto-open'],
  );
  const optionsErrors = errorsIn(tab.mainFrame()._id);
  assert.deepEqual(optionsErrors, [], 'no console error on the options page');
  await tab.goto('about:blank').catch(() => {});
}

/* global ChromeUtils, Services, WebExtensionPolicy */

// --- the toolbar button ------------------------------------------------------------------------

let control;

/** A tab on about:addons: a privileged page whose scripts can reach the browser window. */
async function openControlTab() {
  control = await browser.newPage();
  control.goto('about:addons', { timeout: 0 }).catch(() => {});
  await poll(control, () => location.href.startsWith('about:addons') && typeof ChromeUtils === 'object', {
    what: 'about:addons',
  });
}

/**
 * Clicks the add-on's toolbar button for `page`'s tab: the tab is brought to the front, then
 * the parent process triggers the action in that window, as a click on the button does.
 */
async function clickAction(page) {
  await page.bringToFront();
  const selected = await control.evaluate(
    (id, expected) => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const extension = ExtensionParent.GlobalManager.getExtension(id);
      const win = Services.wm.getMostRecentWindow('navigator:browser');
      const url = win.gBrowser.selectedBrowser.currentURI.spec;
      if (url !== expected) return url;
      ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(win);
      return url;
    },
    ADDON_ID,
    page.url(),
  );
  assert.equal(selected, page.url(), 'the action fires on the page’s tab');
}

/** The toolbar button's title and badge on `page`'s tab, as the background last set them. */
async function actionState(page) {
  await page.bringToFront();
  return control.evaluate((id) => {
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const extension = ExtensionParent.GlobalManager.getExtension(id);
    const win = Services.wm.getMostRecentWindow('navigator:browser');
    const { action } = ExtensionParent.apiManager.global.browserActionFor(extension);
    const tab = win.gBrowser.selectedTab;
    return { title: action.getProperty(tab, 'title'), badge: action.getProperty(tab, 'badgeText') };
  }, ADDON_ID);
}

/** Waits until the button on `page`'s tab shows `title` (and `badge`, empty by default). */
async function waitForAction(page, title, badge = '') {
  const end = Date.now() + 10000;
  let state;
  while (Date.now() < end) {
    state = await actionState(page);
    if (state.title === title && state.badge === badge) return;
    await sleep(50);
  }
  assert.deepEqual(state, { title, badge }, 'the toolbar button');
}

const TITLE_ON = 'Sift: close the reader view';
const TITLE_ARTICLE = 'Sift: open the reader view (this page looks like an article)';
const TITLE_IDLE = 'Sift: this page does not look like an article';

/** The host patterns the add-on may reach without a click (granted host permissions). */
const allowedOrigins = () =>
  control.evaluate(
    (id) => WebExtensionPolicy.getByID(id).allowedOrigins.patterns.map((p) => p.pattern),
    ADDON_ID,
  );

/** The page's DOM and scroll position once two readings 300 ms apart agree. */
async function settledPage(page) {
  const read = () => page.evaluate(() => ({ html: document.documentElement.outerHTML, y: window.scrollY }));
  let last = await read();
  for (let i = 0; i < 20; i++) {
    await sleep(300);
    const now = await read();
    if (now.html === last.html && now.y === last.y) return now;
    last = now;
  }
  throw new Error('the page kept changing by itself');
}

describe('Firefox', { skip: !fs.existsSync(FIREFOX) && `no Firefox at ${FIREFOX}` }, () => {
  before(async () => {
    server = await startServer();
    trap = await startTrap();
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      // The opt-in to WebDriver reaching privileged pages (the about:addons control tab); 140
      // does not insist on it yet, later releases do.
      args: ['--remote-allow-system-access'],
      // Release and ESR builds ignore `services.settings.server` unless this is set; without it
      // Firefox fetches its Remote Settings (blocklists, certificate data) from Mozilla.
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
      defaultViewport: { width: 1100, height: 900 },
      extraPrefsFirefox: prefs(trap.port),
    });
    browser.connection.on('log.entryAdded', (entry) => {
      logs.push({ context: entry.source?.context, level: entry.level, text: entry.text ?? '' });
    });
    const id = await browser.installExtension(firefoxDist);
    assert.equal(id, ADDON_ID);
    await openControlTab();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await trap?.close();
  });

  describe('reader view in Firefox: the toolbar button (activeTab, no host access)', () => {
    test('the add-on starts without host access', async () => {
      assert.deepEqual(
        (await allowedOrigins()).filter((p) => !p.startsWith('moz-extension:')),
        [],
      );
    });

    for (const fx of pages) {
      test(`${fx.name}: one click on, one click off, page untouched`, async () => {
        const { page, outside, context } = await newPage();
        await page.goto(`${server.base}/shared/${fx.name}/`, { waitUntil: 'load' });
        await page.evaluate(() => {
          window.siftTestClicks = 0;
          document.body.addEventListener('click', () => window.siftTestClicks++);
          window.scrollTo(0, 240);
        });
        const before = await settledPage(page);

        await clickAction(page);
        await poll(page, READER_READY, { what: 'the reader view' });
        const snap = await readerSnapshot(page);
        assert.equal(snap.engine, 'local', 'the engine ran in the content script');
        checkAgainstGold(snap, fx.gold);
        if (fx.gold.syndicated && fx.gold.wire_source) {
          assert.match(snap.readerText, new RegExp(`${fx.gold.wire_source} story, republished by`));
        }
        await waitForAction(page, TITLE_ON, 'on');
        if (fx.name === FIXTURE) {
          saveArtifact('firefox-reader.png', await page.screenshot());
          assert.ok(outside.length > 0, 'the page asked for outside resources, answered in the browser');
        }

        await clickAction(page);
        await poll(page, () => document.querySelector('[data-sift-reader]') === null, { what: 'the reader to close' });
        await waitForAction(page, TITLE_ARTICLE);
        const afterClose = await page.evaluate(() => ({ html: document.documentElement.outerHTML, y: window.scrollY }));
        assert.equal(afterClose.html, before.html, 'the DOM is exactly as before');
        assert.equal(afterClose.y, before.y, 'the scroll position is kept');
        await page.evaluate(() => document.body.click());
        assert.equal(await page.evaluate(() => window.siftTestClicks), 1, 'the page listener still fires');
        assert.deepEqual(errorsIn(context), [], 'no console error');
        assert.deepEqual(siftWarningsIn(context), [], 'no warning from Sift');
        await page.close();
      });
    }

    test('a page whose CSP forbids WebAssembly and inline code still gets a styled reader view', async () => {
      const fx = pages.find((p) => p.name === FIXTURE) ?? pages[0];
      const { page, context } = await newPage();
      cspContexts.add(context);
      await page.goto(`${server.base}/csp/shared/${fx.name}/`, { waitUntil: 'load' });
      await clickAction(page);
      await poll(page, READER_READY, { what: 'the reader view' });
      const snap = await readerSnapshot(page);
      // Firefox does not hold content scripts to the page's CSP: the engine runs right there.
      assert.ok(['local', 'worker'].includes(snap.engine), `engine ran: ${snap.engine}`);
      assert.equal(collapse(snap.title), collapse(fx.gold.title));
      for (const p of fx.gold.body_paragraphs) assert.ok(collapse(snap.contentText).includes(collapse(p)));
      checkStyled(snap);
      // The page's own inline scripts and styles are refused by its CSP, and Firefox logs each
      // refusal as an error; anything else is not expected.
      const pageCsp = /^Content-Security-Policy: The page’s settings blocked/;
      const others = errorsIn(context).filter((e) => !pageCsp.test(e));
      assert.deepEqual(others, [], 'no console error besides the page CSP reports');
      assert.deepEqual(siftWarningsIn(context), [], 'no warning from Sift');
      await page.close();
    });

    test('a listing page is not turned into a made-up article', async () => {
      const { page, context } = await newPage();
      await page.goto(`${server.base}/own/prairiepost-section-front-listing/`, { waitUntil: 'load' });
      await clickAction(page);
      const text = await poll(page, () => document.querySelector('[data-sift-notice]')?.shadowRoot.textContent, {
        what: 'the notice',
      });
      assert.match(text, /does not look like an article/);
      await waitForAction(page, TITLE_IDLE);
      assert.equal(await page.evaluate(() => document.querySelector('[data-sift-reader]')), null);
      assert.deepEqual(errorsIn(context), [], 'no console error');
      await page.close();
    });
  });

  describe('reader view in Firefox: auto-open (host access granted from the options page)', () => {
    before(enableAutoOpen);

    test('host access is granted', async () => {
      assert.ok((await allowedOrigins()).includes('<all_urls>'));
    });

    test(`${FIXTURE}: opens by itself on load and shows the gold article`, async () => {
      const fx = pages.find((p) => p.name === FIXTURE);
      const { page, context } = await newPage();
      await page.goto(`${server.base}/shared/${fx.name}/`, { waitUntil: 'load' });
      await poll(page, READER_READY, { what: 'the reader view' });
      const snap = await readerSnapshot(page);
      assert.equal(snap.engine, 'local', 'the engine ran in the content script');
      checkAgainstGold(snap, fx.gold);
      saveArtifact('firefox-reader-auto-open.png', await page.screenshot());

      // Esc closes it; the page is there as it was.
      await page.evaluate(() =>
        document.querySelector('[data-sift-reader]').shadowRoot.querySelector('.scroller').focus(),
      );
      await page.keyboard.press('Escape');
      await poll(page, () => document.querySelector('[data-sift-reader]') === null, { what: 'the reader to close' });
      assert.ok(await page.evaluate(() => document.body.textContent.includes('Peskov')), 'the page is still there');
      assert.deepEqual(errorsIn(context), [], 'no console error');
      assert.deepEqual(siftWarningsIn(context), [], 'no warning from Sift');
      await page.close();
    });

    test('a site without "always" is left alone', async () => {
      const fx = pages.find((p) => p.name === FIXTURE);
      const { page, context } = await newPage();
      // Same server, another host name: no site setting, and auto-open of syndicated stories is off.
      await page.goto(`${server.base.replace('localhost', '127.0.0.1')}/shared/${fx.name}/`, { waitUntil: 'load' });
      // The auto-open script ran (it marks the page as an article) and left it as it was.
      await waitForAction(page, TITLE_ARTICLE);
      await sleep(300);
      assert.equal(await page.evaluate(() => document.querySelector('[data-sift-reader]')), null);
      assert.deepEqual(errorsIn(context), [], 'no console error');
      await page.close();
    });
  });

  describe('Firefox session', () => {
    test('no console error anywhere in the session but the strict-CSP page reports', () => {
      const errors = logs.filter(
        (l) => l.level === 'error' && !(cspContexts.has(l.context) && l.text.startsWith('Content-Security-Policy: ')),
      );
      assert.deepEqual(errors, []);
    });

    test('no request left the browser', () => {
      assert.deepEqual(trap.seen, []);
    });
  });
});
