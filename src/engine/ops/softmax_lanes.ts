// The 8-lane (4 for double) row sums of PyTorch's AVX2 softmax kernels (vec::reduce_all,
// vec::map2_reduce_all), shared by the forward and backward kernels.

import { DType } from "../dtype";
import { fma32 } from "./float32_math";

export type Rounder = (v: number) => number;
export type Fused = (a: number, b: number, c: number) => number;

/** Sum the products with `weights`, each lane's multiply-add done by `fused`. */
export interface Products {
  weights: Float64Array;
  fused: Fused;
}

const SPLIT = 2 ** 27 + 1;

/**
 * a·b + c for doubles with one rounding, as an FMA instruction gives it: Dekker's exact product
 * error and Knuth's exact sum error, added back (wrong only in contrived double ties).
 */
function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  if (!Number.isFinite(s) || !Number.isFinite(p)) return s;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const productError = ah * bh - p + ah * bl + al * bh + al * bl;
  const bv = s - p;
  const sumError = p - (s - bv) + (c - bv);
  return s + (sumError + productError);
}

/** a·b + c as the kernels' compiler-fused multiply-adds give it. */
export function fusedFor(dtype: DType): Fused {
  return dtype === "float32" ? fma32 : fma64;
}

/** vec_reduce_all for addition: AVX2 float folds its 8 lanes as a tree, other types left to right. */
function foldLanes(acc: Float64Array, count: number, round: Rounder, tree: boolean): number {
  if (tree && count === 8) {
    const pair = (a: number, b: number): number => round(round(acc[a] + acc[a + 4]) + round(acc[b] + acc[b + 4]));
    return round(pair(0, 2) + pair(1, 3));
  }
  let total = acc[0];
  for (let l = 1; l < count; l++) total = round(total + acc[l]);
  return total;
}

/**
 * vec::reduce_all with `+` over `values[0..size)`, or given `products` vec::map2_reduce_all of
 * values·weights: lane-wise sums over the row, then the lanes folded. `acc` is scratch, one entry
 * per lane.
 */
export function vectorSum(
  values: Float64Array, size: number, acc: Float64Array, round: Rounder, tree: boolean, products?: Products,
): number {
  const lanes = acc.length;
  const first = Math.min(size, lanes);
  for (let l = 0; l < first; l++) acc[l] = products ? round(values[l] * products.weights[l]) : values[l];
  if (size < lanes) return foldLanes(acc, size, round, false);
  for (let d = lanes; d < size; d += lanes) {
    for (let l = 0; l < lanes && d + l < size; l++) {
      acc[l] = products ? products.fused(values[d + l], products.weights[d + l], acc[l]) : round(acc[l] + values[d + l]);
    }
  }
  return foldLanes(acc, lanes, round, tree);
}

/** Whether the line at `outBase` falls in the 8-wide (4 for double) vectors of the inner positions. */
export function inVector(outBase: number, inner: number, lanes: number): boolean {
  return outBase % inner < inner - (inner % lanes);
}
