// Reductions: PyTorch's summation order (the cascade keeps float32 sums accurate), reductions over
// any layout, and the tie and NaN rules of max/argmax.

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

const floats = (data: number[], shape: number[]): Tensor => Tensor.fromStorage(Float32Array.from(data), shape, "float32");

describe("reductions", () => {
  it("sum float32 in cascades, far closer than a running float32 total", () => {
    const n = 1 << 20;
    const data = new Array<number>(n).fill(0.1);
    const result = E.sum(floats(data, [n])).item();
    let running = 0;
    for (const v of data) running = Math.fround(running + Math.fround(v));
    const exact = n * Math.fround(0.1);
    assert.ok(Math.abs(result - exact) < Math.abs(running - exact) / 100);
  });

  it("reduce transposed and sliced layouts like their contiguous copies", () => {
    const x = floats(Array.from({ length: 12 }, (_, i) => i + 1), [3, 4]);
    const t = E.t(x);
    const copy = Tensor.fromStorage(Float32Array.from(t.contiguousData()), [4, 3], "float32");
    assert.deepEqual(Array.from(E.sum(t, 1).contiguousData()), Array.from(E.sum(copy, 1).contiguousData()));
    assert.deepEqual(Array.from(E.prod(E.slice(x, 1, 1, null, 2), 1).contiguousData()), [8, 48, 120]);
  });

  it("keep the first index among ties and let NaN win", () => {
    const x = floats([3, 1, 3, 2, 2, 2], [2, 3]);
    assert.deepEqual(Array.from(E.argExtremum(x, 1, false, "max").contiguousData()), [0, 0]);
    const [, indices] = E.extremumAlong(x, 0, false, "min");
    assert.deepEqual(Array.from(indices.contiguousData()), [1, 0, 1]);
    const nan = floats([1, NaN, 3, NaN], [4]);
    assert.ok(Number.isNaN(E.extremum(nan, "max").item()));
    assert.equal(E.argExtremum(nan, undefined, false, "max").item(), 1);
  });

  it("share max()'s gradient evenly among the elements equal to it", () => {
    const x = floats([3, 1, 3], [3]);
    x.requiresGrad = true;
    E.backward([E.extremum(x, "max")], [null]);
    assert.deepEqual(Array.from(x.grad!.contiguousData()), [0.5, 0, 0.5]);
  });
});
