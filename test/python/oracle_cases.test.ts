// Every cell of test/fixtures/cases/*.py, run through the interpreter, prints what real PyTorch
// printed (the .json beside each, made by test/fixtures/generate_cases.sh).

import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { disagreements } from "./replay";

const casesDir = join(__dirname, "../fixtures/cases");

describe("oracle cases against real PyTorch", () => {
  for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort()) {
    it(`${file}: every cell agrees`, async () => {
      assert.deepEqual(await disagreements(join(casesDir, file)), []);
    });
  }
});
