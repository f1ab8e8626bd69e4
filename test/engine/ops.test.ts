// Every op of the coverage list against real PyTorch (test/fixtures/op_cases.json): output repr,
// grad_fn, first and second derivatives, and errors. Ops listed in op_cases_passing.json must
// agree; the others are reported in one summary line, so the gap stays visible as ops land.
// `npx tsx test/fixtures/update_op_passing.ts` adds the ops that now agree to the list.

import assert from "node:assert/strict";
import { loadOpFixture, loadPassingOps, opMismatches, summaryLine } from "./op_harness";

const fixture = loadOpFixture();
const passing = new Set(loadPassingOps());

describe("ops against PyTorch (op_cases.json)", () => {
  const results = new Map<string, string[]>();

  it("lists only ops the fixture has as passing", () => {
    assert.deepEqual([...passing].filter((op) => !(op in fixture.ops)), []);
  });

  for (const op of Object.keys(fixture.ops)) {
    const required = passing.has(op);
    it(required ? op : `${op} (not required yet)`, async () => {
      const mismatches = await opMismatches(fixture, op);
      results.set(op, mismatches);
      if (required) assert.deepEqual(mismatches, [], `${mismatches.length} case(s) disagree; the first: ${mismatches[0]}`);
    });
  }

  after(() => {
    if (results.size === 0) return;
    console.log(`      ${summaryLine(results)}`);
    const newlyAgreeing = [...results].filter(([op, m]) => m.length === 0 && !passing.has(op)).map(([op]) => op);
    if (newlyAgreeing.length > 0) {
      console.log(`      agree but not yet in op_cases_passing.json (run test/fixtures/update_op_passing.ts): ${newlyAgreeing.join(", ")}`);
    }
  });
});
