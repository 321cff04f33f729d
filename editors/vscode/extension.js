// The tmc extension: the `tm` language (grammar and editor settings are
// declared in package.json) and a client for the tmc language server,
// started as `<tmc.path> lsp` over stdio.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');

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
 * The executable named by `tmc.path`, as an absolute path, or undefined if
 * there is none. A bare name (`tmc`) is looked up on PATH (with PATHEXT on
 * Windows); a path with a separator may start with `~` or be relative to the
 * first workspace folder.
 */
function resolveExecutable(setting) {
  let name = (setting || '').trim() || 'tmc';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) name = name.replace(/\$\{workspaceFolder\}/g, folder);
  if (name === '~' || name.startsWith('~/') || name.startsWith('~\\')) {
    name = path.join(os.homedir(), name.slice(1));
  }
  const exts = process.platform === 'win32'
    ? ['', ...(process.env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
    : [''];
  if (name.includes('/') || name.includes('\\')) {
    const full = path.isAbsolute(name) ? name : path.resolve(folder || process.cwd(), name);
    return exts.map((e) => full + e).find(isExecutableFile);
  }
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    for (const e of exts) {
      const candidate = path.join(dir, name + e);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
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
  const command = resolveExecutable(setting);
  if (!command) {
    output.appendLine(`tmc: cannot find the executable "${setting}" (tmc.path); PATH is ${process.env.PATH || '(empty)'}`);
    void showStartError(
      `tmc: cannot start the language server: the executable "${setting}" was not found. ` +
      'Install tmc and put it on PATH, or set "tmc.path" to the full path of the tmc binary.'
    );
    return;
  }

  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'tm' }],
    initializationOptions: {
      showFindings: settings().get('showFindings', true),
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

module.exports = { activate, deactivate };
