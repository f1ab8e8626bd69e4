// `# %%` cells, as the Python and Jupyter extensions mark them. Pure text functions, unit-tested.

/** One cell: 0-based document lines, `start` is its marker line (or 0 before the first marker). */
export interface CellSpan {
  start: number;
  /** Last line of the cell, inclusive. */
  end: number;
  /** True when `start` holds a `# %%` marker. */
  marked: boolean;
}

const CELL_MARKER = /^\s*#\s*%%/;

export function isCellMarker(line: string): boolean {
  return CELL_MARKER.test(line);
}

/** The document's cells in order; text before the first marker is a cell of its own when not blank. */
export function cellSpans(lines: readonly string[]): CellSpan[] {
  const markers = lines.flatMap((line, index) => (isCellMarker(line) ? [index] : []));
  const spans: CellSpan[] = [];
  const first = markers.length > 0 ? markers[0] : lines.length;
  if (lines.slice(0, first).some((line) => line.trim() !== "")) spans.push({ start: 0, end: first - 1, marked: false });
  markers.forEach((start, i) => spans.push({ start, end: (i + 1 < markers.length ? markers[i + 1] : lines.length) - 1, marked: true }));
  return spans;
}

/** The cell holding a 0-based line: the whole document when it has no markers. */
export function cellAt(lines: readonly string[], line: number): CellSpan {
  const found = cellSpans(lines).find((span) => span.start <= line && line <= span.end);
  return found ?? { start: 0, end: Math.max(0, lines.length - 1), marked: false };
}
