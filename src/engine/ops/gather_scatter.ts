// gather / scatter along one dimension with an int64 index of the output's (gather) or the
// source's (scatter) shape: how sort, topk, kthvalue and median route gradients back to the
// chosen elements (PyTorch's value_selecting_reduction_backward).

import { Tensor } from "../tensor";
import { record } from "./record";

/**
 * Calls `f` for every element of `index` (row-major) with the storage position in `a` of the
 * element it selects along `dim`, and the position in `b` of the same coordinates.
 */
function walkIndex(index: Tensor, dim: number, a: Tensor, b: Tensor, f: (aPos: number, bPos: number) => void): void {
  const positions = index.contiguousData();
  const rank = index.dim;
  const coords = new Array<number>(rank).fill(0);
  let aBase = a.offset;
  let bBase = b.offset;
  const aStride = rank === 0 ? 0 : a.strides[dim];
  for (let i = 0; i < positions.length; i++) {
    f(aBase + positions[i] * aStride, bBase);
    for (let d = rank - 1; d >= 0; d--) {
      coords[d]++;
      if (d !== dim) aBase += a.strides[d];
      bBase += b.strides[d];
      if (coords[d] < index.shape[d]) break;
      if (d !== dim) aBase -= a.strides[d] * index.shape[d];
      bBase -= b.strides[d] * index.shape[d];
      coords[d] = 0;
    }
  }
}

/** x.gather(dim, index) (GatherBackward0). */
export function gatherAlong(x: Tensor, dim: number, index: Tensor): Tensor {
  const out = Tensor.zeros(index.shape, x.dtype);
  const from = x.storage.data;
  const to = out.storage.data;
  walkIndex(index, dim, x, out, (xPos, outPos) => {
    to[outPos] = from[xPos];
  });
  return record(out, {
    name: "GatherBackward0",
    inputs: [x],
    saved: [[x, "self"], [index, "index"]],
    savedScalars: { dim },
    formula: (g) => [scatterAlong(g, dim, index, x.shape, "add")],
  });
}

/**
 * zeros(shape).scatter(dim, index, src) (ScatterBackward0), or scatter_add (ScatterAddBackward0);
 * alike where, as here, no line of `index` repeats a position.
 */
export function scatterAlong(src: Tensor, dim: number, index: Tensor, shape: readonly number[], kind: "set" | "add"): Tensor {
  const out = Tensor.zeros(shape, src.dtype);
  const to = out.storage.data;
  const from = src.storage.data;
  walkIndex(index, dim, out, src, (outPos, srcPos) => {
    to[outPos] += from[srcPos];
  });
  return record(out, {
    name: kind === "set" ? "ScatterBackward0" : "ScatterAddBackward0",
    inputs: [null, src],
    saved: [[index, "index"]],
    savedScalars: { dim },
    formula: (g, _saved, needs) => [null, needs[1] ? gatherAlong(g, dim, index) : null],
  });
}
