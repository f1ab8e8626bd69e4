// Inline results in the editor: a muted text after each evaluated line that printed or displayed
// something, whole on hover. The texts come from inlineResults.ts; this is the vscode glue, which
// keeps them per document across evaluations and edits.

import * as vscode from "vscode";
import type { InlineResult } from "./inlineResults";
import { afterEdits, lineEdits } from "./lineAnnotations";

/** An inline result on a 0-based line. */
type Placed = Omit<InlineResult, "line"> & { line: number };

export class InlineDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor("editorCodeLens.foreground"), fontStyle: "italic", margin: "0 0 0 2em" },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly byDocument = new Map<string, Placed[]>();
  private enabled = true;

  /** Replaces what lines `firstLine`..`lastLine` (1-based) showed by `results`; other lines keep theirs. */
  update(document: vscode.TextDocument, results: readonly InlineResult[], firstLine: number, lastLine: number): void {
    const key = document.uri.toString();
    const kept = (this.byDocument.get(key) ?? []).filter((r) => r.line < firstLine - 1 || r.line > lastLine - 1);
    const fresh = results.map((r) => ({ ...r, line: r.line - 1 })).filter((r) => r.line < document.lineCount);
    const freshLines = new Set(fresh.map((r) => r.line));
    this.byDocument.set(key, [...kept.filter((r) => !freshLines.has(r.line)), ...fresh]);
    this.render(key);
  }

  edited(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const placed = this.byDocument.get(key);
    if (!placed || event.contentChanges.length === 0) return;
    this.byDocument.set(key, afterEdits(placed, lineEdits(event)));
    this.render(key);
  }

  clear(documentUri: string): void {
    if (this.byDocument.delete(documentUri)) this.render(documentUri);
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    for (const editor of vscode.window.visibleTextEditors) this.renderEditor(editor);
  }

  /** An editor became visible: draw its document's results again. */
  renderEditor(editor: vscode.TextEditor): void {
    const placed = this.enabled ? this.byDocument.get(editor.document.uri.toString()) ?? [] : [];
    editor.setDecorations(this.type, placed.map((r) => decoration(editor.document, r)));
  }

  dispose(): void {
    this.type.dispose();
  }

  private render(documentUri: string): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === documentUri) this.renderEditor(editor);
    }
  }
}

function decoration(document: vscode.TextDocument, result: Placed): vscode.DecorationOptions {
  const end = document.lineAt(result.line).range.end;
  const hover = new vscode.MarkdownString();
  hover.appendCodeblock(result.full, "text");
  return { range: new vscode.Range(end, end), hoverMessage: hover, renderOptions: { after: { contentText: result.text } } };
}
