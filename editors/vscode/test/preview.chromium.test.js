// The DFD preview's page (media/preview.html + preview.js) in a real headless
// Chromium (Debian's chromium), driven over the DevTools protocol with
// puppeteer-core (which downloads no browser). The page gets a stand-in for
// VS Code's acquireVsCodeApi, is fed the SVG `tmc dfd --format svg` draws for
// examples/webapp.tm, and must: draw it (not blank), post `reveal` with the
// right id when an element or a flow is clicked, show errors as status, make
// no network request and log no console error.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { repo, findTmc, findChromium, need, previewPanel } = require('./tools');

const { previewHtml } = previewPanel();

const media = path.join(__dirname, '..', 'media');

/** The flags Chromium runs with: headless, nothing fetched in the background. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A folder with the page as the extension fills it in, and preview.js. */
function pageFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmc-preview-'));
  const template = fs.readFileSync(path.join(media, 'preview.html'), 'utf8');
  const html = previewHtml(template, { cspSource: 'file:', nonce: 'dGVzdG5vbmNl', script: 'preview.js' });
  fs.writeFileSync(path.join(dir, 'preview.html'), html);
  fs.copyFileSync(path.join(media, 'preview.js'), path.join(dir, 'preview.js'));
  return dir;
}

/** How many distinct colours a PNG (base64) has, decoded by the browser. */
async function colours(browser, png) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const seen = new Set();
      for (let i = 0; i < px.length; i += 4) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      return seen.size;
    }, png);
  } finally {
    await page.close();
  }
}

test('the preview draws the diagram in Chromium and a click posts reveal', { timeout: 120000 }, async (t) => {
  const chromium = findChromium();
  if (!need(t, chromium, 'chromium not installed (apt-get install chromium)')) return;
  const tmc = findTmc();
  if (!need(t, tmc, 'tmc not built (cargo build -p tmc, or set TMC_BIN)')) return;
  const dfd = spawnSync(tmc, ['dfd', '--format', 'svg', path.join(repo, 'examples', 'webapp.tm')], { encoding: 'utf8' });
  assert.strictEqual(dfd.status, 0, dfd.stderr);
  const svg = dfd.stdout;
  assert.match(svg, /id="tmc-element-web"/);

  const puppeteer = require('puppeteer-core');
  const dir = pageFolder();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tmc-chromium-profile-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [...FLAGS, `--user-data-dir=${profile}`],
    userDataDir: profile,
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    const requests = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.evaluateOnNewDocument(() => {
      window.posted = [];
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.posted.push(m),
        getState: () => undefined,
        setState: () => undefined,
      });
    });
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`file://${path.join(dir, 'preview.html')}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.posted.some((m) => m.type === 'ready'));

    // The diagram, drawn.
    await page.evaluate((text) => window.postMessage({ type: 'diagram', svg: text }, '*'), svg);
    await page.waitForSelector('#diagram svg [id="tmc-element-web"]');
    const drawn = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('#diagram [id^="tmc-element-"]')].map((e) => e.id);
      const box = document.querySelector('#diagram svg').getBoundingClientRect();
      return { ids, width: box.width, height: box.height, status: document.getElementById('status').textContent };
    });
    assert.deepStrictEqual(drawn.ids.sort(),
      ['tmc-element-cleaner', 'tmc-element-db', 'tmc-element-user', 'tmc-element-web']);
    assert.ok(drawn.width > 100 && drawn.height > 100, JSON.stringify(drawn));
    assert.match(drawn.status, /Click an element/);
    const shot = await page.screenshot({ encoding: 'base64', clip: { x: 0, y: 0, width: drawn.width, height: drawn.height } });
    assert.ok((await colours(browser, shot)) > 8, 'the diagram is not blank');

    // A click on an element, then on a flow's line.
    const web = await page.$('#diagram [id="tmc-element-web"]');
    const box = await web.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const onFlow = await page.evaluate(() => {
      const line = document.querySelector('#diagram [id="tmc-flow-web_to_db"]');
      const svgEl = line.ownerSVGElement;
      const p = line.getPointAtLength(line.getTotalLength() / 2).matrixTransform(line.getScreenCTM());
      return { x: p.x, y: p.y, ok: Boolean(svgEl) };
    });
    assert.ok(onFlow.ok);
    await page.mouse.click(onFlow.x, onFlow.y);
    // Off the picture's objects: nothing.
    await page.mouse.click(3, 3);
    const reveals = await page.evaluate(() => window.posted.filter((m) => m.type === 'reveal'));
    assert.deepStrictEqual(reveals, [{ type: 'reveal', id: 'web' }, { type: 'reveal', id: 'web_to_db' }]);

    // What cannot be read, and what the extension says, are shown as status.
    await page.evaluate(() => window.postMessage({ type: 'diagram', svg: '<svg' }, '*'));
    await page.waitForFunction(() => document.getElementById('status').className === 'error');
    assert.ok(await page.$('#diagram svg [id="tmc-element-web"]'), 'the last good picture stays');
    await page.evaluate(() => window.postMessage({ type: 'status', text: 'No diagram yet.', error: true }, '*'));
    assert.strictEqual(await page.$eval('#status', (e) => e.textContent), 'No diagram yet.');

    assert.deepStrictEqual(problems, []);
    const outside = requests.filter((u) => !u.startsWith('file://'));
    assert.deepStrictEqual(outside, [], 'no request leaves the page\'s folder');
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
