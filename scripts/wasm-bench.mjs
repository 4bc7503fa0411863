// Times the shipped WebAssembly engine (extension/pkg, as built by scripts/build-extension.sh)
// in Node.js over the Readability corpus: median and p95 of `extract` per page, beside the
// native figures `cargo bench --bench speed` prints. A benchmark, not a test.
//   node scripts/wasm-bench.mjs [--pages N] [--runs R]
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const pagesWanted = arg('--pages', Infinity);
const runs = arg('--runs', 3);

// The glue is a classic script defining `wasm_bindgen`, as the extension loads it.
const glue = fs.readFileSync(path.join(root, 'extension/pkg/sift.js'), 'utf8');
vm.runInThisContext(`${glue}\nglobalThis.wasm_bindgen = wasm_bindgen;`);
await globalThis.wasm_bindgen({ module_or_path: fs.readFileSync(path.join(root, 'extension/pkg/sift_bg.wasm')) });
const engine = globalThis.wasm_bindgen;

const corpus = path.resolve(root, '../shared/corpus/readability');
const pages = fs
  .readdirSync(corpus)
  .filter((d) => fs.existsSync(path.join(corpus, d, 'source.html')))
  .sort()
  .slice(0, pagesWanted)
  .map((d) => ({ name: d, html: fs.readFileSync(path.join(corpus, d, 'source.html'), 'utf8') }));

const median = (xs) => xs[Math.floor((xs.length - 1) / 2)];
const times = [];
for (const p of pages) {
  engine.extract(p.html, 'http://fakehost/test/page.html', undefined); // warm-up
  const t = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    engine.extract(p.html, 'http://fakehost/test/page.html', undefined);
    t.push(performance.now() - t0);
  }
  times.push({ name: p.name, ms: median(t.sort((a, b) => a - b)) });
}
const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
const total = sorted.reduce((a, b) => a + b, 0);
console.log(`wasm extract over ${pages.length} pages (median of ${runs} runs each, Node ${process.version}):`);
console.log(`  median ${median(sorted).toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   total ${total.toFixed(1)} ms`);
for (const t of times.sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  ${t.name.padEnd(30)} ${t.ms.toFixed(2)} ms`);
