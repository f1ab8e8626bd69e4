// A notebook cell's outputs as Jupyter shows them, from the interpreter's CellResult: printed text
// on stdout, warnings on stderr, the trailing expression's repr as text/plain, an error in Jupyter's
// error form (name, message, traceback). Pure, so test/extension/notebookOutputs.test.ts checks it;
// notebookController.ts turns each part into a vscode.NotebookCellOutput.

import type { CellResult } from "../result";

export type NotebookOutputPart =
  | { kind: "stdout" | "stderr" | "display"; text: string }
  | { kind: "error"; name: string; message: string; stack: string };

export function notebookOutputs(cell: CellResult): NotebookOutputPart[] {
  const parts: NotebookOutputPart[] = [];
  if (cell.stdout !== "") parts.push({ kind: "stdout", text: cell.stdout });
  // Python writes warnings to stderr, as `Category: message` lines.
  if (cell.warnings.length > 0) parts.push({ kind: "stderr", text: cell.warnings.map((w) => `${w}\n`).join("") });
  if (cell.display !== null) parts.push({ kind: "display", text: cell.display });
  if (cell.error !== null) parts.push(errorPart(cell.error, cell.errorLocation?.line));
  return parts;
}

/** `RuntimeError: message` split as Jupyter's error output holds it; the stack names the cell line. */
function errorPart(error: string, line: number | undefined): NotebookOutputPart {
  const colon = error.indexOf(": ");
  const name = colon > 0 && /^[\w.]+$/.test(error.slice(0, colon)) ? error.slice(0, colon) : error;
  const message = name === error ? "" : error.slice(colon + 2);
  const where = line === undefined ? "" : `Cell line ${line}\n`;
  return { kind: "error", name, message, stack: `${where}${error}` };
}
