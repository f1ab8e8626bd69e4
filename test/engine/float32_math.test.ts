// float32 helpers: a fused multiply-add that rounds once, and SLEEF's exp and log.

import assert from "node:assert/strict";
import { exp32, fma32, log32 } from "../../src/engine/ops/float32_math";

describe("float32 math", () => {
  it("rounds a*b + c once, even where the double sum sits on a float midpoint", () => {
    // The exact result lies just below the midpoint of two floats; the double sum lands on it.
    const a = Math.fround(1 + 2 ** -23);
    const b = Math.fround(2 ** -24 * (1 - 2 ** -23));
    const c = Math.fround(1 + 2 ** -23);
    assert.equal(Math.fround(a * b + c), 1 + 2 ** -22);
    assert.equal(fma32(a, b, c), 1 + 2 ** -23);
    assert.equal(fma32(3, 5, -15), 0);
  });

  it("computes exp and log as float32 functions with their special values", () => {
    assert.equal(exp32(0), 1);
    assert.equal(exp32(Math.fround(Math.LN2)), 2);
    assert.equal(exp32(-200), 0);
    assert.equal(exp32(200), Infinity);
    assert.ok(Number.isNaN(exp32(NaN)));
    assert.equal(log32(1), 0);
    assert.equal(log32(0), -Infinity);
    assert.ok(Number.isNaN(log32(-1)));
    assert.equal(log32(Infinity), Infinity);
    assert.equal(log32(2), Math.fround(Math.LN2));
  });
});
