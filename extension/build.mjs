// Assembles the unpacked extensions and their zips from extension/ and the wasm-bindgen output
// in extension/pkg (scripts/build-extension.sh runs this last):
//   dist/chromium/, dist/firefox/   one base manifest merged with each browser's overlay
//   dist/sift-chromium.zip, dist/sift-firefox.zip
// It also draws the toolbar icons and prints the shipped sizes (raw and gzipped).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const browsers = ['chromium', 'firefox'];

/** Files and folders copied as they are, relative to extension/. */
const sources = ['background.js', 'content', 'options', 'pkg/sift.js', 'pkg/sift_bg.wasm'];

function copy(from, to) {
  if (fs.statSync(from).isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(from)) copy(path.join(from, name), path.join(to, name));
  } else {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}

/** Every file the manifest names must be in the package. */
function checkManifestFiles(manifest, out) {
  const named = [
    manifest.options_ui?.page,
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    ...Object.values(manifest.icons ?? {}),
    ...Object.values(manifest.action?.default_icon ?? {}),
    ...(manifest.web_accessible_resources ?? []).flatMap((w) => w.resources),
  ].filter(Boolean);
  const missing = named.filter((f) => !fs.existsSync(path.join(out, f)));
  if (missing.length) throw new Error(`build: the manifest names missing files: ${missing.join(', ')}`);
}

/** Objects merge key by key; anything else in the overlay replaces the base value. */
function merge(base, overlay) {
  const out = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const isObject = (v) => v && typeof v === 'object' && !Array.isArray(v);
    out[key] = isObject(value) && isObject(base[key]) ? merge(base[key], value) : value;
  }
  return out;
}

function readJson(name) {
  return JSON.parse(fs.readFileSync(path.join(here, name), 'utf8'));
}

// --- icons: a rounded square with three lines of "text", one colour per state ---------------

function png(width, height, rgba) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Draws one icon: `fill` is [r, g, b]; shapes are in a 0..1 square, 4x4 supersampled. */
function icon(size, fill) {
  const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const lines = [
    [0.24, 0.3, 0.76],
    [0.24, 0.47, 0.76],
    [0.24, 0.64, 0.58],
  ];
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const x = (px + (sx + 0.5) / 4) / size;
          const y = (py + (sy + 0.5) / 4) / size;
          if (!inRoundRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2)) continue;
          bg++;
          if (lines.some(([x0, ly, x1]) => inRoundRect(x, y, x0, ly - 0.05, x1, ly + 0.05, 0.05))) fg++;
        }
      }
      const i = (py * size + px) * 4;
      const t = bg ? fg / bg : 0;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(fill[c] * (1 - t) + 255 * t);
      rgba[i + 3] = Math.round((bg / 16) * 255);
    }
  }
  return png(size, size, rgba);
}

/** Icon states: the default look, a page that is not an article, and the reader turned on. */
const iconStates = {
  '': [0x1a, 0x5f, 0xb4],
  '-idle': [0x5f, 0x63, 0x68],
  '-on': [0x13, 0x73, 0x33],
};

// --- assembly ---------------------------------------------------------------------------------

function build(browser) {
  const out = path.join(dist, browser);
  fs.rmSync(out, { recursive: true, force: true });
  for (const rel of sources) {
    const from = path.join(here, rel);
    if (!fs.existsSync(from)) throw new Error(`build: ${rel} is missing (run scripts/build-extension.sh)`);
    copy(from, path.join(out, rel));
  }
  // The reader's style sheet travels inside a script: a content script cannot rely on fetching
  // it on pages whose Content-Security-Policy forbids connections.
  const css = fs.readFileSync(path.join(here, 'reader/reader.css'), 'utf8');
  fs.writeFileSync(
    path.join(out, 'content/style.js'),
    `// Generated by extension/build.mjs from reader/reader.css.\nglobalThis.SIFT_READER_CSS = ${JSON.stringify(css)};\n`,
  );
  fs.mkdirSync(path.join(out, 'icons'));
  for (const [suffix, fill] of Object.entries(iconStates)) {
    for (const size of [16, 32, 48, 128]) {
      fs.writeFileSync(path.join(out, `icons/sift${suffix}-${size}.png`), icon(size, fill));
    }
  }
  const manifest = merge(readJson('manifest.base.json'), readJson(`manifest.${browser}.json`));
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  checkManifestFiles(manifest, out);

  const zip = path.join(dist, `sift-${browser}.zip`);
  fs.rmSync(zip, { force: true });
  const entries = fs.readdirSync(out);
  execFileSync('python3', ['-m', 'zipfile', '-c', zip, ...entries], { cwd: out });
  return out;
}

function sizes(dir) {
  const groups = { wasm: [0, 0], js: [0, 0], css: [0, 0], other: [0, 0] };
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      const data = fs.readFileSync(p);
      const ext = path.extname(e.name).slice(1);
      const key = ext === 'wasm' ? 'wasm' : ext === 'js' ? 'js' : ext === 'css' ? 'css' : 'other';
      groups[key][0] += data.length;
      groups[key][1] += zlib.gzipSync(data, { level: 9 }).length;
    }
  };
  walk(dir);
  return groups;
}

fs.mkdirSync(dist, { recursive: true });
for (const browser of browsers) {
  const out = build(browser);
  const s = sizes(out);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const code = ['wasm', 'js', 'css'].reduce((a, k) => [a[0] + s[k][0], a[1] + s[k][1]], [0, 0]);
  console.log(`build: ${path.relative(process.cwd(), out)}`);
  for (const k of ['wasm', 'js', 'css', 'other']) {
    console.log(`  ${k.padEnd(6)} ${kib(s[k][0]).padStart(11)} raw ${kib(s[k][1]).padStart(11)} gzipped`);
  }
  console.log(`  wasm+js+css ${kib(code[0])} raw, ${kib(code[1])} gzipped`);
}
