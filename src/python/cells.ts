// Splitting a file into cells: `# %%` lines in a .py file, or a notebook's code cells.

export interface Cell {
  source: string;
  /** 1-based line of the cell's first source line in its file (notebooks: 1). */
  firstLine: number;
}

export function splitPercentCells(text: string): Cell[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const cells: Cell[] = [];
  let current: string[] = [];
  let start = 1;
  const hasMarkers = lines.some((l) => l.startsWith("# %%"));
  lines.forEach((line, i) => {
    if (line.startsWith("# %%")) {
      if (current.some((l) => l.trim() !== "") || cells.length > 0 || i > 0) pushCell();
      current = [];
      start = i + 2;
    } else {
      current.push(line);
    }
  });
  pushCell();
  return hasMarkers ? cells.filter((c) => c.source.trim() !== "") : cells;

  function pushCell(): void {
    while (current.length > 0 && current[current.length - 1].trim() === "") current.pop();
    cells.push({ source: current.join("\n"), firstLine: start });
  }
}

export function notebookCells(json: string): Cell[] {
  const notebook = JSON.parse(json) as { cells?: { cell_type: string; source: string | string[] }[] };
  return (notebook.cells ?? [])
    .filter((c) => c.cell_type === "code")
    .map((c) => ({ source: Array.isArray(c.source) ? c.source.join("") : c.source, firstLine: 1 }));
}
