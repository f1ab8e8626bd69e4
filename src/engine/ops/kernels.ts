// Element loops over strided tensors: the only code that touches every element. No autograd here.

import { allocate, DType } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";

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

/** Reads a value as the compute dtype sees it: float32 math sees float32-rounded inputs. */
function reader(dtype: DType): (x: number) => number {
  return dtype === "float32" ? Math.fround : identity;
}

function identity(x: number): number {
  return x;
}

export function mapKernel(x: Tensor, outDtype: DType, f: (v: number) => number): Tensor {
  const out = allocate(outDtype, x.numel);
  const data = x.storage.data;
  if (isDense(x)) {
    for (let i = 0; i < out.length; i++) out[i] = f(data[i]);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = f(x.at(i));
  }
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
  const read = reader(computeDtype);
  const da = a.storage.data;
  const db = b.storage.data;
  if (a.numel === numel && b.numel === numel && isDense(a) && isDense(b)) {
    for (let i = 0; i < numel; i++) out[i] = f(read(da[i]), read(db[i]));
  } else if (b.numel === 1 && a.numel === numel && isDense(a)) {
    const y = read(db[b.offset]);
    for (let i = 0; i < numel; i++) out[i] = f(read(da[i]), y);
  } else if (a.numel === 1 && b.numel === numel && isDense(b)) {
    const x = read(da[a.offset]);
    for (let i = 0; i < numel; i++) out[i] = f(x, read(db[i]));
  } else {
    stridedZip(a, b, shape, out, (x, y) => f(read(x), read(y)));
  }
  return Tensor.fromStorage(out, shape, outDtype);
}

function stridedZip(
  a: Tensor, b: Tensor, shape: readonly number[], out: ArrayLike<number> & { [i: number]: number },
  f: (x: number, y: number) => number,
): void {
  const rank = shape.length;
  const sa = broadcastStrides(a, shape);
  const sb = broadcastStrides(b, shape);
  const index = new Array<number>(rank).fill(0);
  const da = a.storage.data;
  const db = b.storage.data;
  let pa = a.offset;
  let pb = b.offset;
  for (let i = 0; i < out.length; i++) {
    out[i] = f(da[pa], db[pb]);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      pa += sa[d];
      pb += sb[d];
      if (index[d] < shape[d]) break;
      pa -= sa[d] * shape[d];
      pb -= sb[d] * shape[d];
      index[d] = 0;
    }
  }
}

/** A 0-dim tensor holding `value` already cast to `dtype`. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return Tensor.fromStorage(data, [], dtype);
}

export function copyInto(target: Tensor, source: Tensor): void {
  const data = target.storage.data;
  const shape = target.shape;
  const src = source.shape.length === shape.length && source.numel === target.numel
    ? source
    : source.view(shape, broadcastStrides(source, shape), source.offset);
  if (isDense(target)) {
    for (let i = 0; i < target.numel; i++) data[i] = src.at(i);
    return;
  }
  const positions = target.view(shape, target.strides, target.offset);
  for (let i = 0; i < target.numel; i++) data[storagePosition(positions, i)] = src.at(i);
}

function storagePosition(t: Tensor, i: number): number {
  let position = t.offset;
  for (let d = t.shape.length - 1; d >= 0; d--) {
    const size = t.shape[d];
    position += (i % size) * t.strides[d];
    i = Math.floor(i / size);
  }
  return position;
}

/** Writes f(old) over every element of `target` in place, whatever its strides. */
export function updateInPlace(target: Tensor, f: (old: number, i: number) => number): void {
  const data = target.storage.data;
  if (isDense(target)) {
    for (let i = 0; i < target.numel; i++) data[i] = f(data[i], i);
    return;
  }
  for (let i = 0; i < target.numel; i++) {
    const p = storagePosition(target, i);
    data[p] = f(data[p], i);
  }
}

/**
 * Recomputes the elements PyTorch's 16-wide vector loop leaves to its scalar routine: the last
 * numel % 16 of a contiguous result.
 */
export function applyTail(result: Tensor, x: Tensor, scalar: (v: number) => number): void {
  const out = result.storage.data;
  for (let i = x.numel - (x.numel % 16); i < x.numel; i++) out[i] = scalar(x.at(i));
}
