// The tmc extension: the `tm` language (grammar and editor settings are
// declared in package.json) and a client for the tmc language server,
// started as `<tmc.path> lsp` over stdio.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');
const { showDiagramCommand } = require('./preview-panel');

const SECTION = 'tmc';

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;
/** Start and stop one after the other, never at the same time. */
let queue = Promise.resolve();

function settings() {
  return vscode.workspace.getConfiguration(SECTION);
}

function isExecutableFile(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folders searched for a bare name after PATH: where `cargo install`
 * puts binaries ($CARGO_HOME/bin, ~/.cargo/bin) and the usual install
 * folders. The extension host's PATH often lacks them (it comes from a login
 * shell, not the terminal's).
 */
function usualFolders({ env, home, platform }) {
  const cargo = [env.CARGO_HOME && path.join(env.CARGO_HOME, 'bin'), home && path.join(home, '.cargo', 'bin')];
  const system = platform === 'win32' ? [] : ['/usr/local/bin', '/opt/homebrew/bin'];
  return [...cargo, ...system].filter(Boolean);
}

/**
 * Where the executable named by `setting` (`tmc.path`) is, as a pure
 * function of its inputs: `{ found }` with an absolute path, or
 * `{ looked }` with every file it tried. A bare name (`tmc`) is looked up on
 * PATH (with PATHEXT on Windows), then in `usualFolders`; a path with a
 * separator may start with `~` or be relative to the workspace `folder`.
 *
 * @param {string | undefined} setting
 * @param {{ env: Record<string, string | undefined>, home: string, platform: string,
 *   folder?: string, cwd: string, isExecutable: (file: string) => boolean }} where
 * @returns {{ found: string } | { looked: string[] }}
 */
function findExecutable(setting, where) {
  const { env, home, platform, folder, cwd, isExecutable } = where;
  const p = platform === 'win32' ? path.win32 : path.posix;
  let name = (setting || '').trim() || 'tmc';
  if (folder) name = name.replace(/\$\{workspaceFolder\}/g, folder);
  if (name === '~' || name.startsWith('~/') || name.startsWith('~\\')) {
    name = p.join(home, name.slice(1));
  }
  const exts = platform === 'win32'
    ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
    : [''];
  let candidates;
  if (name.includes('/') || name.includes('\\')) {
    const full = p.isAbsolute(name) ? name : p.resolve(folder || cwd, name);
    candidates = exts.map((e) => full + e);
  } else {
    const dirs = [...(env.PATH || '').split(p.delimiter).filter(Boolean), ...usualFolders(where)];
    const unique = [...new Set(dirs)];
    candidates = unique.flatMap((dir) => exts.map((e) => p.join(dir, name + e)));
  }
  const found = candidates.find(isExecutable);
  return found ? { found } : { looked: candidates };
}

/** Where `tmc.path` names an executable on this machine. */
function resolveExecutable(setting) {
  return findExecutable(setting, {
    env: process.env,
    home: os.homedir(),
    platform: process.platform,
    folder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    cwd: process.cwd(),
    isExecutable: isExecutableFile,
  });
}

/** The error shown when `tmc.path` names no executable: where it looked, and what to do. */
function notFoundMessage(setting, looked) {
  const places = looked.length ? looked.join(', ') : '(nowhere: PATH is empty)';
  return `tmc: cannot start the language server: the executable "${setting}" was not found. ` +
    `Looked in: ${places}. ` +
    'Install it (cargo install --locked --path cli, from a tmc checkout) or set "tmc.path" to the full path of the tmc binary.';
}

async function showStartError(message) {
  const openSettings = 'Open Settings';
  const showOutput = 'Show Output';
  const choice = await vscode.window.showErrorMessage(message, openSettings, showOutput);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'tmc.path');
  } else if (choice === showOutput) {
    output?.show(true);
  }
}

async function start() {
  const setting = settings().get('path', 'tmc');
  const where = resolveExecutable(setting);
  if (!('found' in where)) {
    const message = notFoundMessage(setting, where.looked);
    output.appendLine(message);
    void showStartError(message);
    return;
  }
  const command = where.found;

  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'tm' }],
    initializationOptions: {
      showFindings: settings().get('showFindings', true),
      workspaceDiagnostics: settings().get('workspaceDiagnostics', true),
      allowOutsideImports: settings().get('allowOutsideImports', false),
    },
    // Sends workspace/didChangeConfiguration with { tmc: { ... } } on changes.
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const candidate = new LanguageClient(SECTION, 'tmc', serverOptions, clientOptions);
  try {
    await candidate.start();
    client = candidate;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    output.appendLine(`tmc: "${command} lsp" failed to start: ${reason}`);
    try {
      await candidate.dispose();
    } catch {
      // It never ran; nothing to clean up.
    }
    void showStartError(
      `tmc: cannot start the language server "${command} lsp": ${reason}. ` +
      'Check that "tmc.path" names a tmc binary that has the `lsp` command.'
    );
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (err) {
      output?.appendLine(`tmc: stopping the language server: ${err instanceof Error ? err.message : err}`);
    }
  }
}

function enqueue(task) {
  queue = queue.then(task, task);
  return queue;
}

function restart() {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  output = vscode.window.createOutputChannel('tmc');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('tmc.restartServer', restart),
    vscode.commands.registerCommand('tmc.showDiagram', showDiagramCommand(context, () => client)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // showFindings and trace.server reach the running server by themselves;
      // the path and allowOutsideImports take a new server.
      if (e.affectsConfiguration('tmc.path') || e.affectsConfiguration('tmc.allowOutsideImports')) {
        void restart();
      }
    })
  );
  return enqueue(start);
}

function deactivate() {
  return enqueue(stop);
}

module.exports = { activate, deactivate, findExecutable, notFoundMessage };
