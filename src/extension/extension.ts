// Entry point. activate() only registers things: the command table, the hover, CodeLens and quick
// fixes, the listeners that keep inline results and diagnostics in step, the panel serializer, the
// notebook controller.
// The worker, the output channel and the panel are created on first use.

import * as vscode from "vscode";
import { GRAPH_VIEW_TYPE } from "../protocol";
import type { EvaluationResult } from "../result";
import { CellCodeLensProvider } from "./codeLens";
import { type CommandSpec, commands } from "./commands";
import { CONFIG_SECTION } from "./config";
import { GraphPanel } from "./graphPanel";
import { type HoverSource, VariableHoverProvider } from "./hover";
import { Lens } from "./lens";
import { NotebookKernel, notebookOf } from "./notebookController";
import { Problems } from "./problems";

/** What activate() returns; the electron tests use it to read the results store. */
export interface AutogradLensApi {
  /** The last result of a document, by `Uri.toString()`. */
  resultFor(documentUri: string): EvaluationResult | undefined;
}

export function activate(context: vscode.ExtensionContext): AutogradLensApi {
  const lens = new Lens(context.extensionUri);
  const kernel = new NotebookKernel(lens);
  context.subscriptions.push(lens, kernel);
  // A notebook cell reads its notebook's session; a Python file its own.
  const hoverSource = (document: vscode.TextDocument): HoverSource | undefined => {
    if (notebookOf(document)) return kernel.hoverSource(document);
    const documentUri = document.uri.toString();
    const result = lens.store.get(documentUri);
    return result && { result, documentUri, own: { result, sinceBackward: 0 } };
  };

  for (const [id, spec] of Object.entries(commands) as [string, CommandSpec][]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => spec.handler(lens, ...args)));
  }
  context.subscriptions.push(
    vscode.languages.registerHoverProvider({ language: "python" }, new VariableHoverProvider(hoverSource)),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        GraphPanel.revive(panel, context.extensionUri, lens.store);
      },
    }),
    vscode.workspace.onDidCloseTextDocument((document) => lens.forget(document.uri)),
    vscode.languages.registerCodeLensProvider({ language: "python" }, new CellCodeLensProvider()),
    vscode.languages.registerCodeActionsProvider({ language: "python" }, lens.problems, {
      providedCodeActionKinds: Problems.providedCodeActionKinds,
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      lens.inline.edited(event);
      lens.problems.edited(event);
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => lens.inline.renderEditor(editor))),
    vscode.window.onDidChangeActiveTextEditor(() => lens.status.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(CONFIG_SECTION)) lens.readSettings();
    }),
  );
  return { resultFor: (documentUri) => lens.store.get(documentUri) };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
