// Element loops over strided tensors: the only code that touches every element. No autograd here.

import { allocate, DType, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { NO_DIMS, scalarData, Tensor, TensorStorage } from "../tensor";
import { forEachRun } from "./runs";
import { rowMajorValues, stridedCopy } from "./strided_copy";

export function broadcastShapes(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === b.length) {
    let same = true;
    for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) { same = false; break; }
    if (same) return a;
  }
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  // From the back, as PyTorch's infer_size does: the error names the last mismatching dimension.
  for (let i = rank - 1; i >= 0; i--) {
    const sa = a[a.length - rank + i] ?? 1;
    const sb = b[b.length - rank + i] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw runtimeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

/** Strides that read `t` as if it had `shape` (stride 0 along broadcast dimensions). */
export function broadcastStrides(t: Tensor, shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(0);
  const shift = shape.length - t.shape.length;
  for (let d = 0; d < t.shape.length; d++) {
    strides[d + shift] = t.shape[d] === 1 ? 0 : t.strides[d];
  }
  return strides;
}

function isDense(t: Tensor): boolean {
  return t.offset === 0 && t.storage.data.length === t.numel && t.isContiguous();
}

export function mapKernel(x: Tensor, outDtype: DType, f: (v: number) => number): Tensor {
  const out = allocate(outDtype, x.numel);
  const data = x.storage.data;
  if (isDense(x)) {
    for (let i = 0; i < out.length; i++) out[i] = f(data[i]);
    return Tensor.fromStorage(out, x.shape, outDtype);
  }
  forEachRun(x.shape, [x.strides], [x.offset], (o, starts, n, steps) => {
    for (let end = o + n, p = starts[0], step = steps[0]; o < end; o++, p += step) out[o] = f(data[p]);
  });
  return Tensor.fromStorage(out, x.shape, outDtype);
}

/**
 * out[i] = f(a[i], b[i]) with broadcasting; inputs are first converted to `computeDtype` and the
 * result stored as `outDtype` (a Float32Array store rounds, as float32 arithmetic does).
 */
export function zipKernel(
  a: Tensor, b: Tensor, computeDtype: DType, outDtype: DType, f: (x: number, y: number) => number,
): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const numel = shape === a.shape ? a.numel : shape.reduce((n, s) => n * s, 1);
  const out = allocate(outDtype, numel);
  // Float32 math sees float32-rounded inputs; only inputs of another dtype need the extra rounding call.
  const g = computeDtype === "float32" && (a.dtype !== "float32" || b.dtype !== "float32")
    ? (x: number, y: number) => f(Math.fround(x), Math.fround(y))
    : f;
  const da = a.storage.data;
  const db = b.storage.data;
  if (a.numel === numel && b.numel === numel && isDense(a) && isDense(b)) {
    for (let i = 0; i < numel; i++) out[i] = g(da[i], db[i]);
  } else if (b.numel === 1 && a.numel === numel && isDense(a)) {
    const y = db[b.offset];
    for (let i = 0; i < numel; i++) out[i] = g(da[i], y);
  } else if (a.numel === 1 && b.numel === numel && isDense(b)) {
    const x = da[a.offset];
    for (let i = 0; i < numel; i++) out[i] = g(x, db[i]);
  } else {
    stridedZip(a, b, shape, out, g);
  }
  return Tensor.fromStorage(out, shape, outDtype);
}

function stridedZip(
  a: Tensor, b: Tensor, shape: readonly number[], out: Storage, f: (x: number, y: number) => number,
): void {
  const da = a.storage.data;
  const db = b.storage.data;
  forEachRun(shape, [broadcastStrides(a, shape), broadcastStrides(b, shape)], [a.offset, b.offset], (o, starts, n, steps) => {
    const sa = steps[0];
    const sb = steps[1];
    for (let end = o + n, pa = starts[0], pb = starts[1]; o < end; o++, pa += sa, pb += sb) out[o] = f(da[pa], db[pb]);
  });
}

/** A 0-dim tensor holding `value` already cast to `dtype`. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const data = scalarData(dtype);
  data[0] = value;
  return new Tensor(new TensorStorage(data), dtype, NO_DIMS);
}

/** Writes `source`, broadcast to `target`'s shape, into `target` (any strides); the store converts the dtype. */
export function copyInto(target: Tensor, source: Tensor): void {
  const shape = target.shape;
  if (source.shape.length !== shape.length || source.numel !== target.numel) {
    stridedCopy(target, source.view(shape, broadcastStrides(source, shape), source.offset));
  } else if (source.shape.every((s, d) => s === shape[d])) {
    stridedCopy(target, source);
  } else {
    // Same rank and size but another shape: the values go across in row-major order.
    stridedCopy(target, Tensor.fromStorage(rowMajorValues(source), shape, source.dtype));
  }
}

/** Writes f(old) over every element of `target` in place, whatever its strides. */
export function updateInPlace(target: Tensor, f: (old: number, i: number) => number): void {
  const data = target.storage.data;
  if (isDense(target)) {
    for (let i = 0; i < target.numel; i++) data[i] = f(data[i], i);
    return;
  }
  forEachRun(target.shape, [target.strides], [target.offset], (i, starts, n, steps) => {
    for (let end = i + n, p = starts[0], step = steps[0]; i < end; i++, p += step) data[p] = f(data[p], i);
  });
}

/**
 * Recomputes the elements PyTorch's 16-wide vector loop leaves to its scalar routine: the last
 * numel % 16 of a contiguous result.
 */
export function applyTail(result: Tensor, x: Tensor, scalar: (v: number) => number): void {
  const out = result.storage.data;
  for (let i = x.numel - (x.numel % 16); i < x.numel; i++) out[i] = scalar(x.at(i));
}
