// The status bar item's text and tooltip for a document's session. Pure, unit-tested.

import type { EvaluationOutcome } from "./evaluationClient";

export type SessionState =
  | { kind: "none" }
  | { kind: "busy" }
  | { kind: "idle"; elapsedMs: number; error: boolean; interrupted: boolean };

export interface StatusText {
  text: string;
  tooltip: string;
}

export function statusText(state: SessionState): StatusText {
  switch (state.kind) {
    case "none":
      return { text: "$(circle-outline) Autograd Lens", tooltip: "Autograd Lens: no session yet for this file. Click for actions." };
    case "busy":
      return { text: "$(sync~spin) Autograd Lens: running", tooltip: "Autograd Lens: evaluating. Click to interrupt or for other actions." };
    case "idle": {
      const time = formatDuration(state.elapsedMs);
      const icon = state.error ? "$(error)" : state.interrupted ? "$(debug-pause)" : "$(check)";
      const outcome = state.interrupted ? "interrupted" : state.error ? "raised an error" : "finished";
      return { text: `${icon} Autograd Lens: ${time}`, tooltip: `Autograd Lens: session idle; the last run ${outcome} in ${time}. Click for actions.` };
    }
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1) return "<1 ms";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The session's state once an evaluation is over: a reset worker lost it; a failed or skipped run left it as it was. */
export function sessionStateAfter(outcome: EvaluationOutcome, before: SessionState): SessionState {
  switch (outcome.kind) {
    case "completed": {
      const { result } = outcome;
      return { kind: "idle", elapsedMs: result.elapsedMs, error: result.cells.some((c) => c.error !== null), interrupted: result.interrupted };
    }
    case "reset":
      return { kind: "none" };
    default:
      return before;
  }
}
