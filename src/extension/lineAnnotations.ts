// Keeping per-line annotations (inline results, diagnostics) in step with edits: an annotation on
// an edited line is dropped, and those below move with the lines. Pure, unit-tested.

/** An edit replaced 0-based lines `startLine`..`endLine` (inclusive) by text of `newLineCount` lines. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  newLineCount: number;
}

/** Something on 0-based lines `line`..`endLine` (just `line` when it has no `endLine`). */
export interface LineAnnotation {
  line: number;
  endLine?: number;
}

export function afterEdits<T extends LineAnnotation>(items: readonly T[], edits: readonly LineEdit[]): T[] {
  let current = [...items];
  for (const edit of edits) {
    const delta = edit.newLineCount - (edit.endLine - edit.startLine + 1);
    current = current.flatMap((item) => {
      const last = item.endLine ?? item.line;
      if (last < edit.startLine) return [item];
      if (item.line <= edit.endLine) return [];
      if (delta === 0) return [item];
      return [{ ...item, line: item.line + delta, ...(item.endLine === undefined ? {} : { endLine: item.endLine + delta }) }];
    });
  }
  return current;
}

/** What lineEdits reads of a vscode.TextDocumentChangeEvent. */
export interface ContentChanges {
  contentChanges: readonly { range: { start: { line: number }; end: { line: number } }; text: string }[];
}

/** The edits of a change event as line edits, in an order afterEdits can apply one after another. */
export function lineEdits(event: ContentChanges): LineEdit[] {
  // Every change's range refers to the document before the event: applied bottom-up, none moves another.
  return [...event.contentChanges]
    .sort((a, b) => b.range.start.line - a.range.start.line)
    .map((change) => ({ startLine: change.range.start.line, endLine: change.range.end.line, newLineCount: change.text.split("\n").length }));
}
