// `make demo`: the built extension in Debian's Chromium (headless) on the bundled sample page.
// Serves samples/wire-story.html from localhost, clicks the toolbar button for real, then
// prints what the reader view shows (title, source line, key facts, what was removed) and the
// path of a screenshot of it.
import {
  clickAction,
  imagesSettled,
  launch,
  saveArtifact,
  startServer,
  waitForReader,
} from '../tests/e2e/harness.mjs';

const server = await startServer();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.base}/samples/wire-story.html`, { waitUntil: 'load' });
  await clickAction(browser.context, page, browser.extensionId);
  const ms = await waitForReader(page);
  await imagesSettled(page).catch(() => {});
  const view = await page.evaluate(() => {
    const root = document.querySelector('[data-sift-reader]').shadowRoot;
    const text = (sel) => root.querySelector(sel)?.innerText.trim() ?? '';
    return {
      title: text('h1.title'),
      meta: text('.meta'),
      badge: text('.badge'),
      facts: text('.facts'),
      removed: [...root.querySelectorAll('.removed li')].map((li) => li.textContent.trim()),
      paragraphs: root.querySelectorAll('article.content p').length,
      engine: document.querySelector('[data-sift-reader]').dataset.siftEngine,
    };
  });
  const shot = saveArtifact('demo-reader.png', await page.screenshot({ fullPage: false }));
  console.log(`Reader view shown ${ms} ms after the click (engine ran in the ${view.engine === 'local' ? 'content script' : 'background'}).`);
  console.log(`\n${view.title}\n${view.meta}`);
  if (view.badge) console.log(`[${view.badge}]`);
  console.log(`\n${view.facts}\n`);
  console.log(`${view.paragraphs} paragraphs; ${view.removed.length} items removed:`);
  for (const r of view.removed) console.log(`  - ${r}`);
  console.log(`\nScreenshot: ${shot}`);
} finally {
  await browser.context.close();
  await server.close();
}
