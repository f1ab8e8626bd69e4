// An evaluation's errors and warnings as editor diagnostics, each with the quick fixes that apply.
// Pure: it reads the result and the document's lines, and returns plain data the vscode glue turns
// into Diagnostics and CodeActions. Unit-tested on recorded results.

import { buildViewGraph } from "../../media/model/graph";
import { accumulationWarnings } from "../../media/model/warnings";
import { optimizerWarnings } from "../../media/model/optimizerWarnings";
import type { EvaluationResult, SourceLocation } from "../result";
import { explained } from "./explanations";
import { addRetainGraphFix, insertLineBeforeFix, type TextFix } from "./quickFixes";

export type DiagnosticSeverity = "error" | "warning";

export interface DiagnosticSpec {
  severity: DiagnosticSeverity;
  /** 0-based range in the document; `endColumn` undefined means the end of `endLine`. */
  line: number;
  column: number;
  endLine: number;
  endColumn?: number;
  message: string;
  fixes: TextFix[];
}

/** The document's lines, 0-based; undefined past its end. */
export type LineText = (line: number) => string | undefined;

export function diagnosticsFor(result: EvaluationResult, lineText: LineText, firstLine: number): DiagnosticSpec[] {
  const specs: DiagnosticSpec[] = [];
  for (const cell of result.cells) {
    if (cell.error && cell.error !== "KeyboardInterrupt") {
      const at = cell.errorLocation ?? { line: firstLine, column: 1 };
      specs.push({ ...range(at, lineText), severity: "error", message: explained(cell.error), fixes: errorFixes(cell.error, result, at, lineText) });
    }
    // A warning whose line is unknown sits on the evaluated code's first line.
    cell.warnings.forEach((warning, i) => {
      const line = (cell.warningLines?.[i] ?? firstLine) - 1;
      specs.push(warningAt(line, lineText, explained(warning), []));
    });
  }
  return [...specs, ...accumulationDiagnostics(result, lineText)];
}

/** The raising expression when known, else the rest of the line's code (not its comment). */
function range(at: SourceLocation, lineText: LineText): Pick<DiagnosticSpec, "line" | "column" | "endLine" | "endColumn"> {
  const line = at.line - 1;
  if (at.endLine !== undefined && at.endColumn !== undefined) {
    return { line, column: at.column - 1, endLine: at.endLine - 1, endColumn: at.endColumn - 1 };
  }
  const text = lineText(line);
  const column = text === undefined ? at.column - 1 : Math.max(at.column - 1, text.length - text.trimStart().length);
  return { line, column, endLine: line, endColumn: text === undefined ? undefined : Math.max(column, codeEnd(text)) };
}

/** Where a line's code ends: before a trailing `# comment` (outside strings) and whitespace. */
export function codeEnd(text: string): number {
  let quote: string | undefined;
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#") {
      end = i;
      break;
    }
  }
  return text.slice(0, end).trimEnd().length;
}

function errorFixes(error: string, result: EvaluationResult, at: SourceLocation, lineText: LineText): TextFix[] {
  if (!error.includes("backward through the graph a second time")) return [];
  // The pass that freed the graph is the one before the failing pass; it needs retain_graph=True.
  const passes = result.events.filter((e) => e.kind === "backward" && !e.retainGraph);
  const earlier = passes.length >= 2 ? passes[passes.length - 2].site?.line : undefined;
  const line = (earlier ?? at.line) - 1;
  const fix = addRetainGraphFix(line, lineText(line));
  return fix ? [fix] : [];
}

/** The gradient accumulation warnings of the graph panel, on the backward() they are about. */
function accumulationDiagnostics(result: EvaluationResult, lineText: LineText): DiagnosticSpec[] {
  const graph = buildViewGraph(result);
  const specs: DiagnosticSpec[] = [];
  for (const warning of accumulationWarnings(result, graph)) {
    const line = warning.lines[warning.lines.length - 1];
    if (line === undefined) continue;
    const name = /^(\S+)\.grad accumulated/.exec(warning.title)?.[1];
    const fixes = name
      ? [insertLineBeforeFix(line - 1, lineText(line - 1), `${name}.grad.zero_()`),
        insertLineBeforeFix(line - 1, lineText(line - 1), `${name}.grad = None`)]
      : [];
    specs.push(warningAt(line - 1, lineText, `${warning.detail}\n\nWhy: ${warning.why}\nFix: ${warning.fix}`, fixes));
  }
  for (const warning of optimizerWarnings(result, graph)) {
    const [stepLine, backwardLine] = warning.lines;
    const line = (backwardLine ?? stepLine) - 1;
    if (Number.isNaN(line)) continue;
    const optimizer = /(\w+)\s*\.\s*step\s*\(/.exec(lineText(stepLine - 1) ?? "")?.[1];
    const fixes = optimizer && backwardLine !== undefined ? [insertLineBeforeFix(line, lineText(line), `${optimizer}.zero_grad()`)] : [];
    specs.push(warningAt(line, lineText, `${warning.detail}\n\nWhy: ${warning.why}\nFix: ${warning.fix}`, fixes));
  }
  return specs;
}

/** A warning over a line's code, without its indentation. */
function warningAt(line: number, lineText: LineText, message: string, fixes: TextFix[]): DiagnosticSpec {
  const text = lineText(line) ?? "";
  return { severity: "warning", line, column: text.length - text.trimStart().length, endLine: line, message, fixes };
}
