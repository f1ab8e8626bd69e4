// Entry point. activate() only registers things: the command table, the hover, the panel serializer.
// The worker, the output channel and the panel are created on first use.

import * as vscode from "vscode";
import { GRAPH_VIEW_TYPE } from "../protocol";
import type { EvaluationResult } from "../result";
import { commands } from "./commands";
import { GraphPanel } from "./graphPanel";
import { VariableHoverProvider } from "./hover";
import { Lens } from "./lens";

/** What activate() returns; the electron tests use it to read the results store. */
export interface AutogradLensApi {
  /** The last result of a document, by `Uri.toString()`. */
  resultFor(documentUri: string): EvaluationResult | undefined;
}

export function activate(context: vscode.ExtensionContext): AutogradLensApi {
  const lens = new Lens(context.extensionUri);
  context.subscriptions.push(lens);

  for (const [id, spec] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, () => spec.handler(lens)));
  }
  context.subscriptions.push(
    vscode.languages.registerHoverProvider({ language: "python" }, new VariableHoverProvider(lens.store)),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        GraphPanel.revive(panel, context.extensionUri, lens.store);
      },
    }),
    vscode.workspace.onDidCloseTextDocument((document) => lens.forget(document.uri)),
  );
  return { resultFor: (documentUri) => lens.store.get(documentUri) };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
