// float32 sin, cos and pow agree bit for bit with the SLEEF routines PyTorch 1.13's AVX2 kernels call
// (test/fixtures/sleef32_cases.json, made by generate_sleef32.py).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cos32, pow32, sin32 } from "../../src/engine/ops/sleef32";

interface Fixture {
  x: number[];
  sin: number[];
  cos: number[];
  base: number[];
  /** x ** e for each exponent e; null where PyTorch gives NaN. */
  pow: Record<string, (number | null)[]>;
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/sleef32_cases.json"), "utf8")) as Fixture;

/** Indices where `fn` misses PyTorch's value, described for the first few. */
function misses(inputs: readonly number[], expected: readonly (number | null)[], fn: (v: number) => number): string[] {
  const out: string[] = [];
  inputs.forEach((v, i) => {
    const want = expected[i] ?? NaN;
    const got = fn(v);
    if (!Object.is(got, want)) out.push(`${v}: got ${got}, want ${want}`);
  });
  return out;
}

describe("SLEEF float32 routines as PyTorch calls them", () => {
  it("sin", () => assert.deepEqual(misses(fixture.x, fixture.sin, sin32).slice(0, 5), []));
  it("cos", () => assert.deepEqual(misses(fixture.x, fixture.cos, cos32).slice(0, 5), []));
  for (const [exponent, expected] of Object.entries(fixture.pow)) {
    // The vector path takes the exponent as a float.
    const e = Math.fround(Number(exponent));
    it(`x ** ${exponent}`, () => assert.deepEqual(misses(fixture.base, expected, (v) => pow32(v, e)).slice(0, 5), []));
  }
});
