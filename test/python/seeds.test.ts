// Replays the five seed notebooks (what real PyTorch 1.13 printed, in ../shared/seeds/expected)
// through the interpreter. Cells listed in seed-cells-passing.json must agree; the list only grows.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CellResult } from "../../src/result";
import { Session } from "../../src/python/session";
import { outputsAgree } from "./oracle_compare";

const seedsDir = join(__dirname, "../../../shared/seeds/expected");
const passing = JSON.parse(readFileSync(join(__dirname, "seed-cells-passing.json"), "utf8")) as Record<string, number[]>;

interface SeedCase {
  cells: string[];
  expected: Omit<CellResult, "errorLocation">[];
}

describe("seed notebooks against real PyTorch", () => {
  for (const file of readdirSync(seedsDir).filter((f) => f.endsWith(".json")).sort()) {
    const mustPass = new Set(passing[file] ?? []);
    it(`${file}: listed cells print what PyTorch printed`, async () => {
      const seed = JSON.parse(readFileSync(join(seedsDir, file), "utf8")) as SeedCase;
      const session = await Session.create();
      const failures: string[] = [];
      seed.cells.forEach((source, i) => {
        const got = session.runCell(source);
        if (mustPass.has(i) && !outputsAgree(got, seed.expected[i])) {
          failures.push(`cell ${i}:\n${source}\nwant ${JSON.stringify(seed.expected[i])}\ngot  ${JSON.stringify(got)}`);
        }
      });
      assert.deepEqual(failures, []);
    });
  }
});
