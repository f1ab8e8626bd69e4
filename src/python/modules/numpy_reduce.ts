// NumPy's reductions (sum, mean, var, max, argmax, ...) over one axis, several, or all of them.
// Sums follow NumPy's loops so the last bits agree: pairwise summation (blocks of 8 partial sums)
// along the contiguous last axis, plain accumulation along the others.

import { allocate, Tensor } from "../../engine";
import { PyException, valueError } from "../errors";
import { PyList, PyTuple, Value } from "../values";
import { caster, fromValues, wrap } from "./numpy_array";
import { isFloatDType, NpDType } from "./numpy_dtype";
import { toIndex } from "./numbers";

/** The axes an `axis=` argument names, normalised; all axes for None. */
export function axesOf(axis: Value | undefined, dim: number): number[] {
  if (axis === undefined || axis === null) return [...Array(dim).keys()];
  const items = axis instanceof PyTuple || axis instanceof PyList ? axis.items : [axis];
  return items.map((a) => normalizeAxis(Number(toIndex(a)), dim));
}

export function normalizeAxis(axis: number, dim: number): number {
  if (axis < -Math.max(dim, 1) || axis >= Math.max(dim, 1)) {
    throw new PyException("AxisError", `axis ${axis} is out of bounds for array of dimension ${dim}`);
  }
  return axis < 0 ? axis + dim : axis;
}

/** Storage offsets of every index combination over `shape`/`strides`, in row-major order. */
function offsets(shape: readonly number[], strides: readonly number[]): number[] {
  let out = [0];
  for (let d = 0; d < shape.length; d++) {
    const next: number[] = [];
    for (const base of out) for (let i = 0; i < shape[d]; i++) next.push(base + i * strides[d]);
    out = next;
  }
  return out;
}

type Combine = (values: number[], contiguous: boolean) => number;

/** Reduces the `axes` of `t` with `combine`, storing the results as `dtype`. */
export function reduceAxes(t: Tensor, axes: readonly number[], keepdims: boolean, dtype: NpDType, combine: Combine): Tensor {
  const reduced = [...new Set(axes)].sort((a, b) => a - b);
  const kept = [...t.shape.keys()].filter((d) => !reduced.includes(d));
  const outer = offsets(kept.map((d) => t.shape[d]), kept.map((d) => t.strides[d]));
  const inner = offsets(reduced.map((d) => t.shape[d]), reduced.map((d) => t.strides[d]));
  const last = reduced[reduced.length - 1];
  const contiguous = reduced.every((d, i) => d === t.dim - reduced.length + i) && (last === undefined || t.strides[last] === 1 || t.shape[last] === 1);
  const out = allocate(dtype, outer.length);
  const cast = caster(dtype);
  const values = new Array<number>(inner.length);
  const data = t.storage.data;
  for (let o = 0; o < outer.length; o++) {
    const base = t.offset + outer[o];
    for (let j = 0; j < inner.length; j++) values[j] = data[base + inner[j]];
    out[o] = cast(combine(values, contiguous));
  }
  const shape = keepdims ? t.shape.map((n, d) => (reduced.includes(d) ? 1 : n)) : kept.map((d) => t.shape[d]);
  return Tensor.fromStorage(out, shape, dtype);
}

/** NumPy's pairwise_sum: exact for n < 8, eight running sums up to 128, halves beyond. */
function pairwise(values: number[], start: number, n: number, round: (x: number) => number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < start + n; i++) sum = round(sum + values[i]);
    return sum;
  }
  if (n <= 128) {
    const r = values.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = round(r[j] + values[start + i + j]);
    let sum = round(round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])));
    for (; i < n; i++) sum = round(sum + values[start + i]);
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return round(pairwise(values, start, half, round) + pairwise(values, start + half, n - half, round));
}

function identity(x: number): number {
  return x;
}

/** add.reduce in `dtype`: 0 plus the pairwise sum along a contiguous axis, running sum otherwise. */
export function sumCombine(dtype: NpDType): Combine {
  const round = dtype === "float32" ? Math.fround : identity;
  if (!isFloatDType(dtype)) return (values) => values.reduce((a, b) => a + b, 0);
  return (values, contiguous) => {
    if (contiguous) return round(0 + pairwise(values, 0, values.length, round));
    let sum = 0;
    for (const v of values) sum = round(sum + v);
    return sum;
  };
}

/** The accumulator dtype of sum/prod/cumsum: small ints and bools widen to int64. */
export function accumulatorDType(dtype: NpDType): NpDType {
  return dtype === "bool" || dtype === "int32" ? "int64" : dtype;
}

export function extremum(name: "maximum" | "minimum", dtype: NpDType): Combine {
  const better = name === "maximum" ? (a: number, b: number) => b > a : (a: number, b: number) => b < a;
  return (values) => {
    if (values.length === 0) throw valueError(`zero-size array to reduction operation ${name} which has no identity`);
    let best = values[0];
    for (const v of values) {
      if (v !== v) return isFloatDType(dtype) ? NaN : v;
      if (better(best, v)) best = v;
    }
    return best;
  };
}

export function argExtremum(name: "argmax" | "argmin"): Combine {
  const better = name === "argmax" ? (a: number, b: number) => b > a : (a: number, b: number) => b < a;
  return (values) => {
    if (values.length === 0) throw valueError(`attempt to get ${name} of an empty sequence`);
    let index = 0;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== values[i]) return i;
      if (better(values[index], values[i])) index = i;
    }
    return index;
  };
}

/** np.mean: the sum (in float64 for ints and bools) divided by the count. */
export function mean(t: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  const dtype: NpDType = t.dtype === "float32" ? "float32" : "float64";
  const count = axes.reduce((n, d) => n * t.shape[d], 1);
  const sums = reduceAxes(t, axes, keepdims, dtype, sumCombine(dtype));
  const data = sums.storage.data;
  for (let i = 0; i < data.length; i++) data[i] = data[i] / count;
  return sums;
}

/** np.var as _methods._var computes it: mean, squared deviations, their sum over n - ddof. */
export function variance(t: Tensor, axes: readonly number[], keepdims: boolean, ddof: number): Tensor {
  const dtype: NpDType = t.dtype === "float32" ? "float32" : "float64";
  const m = mean(t, axes, true);
  const deviations = allocate(dtype, t.numel);
  const shift = m.shape.map((n, d) => (n === 1 ? 0 : m.strides[d]));
  const index = new Array<number>(t.dim).fill(0);
  for (let i = 0; i < t.numel; i++) {
    let position = 0;
    for (let d = 0; d < t.dim; d++) position += index[d] * shift[d];
    const x = dtype === "float32" ? Math.fround(t.at(i) - m.storage.data[position]) : t.at(i) - m.storage.data[position];
    deviations[i] = x * x;
    for (let d = t.dim - 1; d >= 0; d--) {
      if (++index[d] < t.shape[d]) break;
      index[d] = 0;
    }
  }
  const squares = Tensor.fromStorage(deviations, t.shape, dtype);
  const count = Math.max(axes.reduce((n, d) => n * t.shape[d], 1) - ddof, 0);
  const sums = reduceAxes(squares, axes, keepdims, dtype, sumCombine(dtype));
  const data = sums.storage.data;
  for (let i = 0; i < data.length; i++) data[i] = data[i] / count;
  return sums;
}

/** cumsum/cumprod along one axis (of the flattened array when axis is None). */
export function accumulate(t: Tensor, axis: number | null, product: boolean): Value {
  const source = axis === null ? fromValues(Array.from({ length: t.numel }, (_, i) => t.at(i)), [t.numel], t.dtype) : t;
  const along = axis ?? 0;
  const dtype = accumulatorDType(t.dtype);
  const round = dtype === "float32" ? Math.fround : identity;
  const out = allocate(dtype, source.numel);
  const stride = source.shape.slice(along + 1).reduce((a, b) => a * b, 1);
  const n = source.shape[along];
  for (let i = 0; i < source.numel; i++) {
    const position = Math.floor(i / stride) % n;
    const x = source.at(i);
    out[i] = position === 0 ? x : round(product ? out[i - stride] * x : out[i - stride] + x);
  }
  return wrap(Tensor.fromStorage(out, source.shape, dtype));
}
