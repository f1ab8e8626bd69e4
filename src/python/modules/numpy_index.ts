// ndarray indexing: basic indexes (ints, slices, None) give views that share storage; integer and
// boolean arrays (advanced indexing) select copies, broadcast together as NumPy does.

import { allocate, Tensor } from "../../engine";
import { indexError, valueError } from "../errors";
import { sliceIndices } from "../protocols";
import { PyList, PySlice, PyTuple, Value } from "../values";
import { arrayFrom, caster, forEachPosition, NdArray, operandOf, scalarValue } from "./numpy_array";
import { broadcastShape, broadcastTo, shapeText } from "./numpy_ufunc";
import { isPyInt, toIndex } from "./numbers";

type Part =
  | { kind: "int"; value: number }
  | { kind: "slice"; slice: PySlice }
  | { kind: "new" }
  | { kind: "array"; indices: Tensor[] };

const INVALID_INDEX = "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices";

function parsePart(v: Value, t: Tensor, dim: number): Part {
  if (v === null) return { kind: "new" };
  if (v instanceof PySlice) return { kind: "slice", slice: v };
  if (isPyInt(v) && typeof v !== "boolean") return { kind: "int", value: Number(toIndex(v)) };
  if (v instanceof NdArray && v.t.dim === 0 && v.dtype !== "bool" && v.dtype !== "float32") return { kind: "int", value: v.t.at(0) };
  if (v instanceof NdArray || v instanceof PyList) {
    const array = v instanceof NdArray ? v.t : arrayFrom(v, v.items.length === 0 ? "int64" : undefined);
    if (array.dtype === "bool") return { kind: "array", indices: nonzero(array, t, dim) };
    if (array.dtype === "float32" || array.dtype === "float64") throw indexError("arrays used as indices must be of integer (or boolean) type");
    return { kind: "array", indices: [array] };
  }
  throw indexError(INVALID_INDEX);
}

/** A boolean mask as the integer index arrays of its true elements, one per masked dimension. */
function nonzero(mask: Tensor, t: Tensor, dim: number): Tensor[] {
  mask.shape.forEach((n, k) => {
    if (t.shape[dim + k] !== n) {
      throw indexError(`boolean index did not match indexed array along dimension ${dim + k}; dimension is ${t.shape[dim + k]} but corresponding boolean dimension is ${n}`);
    }
  });
  const coordinates: number[][] = mask.shape.map(() => []);
  const index = new Array<number>(mask.dim).fill(0);
  for (let i = 0; i < mask.numel; i++) {
    if (mask.at(i) !== 0) index.forEach((v, k) => coordinates[k].push(v));
    for (let d = mask.dim - 1; d >= 0; d--) {
      if (++index[d] < mask.shape[d]) break;
      index[d] = 0;
    }
  }
  return coordinates.map((c) => Tensor.fromStorage(Float64Array.from(c), [c.length], "int64"));
}

function parseIndex(index: Value, t: Tensor): Part[] {
  const raw = index instanceof PyTuple ? index.items : [index];
  const parts: Part[] = [];
  let dim = 0;
  for (const v of raw) {
    const part = parsePart(v, t, dim);
    parts.push(part);
    dim += part.kind === "new" ? 0 : part.kind === "array" ? part.indices.length : 1;
  }
  if (dim > t.dim) throw indexError(`too many indices for array: array is ${t.dim}-dimensional, but ${dim} were indexed`);
  return parts;
}

function boundIndex(i: number, size: number, axis: number): number {
  if (i < -size || i >= size) throw indexError(`index ${i} is out of bounds for axis ${axis} with size ${size}`);
  return i < 0 ? i + size : i;
}

interface Selection {
  /** The basic-indexed view, in which each advanced index still spans its own dimension. */
  view: Tensor;
  /** Dimensions of `view` that advanced indexes select along, with their index arrays. */
  advanced: { dim: number; indices: Tensor }[];
  scalar: boolean;
}

function select(t: Tensor, parts: Part[]): Selection {
  const shape: number[] = [];
  const strides: number[] = [];
  const advanced: Selection["advanced"] = [];
  let offset = t.offset;
  let d = 0;
  let scalar = true;
  for (const part of parts) {
    if (part.kind === "int") {
      offset += boundIndex(part.value, t.shape[d], d) * t.strides[d];
      d++;
    } else if (part.kind === "new") {
      shape.push(1);
      strides.push(0);
      scalar = false;
    } else if (part.kind === "slice") {
      const [start, stop, step] = sliceIndices(part.slice, t.shape[d]);
      shape.push(Math.max(0, Math.ceil((stop - start) / step)));
      strides.push(t.strides[d] * step);
      offset += start * t.strides[d];
      d++;
      scalar = false;
    } else {
      for (const indices of part.indices) {
        advanced.push({ dim: shape.length, indices });
        shape.push(t.shape[d]);
        strides.push(t.strides[d]);
        d++;
      }
    }
  }
  for (; d < t.dim; d++) {
    shape.push(t.shape[d]);
    strides.push(t.strides[d]);
    scalar = false;
  }
  return { view: t.view(shape, strides, offset), advanced, scalar: scalar && advanced.length === 0 };
}

/** Storage positions an advanced selection picks, and the shape of the result. */
function advancedPositions(s: Selection): [number[], number[]] {
  const { view, advanced } = s;
  const indexShape = advanced.map((a) => a.indices.shape).reduce((a, b) => broadcastShape(a, b));
  const indexArrays = advanced.map((a) => broadcastTo(a.indices, indexShape));
  const dims = advanced.map((a) => a.dim);
  const adjacent = dims.every((x, i) => i === 0 || x === dims[i - 1] + 1);
  const rest = [...view.shape.keys()].filter((x) => !dims.includes(x));
  const before = adjacent ? rest.filter((x) => x < dims[0]) : [];
  const after = rest.filter((x) => !before.includes(x));
  const shape = [...before.map((x) => view.shape[x]), ...indexShape, ...after.map((x) => view.shape[x])];
  const indexCount = indexShape.reduce((a, b) => a * b, 1);
  const resolved = indexArrays.map((a, k) => Array.from({ length: indexCount }, (_, i) => boundIndex(a.at(i), view.shape[dims[k]], dims[k])));
  const positions: number[] = [];
  const walk = (axes: number[], base: number, then: (base: number) => void): void => {
    if (axes.length === 0) return then(base);
    const [axis, ...more] = axes;
    for (let i = 0; i < view.shape[axis]; i++) walk(more, base + i * view.strides[axis], then);
  };
  walk(before, view.offset, (b) => {
    for (let i = 0; i < indexCount; i++) {
      const base = resolved.reduce((p, idx, k) => p + idx[i] * view.strides[dims[k]], b);
      walk(after, base, (p) => positions.push(p));
    }
  });
  return [positions, shape];
}

export function getIndex(array: NdArray, index: Value): Value {
  const t = array.t;
  const s = select(t, parseIndex(index, t));
  if (s.advanced.length === 0) return s.scalar ? scalarValue(s.view.storage.data[s.view.offset], t.dtype) : new NdArray(s.view);
  const [positions, shape] = advancedPositions(s);
  const out = allocate(t.dtype, positions.length);
  positions.forEach((p, i) => (out[i] = t.storage.data[p]));
  return new NdArray(Tensor.fromStorage(out, shape, t.dtype));
}

export function setIndex(array: NdArray, index: Value, value: Value): void {
  const t = array.t;
  const s = select(t, parseIndex(index, t));
  const [source] = operandOf(value);
  const cast = caster(t.dtype);
  const data = t.storage.data;
  if (s.advanced.length === 0) {
    const from = fitted(source, s.view.shape);
    forEachPosition(s.view, (p, i) => (data[p] = cast(from.at(i))));
  } else {
    const [positions, shape] = advancedPositions(s);
    const from = fitted(source, shape);
    positions.forEach((p, i) => (data[p] = cast(from.at(i))));
  }
  t.bumpVersion();
}

/** The assigned value broadcast to the target's shape, with NumPy's error when it cannot be. */
function fitted(source: Tensor, shape: readonly number[]): Tensor {
  const fits = source.dim <= shape.length && source.shape.every((n, i) => n === 1 || n === shape[shape.length - source.dim + i]);
  if (!fits) throw valueError(`could not broadcast input array from shape ${shapeText(source.shape)} into shape ${shapeText(shape)}`);
  return broadcastTo(source, shape);
}
