// The last EvaluationResult of each document: the only data the hover and the graph panel read.
// Plain data and a tiny event, no `vscode`, so it is unit-tested in plain Node.

import type { DocumentRef, GraphSnapshot } from "../protocol";
import type { EvaluationResult } from "../result";

export interface Disposable {
  dispose(): void;
}

export class ResultStore {
  /** In order of evaluation, most recent last. */
  private readonly results = new Map<string, GraphSnapshot>();
  private readonly listeners = new Set<() => void>();

  /** The last result of a document, by `Uri.toString()`. */
  get(documentUri: string): EvaluationResult | undefined {
    return this.results.get(documentUri)?.result;
  }

  /** The most recent evaluation of any document still known: what the graph panel shows. */
  get latest(): GraphSnapshot | undefined {
    let latest: GraphSnapshot | undefined;
    for (const snapshot of this.results.values()) latest = snapshot;
    return latest;
  }

  set(document: DocumentRef, result: EvaluationResult): void {
    this.results.delete(document.uri);
    this.results.set(document.uri, { document, result });
    this.fire();
  }

  /** Forgets a document's result, e.g. when it is closed. */
  delete(documentUri: string): void {
    if (this.results.delete(documentUri)) this.fire();
  }

  /** Forgets everything, e.g. when the worker and with it every session was reset. */
  clear(): void {
    if (this.results.size === 0) return;
    this.results.clear();
    this.fire();
  }

  /** Called after every change. */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
