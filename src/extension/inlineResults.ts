// What each line shows after an evaluation: its printed output and its displayed value, as short
// one-line texts for inline decorations, with the whole text for their hover. Pure, unit-tested.

import type { EvaluationResult } from "../result";

export interface InlineResult {
  /** 1-based document line. */
  line: number;
  /** One line, cut with an ellipsis to the maximum length. */
  text: string;
  /** Everything the line produced. */
  full: string;
}

export const DEFAULT_INLINE_LENGTH = 80;
const PRINTED_MARK = "» ";
const DISPLAY_MARK = "→ ";
/** Shown between the lines of a multi-line output when it is folded onto one line. */
const LINE_JOIN = " ⏎ ";

export function inlineResults(result: EvaluationResult, maxLength = DEFAULT_INLINE_LENGTH): InlineResult[] {
  const byLine = new Map<number, string[]>();
  const add = (line: number, text: string) => {
    const parts = byLine.get(line);
    if (parts) parts.push(text);
    else byLine.set(line, [text]);
  };
  for (const cell of result.cells) {
    for (const output of cell.lineOutputs ?? []) add(output.line, PRINTED_MARK + output.text.replace(/\n$/, ""));
    if (cell.display !== null && cell.displayLine !== undefined) add(cell.displayLine, DISPLAY_MARK + cell.display);
  }
  return [...byLine].sort(([a], [b]) => a - b).map(([line, parts]) => {
    const full = parts.join("\n");
    return { line, text: truncate(foldLines(full), maxLength), full };
  });
}

/** Several lines on one: consecutive writes of a loop stay apart, runs of spaces shrink. */
export function foldLines(text: string): string {
  return text.split("\n").map((line) => line.replace(/\s+/g, " ").trim()).filter((line) => line !== "").join(LINE_JOIN);
}

export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return text.slice(0, Math.max(0, maxLength - 1)).trimEnd() + "…";
}
