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

/** Messages the extension host posts to the webview. */
export type ToWebviewMessage =
  /** The last evaluation's graph; `null` when there is none (e.g. after the session was reset). */
  { type: "graph"; snapshot: GraphSnapshot | null };

/** Messages the webview posts to the extension host. */
export type FromWebviewMessage =
  /** The webview's script has loaded and wants the current graph. */
  | { type: "ready" }
  /** The user clicked a node with a location: reveal that 1-based line of the document. */
  | { type: "revealLine"; uri: string; line: number };

/** What the webview keeps with `setState`, so a hidden or revived panel redraws without the host. */
export interface PanelState {
  snapshot: GraphSnapshot | null;
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
      return typeof message.uri === "string" && Number.isInteger(message.line) && (message.line as number) >= 1;
    default:
      return false;
  }
}
