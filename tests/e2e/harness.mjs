// End-to-end harness: the built extension in Debian's Chromium (Playwright, playwright-core)
// with the shared fixture pages served from localhost. No mocks of chrome.*: the extension
// runs for real, and the toolbar click is the real one (CDP `Extensions.triggerAction`).
//
// Network: pages come from a local HTTP server. Every other request a page makes (its images
// on their real https hosts, trackers, fonts) is answered inside the browser by a Playwright
// route: images with a small generated PNG, the rest with an empty 204. Anything that still
// tries to leave the browser goes to a "trap" proxy that records it; tests assert it saw
// nothing, so neither the pages nor the extension reach the network.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { solidPng } from '../../scripts/png.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const sharedFixtures = path.resolve(root, '../shared/fixtures/syndicated');
export const ownFixtures = path.join(root, 'tests/fixtures');
export const artifacts = path.join(root, 'tests/artifacts');
export const chromiumDist = path.join(root, 'extension/dist/chromium');
export const firefoxDist = path.join(root, 'extension/dist/firefox');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The CSP the worker-path test serves: no inline script, no eval, no WebAssembly. */
export const STRICT_CSP = "default-src 'none'; script-src 'self'";

/** Fixture folders (page.html + gold.json) from a directory, by name. */
export function fixtures(dir = sharedFixtures) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'gold.json')))
    .map((e) => ({
      name: e.name,
      dir: path.join(dir, e.name),
      gold: JSON.parse(fs.readFileSync(path.join(dir, e.name, 'gold.json'), 'utf8')),
    }));
}

// --- a PNG any image request can be answered with ---------------------------------------------

export const PNG = solidPng(640, 360);

// --- the local server -------------------------------------------------------------------------

/**
 * Serves `/<set>/<fixture>/` (set: `shared` or `own`) as the fixture's page.html, and
 * `/csp/<set>/<fixture>/` as the same page with the strict Content-Security-Policy header.
 * `/page?html=...` is not offered: tests only load files from the repository and ../shared.
 */
export async function startServer() {
  const sets = { shared: sharedFixtures, own: ownFixtures, samples: path.join(root, 'samples') };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let parts = url.pathname.split('/').filter(Boolean);
    const csp = parts[0] === 'csp';
    if (csp) parts = parts.slice(1);
    const [set, name] = parts;
    const dir = sets[set];
    const file =
      set === 'samples' && name ? path.join(dir, name) : dir && name ? path.join(dir, name, 'page.html') : null;
    if (!file || !file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (csp) headers['content-security-policy'] = STRICT_CSP;
    res.writeHead(200, headers);
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://localhost:${server.address().port}`;
  return { server, base, close: () => new Promise((r) => server.close(r)) };
}

/** A proxy that answers nothing and records every request that reached it. */
export async function startTrap() {
  const seen = [];
  const server = net.createServer((socket) => {
    socket.once('data', (chunk) => {
      seen.push(chunk.toString('latin1').split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

const isLocal = (u) => {
  try {
    const { hostname, protocol } = new URL(u);
    return (
      !/^https?:$/.test(protocol) || hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'
    );
  } catch {
    return true;
  }
};

// --- the browser ------------------------------------------------------------------------------

/**
 * Starts Chromium with the unpacked extension on a persistent profile (reused when
 * `userDataDir` is given, for restart tests). Returns the context, the extension id and a
 * record of answered outside requests and console errors.
 */
export async function launch({ userDataDir, extensionDir = chromiumDist, trapPort, colorScheme } = {}) {
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`${extensionDir} is not built: run scripts/build-extension.sh`);
  }
  const dataDir = userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sift-e2e-'));
  // A new profile never predicts: no preconnects for a page's <link rel=preconnect> hints,
  // which would open sockets to the page's hosts outside any request we can answer.
  const prefs = path.join(dataDir, 'Default', 'Preferences');
  if (!fs.existsSync(prefs)) {
    fs.mkdirSync(path.dirname(prefs), { recursive: true });
    fs.writeFileSync(prefs, JSON.stringify({ net: { network_prediction_options: 2 } }));
  }
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Lets CDP's Extensions domain fire the toolbar action (Extensions.triggerAction).
    '--enable-unsafe-extension-debugging',
    '--disable-default-apps',
    '--disable-client-side-phishing-detection',
    '--disable-domain-reliability',
    '--no-pings',
    '--no-default-browser-check',
    '--disable-features=AutofillServerCommunication,DialMediaRouteProvider,MediaRouter,OptimizationHints,Translate,NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater',
    // Chromium 156 checks for its on-device model component at start-up even with component
    // updates off, over plain http when https fails: its update server is pointed at a closed
    // local port, so the check never leaves the machine.
    '--component-updater=url-source=http://127.0.0.1:9/update',
  ];
  if (trapPort) args.push(`--proxy-server=http://127.0.0.1:${trapPort}`);
  const context = await chromium.launchPersistentContext(dataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1100, height: 900 },
    colorScheme: colorScheme ?? 'light',
  });
  const outside = [];
  await context.route(
    (url) => !isLocal(url.href),
    (route) => {
      const req = route.request();
      outside.push(req.url());
      if (req.resourceType() === 'image') {
        return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
      }
      return route.fulfill({ status: 204, body: '' });
    },
  );
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  worker ??= await context.waitForEvent('serviceworker', {
    predicate: (w) => w.url().startsWith('chrome-extension://'),
    timeout: 15000,
  });
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, userDataDir: dataDir, outside };
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchConsole(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/**
 * Fires the real toolbar action on the page's tab, as a click on the button would: CDP's
 * `Extensions.triggerAction` on the browser session, naming the *tab* target that holds the
 * page (each tab has a `tab` target above its `page` target). Tests keep one tab per URL.
 */
export async function clickAction(context, page, extensionId) {
  const cdp = await context.browser().newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tabs = targetInfos.filter((t) => t.url === page.url());
    if (tabs.length !== 1) throw new Error(`expected one tab at ${page.url()}, found ${tabs.length}`);
    await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tabs[0].targetId });
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Waits until the reader view is shown; returns milliseconds waited. */
export async function waitForReader(page, timeout = 15000) {
  const t0 = Date.now();
  await page.waitForFunction(
    () => document.querySelector('[data-sift-reader]')?.shadowRoot?.querySelector('article.content') != null,
    null,
    { timeout, polling: 10 },
  );
  return Date.now() - t0;
}

/** Waits until no reader view is shown. */
export async function waitForNoReader(page, timeout = 10000) {
  await page.waitForFunction(() => document.querySelector('[data-sift-reader]') === null, null, {
    timeout,
    polling: 10,
  });
}

/**
 * Runs in the page: what the reader reads in the open view, the story and its facts, not Sift's
 * own labels (a page may carry a "Summary" box of its own) nor the "items removed" list, which
 * quotes the junk. Text nodes are walked, not a copy made: a copy would load the images again.
 * Pass it to `page.evaluate` (Playwright or Puppeteer).
 */
export function readerTextInPage() {
  const root = document.querySelector('[data-sift-reader]').shadowRoot;
  const ui = '.removed, .facts h2, .facts h3, .toc h2';
  const blocks = 'p, li, h1, h2, h3, h4, h5, h6, figcaption, blockquote, pre, td, th, dd, dt, div';
  const walker = document.createTreeWalker(root.querySelector('.page'), NodeFilter.SHOW_TEXT);
  let text = '';
  let block = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(ui)) continue;
    const b = n.parentElement.closest(blocks);
    if (b !== block) text += '\n';
    block = b;
    text += n.data;
  }
  return text;
}

/** What the reader view shows: title, visible text, images with their load state, raw HTML. */
export async function readerSnapshot(page) {
  const readerText = await page.evaluate(readerTextInPage);
  const snap = await page.evaluate(() => {
    const root = document.querySelector('[data-sift-reader]').shadowRoot;
    const content = root.querySelector('article.content');
    const visible = (el) => el.checkVisibility?.() ?? el.offsetParent !== null;
    const images = [...root.querySelectorAll('img')].map((img) => ({
      src: img.currentSrc || img.src,
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      visible: visible(img),
    }));
    const everything = [...root.querySelectorAll('*')];
    return {
      title: root.querySelector('h1.title')?.textContent ?? null,
      text: root.querySelector('.page').innerText,
      contentText: content.innerText,
      images,
      scripts: root.querySelectorAll('script').length,
      handlers: everything.flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`),
      ),
      jsUrls: everything.flatMap((el) =>
        [...el.attributes].filter((a) => /^\s*javascript:/i.test(a.value)).map((a) => `${el.tagName}[${a.name}]`),
      ),
    };
  });
  return { ...snap, readerText };
}

/** Waits for every image in the reader to finish loading or failing. */
export async function imagesSettled(page, timeout = 10000) {
  await page.waitForFunction(
    () => [...document.querySelector('[data-sift-reader]').shadowRoot.querySelectorAll('img')].every((i) => i.complete),
    null,
    { timeout },
  );
}

/** Collapses whitespace the way the gold files are written. */
export const collapse = (s) => s.replace(/\s+/g, ' ').trim();

export function saveArtifact(name, data) {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  fs.writeFileSync(file, data);
  return file;
}
