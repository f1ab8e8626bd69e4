// The only types that cross the webview boundary. Both the extension host (src/extension/graphPanel.ts)
// and the webview bundle (media/panel.ts) import this module, so a message is declared exactly once.
// Everything here is plain JSON: no class instances, no functions, no vscode types.

import type { EvaluationResult } from "./result";

/** The document an evaluation ran in, as the panel needs to name it and jump back to it. */
export interface DocumentRef {
  /** `vscode.Uri.toString()` of the document. */
  uri: string;
  /** Short name for headings, e.g. `example.py` or `Untitled-1`. */
  name: string;
}

/** What the panel shows: the last evaluation and where it ran, or nothing yet. */
export interface GraphSnapshot {
  document: DocumentRef;
  result: EvaluationResult;
}

/** The formats the graph exports to. */
export type ExportFormat = "svg" | "dot";

/** Messages the extension host posts to the webview. */
export type ToWebviewMessage =
  /** The last evaluation's graph; `null` when there is none (e.g. after the session was reset). */
  | { type: "graph"; snapshot: GraphSnapshot | null }
  /** The editor's selection in `uri` covers these 1-based lines: highlight the nodes made there. */
  | { type: "highlightLines"; uri: string; lines: number[] }
  /** An export command ran: answer with an `export` message holding the drawn graph. */
  | { type: "requestExport"; format: ExportFormat };

/** Messages the webview posts to the extension host. */
export type FromWebviewMessage =
  /** The webview's script has loaded and wants the current graph. */
  | { type: "ready" }
  /**
   * The user clicked a node with a location: reveal that 1-based line of the document and select
   * from `column` (1-based, when known) to the end of the line or to `endLine`/`endColumn`.
   */
  | { type: "revealLine"; uri: string; line: number; column?: number; endLine?: number; endColumn?: number }
  /** The drawn graph as SVG or DOT text, to save to a file the user picks. */
  | { type: "export"; format: ExportFormat; content: string; fileName: string };

/** What the webview keeps with `setState`, so a hidden or revived panel redraws without the host. */
export interface PanelState {
  snapshot: GraphSnapshot | null;
  /** What the user was looking at, restored with the graph. */
  view?: PanelViewState;
}

export interface PanelViewState {
  /** Id of the tensor whose graph is drawn; `"*"` for the whole graph. */
  output?: string;
  /** Group nodes the user expanded. */
  expanded?: string[];
  /** The backward pass in the stepper and the 0-based step shown (-1: before the first). */
  pass?: number;
  step?: number;
}

/** The panel's webview type: used by `createWebviewPanel`, the serializer and `onWebviewPanel:`. */
export const GRAPH_VIEW_TYPE = "autogradLens.graph";

/** Narrows an unknown value received from the webview to a message we understand. */
export function isFromWebviewMessage(value: unknown): value is FromWebviewMessage {
  if (typeof value !== "object" || value === null) return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case "ready":
      return true;
    case "revealLine":
      return typeof message.uri === "string" && isPositiveInteger(message.line)
        && [message.column, message.endLine, message.endColumn].every((v) => v === undefined || isPositiveInteger(v));
    case "export":
      return (message.format === "svg" || message.format === "dot") && typeof message.content === "string"
        && typeof message.fileName === "string";
    default:
      return false;
  }
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}
