// "Run Cell | Show Graph" above each `# %%` line of a Python file (VS Code asks again after edits).

import * as vscode from "vscode";
import { cellSpans } from "./cells";

export class CellCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lines = document.getText().split(/\r?\n/);
    return cellSpans(lines).filter((span) => span.marked).flatMap((span) => {
      const range = new vscode.Range(span.start, 0, span.start, 0);
      return [
        new vscode.CodeLens(range, { title: "Run Cell", command: "autogradLens.evaluateCell", arguments: [span.start] }),
        new vscode.CodeLens(range, { title: "Show Graph", command: "autogradLens.showGraph" }),
      ];
    });
  }
}
