// `autograd-lens run [--json] FILE`: runs a .py file's `# %%` cells (or a notebook's code cells)
// in one session and prints what each cell printed, as Jupyter would.

import { readFileSync } from "node:fs";
import { version } from "../package.json";
import type { CellResult } from "./result";
import { Cell, notebookCells, splitPercentCells } from "./python/cells";
import { Session } from "./python/session";
import { locateWasmInNode } from "./python/wasm_node";

const USAGE = `usage: autograd-lens run [--json] FILE

Runs PyTorch autograd code with Autograd Lens's bundled engine (no Python needed).
FILE is a .py file whose cells are separated by lines starting with "# %%", an .ipynb
notebook, or - for standard input. Cells run in order in one namespace, like Jupyter.

options:
  --json      print one JSON array with {stdout, display, error, warnings} per cell
  --help      show this help
  --version   show the version`;

class UsageError extends Error {}

function readCells(file: string): Cell[] {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (file.endsWith(".ipynb")) {
    try {
      return notebookCells(text);
    } catch {
      throw new UsageError(`${file} is not a valid notebook (JSON)`);
    }
  }
  return splitPercentCells(text);
}

/** Jupyter console style: stdout, then `Out[n]: repr`, then the error or warnings. */
function formatCell(cell: CellResult, index: number): string {
  let out = cell.stdout;
  for (const w of cell.warnings) out += `${w}\n`;
  if (cell.display !== null) out += `Out[${index + 1}]: ${cell.display}\n`;
  if (cell.error !== null) out += `${cell.errorLocation ? `line ${cell.errorLocation.line}: ` : ""}${cell.error}\n`;
  return out;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (argv.includes("--version")) {
    process.stdout.write(`autograd-lens ${version}\n`);
    return 0;
  }
  const [command, ...rest] = argv;
  if (command !== "run") throw new UsageError(command ? `unknown command '${command}'` : "missing command");
  const json = rest.includes("--json");
  const files = rest.filter((a) => a !== "--json");
  const unknown = files.find((a) => a.startsWith("--"));
  if (unknown) throw new UsageError(`unknown option '${unknown}'`);
  if (files.length !== 1) throw new UsageError("expected exactly one FILE");
  const cells = readCells(files[0]);
  const session = await Session.create({ locateWasm: locateWasmInNode });
  const results = cells.map((cell) => session.runCell(cell.source, { firstLine: cell.firstLine }));
  if (json) {
    const plain = results.map(({ stdout, display, error, warnings }) => ({ stdout, display, error, warnings }));
    process.stdout.write(JSON.stringify(plain) + "\n");
  } else {
    process.stdout.write(results.map(formatCell).join(""));
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`autograd-lens: ${error.message} (see --help)\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`autograd-lens: internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
