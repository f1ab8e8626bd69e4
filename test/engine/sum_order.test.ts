// Float reductions agree with PyTorch 1.13's CPU kernels to the last bit (test/fixtures/sum_cases.json,
// made by generate_sums.py): the cascade and vector accumulators of SumKernel.cpp and
// TensorIterator's dimension order decide the rounding, and training loops make it visible.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

interface SumCase {
  op: "sum" | "mean" | "pow2sum" | "norm" | "dot" | "mv" | "mm";
  dtype: "float32" | "float64";
  shape: number[];
  strides: number[];
  offset: number;
  storage: number;
  seed: number;
  dim: number | number[] | null;
  keepdim: boolean;
  /** The second operand's shape (dot, mv, mm), its data drawn from seed + 1. */
  other: number[] | null;
  expected_shape: number[];
  expected: number[];
}

/** generate_sums.py's data(): a 32-bit LCG, mantissa and exponent drawn in turn. */
function data(seed: number, n: number, dtype: SumCase["dtype"]): Float32Array | Float64Array {
  const out = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  let state = seed >>> 0;
  const next = (): number => (state = (Math.imul(1664525, state) + 1013904223) >>> 0);
  for (let i = 0; i < n; i++) {
    const mantissa = (next() >>> 8) / 2 ** 24 - 0.5;
    out[i] = mantissa * 2 ** ((next() >>> 29) - 3);
  }
  return out;
}

function input(c: SumCase): Tensor {
  const base = Tensor.fromStorage(data(c.seed, c.storage, c.dtype), [c.storage], c.dtype);
  return base.view(c.shape, c.strides, c.offset);
}

function evaluate(c: SumCase): Tensor {
  const x = input(c);
  const dim = c.dim ?? undefined;
  switch (c.op) {
    case "sum": return E.sum(x, dim, c.keepdim);
    case "mean": return E.mean(x, dim, c.keepdim);
    case "pow2sum": return E.sum(E.pow(x, 2), dim, c.keepdim);
    case "norm": return E.norm(x, "fro", dim, c.keepdim);
    default: {
      const shape = c.other ?? [];
      const other = Tensor.fromStorage(data(c.seed + 1, shape.reduce((n, s) => n * s, 1), c.dtype), shape, c.dtype);
      return c.op === "dot" ? E.dot(x, other) : c.op === "mv" ? E.mv(x, other) : E.mm(x, other);
    }
  }
}

function describe_(c: SumCase): string {
  const layout = c.strides.join(",") === contiguousStrides(c.shape).join(",") ? "" : ` strides [${c.strides}] offset ${c.offset}`;
  const dim = c.dim === null ? "" : ` dim ${JSON.stringify(c.dim)}${c.keepdim ? " keepdim" : ""}`;
  return `${c.op} ${c.dtype}[${c.shape}]${layout}${dim}`;
}

function contiguousStrides(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides.unshift(step);
    step *= shape[d];
  }
  return strides;
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/sum_cases.json"), "utf8")) as { cases: SumCase[] };

describe("float reductions agree with PyTorch bit for bit", () => {
  for (const c of fixture.cases) {
    it(describe_(c), () => {
      const out = evaluate(c);
      assert.deepEqual(out.shape, c.expected_shape);
      const got = Array.from(out.contiguousData());
      const wrong = got.map((v, i) => (Object.is(v, c.expected[i]) ? -1 : i)).filter((i) => i >= 0);
      assert.ok(wrong.length === 0, `${wrong.length} of ${got.length} differ; first at ${wrong[0]}: got ${got[wrong[0]]}, want ${c.expected[wrong[0]]}`);
    });
  }
});
