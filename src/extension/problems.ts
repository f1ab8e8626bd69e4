// Errors and warnings of evaluations as diagnostics in the Problems view, with their quick fixes.
// What they say and fix comes from diagnostics.ts; this is the vscode glue, which keeps them per
// document and drops those on lines the user edits.

import * as vscode from "vscode";
import type { DiagnosticSpec } from "./diagnostics";
import { afterEdits, lineEdits } from "./lineAnnotations";

const SOURCE = "Autograd Lens";

export class Problems implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection("autogradLens");
  private readonly specs = new Map<string, DiagnosticSpec[]>();
  /** The fixes of each diagnostic shown, found again when VS Code asks for code actions. */
  private readonly fixes = new WeakMap<vscode.Diagnostic, DiagnosticSpec>();

  /** The diagnostics of a document's last evaluation; earlier ones are replaced. */
  set(document: vscode.TextDocument, specs: DiagnosticSpec[]): void {
    this.specs.set(document.uri.toString(), specs);
    this.render(document.uri, specs);
  }

  edited(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const specs = this.specs.get(key);
    if (!specs || specs.length === 0 || event.contentChanges.length === 0) return;
    const kept = afterEdits(specs, lineEdits(event));
    this.specs.set(key, kept);
    this.render(event.document.uri, kept);
  }

  clear(uri: vscode.Uri): void {
    this.specs.delete(uri.toString());
    this.collection.delete(uri);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.flatMap((diagnostic) => (this.fixes.get(diagnostic)?.fixes ?? []).map((fix) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.insert(document.uri, new vscode.Position(fix.line, fix.column), fix.text);
      action.diagnostics = [diagnostic];
      action.isPreferred = fix.preferred;
      return action;
    }));
  }

  dispose(): void {
    this.collection.dispose();
  }

  private render(uri: vscode.Uri, specs: DiagnosticSpec[]): void {
    this.collection.set(uri, specs.map((spec) => {
      const end = spec.endColumn === undefined ? new vscode.Position(spec.endLine, Number.MAX_SAFE_INTEGER) : new vscode.Position(spec.endLine, spec.endColumn);
      const severity = spec.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(spec.line, spec.column, end.line, end.character), spec.message, severity);
      diagnostic.source = SOURCE;
      this.fixes.set(diagnostic, spec);
      return diagnostic;
    }));
  }
}
