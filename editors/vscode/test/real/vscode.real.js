// The tmc extension in a real VS Code (code-server), driven by headless
// Chromium over the DevTools protocol (puppeteer-core with the system browser).
// run.sh installs code-server and calls this with the environment below; each
// step is time-bound, and a failure leaves a screenshot and prints what the
// editor showed (Problems, notifications, the extension host's log).
//
//   VSIX, NODE24 (the node code-server runs on), CHROMIUM_BIN, REAL_OUT (where
//   screenshots and logs go), TMC_BIN or a cargo-built tmc.
'use strict';

const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { repo, findTmc } = require('../tools.js');
const puppeteer = require('../../node_modules/puppeteer-core');

const entry = path.join(__dirname, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const out = process.env.REAL_OUT || path.join(repo, 'target', 'vscode-real');
const node24 = process.env.NODE24;
const vsix = process.env.VSIX;

/** The misspelt attribute the quick fix must correct (did you mean `inScope`?). */
const TYPO = 'inScop';

/** A fresh HOME, user data, extensions folder and workspace under one temp folder. */
function layout() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tmc-vscode-real-'));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    data: path.join(root, 'data'),
    exts: path.join(root, 'extensions'),
    ws: path.join(root, 'workspace'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.copyFileSync(path.join(repo, 'examples', 'webapp.tm'), path.join(dirs.ws, 'webapp.tm'));
  return dirs;
}

/**
 * tmc only in $HOME/.cargo/bin (where `cargo install` puts it): not on PATH,
 * not in the settings, so the extension must find it there.
 */
function installTmc(home) {
  const tmc = findTmc();
  if (!tmc) throw new Error('no tmc binary: build it (cargo build -p tmc) or set TMC_BIN');
  const bin = path.join(home, '.cargo', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.copyFileSync(tmc, path.join(bin, 'tmc'));
  fs.chmodSync(path.join(bin, 'tmc'), 0o755);
  return path.join(bin, 'tmc');
}

/** Settings that keep the first start quiet: no telemetry, welcome page, trust prompt or AI. */
function writeSettings(data) {
  const user = path.join(data, 'User');
  fs.mkdirSync(user, { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    // Typing must not pop up suggestions: completion is asked for explicitly.
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.hover.delay': 200,
    'editor.minimap.enabled': false,
  };
  fs.writeFileSync(path.join(user, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** PATH without any folder that holds a tmc, and an environment without CARGO_HOME. */
function editorEnv(home) {
  const env = { ...process.env, HOME: home };
  for (const k of Object.keys(env)) {
    if (k === 'CARGO_HOME' || k.startsWith('XDG_') || k.startsWith('VSCODE_')) delete env[k];
  }
  env.PATH = [path.dirname(node24)]
    .concat((process.env.PATH || '').split(path.delimiter))
    .filter((d) => d && !fs.existsSync(path.join(d, 'tmc')))
    .join(path.delimiter);
  // No extension gallery: the test must reach nothing outside this machine.
  env.EXTENSIONS_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' });
  return env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (async, returns a truthy value when done) until `ms` pass. */
async function until(what, ms, check) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** The text of the editor's visible lines (non-breaking spaces made plain). */
function lines(page) {
  return page.$$eval('.editor-instance .monaco-editor .view-lines .view-line', (els) =>
    els
      .map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/** Runs a command from the command palette by its title. */
async function command(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { visible: true, timeout: 10000 });
  await page.keyboard.type(title);
  await until(`"${title}" in the command palette`, 10000, () =>
    page.$$eval('.quick-input-list .monaco-list-row', (rows, t) => rows.some((r) => r.textContent.includes(t)), title),
  );
  await page.keyboard.press('Enter');
}

/** Moves the cursor to the end of 1-based `line`. */
async function gotoLine(page, line) {
  await page.keyboard.down('Control');
  await page.keyboard.press('g');
  await page.keyboard.up('Control');
  await page.waitForSelector('.quick-input-widget input', { visible: true, timeout: 10000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await sleep(200);
  await page.keyboard.press('End');
}

async function keys(page, ...combo) {
  for (const k of combo.slice(0, -1)) await page.keyboard.down(k);
  await page.keyboard.press(combo[combo.length - 1]);
  for (const k of combo.slice(0, -1).reverse()) await page.keyboard.up(k);
}

/** The rows of the Problems panel, as their accessible labels. */
function problems(page) {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) =>
    rows.map((r) => r.getAttribute('aria-label') || r.textContent),
  );
}

/** The 1-based line in the model holding `text`. */
function lineOf(model, text) {
  const i = model.split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`no line with ${text}`);
  return i + 1;
}

async function main() {
  const started = Date.now();
  const dirs = layout();
  const tmc = installTmc(dirs.home);
  writeSettings(dirs.data);
  const env = editorEnv(dirs.home);
  const model = fs.readFileSync(path.join(dirs.ws, 'webapp.tm'), 'utf8');
  const log = fs.openSync(path.join(out, 'code-server.log'), 'w');

  console.log(`== installing ${path.basename(vsix)}`);
  const inst = cp.spawnSync(
    node24,
    [entry, '--install-extension', vsix, '--extensions-dir', dirs.exts, '--user-data-dir', dirs.data, '--force'],
    { env, encoding: 'utf8', timeout: 120000 },
  );
  process.stdout.write(inst.stdout || '');
  if (inst.status !== 0) throw new Error(`--install-extension failed: ${inst.stderr || inst.error}`);

  const port = await freePort();
  const args = [
    entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', dirs.data, '--extensions-dir', dirs.exts,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', dirs.ws,
  ];
  const server = cp.spawn(node24, args, { env, stdio: ['ignore', log, log], detached: true });
  let browser;
  let page;
  const step = async (name, fn) => {
    const t = Date.now();
    await fn();
    console.log(`ok: ${name} (${Date.now() - t} ms)`);
  };
  try {
    await until('code-server to answer', 60000, async () => (await get(`http://127.0.0.1:${port}/healthz`)) === 200);
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1400,1000'],
      defaultViewport: { width: 1400, height: 1000 },
      protocolTimeout: 60000,
      // Its own crash-report settings and caches go to the temp HOME too.
      env: { ...process.env, HOME: dirs.home },
    });
    page = await browser.newPage();
    page.setDefaultTimeout(30000);

    await step('the workbench loads', async () => {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`, { timeout: 60000 });
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    });

    await step('webapp.tm opens, coloured by the TextMate grammar', async () => {
      await keys(page, 'Control', 'p');
      await page.waitForSelector('.quick-input-widget input', { visible: true });
      await page.keyboard.type('webapp.tm');
      await until('webapp.tm in quick open', 10000, () =>
        page.$$eval('.quick-input-list .monaco-list-row', (rows) => rows.some((r) => r.textContent.includes('webapp.tm'))),
      );
      await page.keyboard.press('Enter');
      await page.waitForSelector('.editor-instance .monaco-editor .view-lines .view-line');
      // Plain text is one token colour; the grammar gives keywords, strings,
      // comments and names their own. Compare the colour of `boundary` with
      // that of its name and of a comment.
      const colours = await until('grammar colours', 20000, async () => {
        const c = await page.$$eval('.editor-instance .view-lines span span', (spans) => {
          const colour = (t) => {
            const s = spans.find((e) => e.textContent.trim() === t || e.textContent.startsWith(t));
            return s ? getComputedStyle(s).color : undefined;
          };
          return { keyword: colour('boundary'), comment: colour('//'), string: colour('"User/Web"'), kinds: new Set(spans.map((e) => e.className)).size };
        });
        return c.keyword && c.comment && c.string && c.keyword !== c.comment && c.keyword !== c.string && c.kinds >= 4 ? c : null;
      });
      console.log(`   colours: ${JSON.stringify(colours)}`);
    });

    await step(`the extension finds tmc in ~/.cargo/bin (${tmc}) and the Problems panel lists findings`, async () => {
      await keys(page, 'Control', 'Shift', 'm');
      const rows = await until('findings in the Problems panel', 60000, async () => {
        const r = await problems(page);
        return r.some((x) => /\b[A-Z]{2,4}\d{2}\b/.test(x)) ? r : null;
      });
      console.log(`   ${rows.length} rows, e.g. ${JSON.stringify(rows.slice(1, 3).map((r) => r.split('\n')[0]))}`);
      const running = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).some((p) => {
        try {
          return fs.readlinkSync(`/proc/${p}/exe`) === tmc;
        } catch {
          return false;
        }
      });
      assert.ok(running, `no process runs ${tmc}`);
    });

    await step('a hover on an element leads with its summary', async () => {
      await page.click('.editor-instance .view-lines');
      const line = lineOf(model, 'Server web "Web Server"');
      await gotoLine(page, line);
      // Where the name is drawn, read in one go: the editor redraws its lines
      // (decorations, inlay hints arrive), so a held element may go stale.
      const box = await until('the name `web` on screen', 10000, () =>
        page.evaluate(() => {
          const spans = [...document.querySelectorAll('.editor-instance .view-lines .view-line span span')];
          const s = spans.find(
            (e) =>
              e.textContent.trim() === 'web' &&
              e.parentElement.textContent.replace(/\u00a0/g, ' ').trim().startsWith('Server web'),
          );
          if (!s) return null;
          const r = s.getBoundingClientRect();
          return r.width > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
        }),
      );
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // VS Code shows the diagnostics on the word first (its own order),
      // then the language server's hover: that one must lead with the
      // element's summary, before its findings.
      const parts = await until('the hover', 15000, () =>
        page.$$eval('.monaco-hover .markdown-hover .hover-contents', (els) =>
          els.map((e) => e.innerText.trim()).filter(Boolean),
        ).then((p) => (p.some((t) => t.includes('Web Server')) ? p : null)),
      );
      const ours = parts.find((t) => t.includes('Web Server'));
      await page.screenshot({ path: path.join(out, 'hover.png') });
      const markers = await page.$$eval('.monaco-hover .marker.hover-contents', (els) =>
        els.map((e) => e.innerText.trim()),
      );
      console.log(`   hover: ${markers.length} diagnostic(s), then ${JSON.stringify(ours.slice(0, 100))}`);
      // The diagnostics before it are a line or two each, so the summary is
      // in sight without scrolling the hover.
      for (const m of markers) {
        assert.ok(m.split('\n').length <= 3 && !/Mitigation/.test(m), `a long diagnostic in the hover:\n${m}`);
      }
      const inSight = await page.evaluate(() => {
        const hover = document.querySelector('.monaco-hover');
        const summary = [...document.querySelectorAll('.monaco-hover .markdown-hover .hover-contents')].find((e) =>
          e.innerText.includes('Web Server'),
        );
        if (!hover || !summary) return false;
        return summary.getBoundingClientRect().top < hover.getBoundingClientRect().bottom;
      });
      assert.ok(inSight, 'the summary is below the visible part of the hover');
      assert.ok(ours.startsWith('Web Server'), `the hover does not lead with the summary:\n${ours.slice(0, 400)}`);
      assert.ok(/finding/.test(ours), `the hover tells nothing of the findings:\n${ours.slice(0, 400)}`);
      await page.keyboard.press('Escape');
      await page.mouse.move(5, 5);
    });

    const lambda = lineOf(model, 'controls.hasAccessControl = true');
    await step('completion lists attribute names and inserts `name = `', async () => {
      await gotoLine(page, lambda);
      await page.keyboard.press('Enter');
      await keys(page, 'Control', 'Space');
      const labels = await until('the completion list', 15000, () =>
        page.$$eval('.suggest-widget.visible .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label') || r.textContent))
          .then((l) => (l.length >= 3 ? l : null)),
      );
      console.log(`   first items: ${JSON.stringify(labels.slice(0, 6))}`);
      await page.keyboard.type('descr');
      await until('`description` offered', 10000, () =>
        page.$$eval('.suggest-widget.visible .monaco-list-row', (rows) => rows.some((r) => r.textContent.includes('description'))),
      );
      await page.keyboard.press('Enter');
      const got = await until('`description = ` inserted', 10000, async () =>
        (await lines(page)).find((l) => /^\s*description = /.test(l)),
      );
      console.log(`   line now: ${JSON.stringify(got)}`);
      // Leave the model valid again: remove the line.
      await keys(page, 'Control', 'Shift', 'k');
    });

    await step(`a did-you-mean quick fix corrects \`${TYPO}\``, async () => {
      await gotoLine(page, lambda);
      await page.keyboard.press('Enter');
      await page.keyboard.type(`${TYPO} = false`);
      await until('the unknown-attribute error', 30000, async () =>
        (await problems(page)).some((r) => r.includes(TYPO)),
      );
      await page.keyboard.press('Home');
      await keys(page, 'Control', '.');
      const actions = await until('the quick fixes', 15000, () =>
        page.$$eval('.action-widget .monaco-list-row', (rows) => rows.map((r) => r.textContent)).then((a) =>
          a.some((x) => x.includes('inScope')) ? a : null,
        ),
      );
      console.log(`   offered: ${JSON.stringify(actions)}`);
      const index = actions.findIndex((x) => x.includes('inScope'));
      const rows = await page.$$('.action-widget .monaco-list-row');
      await rows[index].click();
      const fixed = await until('the fixed line', 10000, async () =>
        (await lines(page)).find((l) => /^\s*inScope = false/.test(l)),
      );
      console.log(`   line now: ${JSON.stringify(fixed)}`);
      assert.ok(!(await lines(page)).some((l) => l.includes(`${TYPO} =`)), 'the misspelt name is still there');
    });

    await step('the DFD preview renders an SVG', async () => {
      await command(page, 'tmc: Open DFD preview');
      const found = await until('an SVG in the preview webview', 60000, async () => {
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) continue;
          try {
            const ids = await frame.evaluate(() =>
              [...document.querySelectorAll('#diagram svg [id^="tmc-element-"]')].map((e) => e.id),
            );
            if (ids.length) return { url: frame.url().slice(0, 60), ids };
          } catch {
            // a frame that went away while looking
          }
        }
        return null;
      });
      assert.ok(found.ids.includes('tmc-element-web'), `no element web in ${found.ids}`);
      console.log(`   elements drawn: ${found.ids.join(', ')}`);
    });

    await step('without tmc, a restart says where it looked', async () => {
      fs.rmSync(tmc);
      await command(page, 'tmc: Restart Language Server');
      const note = await until('the not-found error', 20000, () =>
        page
          .$$eval('.notifications-toasts .notification-list-item', (els) =>
            els.map((e) => e.getAttribute('aria-label') || e.textContent),
          )
          .then((n) => n.find((t) => t.includes('was not found'))),
      );
      console.log(`   ${JSON.stringify(note.slice(0, 160))}...`);
      assert.ok(note.includes(tmc), `the error does not name ${tmc}:\n${note}`);
    });

    console.log(`ok: the tmc extension works in code-server (${Math.round((Date.now() - started) / 1000)} s)`);
  } catch (err) {
    await report(page, dirs);
    throw err;
  } finally {
    if (browser) await browser.close().catch(() => {});
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    fs.rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** What the editor showed when a step failed: a screenshot, Problems, notifications, logs. */
async function report(page, dirs) {
  if (page) {
    const shot = path.join(out, 'failure.png');
    await page.screenshot({ path: shot }).then(() => console.log(`screenshot: ${shot}`), () => {});
    const probs = await problems(page).catch(() => []);
    console.log(`Problems panel (${probs.length} rows):\n  ${probs.join('\n  ')}`);
    const notes = await page
      .$$eval('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', (els) =>
        els.map((e) => e.getAttribute('aria-label') || e.textContent),
      )
      .catch(() => []);
    console.log(`notifications:\n  ${notes.join('\n  ')}`);
    const text = await lines(page).catch(() => []);
    console.log(`editor lines:\n  ${text.join('\n  ')}`);
  }
  const logs = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^(exthost|remoteagent)\.log$|tmc/i.test(e.name)) logs.push(p);
    }
  };
  try {
    walk(path.join(dirs.data, 'logs'));
  } catch {
    // no logs yet
  }
  for (const p of logs) {
    const body = fs.readFileSync(p, 'utf8');
    console.log(`--- ${p} (last 40 lines)\n${body.split('\n').slice(-40).join('\n')}`);
  }
  console.log(`--- code-server log: ${path.join(out, 'code-server.log')}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`error: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
