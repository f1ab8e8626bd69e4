// The "Autograd Lens: Graph" webview panel: one instance at a time, created beside the editor or
// revived after a reload. It shows the store's latest evaluation and follows it live; it talks to the
// webview only through the messages of src/protocol.ts.

import * as vscode from "vscode";
import {
  GRAPH_VIEW_TYPE, isFromWebviewMessage, type ExportFormat, type FromWebviewMessage, type GraphSnapshot, type ToWebviewMessage,
} from "../protocol";
import { revealRange, selectedLines } from "./reveal";
import { createNonce, panelHtml } from "./panelHtml";
import type { ResultStore } from "./resultStore";

export const GRAPH_PANEL_TITLE = "Autograd Lens: Graph";

export class GraphPanel {
  private static current: GraphPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the panel beside the active editor, creating it if needed. */
  static createOrShow(extensionUri: vscode.Uri, store: ResultStore): GraphPanel {
    if (GraphPanel.current) {
      GraphPanel.current.panel.reveal(undefined, true);
      return GraphPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      GRAPH_PANEL_TITLE,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    GraphPanel.current = new GraphPanel(panel, extensionUri, store, true);
    return GraphPanel.current;
  }

  /** Takes over a panel VS Code restored after a reload; its webview redraws from its saved state. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, store: ResultStore): GraphPanel {
    GraphPanel.current?.dispose();
    GraphPanel.current = new GraphPanel(panel, extensionUri, store, false);
    return GraphPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly store: ResultStore,
    /**
     * Whether the store speaks for this extension host's evaluations. A revived panel's webview
     * holds the graph from before the reload, which an empty store must not wipe; once anything
     * is evaluated (or the panel is opened by command) the store is the truth, empty or not.
     */
    private storeIsCurrent: boolean,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isFromWebviewMessage(message)) return;
        this.onMessage(message).catch((error: unknown) => {
          void vscode.window.showErrorMessage(`Autograd Lens: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
      store.onDidChange(() => {
        this.storeIsCurrent = true;
        this.post({ type: "graph", snapshot: store.latest ?? null });
      }),
      // Moving the cursor or the selection highlights the nodes made on those lines.
      vscode.window.onDidChangeTextEditorSelection((event) => {
        const uri = event.textEditor.document.uri.toString();
        this.post({ type: "highlightLines", uri, lines: selectedLines(event.selections.map((s) => ({ start: s.start.line, end: s.end.line }))) });
      }),
    );
  }

  /** The panel now showing, if any: the export commands ask it for the drawn graph. */
  static get active(): GraphPanel | undefined {
    return GraphPanel.current;
  }

  /** Asks the webview for the drawn graph; it answers with an `export` message, saved by onMessage. */
  requestExport(format: ExportFormat): void {
    this.panel.reveal(undefined, true);
    this.post({ type: "requestExport", format });
  }

  dispose(): void {
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    // Disposing the panel fires onDidDispose again; the guard above makes that a no-op.
    const disposables = this.disposables.splice(0);
    this.panel.dispose();
    for (const disposable of disposables) disposable.dispose();
  }

  private async onMessage(message: FromWebviewMessage): Promise<void> {
    switch (message.type) {
      case "ready": {
        // The webview (re)loaded, e.g. shown again after being hidden: bring it up to date.
        const snapshot: GraphSnapshot | undefined = this.store.latest;
        if (snapshot || this.storeIsCurrent) this.post({ type: "graph", snapshot: snapshot ?? null });
        return;
      }
      case "revealLine":
        await revealLine(message);
        return;
      case "export":
        await saveExport(message.format, message.content, message.fileName);
        return;
    }
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    return panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "dist", "webview.js")).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "media", "panel.css")).toString(),
      nonce: createNonce(),
      title: GRAPH_PANEL_TITLE,
    });
  }
}

/** Scripts on; resources only from dist/ (the bundle) and media/ (the stylesheet). */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
  };
}

/** Shows a 1-based line of a document in the editor where it is visible (else the first column), selecting the node's expression. */
async function revealLine(message: Extract<FromWebviewMessage, { type: "revealLine" }>): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(message.uri, true));
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
  const lines = Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text);
  const range = revealRange(lines, message);
  const target = new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter);
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
    selection: new vscode.Selection(target.start, target.end),
  });
  editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

const EXPORT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  svg: { "SVG image": ["svg"] },
  dot: { "Graphviz DOT": ["dot", "gv"] },
};

async function saveExport(format: ExportFormat, content: string, fileName: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: EXPORT_FILTERS[format],
    saveLabel: `Export ${format.toUpperCase()}`,
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  void vscode.window.showInformationMessage(`Autograd Lens: graph exported to ${vscode.workspace.asRelativePath(target)}`);
}
