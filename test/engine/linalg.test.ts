// matmul over every rank combination against a plain reference (numpy's semantics: 1-D operands
// gain and lose a dimension, batch dimensions broadcast), and the ops its graph is made of.

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

function ramp(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const t = Tensor.fromStorage(Float64Array.from({ length: n }, (_, i) => ((i * 7) % 11) - 5), shape, "float64");
  t.requiresGrad = true;
  return t;
}

/** Element at a multi-index of a contiguous-order read. */
function get(t: Tensor, index: number[]): number {
  let flat = 0;
  for (let d = 0; d < t.dim; d++) flat = flat * t.shape[d] + index[d];
  return t.at(flat);
}

/** a @ b computed from the definition, with numpy's rules for 1-D operands and batch broadcasting. */
function reference(a: Tensor, b: Tensor): { shape: number[]; at: (index: number[]) => number } {
  const aShape = a.dim === 1 ? [1, a.shape[0]] : [...a.shape];
  const bShape = b.dim === 1 ? [b.shape[0], 1] : [...b.shape];
  const batchA = aShape.slice(0, -2);
  const batchB = bShape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const batch = Array.from({ length: rank }, (_, i) => Math.max(batchA[i - rank + batchA.length] ?? 1, batchB[i - rank + batchB.length] ?? 1));
  const [n, k] = aShape.slice(-2);
  const m = bShape[bShape.length - 1];
  const shape = [...batch, ...(a.dim > 1 ? [n] : []), ...(b.dim > 1 ? [m] : [])];
  const at = (index: number[]): number => {
    const bi = index.slice(0, rank);
    const i = a.dim > 1 ? index[rank] : 0;
    const j = b.dim > 1 ? index[index.length - 1] : 0;
    const pick = (batchOf: number[]) => batchOf.map((s, d) => (s === 1 ? 0 : bi[d + rank - batchOf.length]));
    let acc = 0;
    for (let p = 0; p < k; p++) {
      const left = a.dim === 1 ? get(a, [p]) : get(a, [...pick(batchA), i, p]);
      const right = b.dim === 1 ? get(b, [p]) : get(b, [...pick(batchB), p, j]);
      acc += left * right;
    }
    return acc;
  };
  return { shape, at };
}

const combos: [number[], number[]][] = [
  [[3], [3]], [[2, 3], [3]], [[3], [3, 2]], [[2, 3], [3, 4]], [[2, 2, 3], [3]], [[3], [2, 3, 4]],
  [[2, 2, 3], [3, 4]], [[2, 3], [2, 3, 4]], [[2, 2, 3], [2, 3, 4]], [[2, 2, 3], [1, 3, 4]],
  [[5, 2, 2, 3], [2, 3, 4]], [[1, 2, 3], [5, 1, 3, 4]], [[3], [2, 2, 3, 4]],
];

describe("matmul", () => {
  for (const [sa, sb] of combos) {
    it(`[${sa}] @ [${sb}] agrees with the definition, and its gradients have the inputs' shapes`, () => {
      const a = ramp(sa);
      const b = ramp(sb);
      const out = E.matmul(a, b);
      const want = reference(a, b);
      assert.deepEqual(out.shape, want.shape);
      for (let i = 0; i < out.numel; i++) {
        let rest = i;
        const index: number[] = out.shape.map(() => 0);
        for (let d = out.dim - 1; d >= 0; d--) {
          index[d] = rest % out.shape[d];
          rest = Math.floor(rest / out.shape[d]);
        }
        assert.equal(out.at(i), want.at(index));
      }
      E.backward([E.sum(out)], [null]);
      assert.deepEqual([a.grad!.shape, b.grad!.shape], [sa, sb]);
    });
  }

  it("folds a batch into one mm when the other operand is a matrix, and uses bmm otherwise", () => {
    assert.equal(E.matmul(ramp([2, 2, 3]), ramp([3, 4])).gradFn!.nextEdges[0]!.node.name, "MmBackward0");
    assert.equal(E.matmul(ramp([2, 2, 3]), ramp([2, 3, 4])).gradFn!.nextEdges[0]!.node.name, "BmmBackward0");
    const permuted = E.transpose(ramp([2, 4, 3]), 1, 2);
    assert.equal(E.matmul(permuted, ramp([4, 5])).gradFn!.nextEdges[0]!.node.name, "BmmBackward0");
  });
});
