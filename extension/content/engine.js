// The engine as the content script sees it: `siftEngine.call(name, ...args)` resolves with the
// WebAssembly module's answer. The module is loaded on first use and kept for the page's life.
// Where the page's Content-Security-Policy stops WebAssembly from compiling here (Chromium
// applies it to content scripts), every call goes to the background, which runs the same
// module; the caller sees no difference.
'use strict';

if (!globalThis.siftEngine) {
  const api = globalThis.browser ?? globalThis.chrome;

  /** Whether the module runs here ('local') or in the background ('worker'); null until known. */
  let where = null;
  let loading = null;

  const viaWorker = async (call, args) => {
    const reply = await api.runtime.sendMessage({ type: 'cs:engine', call, args });
    if (!reply) throw new Error('the background did not answer');
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };

  const load = () => {
    loading ??= (async () => {
      try {
        await wasm_bindgen({ module_or_path: api.runtime.getURL('pkg/sift_bg.wasm') });
        where = 'local';
      } catch (e) {
        where = 'worker';
        console.info(`Sift: running the engine in the background on this page (${e?.message ?? e}).`);
      }
      return where;
    })();
    return loading;
  };

  globalThis.siftEngine = {
    /** Calls one engine export by name. */
    async call(name, ...args) {
      if ((await load()) === 'local') {
        try {
          return wasm_bindgen[name](...args);
        } catch (e) {
          // A trap (a panic in the engine, already explained on the console) leaves this
          // instance unusable: the background's instance serves the rest of this page.
          if (e instanceof WebAssembly.RuntimeError) where = 'worker';
          throw e;
        }
      }
      return viaWorker(name, args);
    },
    /**
     * Calls one engine export in the background, whatever the page allows: for long pages,
     * so that the page stays responsive while the engine works.
     */
    async callInBackground(name, ...args) {
      return viaWorker(name, args);
    },
    /** Where the engine ran: 'local', 'worker', or null before the first call. */
    get where() {
      return where;
    },
  };
}
