// Writes and reads of whole slices picked by a vector index along one dimension: index_select,
// index_add, index_copy, index_fill. Backwards are these same ops.

import { castScalar } from "../dtype";
import { runtimeError, TorchError } from "../errors";
import { numelOf, Tensor } from "../tensor";
import { castTo, mulScalar, scalarTypeName } from "./elementwise";
import { scalarTensor } from "./kernels";
import { Scalar, scalarValue } from "./operand";
import { record } from "./record";
import { sum } from "./reduction";
import { unique } from "./sorting";
import { rowMajorValues } from "./strided_copy";
import { expand, normalizeDim } from "./view";

function indexError(message: string): TorchError {
  return new TorchError("IndexError", message);
}



/** The written value replaces the old one. */
const overwrite = (_old: number, v: number): number => v;

/** A vector index's values, each checked against `size` with `bad`'s message. */
function vectorIndex(fn: string, index: Tensor, size: number, bad: (i: number) => TorchError, allowNegative = false): Float64Array {
  if (index.dtype !== "int64" && index.dtype !== "int32") throw runtimeError(`${fn}(): Expected dtype int32 or int64 for index`);
  if (index.dim > 1) throw indexError(`${fn}(): Index is supposed to be a vector`);
  const values = Float64Array.from(rowMajorValues(index));
  for (let i = 0; i < values.length; i++) {
    if (values[i] < (allowNegative ? -size : 0) || values[i] >= size) throw bad(values[i]);
    if (values[i] < 0) values[i] += size;
  }
  return values;
}

/**
 * Calls f(outPos, k) for every element of the slices that `index` picks along `dim`: `outPos` is
 * its row-major position in a tensor of `shape` (at index[i]), `k` its row-major position in a
 * tensor of the same shape but `index.length` long along `dim` (at i).
 */
function forEachIndexedSlice(shape: readonly number[], dim: number, index: Float64Array, f: (outPos: number, k: number) => void): void {
  const outer = numelOf(shape.slice(0, dim));
  const inner = numelOf(shape.slice(dim + 1));
  const size = shape.length === 0 ? 1 : shape[dim];
  for (let o = 0, k = 0; o < outer; o++) {
    for (let i = 0; i < index.length; i++) {
      const base = (o * size + index[i]) * inner;
      for (let c = 0; c < inner; c++) f(base + c, k++);
    }
  }
}

function lengthAlong(x: Tensor, dim: number): number {
  return x.dim === 0 ? 1 : x.shape[dim];
}

/** x.index_select(dim, index) (IndexSelectBackward0). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim);
  const size = lengthAlong(x, d);
  const positions = vectorIndex("index_select", index, size, (i) => runtimeError(`INDICES element is out of DATA bounds, id=${i} axis_dim=${size}`));
  const shape = x.shape.map((s, k) => (k === d ? positions.length : s));
  const data = rowMajorValues(x);
  const out = Tensor.zeros(shape, x.dtype);
  const to = out.storage.data;
  forEachIndexedSlice(x.shape, d, positions, (from, k) => { to[k] = data[from]; });
  return record(out, {
    name: "IndexSelectBackward0",
    inputs: [x],
    saved: [[index, "index"]],
    savedScalars: { dim: d },
    formula: (g) => [indexAdd(Tensor.zeros(x.shape, g.dtype), d, index, g)],
  });
}

/** self's values with source's slices written (or added) at the index positions along dim. */
function indexWrite(x: Tensor, d: number, positions: Float64Array, source: Tensor, combine: (old: number, v: number) => number): Tensor {
  const out = Tensor.fromStorage(rowMajorValues(x).slice(), x.shape, x.dtype);
  const to = out.storage.data;
  const from = rowMajorValues(castTo(source, x.dtype));
  forEachIndexedSlice(x.shape, d, positions, (at, k) => { to[at] = combine(to[at], from[k]); });
  return out;
}

/** x.index_add(dim, index, source, alpha=) (IndexAddBackward0). */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, alpha: Scalar = 1): Tensor {
  const d = normalizeDim(dim, x.dim);
  const size = lengthAlong(x, d);
  const positions = vectorIndex("index_add", index, size, () => indexError("index out of range in self"));
  if (positions.length !== lengthAlong(source, d)) {
    throw runtimeError(`index_add_(): Number of indices (${positions.length}) should be equal to source.size(dim): (${lengthAlong(source, d)}), for dim: ${d}`);
  }
  const a = scalarValue(alpha);
  const out = indexWrite(x, d, positions, source, (old, v) => old + a * v);
  return record(out, {
    name: "IndexAddBackward0",
    inputs: [x, source],
    saved: [[index, "index"], [source, "source"]],
    savedScalars: { dim: d },
    formula: (g, _saved, needs) => [
      needs[0] ? g : null,
      needs[1] ? scaled(expand(indexSelect(g, d, index), source.shape), alpha) : null,
    ],
  });
}

function scaled(t: Tensor, alpha: Scalar): Tensor {
  return scalarValue(alpha) === 1 ? t : mulScalar(t, alpha);
}

/** x.index_copy(dim, index, source) (IndexCopyBackward0). */
export function indexCopy(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim);
  const size = lengthAlong(x, d);
  const positions = vectorIndex("index_copy_", index, size, (i) => indexError(`index_copy_(): index ${i} is out of bounds for dimension ${d} with size ${size}`));
  if (positions.length !== lengthAlong(source, d)) {
    throw indexError(`index_copy_(): Number of indices (${positions.length}) should be equal to source.size(dim) (${lengthAlong(source, d)})`);
  }
  if (source.dtype !== x.dtype) throw runtimeError(`index_copy_(): self and source expected to have the same dtype, but got (self) ${scalarTypeName(x.dtype)} and (source) ${scalarTypeName(source.dtype)}`);
  return record(indexWrite(x, d, positions, source, overwrite), {
    name: "IndexCopyBackward0",
    inputs: [x, source],
    saved: [[index, "index"]],
    savedScalars: { dim: d },
    formula: (g, _saved, needs) => [
      needs[0] ? indexFill(g, d, index, 0) : null,
      needs[1] ? expand(indexSelect(g, d, index), source.shape) : null,
    ],
  });
}

/** x.index_fill(dim, index, value) (IndexFillBackward0 for a number, 1 for a 0-dim tensor). */
export function indexFill(x: Tensor, dim: number, index: Tensor, value: Scalar | Tensor): Tensor {
  const d = normalizeDim(dim, x.dim);
  const size = lengthAlong(x, d);
  if (value instanceof Tensor && value.dim !== 0) {
    throw runtimeError(`index_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim} dimension(s).`);
  }
  const positions = vectorIndex("index_fill_", index, size, (i) => indexError(`index ${i} is out of bounds for dimension ${d} with size ${size}`), true);
  const v = castScalar(value instanceof Tensor ? value.item() : scalarValue(value), x.dtype);
  const fills = expand(scalarTensor(v, x.dtype), x.shape.map((s, k) => (k === d ? positions.length : s)));
  const tensorValue = value instanceof Tensor ? value : null;
  return record(indexWrite(x, d, positions, fills, overwrite), {
    name: tensorValue === null ? "IndexFillBackward0" : "IndexFillBackward1",
    inputs: [x, tensorValue],
    saved: [[index, "index"]],
    savedScalars: { dim: d },
    formula: (g, _saved, needs) => [
      needs[0] ? indexFill(g, d, index, 0) : null,
      needs[1] ? sum(indexSelect(g, d, unique(index).values)) : null,
    ],
  });
}
