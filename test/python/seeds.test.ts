// Replays the five seed notebooks (what real PyTorch 1.13 printed, in ../shared/seeds/expected)
// through the interpreter. Cells listed in seed-cells-passing.json must agree; the list only grows.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { disagreements } from "./replay";

const seedsDir = join(__dirname, "../../../shared/seeds/expected");
const passing = JSON.parse(readFileSync(join(__dirname, "seed-cells-passing.json"), "utf8")) as Record<string, number[]>;

describe("seed notebooks against real PyTorch", () => {
  for (const file of readdirSync(seedsDir).filter((f) => f.endsWith(".json")).sort()) {
    it(`${file}: listed cells print what PyTorch printed`, async () => {
      assert.deepEqual(await disagreements(join(seedsDir, file), new Set(passing[file] ?? [])), []);
    });
  }
});
