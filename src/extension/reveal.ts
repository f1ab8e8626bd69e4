// Which text a click on a graph node selects, and which lines the editor's selection covers.
// Pure (0-based line indexes in, as vscode.Range wants), so it is unit-tested in plain Node.

export interface RevealRequest {
  /** 1-based line, and 1-based column when known. */
  line: number;
  column?: number;
  endLine?: number;
  /** 1-based, exclusive. */
  endColumn?: number;
}

export interface TextRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/**
 * The expression when its end is known; otherwise from its column to the end of the line (without
 * a trailing comment or spaces); the whole line's text when the column is unknown too.
 */
export function revealRange(lines: readonly string[], request: RevealRequest): TextRange {
  const lineIndex = Math.max(0, Math.min(request.line, lines.length) - 1);
  const text = lines[lineIndex] ?? "";
  const indent = text.length - text.trimStart().length;
  const start = request.column !== undefined ? Math.min(request.column - 1, text.length) : indent;
  if (request.endLine !== undefined && request.endColumn !== undefined) {
    const endIndex = Math.max(lineIndex, Math.min(request.endLine, lines.length) - 1);
    return { startLine: lineIndex, startCharacter: start, endLine: endIndex, endCharacter: Math.min(request.endColumn - 1, (lines[endIndex] ?? "").length) };
  }
  return { startLine: lineIndex, startCharacter: start, endLine: lineIndex, endCharacter: Math.max(start, codeEnd(text)) };
}

/** Where the code on a line ends: before a `#` comment outside strings, and trailing spaces. */
function codeEnd(text: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return text.slice(0, i).trimEnd().length;
  }
  return text.trimEnd().length;
}

/** The 1-based lines the selections cover, each once, in order. */
export function selectedLines(selections: readonly { start: number; end: number }[]): number[] {
  const lines = new Set<number>();
  for (const { start, end } of selections) {
    for (let line = start; line <= end; line++) lines.add(line + 1);
  }
  return [...lines].sort((a, b) => a - b);
}
