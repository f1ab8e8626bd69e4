// The Lens composes the extension's services (worker client, results store, output channel, panel,
// inline results, diagnostics, status bar) and implements the command handlers. It owns its
// disposables; extension.ts owns the Lens.

import * as path from "node:path";
import * as vscode from "vscode";
import type { DocumentRef } from "../protocol";
import type { EvaluationResult } from "../result";
import type { CommandContext, CommandId } from "./commands";
import { cellAt } from "./cells";
import {
  CONFIG_SECTION, INLINE_MAX_LENGTH_SETTING, INLINE_RESULTS_SETTING, inlineMaxLength, inlineResultsEnabled, TIME_LIMIT_SETTING,
  timeLimitSeconds,
} from "./config";
import { diagnosticsFor } from "./diagnostics";
import { EvaluationClient, type EvaluationOutcome } from "./evaluationClient";
import { GraphPanel } from "./graphPanel";
import { nodeLocation } from "./hoverMarkdown";
import { describeOutcome, formatEvaluation, formatHeading, formatOutcomeNote, type SnippetOrigin } from "./outputText";
import { InlineDecorations } from "./inlineDecorations";
import { inlineResults } from "./inlineResults";
import { Problems } from "./problems";
import { ResultStore } from "./resultStore";
import { dedent } from "./selection";
import { sessionStateAfter } from "./sessionStatus";
import { SessionStatusBar } from "./statusBar";

const OUTPUT_CHANNEL_NAME = "Autograd Lens";
const PROGRESS_TITLE = "Autograd Lens: evaluating…";

export class Lens implements CommandContext, vscode.Disposable {
  readonly store = new ResultStore();
  readonly inline = new InlineDecorations();
  readonly problems = new Problems();
  readonly status = new SessionStatusBar();
  private client: EvaluationClient | undefined;
  private output: vscode.OutputChannel | undefined;
  /** Aborting it interrupts the running (or queued) evaluation, by document. */
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly extensionUri: vscode.Uri) {
    this.readSettings();
  }

  /** Evaluates the selection, or the current line when nothing is selected, in its document's session. */
  async evaluateSelection(): Promise<void> {
    const editor = activeEditor("select the code to evaluate");
    if (!editor) return;
    const { document, selection } = editor;
    const range = selection.isEmpty ? document.lineAt(selection.active.line).range : fromLineStartIfIndented(document, selection);
    await this.evaluateRange(document, range, "nothing to evaluate on this line.");
  }

  /** Evaluates the `# %%` cell holding a 0-based line (a CodeLens's), else the cursor's cell. */
  async evaluateCell(line?: number): Promise<void> {
    const editor = activeEditor("put the cursor in a # %% cell");
    if (!editor) return;
    const { document } = editor;
    const span = cellAt(document.getText().split(/\r?\n/), line ?? editor.selection.active.line);
    const range = new vscode.Range(span.start, 0, span.end, document.lineAt(span.end).text.length);
    await this.evaluateRange(document, range, "this cell is empty.");
  }

  async evaluateFile(): Promise<void> {
    const editor = activeEditor("open the file to evaluate");
    if (!editor) return;
    const { document } = editor;
    const last = document.lineCount - 1;
    await this.evaluateRange(document, new vscode.Range(0, 0, last, document.lineAt(last).text.length), "the file is empty.");
  }

  /** Starts the active document's session over: its variables, results and diagnostics are gone. */
  resetSession(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document) return;
    this.running.get(document.uri.toString())?.abort();
    this.forget(document.uri);
    void vscode.window.showInformationMessage(`Autograd Lens: the session of ${documentName(document)} was reset.`);
  }

  /** Interrupts the active document's evaluation, as the progress notification's Cancel does. */
  interrupt(): void {
    const document = vscode.window.activeTextEditor?.document;
    const controller = document && this.running.get(document.uri.toString());
    if (controller) controller.abort();
    else void vscode.window.showInformationMessage("Autograd Lens: nothing is running.");
  }

  async sessionActions(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const busy = document !== undefined && this.running.has(document.uri.toString());
    const actions: { label: string; command: CommandId }[] = [
      ...(busy ? [{ label: "$(debug-stop) Interrupt", command: "autogradLens.interrupt" as const }] : []),
      { label: "$(run) Evaluate Cell", command: "autogradLens.evaluateCell" },
      { label: "$(run-all) Evaluate File", command: "autogradLens.evaluateFile" },
      { label: "$(type-hierarchy) Show Computation Graph", command: "autogradLens.showGraph" },
      { label: "$(debug-restart) Reset Session", command: "autogradLens.resetSession" },
    ];
    const picked = await vscode.window.showQuickPick(actions, { placeHolder: "Autograd Lens session" });
    if (picked) await vscode.commands.executeCommand(picked.command);
  }

  /** Settings are read again whenever they change. */
  readSettings(): void {
    this.inline.setEnabled(inlineResultsEnabled(vscode.workspace.getConfiguration(CONFIG_SECTION).get(INLINE_RESULTS_SETTING)));
  }

  showGraph(): void {
    GraphPanel.createOrShow(this.extensionUri, this.store);
  }

  /**
   * Shows the graph and selects the line that made a node in its document (or notebook cell): the
   * panel highlights the nodes of the selected lines.
   */
  async revealNode(documentUri: string, nodeId: string): Promise<void> {
    this.showGraph();
    const result = this.store.get(documentUri);
    const location = result && nodeLocation(result.graph, nodeId);
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === documentUri);
    if (!location || !document) return;
    const line = document.lineAt(Math.min(location.line, document.lineCount) - 1);
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Selection(line.range.start.translate(0, line.firstNonWhitespaceCharacterIndex), line.range.end),
    });
  }

  /** Runs source in a session (a notebook's), without the editor's progress notification and output channel. */
  runInSession(sessionUri: string, source: string, signal: AbortSignal): Promise<EvaluationOutcome> {
    return this.ensureClient().evaluate({
      documentUri: sessionUri, source, firstLine: 1, timeLimitMs: this.timeLimitSeconds() * 1000, signal,
    });
  }

  timeLimitSeconds(): number {
    return timeLimitSeconds(vscode.workspace.getConfiguration(CONFIG_SECTION).get(TIME_LIMIT_SETTING));
  }

  /** Saves the drawn graph; opens the panel first when it is closed (it exports once drawn). */
  exportGraph(format: "svg" | "dot"): void {
    GraphPanel.createOrShow(this.extensionUri, this.store).requestExport(format);
  }

  /** A document was closed or its session reset: drop its result, annotations and session. */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.store.delete(key);
    this.inline.clear(key);
    this.problems.clear(uri);
    this.status.forget(key);
    this.client?.disposeSession(key);
  }

  dispose(): void {
    this.client?.dispose();
    this.output?.dispose();
    this.inline.dispose();
    this.problems.dispose();
    this.status.dispose();
  }

  private async evaluateRange(document: vscode.TextDocument, range: vscode.Range, emptyMessage: string): Promise<void> {
    const source = dedent(document.getText(range).replace(/\r\n/g, "\n"));
    if (source.trim() === "") {
      void vscode.window.showInformationMessage(`Autograd Lens: ${emptyMessage}`);
      return;
    }
    const ref: DocumentRef = { uri: document.uri.toString(), name: documentName(document) };
    const origin: SnippetOrigin = { fileName: ref.name, firstLine: range.start.line + 1, source };
    const outcome = await this.evaluate(ref, origin);
    if (outcome.kind === "completed") this.annotate(document, outcome.result, range);
  }

  private async evaluate(document: DocumentRef, origin: SnippetOrigin): Promise<EvaluationOutcome> {
    const limitSeconds = this.timeLimitSeconds();
    const client = this.ensureClient();
    const abort = new AbortController();
    this.running.set(document.uri, abort);
    const before = this.status.state(document.uri);
    this.status.set(document.uri, { kind: "busy" });
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: PROGRESS_TITLE, cancellable: true },
      (_progress, token) => {
        const subscription = token.onCancellationRequested(() => abort.abort());
        return client
          .evaluate({
            documentUri: document.uri, source: origin.source, firstLine: origin.firstLine,
            timeLimitMs: limitSeconds * 1000, signal: abort.signal,
          })
          .finally(() => subscription.dispose());
      },
    );
    if (this.running.get(document.uri) === abort) this.running.delete(document.uri);
    this.status.set(document.uri, sessionStateAfter(outcome, before));
    this.report(document, origin, outcome, limitSeconds);
    return outcome;
  }

  /** Inline results and diagnostics of an evaluation of `range`. */
  private annotate(document: vscode.TextDocument, result: EvaluationResult, range: vscode.Range): void {
    const maxLength = inlineMaxLength(vscode.workspace.getConfiguration(CONFIG_SECTION).get(INLINE_MAX_LENGTH_SETTING));
    this.inline.update(document, inlineResults(result, maxLength), range.start.line + 1, range.end.line + 1);
    const lineText = (line: number) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined);
    this.problems.set(document, diagnosticsFor(result, lineText, range.start.line + 1));
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

function activeEditor(hint: string): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showInformationMessage(`Autograd Lens: open a Python file and ${hint}.`);
  return editor;
}

function documentName(document: vscode.TextDocument): string {
  return document.isUntitled ? document.uri.path : path.basename(document.uri.path);
}
