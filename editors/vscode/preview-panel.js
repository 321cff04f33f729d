// The DFD preview: a webview beside the editor showing the data-flow diagram
// of the model the document belongs to, as the language server draws it
// (the `tmc/diagram` request). It is asked for again when the document
// changes (debounced), is saved, or gets new diagnostics (a compile ended);
// a click on an element in the picture reveals its declaration.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

/** How long edits must pause before the diagram is asked for again (ms). */
const DEBOUNCE_MS = 300;

/** The page of the webview: media/preview.html with its placeholders filled. */
function previewHtml(template, { cspSource, nonce, script }) {
  const fill = { cspSource, nonce, script };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => (key in fill ? fill[key] : ''));
}

class Preview {
  /**
   * @param {vscode.ExtensionContext} context
   * @param {() => import('vscode-languageclient/node').LanguageClient | undefined} getClient
   * @param {vscode.Uri} document the .tm document whose model is drawn
   */
  constructor(context, getClient, document) {
    this.getClient = getClient;
    this.document = document;
    this.locations = {};
    this.timer = undefined;
    this.asked = 0;
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(
      'tmc.diagram',
      `DFD: ${path.basename(document.fsPath || document.path)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: true },
    );
    const webview = this.panel.webview;
    const template = fs.readFileSync(path.join(context.extensionPath, 'media', 'preview.html'), 'utf8');
    webview.html = previewHtml(template, {
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(16).toString('base64'),
      script: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.js')).toString(),
    });
    const isMine = (uri) => uri.toString() === this.document.toString();
    this.disposables = [
      webview.onDidReceiveMessage((m) => this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => isMine(e.document.uri) && this.soon()),
      vscode.workspace.onDidSaveTextDocument((d) => isMine(d.uri) && this.soon()),
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.some(isMine) && this.soon()),
      this.panel.onDidDispose(() => this.dispose()),
    ];
    this.onDispose = undefined;
  }

  /** Asks for the diagram once edits pause. */
  soon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /** Asks the server for the diagram and shows it; a later answer wins. */
  async refresh() {
    const client = this.getClient();
    const post = (m) => void this.panel.webview.postMessage(m);
    if (!client) {
      post({ type: 'status', text: 'The tmc language server is not running.', error: true });
      return;
    }
    const ticket = ++this.asked;
    try {
      const result = await client.sendRequest('tmc/diagram', {
        textDocument: { uri: this.document.toString() },
        format: 'svg',
      });
      if (ticket !== this.asked) return;
      if (!result) {
        post({ type: 'status', text: 'No diagram yet: the model has not compiled.', error: true });
        return;
      }
      this.locations = result.locations || {};
      post({ type: 'diagram', svg: result.svg });
    } catch (err) {
      if (ticket !== this.asked) return;
      post({ type: 'status', text: `tmc/diagram failed: ${err instanceof Error ? err.message : err}`, error: true });
    }
  }

  /** A message from the webview: it is ready, or an element was clicked. */
  async receive(message) {
    if (message?.type === 'ready') {
      await this.refresh();
    } else if (message?.type === 'reveal' && typeof message.id === 'string') {
      await this.reveal(message.id);
    }
  }

  /** Shows the declaration of the object `id` in the editor. */
  async reveal(id) {
    const at = this.locations[id];
    if (!at) return;
    const { start, end } = at.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(at.uri));
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
  }

  dispose() {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose?.();
  }
}

/**
 * The command `tmc.showDiagram`: the preview of the active .tm document,
 * opened beside it (or brought forward if it is open already).
 */
function showDiagramCommand(context, getClient) {
  let open;
  return () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'tm') {
      void vscode.window.showInformationMessage('tmc: open a .tm file to preview its data-flow diagram.');
      return undefined;
    }
    const uri = editor.document.uri;
    if (open && open.document.toString() === uri.toString()) {
      open.panel.reveal(vscode.ViewColumn.Beside, true);
      return open;
    }
    open?.panel.dispose();
    const preview = new Preview(context, getClient, uri);
    preview.onDispose = () => {
      if (open === preview) open = undefined;
    };
    open = preview;
    return preview;
  };
}

module.exports = { showDiagramCommand, previewHtml, Preview };
