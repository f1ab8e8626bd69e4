// Searching and counting into bins: searchsorted / bucketize (binary search in sorted
// boundaries), bincount and histc. None is differentiable.

import { DType, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { notImplementedFor } from "./elementwise";
import { rowMajorValues } from "./strided_copy";

/** The first position in sorted[from, from + n) whose value is >= v (> v when `right`). */
function bound(sorted: ArrayLike<number>, from: number, n: number, v: number, right: boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = sorted[from + mid];
    if (right ? s <= v : s < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/**
 * torch.searchsorted: for each value, where it would go in the innermost sorted dimension of
 * `sorted` (a 1-D sequence serves every value; otherwise the leading dimensions must match).
 */
export function searchsorted(sorted: Tensor, values: Tensor, right = false, outInt32 = false): Tensor {
  const leadingMatch = sorted.dim === values.dim && sorted.shape.slice(0, -1).every((s, k) => s === values.shape[k]);
  if (sorted.dim !== 1 && !leadingMatch) {
    throw runtimeError(`torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor ${shapeText(sorted.shape)} and input value tensor ${shapeText(values.shape)}`);
  }
  const seq = rowMajorValues(sorted);
  const n = sorted.dim === 0 ? 1 : sorted.shape[sorted.dim - 1];
  const data = rowMajorValues(values);
  const perRow = values.dim === 0 ? 1 : values.shape[values.dim - 1];
  const dtype: DType = outInt32 ? "int32" : "int64";
  const out = Tensor.zeros(values.shape, dtype);
  for (let i = 0; i < data.length; i++) {
    const row = sorted.dim === 1 ? 0 : Math.floor(i / perRow);
    out.storage.data[i] = bound(seq, row * n, n, data[i], right);
  }
  return out;
}

/** torch.bucketize: searchsorted against 1-D boundaries. */
export function bucketize(values: Tensor, boundaries: Tensor, right = false, outInt32 = false): Tensor {
  if (boundaries.dim !== 1) throw runtimeError(`boundaries tensor must be 1 dimension, but got dim(${boundaries.dim})`);
  return searchsorted(boundaries, values, right, outInt32);
}

/** torch.bincount: occurrences (or summed weights) of each non-negative integer. */
export function bincount(x: Tensor, weights: Tensor | null = null, minlength = 0): Tensor {
  if (isFloating(x.dtype) || x.dtype === "bool") throw runtimeError(notImplementedFor("bincount_cpu", x.dtype));
  if (minlength < 0) throw runtimeError("minlength should be >= 0");
  const data = rowMajorValues(x);
  if (x.dim !== 1 || data.some((v) => v < 0)) throw runtimeError("bincount only supports 1-d non-negative integral inputs.");
  if (weights !== null && (weights.dim !== 1 || weights.numel !== x.numel)) {
    throw runtimeError("weights should be 1-d and have the same length as input");
  }
  const length = data.length === 0 ? minlength : Math.max(minlength, Math.max(...data) + 1);
  const dtype: DType = weights === null ? "int64" : weights.dtype === "float32" ? "float32" : "float64";
  const out = Tensor.zeros([length], dtype);
  const counts = out.storage.data;
  const w = weights === null ? null : rowMajorValues(weights);
  // A Float32Array store rounds each running sum, as float accumulation does.
  for (let i = 0; i < data.length; i++) counts[data[i]] += w === null ? 1 : w[i];
  return out;
}

/** torch.histc: counts in `bins` equal-width bins over [min, max] (the data's range when both are equal). */
export function histc(x: Tensor, bins = 100, min = 0, max = 0): Tensor {
  if (!isFloating(x.dtype)) throw runtimeError(notImplementedFor("histogram_cpu", x.dtype));
  if (bins <= 0) throw runtimeError(`torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
  if (min > max) throw runtimeError("torch.histc: max must be larger than min");
  const data = rowMajorValues(x);
  let lo = min;
  let hi = max;
  if (lo === hi && data.length > 0) {
    lo = Math.min(...data);
    hi = Math.max(...data);
  }
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const round = x.dtype === "float32" ? Math.fround : (v: number) => v;
  lo = round(lo);
  hi = round(hi);
  const out = Tensor.zeros([bins], x.dtype);
  const counts = out.storage.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v >= lo && v <= hi)) continue;
    // histogramdd's linear interpolation, in the input's precision.
    let pos = Math.floor(round(round(round(v - lo) / round(hi - lo)) * bins));
    if (pos === bins) pos -= 1;
    counts[pos] += 1;
  }
  return out;
}
