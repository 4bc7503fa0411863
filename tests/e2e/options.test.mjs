// The options page in real Chromium with the built extension: no mocks of chrome.*, storage is
// the browser's own chrome.storage.sync, and every rule comes from the engine's WebAssembly.
// SIFT_EXTENSION_DIR and SIFT_FIREFOX_EXTENSION_DIR point the tests at other unpacked builds
// (default: extension/dist/chromium and extension/dist/firefox).
//
// Host access: Chromium shows its permission prompt even headless, and nothing can answer it,
// so the auto-open path (permissions.request from the click, permissions.remove when nothing
// opens by itself any more) runs in Firefox, whose `extensions.webextOptionalPermissionPrompts`
// pref grants a request made from a trusted click without the doorhanger.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { firefoxDist, launch, saveArtifact, startTrap, watchConsole } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const extensionDir = process.env.SIFT_EXTENSION_DIR || undefined;
const firefoxDir = process.env.SIFT_FIREFOX_EXTENSION_DIR || firefoxDist;
const KEYS = ['auto_open_syndicated', 'key_facts', 'promo_phrases', 'reader', 'schema', 'sites'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-options-'));

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Opens the options page and waits until it has read storage. */
async function openOptions(browser) {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await page.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 15000 });
  return { page, errors };
}

const stored = (page) => page.evaluate(() => chrome.storage.sync.get(null));
// The glue's `wasm_bindgen` is a script-level `let`, not a property of globalThis.
const defaults = (page) => page.evaluate('wasm_bindgen.defaultSettings()');
const statusText = (page) => page.locator('#status').textContent();

async function waitForStatus(page, pattern) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.getElementById('status').textContent),
    pattern.source,
    { timeout: 10000 },
  );
}

/**
 * Runs `action` (one user change) and waits until the status line reports its outcome. The
 * status is emptied first, so an earlier "Saved" cannot stand in for this change's.
 */
async function change(page, pattern, action) {
  await page.evaluate(() => {
    document.getElementById('status').textContent = '';
  });
  await action();
  await waitForStatus(page, pattern);
}

const SAVED = /^Saved$/;
const REFUSED = /^Not saved/;

/** Types into a field and leaves it (a real change event). */
async function edit(page, selector, value) {
  await page.fill(selector, value);
  await page.locator(selector).press('Tab');
}

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
  if (result.length) saveArtifact(`axe-options-${label}.json`, `${JSON.stringify(result, null, 2)}\n`);
  assert.deepEqual(result, [], `axe violations (${label}): ${JSON.stringify(result)}`);
}

function writeFile(name, text) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('options page', () => {
  let browser;
  let trap;

  before(async () => {
    trap = await startTrap();
    browser = await launch({ extensionDir, trapPort: trap.port });
  });

  after(async () => {
    await browser?.context.close();
    await trap?.close();
  });

  test('a bad font size shows a message next to the field and saves nothing', async () => {
    const { page, errors } = await openOptions(browser);
    const before = await stored(page);
    await change(page, REFUSED, () => edit(page, '#font-size', '90'));
    const error = page.locator('#font-size-error');
    assert.equal(await error.textContent(), 'Font size must be a whole number from 12 to 40; got 90.');
    assert.ok(await error.isVisible());
    assert.equal(await page.getAttribute('#font-size', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#font-size', 'aria-describedby'), /\bfont-size-error\b/);
    assert.deepEqual(await stored(page), before);

    // Emptied, it is still refused; a good value clears the message and is saved.
    await change(page, REFUSED, () => edit(page, '#font-size', ''));
    assert.match(await error.textContent(), /got nothing\.$/);
    assert.deepEqual(await stored(page), before);
    await change(page, SAVED, () => edit(page, '#font-size', '21'));
    assert.equal(await error.textContent(), '');
    assert.equal(await page.getAttribute('#font-size', 'aria-invalid'), null);
    assert.equal((await stored(page)).reader.font_size, 21);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('sites: a bad selector or host is shown on its row; a good row is stored by host', async () => {
    const { page, errors } = await openOptions(browser);
    assert.equal(await page.locator('#site-rows tr').count(), 0);
    await page.click('#add-site');
    const row = page.locator('#site-rows tr').nth(0);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('site-host')), true);
    await row.locator('.site-host').fill('News.Example.com');
    await change(page, REFUSED, async () => {
      await row.locator('.site-selectors').fill('.promo-box\ndiv[');
      await row.locator('.site-selectors').press('Tab');
    });
    assert.match(await row.locator('.site-selectors-error').textContent(), /“div\[” is not a CSS selector/);
    assert.equal(await row.locator('.site-selectors').getAttribute('aria-invalid'), 'true');
    // Leaving the host field saved the site on its own; the bad selector was not added to it.
    assert.deepEqual((await stored(page)).sites?.['news.example.com'], { open: 'default', remove_selectors: [] });

    await row.locator('.site-selectors').fill('.promo-box\naside.related');
    await change(page, SAVED, () => row.locator('.site-open').selectOption('never'));
    assert.deepEqual((await stored(page)).sites, {
      'news.example.com': { open: 'never', remove_selectors: ['.promo-box', 'aside.related'] },
    });

    // The same host twice is refused on the second row's host field.
    await page.click('#add-site');
    const second = page.locator('#site-rows tr').nth(1);
    await change(page, REFUSED, () => edit(page, '#site-rows tr:last-child .site-host', 'news.example.com.'));
    assert.match(await second.locator('.site-host-error').textContent(), /listed twice/);
    assert.equal(await row.locator('.site-host-error').textContent(), '');
    await change(page, SAVED, () => second.locator('.site-remove').click());
    assert.equal(await page.locator('#site-rows tr').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('site-remove')), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a storage quota error is shown and nothing is half-saved', async () => {
    const { page, errors } = await openOptions(browser);
    const before = await stored(page);
    // 60 phrases of 190 characters: valid settings, but over sync's 8 KB for one item.
    const phrases = Array.from({ length: 60 }, (_, i) => `phrase ${i} `.padEnd(190, 'x')).join('\n');
    await change(page, /too large/, async () => {
      await page.fill('#promo-phrases', phrases);
      await page.selectOption('#theme', 'sepia'); // the theme change and the phrases go together
    });
    assert.match(await statusText(page), /Nothing was changed/);
    assert.deepEqual(await stored(page), before);
    await change(page, SAVED, () => edit(page, '#promo-phrases', 'download our app'));
    const now = await stored(page);
    assert.deepEqual(now.promo_phrases, ['download our app']);
    assert.equal(now.reader.theme, 'sepia');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a bad import file changes nothing and shows its problems', async () => {
    const { page, errors } = await openOptions(browser);
    await change(page, SAVED, () => edit(page, '#promo-phrases', 'keep me'));
    const before = await stored(page);
    const cases = [
      ['not-json.json', 'this is { not json', /is not a JSON file/],
      ['newer.json', JSON.stringify({ schema: 2, reader: { font_size: 20 } }), /newer version of Sift/],
      [
        'invalid.json',
        JSON.stringify({ schema: 1, reader: { font_size: 90, colour: 'red' }, sites: { 'bad host': {} } }),
        [/Font size must be a whole number from 12 to 40; got 90\./, /“colour” is not a Sift setting/, /not a host name/],
      ],
      ['list.json', '[1, 2, 3]', /one JSON object/],
    ];
    for (const [name, text, expected] of cases) {
      await change(page, /^Not imported$/, () => page.setInputFiles('#import-file', writeFile(name, text)));
      const box = page.locator('#transfer-problems');
      assert.ok(await box.isVisible(), name);
      for (const pattern of [expected].flat()) assert.match(await box.textContent(), pattern, name);
      assert.match(await box.textContent(), /Nothing was imported/, name);
      assert.deepEqual(await stored(page), before, name);
      assert.equal(await page.inputValue('#promo-phrases'), 'keep me', name);
    }
    await axe(page, 'import-problems');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('export then import round-trips; reset restores the defaults after a confirmation', async () => {
    const { page, errors } = await openOptions(browser);
    await change(page, SAVED, () => page.selectOption('#theme', 'dark'));
    await change(page, SAVED, () => page.selectOption('#font', 'dyslexic'));
    await change(page, SAVED, () => page.selectOption('#summary-sentences', '5'));
    await change(page, SAVED, () => page.uncheck('#key-facts'));
    await change(page, SAVED, () => edit(page, '#line-height', '1.8'));
    await change(page, SAVED, () => edit(page, '#promo-phrases', 'download our app\nfollow us on'));
    await page.click('#add-site');
    await change(page, SAVED, () => edit(page, '#site-rows tr:last-child .site-host', '*.wire.example'));
    const settings = await stored(page);
    assert.deepEqual(Object.keys(settings).sort(), KEYS);
    assert.equal(settings.reader.font, 'dyslexic');
    assert.equal(settings.reader.line_height, 1.8);
    assert.equal(settings.key_facts.enabled, false);
    assert.equal(settings.key_facts.summary_sentences, 5);
    assert.deepEqual(settings.sites['*.wire.example'], { open: 'default', remove_selectors: [] });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    assert.equal(download.suggestedFilename(), 'sift-settings.json');
    const file = path.join(tmp, 'exported.json');
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(exported, settings);

    // Reset: nothing happens until it is confirmed.
    await page.click('#reset');
    assert.equal(await page.evaluate(() => document.getElementById('reset-dialog').open), true);
    await axe(page, 'reset-dialog');
    await page.click('#reset-cancel');
    assert.equal(await page.evaluate(() => document.getElementById('reset-dialog').open), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'reset');
    assert.deepEqual(await stored(page), settings);
    await page.click('#reset');
    await change(page, /^Reset to defaults$/, () => page.click('#reset-confirm'));
    const fresh = await defaults(page);
    assert.deepEqual(await stored(page), fresh);
    assert.equal(await page.inputValue('#theme'), 'system');
    assert.equal(await page.inputValue('#font-size'), String(fresh.reader.font_size));
    assert.equal(await page.locator('#site-rows tr').count(), 0);
    assert.equal(await page.inputValue('#promo-phrases'), '');

    // Import the exported file: everything comes back, in storage and in the form.
    await change(page, /^Imported exported\.json$/, () => page.setInputFiles('#import-file', file));
    assert.deepEqual(await stored(page), settings);
    assert.equal(await page.inputValue('#theme'), 'dark');
    assert.equal(await page.isChecked('#key-facts'), false);
    assert.equal(await page.inputValue('#site-rows tr:first-child .site-host'), '*.wire.example');
    assert.equal(await page.inputValue('#promo-phrases'), 'download our app\nfollow us on');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('invalid stored settings are reset field by field and reported at the top', async () => {
    const { page, errors } = await openOptions(browser);
    await page.evaluate(() =>
      chrome.storage.sync.set({ reader: { theme: 'dark', font_size: 90 }, promo_phrases: 'not a list' }),
    );
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const box = page.locator('#load-problems');
    assert.ok(await box.isVisible());
    const text = await box.textContent();
    assert.match(text, /Some saved settings were invalid and have been reset/);
    assert.match(text, /Font size must be a whole number from 12 to 40; got 90\./);
    assert.match(text, /Promo phrases must be a list/);
    assert.equal(await page.inputValue('#theme'), 'dark');
    assert.equal(await page.inputValue('#font-size'), '19');
    await axe(page, 'load-problems');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a change made elsewhere (the reader view) shows up in an open options page', async () => {
    const { page, errors } = await openOptions(browser);
    const other = await openOptions(browser);
    await change(other.page, SAVED, () => edit(other.page, '#line-width', '90'));
    await page.waitForFunction(() => document.getElementById('line-width').value === '90');
    // A later change in the first page keeps the other page's value.
    await change(page, SAVED, () => page.selectOption('#font', 'sans'));
    const s = await stored(page);
    assert.equal(s.reader.line_width, 90);
    assert.equal(s.reader.font, 'sans');
    assert.deepEqual([...errors, ...other.errors], []);
    await other.page.close();
    await page.close();
  });

  test('axe-core finds no violations, light and dark, with errors shown', async () => {
    const { page, errors } = await openOptions(browser);
    await page.click('#add-site');
    await change(page, REFUSED, () => edit(page, '#site-rows tr:last-child .site-host', 'bad host'));
    await change(page, REFUSED, () => edit(page, '#line-width', '300'));
    assert.ok(await page.locator('#line-width-error').isVisible());
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await axe(page, scheme);
    }
    // Every control has a name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('input:not([hidden]), select, textarea, button')]
        .filter((el) => !el.closest('template, dialog'))
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim()))
        .map((el) => el.id || el.className),
    );
    assert.deepEqual(unnamed, []);
    // Keyboard: Tab reaches the first field, and focus is visible there.
    await page.click('h1');
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      return { id: el.id, outline: getComputedStyle(el).outlineStyle };
    });
    assert.equal(focus.id, 'theme');
    assert.notEqual(focus.outline, 'none');

    // The host-access notices: settings (as if synced) that need access this browser has not
    // given, and an import that waits for it. Cancelling the import changes nothing.
    await page.evaluate(() => chrome.storage.sync.set({ auto_open_syndicated: true }));
    await page.locator('#access-missing').waitFor({ state: 'visible' });
    const file = writeFile('needs-access.json', JSON.stringify({ schema: 1, sites: { 'a.example': { open: 'always' } } }));
    await change(page, /^Import waiting for permission$/, () => page.setInputFiles('#import-file', file));
    assert.ok(await page.locator('#import-access').isVisible());
    assert.match(await page.locator('#import-access').textContent(), /needs permission to read the pages you visit/);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await axe(page, `access-${scheme}`);
    }
    const before = await stored(page);
    await change(page, /^Import cancelled$/, () => page.click('#import-access-cancel'));
    assert.equal(await page.locator('#import-access').isVisible(), false);
    assert.deepEqual(await stored(page), before);
    await page.evaluate(() => chrome.storage.sync.set({ auto_open_syndicated: false }));
    await page.locator('#access-missing').waitFor({ state: 'hidden' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('nothing on the options page reached the network', () => {
    // Requests from any page of the context (the options page included) are recorded here.
    assert.deepEqual(browser.outside, []);
    // Chromium's own start-up calls to Google's sign-in and search services come from the
    // browser process, not from a page or the extension (as in reader.test.mjs).
    const browserServices = /^CONNECT ([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com):443 /;
    assert.deepEqual(
      trap.seen.filter((line) => !browserServices.test(line)),
      [],
    );
  });

  test('a good change persists across a browser restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-options-profile-'));
    const first = await launch({ extensionDir, userDataDir: dataDir });
    try {
      const { page } = await openOptions(first);
      await change(page, SAVED, () => page.selectOption('#theme', 'sepia'));
      await change(page, SAVED, () => edit(page, '#font-size', '24'));
      await change(page, SAVED, () => edit(page, '#promo-phrases', 'Join our WhatsApp channel'));
      assert.equal((await stored(page)).reader.font_size, 24);
    } finally {
      await first.context.close();
    }
    const second = await launch({ extensionDir, userDataDir: dataDir });
    try {
      const { page, errors } = await openOptions(second);
      assert.equal(await page.inputValue('#theme'), 'sepia');
      assert.equal(await page.inputValue('#font-size'), '24');
      assert.equal(await page.inputValue('#promo-phrases'), 'Join our WhatsApp channel');
      assert.equal(await page.locator('#load-problems').isVisible(), false);
      const s = await stored(page);
      assert.deepEqual(Object.keys(s).sort(), KEYS);
      assert.equal(s.reader.theme, 'sepia');
      assert.equal(await statusText(page), '');
      assert.deepEqual(errors, []);
    } finally {
      await second.context.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// --- Firefox: host access asked for from the click --------------------------------------------

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const FIREFOX_UUID = '0c4f7e2a-5d1b-4b8e-9a3c-6f2e8d1b7a45';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` in the page (extension pages refuse the `Function()` waitForFunction uses). */
async function poll(page, fn, what, ...args) {
  const end = Date.now() + 15000;
  for (;;) {
    const value = await page.evaluate(fn, ...args).catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('options page in Firefox: host access', { skip: !fs.existsSync(FIREFOX) && 'no Firefox' }, () => {
  let firefox;
  let trap;
  let page;

  before(async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(firefoxDir, 'manifest.json'), 'utf8'));
    const addonId = manifest.browser_specific_settings.gecko.id;
    trap = await startTrap();
    firefox = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      // WebDriver may reach the add-on's own pages only with this opt-in from Firefox 153 on
      // (140 did not insist), as in firefox.test.mjs.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [addonId]: FIREFOX_UUID }),
        'extensions.webextOptionalPermissionPrompts': false,
        // Whatever tries to leave goes to the trap, which answers nothing.
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': trap.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': trap.port,
        'network.proxy.no_proxies_on': '',
        'app.update.enabled': false,
        'app.normandy.enabled': false,
        'browser.safebrowsing.update.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'extensions.update.enabled': false,
        'toolkit.telemetry.enabled': false,
      },
    });
    await firefox.installExtension(firefoxDir);
    [page] = await firefox.pages();
    // An extension page reports no load event over BiDi: navigate and poll instead.
    page.goto(`moz-extension://${FIREFOX_UUID}/options/options.html`, { timeout: 0 }).catch(() => {});
    await poll(page, () => document.documentElement.dataset.ready === 'true', 'the options page');
  });

  after(async () => {
    await firefox?.close();
    await trap?.close();
  });

  const state = () =>
    page.evaluate(async () => ({
      stored: await browser.storage.sync.get(null),
      access: await browser.permissions.contains({ origins: ['<all_urls>'] }),
      status: document.getElementById('status').textContent,
      checked: document.getElementById('auto-open').checked,
    }));

  test('turning auto-open on asks for host access from the click and saves; off gives it back', async () => {
    assert.equal((await state()).access, false);
    await page.click('#auto-open');
    const on = await poll(
      page,
      async () => {
        const stored = await browser.storage.sync.get('auto_open_syndicated');
        return stored.auto_open_syndicated === true && document.getElementById('status').textContent === 'Saved';
      },
      'auto-open saved',
    );
    assert.ok(on);
    let s = await state();
    assert.equal(s.access, true);
    assert.equal(s.checked, true);

    // A site set to "always" keeps the access when auto-open goes off; the last one off drops it.
    await page.click('#add-site');
    await page.type('#site-rows tr:last-child .site-host', 'localhost');
    // A trusted key press (not a scripted change): the page asks for access from it.
    await page.focus('#site-rows tr:last-child .site-open');
    await page.keyboard.press('ArrowDown');
    await poll(
      page,
      async () => (await browser.storage.sync.get('sites')).sites?.localhost?.open === 'always',
      'the site saved',
    );
    await page.click('#auto-open');
    await poll(
      page,
      async () => (await browser.storage.sync.get('auto_open_syndicated')).auto_open_syndicated === false,
      'auto-open off',
    );
    s = await state();
    assert.equal(s.access, true, 'still needed by the site set to always');
    await page.select('#site-rows tr:last-child .site-open', 'never');
    await poll(
      page,
      async () =>
        (await browser.storage.sync.get('sites')).sites?.localhost?.open === 'never' &&
        !(await browser.permissions.contains({ origins: ['<all_urls>'] })),
      'host access given back',
    );
    s = await state();
    assert.equal(s.stored.auto_open_syndicated, false);
    assert.equal(s.access, false);

    // Refused: a scripted change is no user action, so Firefox refuses the request. The page
    // says why next to the control, puts it back, and saves nothing.
    const before = s.stored;
    await page.evaluate(() => {
      const select = document.querySelector('#site-rows tr:last-child .site-open');
      select.value = 'always';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const refused = await poll(
      page,
      () => {
        const error = document.querySelector('#site-rows tr:last-child .site-open-error').textContent;
        return error && { error, value: document.querySelector('#site-rows tr:last-child .site-open').value };
      },
      'the refusal message',
    );
    assert.match(refused.error, /needs permission to read the pages you visit, and it was not given/);
    assert.equal(refused.value, 'never');
    s = await state();
    assert.deepEqual(s.stored, before);
    assert.equal(s.access, false);
  });

  test('settings that need access this browser lacks (synced, or imported) ask for it from a button', async () => {
    const visible = (id) => page.evaluate((i) => !document.getElementById(i).hidden, id);
    // As if synced from another device: auto-open on, but no access here.
    await page.evaluate(() => browser.storage.sync.set({ auto_open_syndicated: true }));
    await poll(page, () => !document.getElementById('access-missing').hidden, 'the access notice');
    assert.equal(await page.evaluate(() => document.getElementById('auto-open').checked), true);
    await page.click('#access-grant');
    await poll(page, () => document.getElementById('access-missing').hidden, 'the notice gone');
    assert.equal((await state()).access, true);

    // Reset gives the access back.
    await page.click('#reset');
    await page.click('#reset-confirm');
    await poll(page, async () => !(await browser.permissions.contains({ origins: ['<all_urls>'] })), 'access gone');
    assert.equal((await state()).stored.auto_open_syndicated, false);

    // An imported file that turns auto-open on waits for a click on its own button.
    const file = writeFile('auto-open.json', JSON.stringify({ schema: 1, auto_open_syndicated: true }));
    const input = await page.$('#import-file');
    await input.uploadFile(file);
    await poll(page, () => !document.getElementById('import-access').hidden, 'the import access prompt');
    assert.equal((await state()).stored.auto_open_syndicated, false, 'nothing imported yet');
    await page.click('#import-access-allow');
    await poll(
      page,
      () => document.getElementById('status').textContent === 'Imported auto-open.json',
      'the import',
    );
    const s = await state();
    assert.equal(s.stored.auto_open_syndicated, true);
    assert.equal(s.access, true);
    assert.equal(s.checked, true);
    assert.equal(await visible('import-access'), false);
    assert.equal(await visible('access-missing'), false);
  });
});
