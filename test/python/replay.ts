// Replays an oracle case ({cells, expected} from real PyTorch) through a fresh session.

import { readFileSync } from "node:fs";
import type { CellResult } from "../../src/result";
import { Session } from "../../src/python/session";
import { locateWasmInNode } from "../../src/python/wasm_node";
import { outputsAgree } from "./oracle_compare";

interface OracleCase {
  cells: string[];
  expected: Omit<CellResult, "errorLocation">[];
}

/** Descriptions of the cells (all, or those in `only`) whose output differs from PyTorch's. */
export async function disagreements(file: string, only?: ReadonlySet<number>): Promise<string[]> {
  const oracle = JSON.parse(readFileSync(file, "utf8")) as OracleCase;
  const session = await Session.create({ locateWasm: locateWasmInNode });
  const failures: string[] = [];
  oracle.cells.forEach((source, i) => {
    const got = session.runCell(source);
    if ((!only || only.has(i)) && !outputsAgree(got, oracle.expected[i])) {
      failures.push(`cell ${i}:\n${source}\nwant ${JSON.stringify(oracle.expected[i])}\ngot  ${JSON.stringify(got)}`);
    }
  });
  return failures;
}
