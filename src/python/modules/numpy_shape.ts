// NumPy's shape functions: reshape (a view when the memory allows), transpose, squeeze,
// expand_dims, concatenate and stack, matmul and dot.

import { allocate, Tensor } from "../../engine";
import { contiguousStrides } from "../../engine/tensor";
import { valueError } from "../errors";
import { Value } from "../values";
import { asTensor, caster, copyAs, fromValues, operandOf, wrap } from "./numpy_array";
import { NpDType, promote, resultType } from "./numpy_dtype";
import { normalizeAxis } from "./numpy_reduce";
import { broadcastShape, shapeText } from "./numpy_ufunc";

export function reshape(t: Tensor, requested: readonly number[]): Tensor {
  const unknown = requested.indexOf(-1);
  const known = requested.reduce((n, s) => (s === -1 ? n : n * s), 1);
  const shape = [...requested];
  if (unknown >= 0 && known !== 0 && t.numel % known === 0) shape[unknown] = t.numel / known;
  if (requested.filter((s) => s === -1).length > 1) throw valueError("can only specify one unknown dimension");
  if (shape.reduce((a, b) => a * b, 1) !== t.numel || shape.some((s) => s < 0)) {
    // NumPy names the unknown dimension "newaxis" in this message.
    const shown = requested.length === 1 ? `(${requested[0] === -1 ? "newaxis" : requested[0]},)` : `(${requested.map((n) => (n === -1 ? "newaxis" : n)).join(",")})`;
    throw valueError(`cannot reshape array of size ${t.numel} into shape ${shown}`);
  }
  const source = t.isContiguous() ? t : copyAs(t, t.dtype);
  return source.view(shape, contiguousStrides(shape), source.offset);
}

export function transpose(t: Tensor, axes?: readonly number[]): Tensor {
  const order = axes === undefined || axes.length === 0 ? [...t.shape.keys()].reverse() : axes.map((a) => normalizeAxis(a, t.dim));
  if (order.length !== t.dim || new Set(order).size !== order.length) throw valueError("axes don't match array");
  return t.view(order.map((a) => t.shape[a]), order.map((a) => t.strides[a]), t.offset);
}

export function squeeze(t: Tensor, axes?: readonly number[]): Tensor {
  const drop = axes ?? [...t.shape.keys()].filter((d) => t.shape[d] === 1);
  for (const d of drop) if (t.shape[d] !== 1) throw valueError("cannot select an axis to squeeze out which has size not equal to one");
  const keep = [...t.shape.keys()].filter((d) => !drop.includes(d));
  return t.view(keep.map((d) => t.shape[d]), keep.map((d) => t.strides[d]), t.offset);
}

export function expandDims(t: Tensor, axis: number): Tensor {
  const at = normalizeAxis(axis, t.dim + 1);
  const shape = [...t.shape];
  const strides = [...t.strides];
  shape.splice(at, 0, 1);
  strides.splice(at, 0, 0);
  return t.view(shape, strides, t.offset);
}

export function concatenate(arrays: Value[], axis: number): Value {
  const tensors = arrays.map((a) => asTensor(a));
  if (tensors.length === 0) throw valueError("need at least one array to concatenate");
  const first = tensors[0];
  if (first.dim === 0) throw valueError("zero-dimensional arrays cannot be concatenated");
  const along = normalizeAxis(axis, first.dim);
  tensors.forEach((t, i) => {
    if (t.dim !== first.dim) {
      throw valueError(`all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has ${first.dim} dimension(s) and the array at index ${i} has ${t.dim} dimension(s)`);
    }
    t.shape.forEach((n, d) => {
      if (d !== along && n !== first.shape[d]) {
        throw valueError(`all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${d}, the array at index 0 has size ${first.shape[d]} and the array at index ${i} has size ${n}`);
      }
    });
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promote);
  const shape = [...first.shape];
  shape[along] = tensors.reduce((n, t) => n + t.shape[along], 0);
  const out = allocate(dtype, shape.reduce((a, b) => a * b, 1));
  const cast = caster(dtype);
  const outer = shape.slice(0, along).reduce((a, b) => a * b, 1);
  let position = 0;
  for (let o = 0; o < outer; o++) {
    for (const t of tensors) {
      const block = t.numel / outer;
      for (let i = 0; i < block; i++) out[position++] = cast(t.at(o * block + i));
    }
  }
  return wrap(Tensor.fromStorage(out, shape, dtype));
}

export function stack(arrays: Value[], axis: number): Value {
  const tensors = arrays.map((a) => asTensor(a));
  if (tensors.length === 0) throw valueError("need at least one array to stack");
  if (tensors.some((t) => t.shape.join() !== tensors[0].shape.join())) throw valueError("all input arrays must have the same shape");
  const at = normalizeAxis(axis, tensors[0].dim + 1);
  return concatenate(tensors.map((t) => wrap(expandDims(t, at))), at);
}

/** One matrix product in double precision, row by row (float32 results rounded once at the end). */
function product(a: Tensor, b: Tensor, m: number, k: number, n: number, aOffset: number, bOffset: number, out: ArrayLike<number> & { [i: number]: number }, outOffset: number, cast: (x: number) => number): void {
  const [as0, as1] = [a.strides[a.dim - 2], a.strides[a.dim - 1]];
  const [bs0, bs1] = [b.strides[b.dim - 2], b.strides[b.dim - 1]];
  const da = a.storage.data;
  const db = b.storage.data;
  const right = new Float64Array(k * n);
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) right[p * n + j] = db[bOffset + p * bs0 + j * bs1];
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const x = da[aOffset + i * as0 + p * as1];
      const base = p * n;
      for (let j = 0; j < n; j++) row[j] += x * right[base + j];
    }
    for (let j = 0; j < n; j++) out[outOffset + i * n + j] = cast(row[j]);
  }
}

const MATMUL_SIGNATURE = "(n?,k),(k,m?)->(n?,m?)";

export function matmul(left: Value, right: Value): Value {
  const [a, ao] = operandOf(left);
  const [b, bo] = operandOf(right);
  [a, b].forEach((t, i) => {
    if (t.dim === 0) throw valueError(`matmul: Input operand ${i} does not have enough dimensions (has 0, gufunc core with signature ${MATMUL_SIGNATURE} requires 1)`);
  });
  const dtype = resultType([{ ...ao, scalar: null }, { ...bo, scalar: null }]);
  const a2 = a.dim === 1 ? a.view([1, a.shape[0]], [0, a.strides[0]], a.offset) : a;
  const b2 = b.dim === 1 ? b.view([b.shape[0], 1], [b.strides[0], 0], b.offset) : b;
  const [m, k] = a2.shape.slice(-2);
  const [k2, n] = b2.shape.slice(-2);
  if (k !== k2) throw valueError(`matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature ${MATMUL_SIGNATURE} (size ${k2} is different from ${k})`);
  const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const batches = batch.reduce((x, y) => x * y, 1);
  const out = allocate(dtype, batches * m * n);
  const cast = caster(dtype);
  const batchOffset = (t: Tensor, index: number): number => {
    let offset = t.offset;
    const dims = t.dim - 2;
    for (let d = batch.length - 1, rest = index; d >= 0; d--) {
      const i = rest % batch[d];
      rest = Math.floor(rest / batch[d]);
      const td = d - (batch.length - dims);
      if (td >= 0 && t.shape[td] !== 1) offset += i * t.strides[td];
    }
    return offset;
  };
  for (let i = 0; i < batches; i++) product(a2, b2, m, k, n, batchOffset(a2, i), batchOffset(b2, i), out, i * m * n, cast);
  const shape = [...batch, ...(a.dim === 1 ? [] : [m]), ...(b.dim === 1 ? [] : [n])];
  return wrap(Tensor.fromStorage(out, shape, dtype));
}

/** np.dot: products of scalars, inner products of vectors, matrix products of the rest. */
export function dot(left: Value, right: Value, multiply: (a: Value, b: Value) => Value): Value {
  const [a] = operandOf(left);
  const [b] = operandOf(right);
  if (a.dim === 0 || b.dim === 0) return multiply(left, right);
  const k = a.shape[a.dim - 1];
  const kb = b.dim === 1 ? b.shape[0] : b.shape[b.dim - 2];
  if (k !== kb) {
    throw valueError(`shapes ${shapeText(a.shape, false)} and ${shapeText(b.shape, false)} not aligned: ${k} (dim ${a.dim - 1}) != ${kb} (dim ${b.dim === 1 ? 0 : b.dim - 2})`);
  }
  if (a.dim <= 2 && b.dim <= 2) return matmul(left, right);
  throw valueError("Autograd Lens's numpy computes dot for arrays of up to 2 dimensions; use matmul for stacks of matrices");
}

export function flatValues(t: Tensor, dtype: NpDType = t.dtype): Tensor {
  return fromValues(copyAs(t, dtype).storage.data, [t.numel], dtype);
}
