// What every reduction shares: the `dim` argument, the result's shape, running a reduction loop
// into a fresh buffer, and the 1-D lines along one dimension that scans and softmax walk.

import { allocate, DType, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { numelOf, Tensor } from "../tensor";
import { forEachReduction, Loop2d } from "./reduce_iter";
import { normalizeDim, unsqueeze } from "./view";

/**
 * `dim` as a sorted list of distinct dimensions; undefined or empty means all of them. A 0-dim
 * tensor accepts 0 and -1 but has no dimension to reduce.
 */
export function reductionDims(x: Tensor, dim: number | readonly number[] | undefined): number[] {
  if (dim === undefined) return x.shape.map((_, d) => d);
  const list = typeof dim === "number" ? [dim] : dim;
  if (list.length === 0) return x.shape.map((_, d) => d);
  const dims = list.map((d) => normalizeDim(d, x.dim));
  if (x.dim === 0) return [];
  const seen = new Set<number>();
  for (const d of dims) {
    if (seen.has(d)) throw runtimeError(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return dims.sort((a, b) => a - b);
}

export function reducedShape(x: Tensor, dims: readonly number[], keepdim: boolean): number[] {
  return keepdim ? x.shape.map((s, d) => (dims.includes(d) ? 1 : s)) : x.shape.filter((_, d) => !dims.includes(d));
}

/** Runs a reduction loop over `x` into a new tensor filled with `init` first. */
export function reduceInto(
  x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType, init: number,
  loop: (data: Storage, out: Storage) => Loop2d,
): Tensor {
  const reduced = x.shape.map((_, d) => dims.includes(d));
  const out = allocate(dtype, numelOf(reducedShape(x, dims, true)));
  if (init !== 0) out.fill(init);
  forEachReduction(x, reduced, loop(x.storage.data, out));
  return Tensor.fromStorage(out, reducedShape(x, dims, keepdim), dtype);
}

/** unsqueeze_multiple: puts back the reduced dimensions as size 1 so a gradient broadcasts over them. */
export function restoreDims(g: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return g;
  let out = g;
  for (const d of dims) out = unsqueeze(out, d);
  return out;
}

/**
 * Calls `f` for every 1-D line of `x` along `dim` with where it starts in x's storage, x's stride
 * along it, and where it starts in a contiguous tensor of x's shape (whose stride along it is `inner`).
 */
export function forEachLine(
  x: Tensor, dim: number,
  f: (inBase: number, inStride: number, outBase: number, inner: number, size: number) => void,
): void {
  const size = x.dim === 0 ? 1 : x.shape[dim];
  const inStride = x.dim === 0 ? 0 : x.strides[dim];
  const inner = x.shape.slice(dim + 1).reduce((n, s) => n * s, 1);
  const lines = size === 0 ? 0 : x.numel / size;
  const index = new Array<number>(x.dim).fill(0);
  let base = x.offset;
  for (let line = 0; line < lines; line++) {
    const outer = Math.floor(line / inner);
    f(base, inStride, outer * size * inner + (line % inner), inner, size);
    for (let d = x.dim - 1; d >= 0; d--) {
      if (d === dim) continue;
      index[d]++;
      base += x.strides[d];
      if (index[d] < x.shape[d]) break;
      base -= x.strides[d] * x.shape[d];
      index[d] = 0;
    }
  }
}

/** A copy of `x` converted to `dtype` (integer inputs of ops that compute in float). */
export function castCopy(x: Tensor, dtype: DType): Tensor {
  const out = allocate(dtype, x.numel);
  for (let i = 0; i < out.length; i++) out[i] = x.at(i);
  return Tensor.fromStorage(out, x.shape, dtype);
}
