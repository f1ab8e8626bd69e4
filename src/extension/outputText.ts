// Text for the "Autograd Lens" output channel and the notifications: what Python and Jupyter print.
// Pure functions of plain data, unit-tested in test/extension/outputText.test.ts.

import type { CellResult, EvaluationResult } from "../result";
import type { EvaluationOutcome, StopReason } from "./evaluationClient";

/** Where an evaluated snippet came from, for headings and tracebacks. */
export interface SnippetOrigin {
  /** Short document name, e.g. `example.py`. */
  fileName: string;
  /** 1-based document line of the snippet's first line. */
  firstLine: number;
  /** The evaluated source, to quote the failing line as Python does. */
  source: string;
}

/** Heading written before each evaluation's output, e.g. `── example.py:3-7 ──`. */
export function formatHeading(origin: SnippetOrigin): string {
  const lineCount = trimFinalNewline(origin.source).split("\n").length;
  const lastLine = origin.firstLine + lineCount - 1;
  const lines = lastLine > origin.firstLine ? `${origin.firstLine}-${lastLine}` : `${origin.firstLine}`;
  return `── ${origin.fileName}:${lines} ──\n`;
}

/**
 * One cell as Jupyter shows it: stdout, then warnings (Python writes them to stderr), then the
 * display repr; an error as a short traceback ending in `ExceptionType: message`.
 */
export function formatCell(cell: CellResult, origin: SnippetOrigin): string {
  let text = withFinalNewline(cell.stdout);
  for (const warning of cell.warnings) text += withFinalNewline(warning);
  if (cell.display !== null) text += withFinalNewline(cell.display);
  if (cell.error !== null) text += formatError(cell, origin);
  return text;
}

/** Heading, then every cell. */
export function formatEvaluation(result: EvaluationResult, origin: SnippetOrigin): string {
  return formatHeading(origin) + result.cells.map((cell) => formatCell(cell, origin)).join("");
}

/** The first cell error of a result, with its document line when known: "NameError: ... (line 5)". */
export function firstError(result: EvaluationResult): string | undefined {
  const cell = result.cells.find((candidate) => candidate.error !== null);
  if (!cell?.error) return undefined;
  if (!cell.errorLocation) return cell.error;
  return `${cell.error} (line ${cell.errorLocation.line})`;
}

export type Severity = "error" | "warning" | "information";

export interface Notice {
  severity: Severity;
  /** Shown as a notification, prefixed with "Autograd Lens: ". */
  message: string;
}

/** What to tell the user about an outcome, beyond the output channel; undefined when nothing. */
export function describeOutcome(outcome: EvaluationOutcome, timeLimitSeconds: number): Notice | undefined {
  switch (outcome.kind) {
    case "skipped":
      return undefined;
    case "failed":
      return { severity: "error", message: `internal error: ${firstLineOf(outcome.message)}` };
    case "reset":
      if (outcome.reason === "crashed") {
        return { severity: "error", message: `the evaluation worker stopped (${outcome.message ?? "unknown reason"}); the session was reset` };
      }
      return { severity: "warning", message: `${interruptedText(outcome.reason, timeLimitSeconds)}; the session was reset` };
    case "completed":
      if (outcome.result.interrupted && outcome.stoppedBy) {
        return { severity: outcome.stoppedBy === "timeLimit" ? "warning" : "information",
          message: interruptedText(outcome.stoppedBy, timeLimitSeconds) };
      }
      {
        const error = firstError(outcome.result);
        return error === undefined ? undefined : { severity: "error", message: error };
      }
  }
}

/** A line for the output channel for outcomes that have no cells to print. */
export function formatOutcomeNote(outcome: EvaluationOutcome, timeLimitSeconds: number): string {
  if (outcome.kind === "completed" && !(outcome.result.interrupted && outcome.stoppedBy)) return "";
  if (outcome.kind === "failed") return `[internal error]\n${withFinalNewline(outcome.message)}`;
  const notice = describeOutcome(outcome, timeLimitSeconds);
  return notice ? `[${notice.message}]\n` : "";
}

function interruptedText(reason: StopReason, timeLimitSeconds: number): string {
  return reason === "timeLimit"
    ? `evaluation interrupted: time limit of ${timeLimitSeconds} s reached`
    : "evaluation interrupted";
}

const syntaxErrors = new Set(["SyntaxError", "IndentationError", "TabError"]);

function formatError(cell: CellResult, origin: SnippetOrigin): string {
  const error = cell.error ?? "";
  const location = cell.errorLocation;
  if (!location) return withFinalNewline(error);
  // Locations are document lines (the session was given firstLine); the snippet starts at firstLine.
  const code = trimFinalNewline(origin.source).split("\n")[location.line - origin.firstLine];
  const file = `  File "${origin.fileName}", line ${location.line}`;
  const exceptionType = error.split(":", 1)[0];
  if (syntaxErrors.has(exceptionType)) {
    // Python shows the line and a caret under the offending column, without a traceback header.
    if (code === undefined) return `${file}\n${withFinalNewline(error)}`;
    const indent = code.length - code.trimStart().length;
    const caret = " ".repeat(Math.max(0, location.column - 1 - indent));
    return `${file}\n    ${code.trim()}\n    ${caret}^\n${withFinalNewline(error)}`;
  }
  const quoted = code === undefined || code.trim() === "" ? "" : `    ${code.trim()}\n`;
  return `Traceback (most recent call last):\n${file}, in <module>\n${quoted}${withFinalNewline(error)}`;
}

function withFinalNewline(text: string): string {
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}

function trimFinalNewline(text: string): string {
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}

function firstLineOf(text: string): string {
  return text.split("\n", 1)[0];
}
