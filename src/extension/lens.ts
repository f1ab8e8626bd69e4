// The Lens composes the extension's services (worker client, results store, output channel, panel)
// and implements the command handlers. It owns its disposables; extension.ts owns the Lens.

import * as path from "node:path";
import * as vscode from "vscode";
import type { DocumentRef } from "../protocol";
import type { CommandContext } from "./commands";
import { CONFIG_SECTION, TIME_LIMIT_SETTING, timeLimitSeconds } from "./config";
import { EvaluationClient, type EvaluationOutcome } from "./evaluationClient";
import { GraphPanel } from "./graphPanel";
import { describeOutcome, formatEvaluation, formatHeading, formatOutcomeNote, type SnippetOrigin } from "./outputText";
import { ResultStore } from "./resultStore";
import { dedent } from "./selection";

const OUTPUT_CHANNEL_NAME = "Autograd Lens";
const PROGRESS_TITLE = "Autograd Lens: evaluating…";

export class Lens implements CommandContext, vscode.Disposable {
  readonly store = new ResultStore();
  private client: EvaluationClient | undefined;
  private output: vscode.OutputChannel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Evaluates the selection, or the current line when nothing is selected, in its document's session. */
  async evaluateSelection(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage("Autograd Lens: open a Python file and select the code to evaluate.");
      return;
    }
    const { document, selection } = editor;
    const range = selection.isEmpty ? document.lineAt(selection.active.line).range : fromLineStartIfIndented(document, selection);
    const source = dedent(document.getText(range).replace(/\r\n/g, "\n"));
    if (source.trim() === "") {
      void vscode.window.showInformationMessage("Autograd Lens: nothing to evaluate on this line.");
      return;
    }
    const ref: DocumentRef = { uri: document.uri.toString(), name: documentName(document) };
    await this.evaluate(ref, { fileName: ref.name, firstLine: range.start.line + 1, source });
  }

  showGraph(): void {
    GraphPanel.createOrShow(this.extensionUri, this.store);
  }

  /** Saves the drawn graph; opens the panel first when it is closed (it exports once drawn). */
  exportGraph(format: "svg" | "dot"): void {
    GraphPanel.createOrShow(this.extensionUri, this.store).requestExport(format);
  }

  /** A document was closed: drop its result and its session. */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.store.delete(key);
    this.client?.disposeSession(key);
  }

  dispose(): void {
    this.client?.dispose();
    this.output?.dispose();
  }

  private async evaluate(document: DocumentRef, origin: SnippetOrigin): Promise<void> {
    const limitSeconds = timeLimitSeconds(vscode.workspace.getConfiguration(CONFIG_SECTION).get(TIME_LIMIT_SETTING));
    const client = this.ensureClient();
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: PROGRESS_TITLE, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        return client
          .evaluate({
            documentUri: document.uri, source: origin.source, firstLine: origin.firstLine,
            timeLimitMs: limitSeconds * 1000, signal: abort.signal,
          })
          .finally(() => subscription.dispose());
      },
    );
    this.report(document, origin, outcome, limitSeconds);
  }

  /** Stores the result, prints it to the output channel, and notifies errors and interruptions. */
  private report(document: DocumentRef, origin: SnippetOrigin, outcome: EvaluationOutcome, limitSeconds: number): void {
    if (outcome.kind === "skipped") return;
    if (outcome.kind === "completed") this.store.set(document, outcome.result);
    // The worker and every document's session are gone: results would describe variables that no longer exist.
    if (outcome.kind === "reset") this.store.clear();

    const output = this.ensureOutput();
    const printed = outcome.kind === "completed" ? formatEvaluation(outcome.result, origin) : formatHeading(origin);
    output.append(printed + formatOutcomeNote(outcome, limitSeconds));
    output.show(true);

    const notice = describeOutcome(outcome, limitSeconds);
    if (!notice) return;
    const message = `Autograd Lens: ${notice.message}`;
    if (notice.severity === "error") void vscode.window.showErrorMessage(message);
    else if (notice.severity === "warning") void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
  }

  private ensureClient(): EvaluationClient {
    this.client ??= new EvaluationClient({ workerPath: vscode.Uri.joinPath(this.extensionUri, "dist", "worker.js").fsPath });
    return this.client;
  }

  private ensureOutput(): vscode.OutputChannel {
    this.output ??= vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
    return this.output;
  }
}

/** A selection starting after only whitespace starts at column 0, so dedent sees its indentation. */
function fromLineStartIfIndented(document: vscode.TextDocument, selection: vscode.Selection): vscode.Range {
  const before = document.lineAt(selection.start.line).text.slice(0, selection.start.character);
  return before.trim() === "" ? selection.with(selection.start.with({ character: 0 })) : selection;
}

function documentName(document: vscode.TextDocument): string {
  return document.isUntitled ? document.uri.path : path.basename(document.uri.path);
}
