// The "Autograd Lens" notebook controller: runs the code cells of `.ipynb` notebooks (VS Code's
// built-in ipynb serializer opens them) with the bundled engine, one session per notebook, like a
// Jupyter kernel. Outputs are Jupyter's (stdout, text/plain, error); each cell's result goes to the
// results store under the cell's URI, so the graph panel shows the cell that ran or was selected last.

import * as path from "node:path";
import * as vscode from "vscode";
import type { EvaluationResult } from "../result";
import type { EvaluationOutcome } from "./evaluationClient";
import type { HoverSource } from "./hover";
import type { Lens } from "./lens";
import { notebookOutputs, type NotebookOutputPart } from "./notebookOutputs";
import { describeOutcome } from "./outputText";

export const NOTEBOOK_CONTROLLER_ID = "autogradLens.notebook";
const NOTEBOOK_TYPE = "jupyter-notebook";

/** A cell's last run: its result, and the first backward pass id that run could have made. */
interface CellRun {
  result: EvaluationResult;
  sinceBackward: number;
}

export class NotebookKernel implements vscode.Disposable {
  private readonly controller = vscode.notebooks.createNotebookController(NOTEBOOK_CONTROLLER_ID, NOTEBOOK_TYPE, "Autograd Lens");
  private readonly disposables: vscode.Disposable[] = [];
  /** Jupyter's execution counter, by notebook URI. */
  private readonly executionCount = new Map<string, number>();
  /** The runs in flight of each notebook, so Interrupt stops them all. */
  private readonly running = new Map<string, Set<AbortController>>();
  /** By cell document URI. */
  private readonly cellRuns = new Map<string, CellRun>();
  /** Each notebook's most recent run: its result holds the session's current variables. */
  private readonly latest = new Map<string, { cellUri: string; run: CellRun }>();

  constructor(private readonly lens: Lens) {
    this.controller.supportedLanguages = ["python"];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = "PyTorch autograd, bundled: no Python needed";
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    this.controller.interruptHandler = (notebook) => {
      for (const abort of this.running.get(notebook.uri.toString()) ?? []) abort.abort();
    };
    this.disposables.push(
      this.controller,
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.forget(notebook)),
      // The graph panel follows the selected cell: its last run becomes the store's latest.
      vscode.window.onDidChangeNotebookEditorSelection((event) => {
        const cell = event.selections[0] && !event.selections[0].isEmpty ? event.notebookEditor.notebook.cellAt(event.selections[0].start) : undefined;
        const key = cell?.document.uri.toString();
        const run = key && this.cellRuns.get(key);
        if (!cell || !run || this.lens.store.latest?.document.uri === key) return;
        this.lens.store.set(cellRef(cell), run.result);
      }),
    );
  }

  /** What hovers in a notebook cell read: the notebook's latest result, and this cell's own last run. */
  hoverSource(document: vscode.TextDocument): HoverSource | undefined {
    const notebook = notebookOf(document);
    const latest = notebook && this.latest.get(notebook.uri.toString());
    if (!latest) return undefined;
    return { result: latest.run.result, documentUri: latest.cellUri, own: this.cellRuns.get(document.uri.toString()) };
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const abort = new AbortController();
    const runs = this.running.get(key) ?? new Set<AbortController>();
    runs.add(abort);
    this.running.set(key, runs);
    // Created up front, so the cells queued behind the first show as pending.
    const executions = cells.map((cell) => this.controller.createNotebookCellExecution(cell));
    try {
      let stopped = false;
      for (const execution of executions) {
        // As in Jupyter, an error or an interrupt stops the cells queued after it.
        if (stopped || abort.signal.aborted) execution.end(undefined);
        else stopped = !(await this.run(execution, key, abort));
      }
    } finally {
      runs.delete(abort);
      if (runs.size === 0) this.running.delete(key);
    }
  }

  /** Runs one cell; false when it failed or was interrupted. */
  private async run(execution: vscode.NotebookCellExecution, notebookKey: string, abort: AbortController): Promise<boolean> {
    const cell = execution.cell;
    const count = (this.executionCount.get(notebookKey) ?? 0) + 1;
    this.executionCount.set(notebookKey, count);
    execution.executionOrder = count;
    const cancel = execution.token.onCancellationRequested(() => abort.abort());
    execution.start(Date.now());
    await execution.clearOutput();
    const sinceBackward = nextBackwardId(this.latest.get(notebookKey)?.run.result);
    const outcome = await this.lens.runInSession(notebookKey, cell.document.getText(), abort.signal);
    cancel.dispose();
    if (outcome.kind === "skipped") {
      execution.end(undefined);
      return false;
    }
    const parts = this.record(outcome, cell, notebookKey, sinceBackward);
    await execution.replaceOutput(parts.map(toCellOutput));
    const success = outcome.kind === "completed" && outcome.result.cells.every((c) => c.error === null);
    execution.end(success, Date.now());
    return success;
  }

  /** Stores a completed run for the panel and hovers; the outputs to show for any outcome. */
  private record(outcome: Exclude<EvaluationOutcome, { kind: "skipped" }>, cell: vscode.NotebookCell, notebookKey: string, sinceBackward: number): NotebookOutputPart[] {
    if (outcome.kind === "completed") {
      const run = { result: outcome.result, sinceBackward };
      const cellUri = cell.document.uri.toString();
      this.cellRuns.set(cellUri, run);
      this.latest.set(notebookKey, { cellUri, run });
      this.lens.store.set(cellRef(cell), outcome.result);
      return outcome.result.cells.flatMap(notebookOutputs);
    }
    if (outcome.kind === "reset") {
      // The worker was restarted: every session, the notebooks' too, starts over.
      this.cellRuns.clear();
      this.latest.clear();
      this.lens.store.clear();
    }
    const message = describeOutcome(outcome, this.lens.timeLimitSeconds())?.message ?? "the evaluation failed";
    return [{ kind: "error", name: outcome.kind === "failed" ? "InternalError" : "KernelReset", message, stack: message }];
  }

  private forget(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    for (const cell of notebook.getCells()) this.cellRuns.delete(cell.document.uri.toString());
    this.latest.delete(key);
    this.executionCount.delete(key);
    this.lens.forget(notebook.uri);
  }
}

function toCellOutput(part: NotebookOutputPart): vscode.NotebookCellOutput {
  switch (part.kind) {
    case "stdout":
      return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stdout(part.text)]);
    case "stderr":
      return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stderr(part.text)]);
    case "display":
      return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(part.text, "text/plain")]);
    case "error":
      return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: part.name, message: part.message, stack: part.stack })]);
  }
}

/** The first backward pass id a run after `result` can make: the engine numbers passes in order. */
function nextBackwardId(result: EvaluationResult | undefined): number {
  let next = 0;
  for (const event of result?.events ?? []) if (event.kind === "backward") next = Math.max(next, event.id + 1);
  return next;
}

/** The notebook a cell's document belongs to, if it is a cell's. */
export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== "vscode-notebook-cell") return undefined;
  return vscode.workspace.notebookDocuments.find((notebook) => notebook.getCells().some((cell) => cell.document === document));
}

/** How the store and the panel name a cell: `example.ipynb [3]`, by its 1-based position. */
function cellRef(cell: vscode.NotebookCell): { uri: string; name: string } {
  return { uri: cell.document.uri.toString(), name: `${path.basename(cell.notebook.uri.path)} [${cell.index + 1}]` };
}
