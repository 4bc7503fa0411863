// Sift's background: the service worker in Chromium, the event page in Firefox.
// It routes messages and never holds heuristics. Its jobs:
//   - the toolbar button and the shortcut (`_execute_action`): inject the content script into
//     the tab if needed (waiting for the access a click grants) and ask it to toggle the reader;
//   - the engine fallback: on pages whose Content-Security-Policy stops WebAssembly in the
//     content script, the content script sends the page here and the same module runs here;
//   - the toolbar icon: whether the page looks like an article, and whether the reader is on;
//   - auto-open: when the user granted host access in the options, a content script is
//     registered on every page so syndicated articles can open in the reader by themselves.
'use strict';

if (typeof importScripts === 'function' && typeof wasm_bindgen === 'undefined') {
  // Chromium's service worker; Firefox lists the glue before this file in the manifest.
  importScripts('pkg/sift.js');
}

const api = globalThis.browser ?? globalThis.chrome;

/** The content script files, in order; the same list serves injection and registration. */
const CONTENT_SCRIPTS = [
  'pkg/sift.js',
  'content/style.js',
  'content/engine.js',
  'content/dom.js',
  'content/facts.js',
  'content/reader.js',
  'content/main.js',
];
/** The same files with a flag first that says they ran at page load (auto-open). */
const AUTO_SCRIPTS = [...CONTENT_SCRIPTS.slice(0, -1), 'content/autoload.js', 'content/main.js'];
const AUTO_SCRIPT_ID = 'sift-auto-open';

// --- the engine, loaded on first use ------------------------------------------------------

let engineReady = null;
function engine() {
  engineReady ??= wasm_bindgen({ module_or_path: api.runtime.getURL('pkg/sift_bg.wasm') }).then(
    () => wasm_bindgen,
  );
  engineReady.catch(() => {
    engineReady = null;
  });
  return engineReady;
}

/** Engine calls the content script may ask for when it cannot run the module itself. */
const ENGINE_CALLS = new Set(['extract', 'probablyReadable', 'readSettings', 'validateSettings', 'siteMode']);

async function runEngine(call, args) {
  if (!ENGINE_CALLS.has(call)) throw new Error(`unknown engine call ${call}`);
  const e = await engine();
  return e[call](...args);
}

// --- the toolbar icon -----------------------------------------------------------------------

function iconSet(state) {
  const suffix = state === 'on' ? '-on' : state === 'idle' ? '-idle' : '';
  return { 16: `icons/sift${suffix}-16.png`, 32: `icons/sift${suffix}-32.png` };
}

const TITLES = {
  on: 'Sift: close the reader view',
  article: 'Sift: open the reader view (this page looks like an article)',
  idle: 'Sift: this page does not look like an article',
  default: 'Sift: open the reader view',
};

async function showState(tabId, state) {
  try {
    await api.action.setIcon({ tabId, path: iconSet(state) });
    await api.action.setTitle({ tabId, title: TITLES[state] ?? TITLES.default });
    await api.action.setBadgeText({ tabId, text: state === 'on' ? 'on' : '' });
    if (state === 'on') await api.action.setBadgeBackgroundColor({ tabId, color: '#137333' });
  } catch {
    // The tab closed or navigated away meanwhile: nothing to show.
  }
}

// --- the click path ---------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether our content script already answers in the tab's top frame. */
async function ping(tabId) {
  try {
    const reply = await api.tabs.sendMessage(tabId, { type: 'bg:ping' }, { frameId: 0 });
    return reply?.type === 'cs:pong';
  } catch {
    return false;
  }
}

/**
 * Makes sure the content script runs in the tab. The access `activeTab` grants on a click can
 * arrive a moment after the click itself, so a refusal is retried for a short while rather
 * than losing the click; a page we may never script (the browser's own pages, the web store)
 * fails with its message after the retries.
 */
async function inject(tabId) {
  if (await ping(tabId)) return;
  let lastError = null;
  for (const wait of [0, 25, 50, 100, 200, 400, 800, 1200]) {
    if (wait) await sleep(wait);
    try {
      await api.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: CONTENT_SCRIPTS });
      return;
    } catch (e) {
      lastError = e;
      if (await ping(tabId)) return;
    }
  }
  throw lastError;
}

async function toggle(tab) {
  if (tab?.id === undefined) return;
  try {
    await inject(tab.id);
    await api.tabs.sendMessage(tab.id, { type: 'bg:toggle' }, { frameId: 0 });
  } catch (e) {
    console.warn(`Sift: the reader view cannot open on this page: ${e?.message ?? e}`);
    await showState(tab.id, 'idle');
  }
}

api.action.onClicked.addListener((tab) => {
  toggle(tab);
});

// --- messages from content scripts ----------------------------------------------------------

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts and pages talk to us.
  if (sender.id !== api.runtime.id || typeof message?.type !== 'string') return false;
  switch (message.type) {
    case 'cs:engine':
      runEngine(message.call, Array.isArray(message.args) ? message.args : []).then(
        (value) => sendResponse({ ok: true, value }),
        (error) => sendResponse({ ok: false, error: String(error?.message ?? error) }),
      );
      return true; // answered asynchronously
    case 'cs:state':
      if (sender.tab?.id !== undefined && (sender.frameId ?? 0) === 0) {
        showState(sender.tab.id, message.state);
      }
      return false;
    default:
      return false;
  }
});

// --- auto-open: a registered content script, only while host access is granted ---------------

async function wantsAutoScript() {
  const stored = await api.storage.sync.get(null);
  const sites = stored.sites && typeof stored.sites === 'object' ? Object.values(stored.sites) : [];
  const wanted = stored.auto_open_syndicated === true || sites.some((s) => s?.open === 'always');
  if (!wanted) return false;
  return api.permissions.contains({ origins: ['<all_urls>'] });
}

async function syncAutoScript() {
  try {
    const want = await wantsAutoScript();
    const have = (await api.scripting.getRegisteredContentScripts({ ids: [AUTO_SCRIPT_ID] })).length > 0;
    if (want && !have) {
      await api.scripting.registerContentScripts([
        {
          id: AUTO_SCRIPT_ID,
          matches: ['<all_urls>'],
          js: AUTO_SCRIPTS,
          runAt: 'document_idle',
          allFrames: false,
        },
      ]);
    } else if (!want && have) {
      await api.scripting.unregisterContentScripts({ ids: [AUTO_SCRIPT_ID] });
    }
  } catch (e) {
    console.warn(`Sift: could not update the auto-open script: ${e?.message ?? e}`);
  }
}

api.storage.onChanged.addListener((_changes, area) => {
  if (area === 'sync') syncAutoScript();
});
api.permissions.onAdded.addListener(syncAutoScript);
api.permissions.onRemoved.addListener(syncAutoScript);
api.runtime.onInstalled.addListener(syncAutoScript);
api.runtime.onStartup.addListener(syncAutoScript);
