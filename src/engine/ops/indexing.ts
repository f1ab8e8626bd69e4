// Tensor indexing as PyTorch's python_variable_indexing.cpp does it: ints, slices, None, ...,
// bools and index tensors read (`x[i]`), and the same write (`x[i] = v`) with CopySlices,
// IndexPutBackward0 and the in-place checks PyTorch applies.

import { allocate, castScalar, DType, isFloating } from "../dtype";
import { runtimeError, TorchError } from "../errors";
import { contiguousStrides, numelOf, Tensor } from "../tensor";
import { full } from "./creation";
import { castTo, mul, scalarTypeName } from "./elementwise";
import { broadcastShapes, broadcastStrides } from "./kernels";
import { anyRequiresGrad, record } from "./record";
import { sumToShape } from "./reduction";
import { rowMajorValues } from "./strided_copy";
import { alias, detach, expand, reshape, select, slice, unsqueeze } from "./view";
import { viewOrigin } from "../autograd/view_rebase";
import { checkInPlace } from "./inplace";

/**
 * One entry of a subscript. Python lists arrive as index tensors marked `fromList` (a list of
 * bools counts as one indexed dimension however deep it is), Python bools as `bool`.
 */
export type IndexPart =
  | { kind: "int"; value: number }
  | { kind: "slice"; start: number | null; stop: number | null; step: number | null }
  | { kind: "none" }
  | { kind: "ellipsis" }
  | { kind: "bool"; value: boolean }
  | { kind: "tensor"; value: Tensor; fromList?: boolean };

const INDEX_MAX = Number.MAX_SAFE_INTEGER;

function indexError(message: string): TorchError {
  return new TorchError("IndexError", message);
}

/** applySelect: the error names the subscript position, not the tensor dimension. */
function selectAt(t: Tensor, dim: number, index: number, position: number): Tensor {
  if (t.dim === 0) throw indexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
  const size = t.shape[dim];
  if (index < -size || index >= size) throw indexError(`index ${index} is out of bounds for dimension ${position} with size ${size}`);
  return select(t, dim, index);
}

/** applySlice: a full `0:size` slice inside a tuple is skipped, as PyTorch's optimisation does. */
function sliceAt(t: Tensor, dim: number, part: Extract<IndexPart, { kind: "slice" }>, optimise: boolean): Tensor {
  const step = part.step ?? 1;
  if (step === 0) throw new TorchError("ValueError", "slice step cannot be zero");
  if (step < 0) throw new TorchError("ValueError", "step must be greater than zero");
  const start = part.start ?? 0;
  const stop = part.stop ?? INDEX_MAX;
  if (optimise && start === 0 && stop === t.shape[dim] && step === 1) return t;
  return slice(t, dim, start, stop, step);
}

function isIndexTensor(t: Tensor): boolean {
  return t.dtype === "int64" || t.dtype === "bool";
}

function specifiedDims(parts: readonly IndexPart[]): number {
  let count = 0;
  for (const p of parts) {
    if (p.kind === "int" || p.kind === "slice") count++;
    else if (p.kind === "tensor") count += p.value.dtype === "bool" && !p.fromList ? p.value.dim : 1;
  }
  return count;
}

function boolIndex(value: boolean): Tensor {
  return Tensor.fromStorage(allocate("int64", value ? 1 : 0), [value ? 1 : 0], "int64");
}

interface Sliced {
  /** The tensor after the basic indices (a view of the original, or the original itself). */
  result: Tensor;
  /** Index tensors by dimension of `result`, null where that dimension is not indexed. */
  indices: (Tensor | null)[];
}

/** applySlicing: basic indices become views at once; index tensors are collected for at::index. */
function applySlicing(x: Tensor, parts: readonly IndexPart[]): Sliced {
  const specified = specifiedDims(parts);
  if (specified > x.dim) throw indexError(`too many indices for tensor of dimension ${x.dim}`);
  let result = x;
  let dim = 0;
  const indices: (Tensor | null)[] = [];
  const recordIndex = (t: Tensor): void => {
    while (indices.length < dim) indices.push(null);
    indices[dim++] = t;
  };
  parts.forEach((part, position) => {
    switch (part.kind) {
      case "int":
        result = selectAt(result, dim, part.value, position);
        return;
      case "slice":
        result = sliceAt(result, dim++, part, true);
        return;
      case "ellipsis":
        dim += x.dim - specified;
        return;
      case "none":
        result = unsqueeze(result, dim++);
        return;
      case "bool":
        result = unsqueeze(result, dim);
        recordIndex(boolIndex(part.value));
        return;
      case "tensor": {
        const t = part.value;
        if (t.dim === 0 && t.dtype !== "bool" && !isFloating(t.dtype)) {
          result = selectAt(result, dim, t.item(), position);
        } else if (t.dim === 0 && t.dtype === "bool") {
          result = unsqueeze(result, dim);
          recordIndex(boolIndex(t.item() !== 0));
        } else {
          recordIndex(t);
        }
      }
    }
  });
  return { result, indices };
}

/** Where each element of an advanced-indexing result comes from, as row-major offsets into the indexed tensor. */
interface Gather {
  shape: number[];
  source: Float64Array;
}

/** Turns bool masks into the index tensors of their true positions (expandTensors), checking their shapes. */
function expandMasks(t: Tensor, indices: readonly (Tensor | null)[]): (Tensor | null)[] {
  const out: (Tensor | null)[] = [];
  for (const index of indices) {
    if (index === null || index.dtype !== "bool") {
      out.push(index);
      continue;
    }
    const start = out.length;
    index.shape.forEach((s, j) => {
      if (start + j >= t.dim) {
        throw indexError(`Dimension out of range (expected to be in range of [${-t.dim}, ${t.dim - 1}], but got ${start + j})`);
      }
      if (s !== t.shape[start + j]) {
        throw indexError(`The shape of the mask [${index.shape.join(", ")}] at index ${j} does not match the shape of the indexed tensor [${t.shape.join(", ")}] at index ${start + j}`);
      }
    });
    const positions: number[] = [];
    const data = rowMajorValues(index);
    for (let i = 0; i < data.length; i++) if (data[i] !== 0) positions.push(i);
    const strides = contiguousStrides(index.shape);
    index.shape.forEach((_, j) => {
      const coords = allocate("int64", positions.length);
      positions.forEach((p, k) => { coords[k] = Math.floor(p / strides[j]) % index.shape[j]; });
      out.push(Tensor.fromStorage(coords, [positions.length], "int64"));
    });
  }
  return out;
}

/** at::index's layout: the broadcast index shape replaces the indexed dims, or leads when they are apart. */
function gatherPlan(t: Tensor, given: readonly (Tensor | null)[]): Gather {
  for (const index of given) {
    if (index !== null && !isIndexTensor(index)) throw indexError("tensors used as indices must be long, byte or bool tensors");
  }
  if (given.length > t.dim) throw indexError(`too many indices for tensor of dimension ${t.dim} (got ${given.length})`);
  const indices = expandMasks(t, given);
  while (indices.length < t.dim) indices.push(null);
  const indexed = indices.flatMap((index, d) => (index === null ? [] : [d]));
  let broadcast: readonly number[] = [];
  try {
    for (const d of indexed) broadcast = broadcastShapes(broadcast, indices[d]!.shape);
  } catch {
    throw indexError(`shape mismatch: indexing tensors could not be broadcast together with shapes ${indexed.map((d) => `[${indices[d]!.shape.join(", ")}]`).join(", ")}`);
  }
  const adjacent = indexed[indexed.length - 1] - indexed[0] === indexed.length - 1;
  const rest = t.shape.map((_, d) => d).filter((d) => indices[d] === null);
  const before = adjacent ? rest.filter((d) => d < indexed[0]) : [];
  const after = rest.filter((d) => !before.includes(d));
  const shape = [...before.map((d) => t.shape[d]), ...broadcast, ...after.map((d) => t.shape[d])];
  const strides = contiguousStrides(t.shape);
  const count = numelOf(broadcast);
  // The offset each broadcast index position contributes, bounds-checked once.
  const indexOffset = new Float64Array(count);
  for (const d of indexed) {
    const index = indices[d]!;
    const view = index.view(broadcast, broadcastStrides(index, broadcast), index.offset);
    const size = t.shape[d];
    for (let b = 0; b < count; b++) {
      let i = view.at(b);
      if (i < -size || i >= size) throw indexError(`index ${i} is out of bounds for dimension ${d} with size ${size}`);
      if (i < 0) i += size;
      indexOffset[b] += i * strides[d];
    }
  }
  const source = new Float64Array(numelOf(shape));
  const outer = numelOf(before.map((d) => t.shape[d]));
  const inner = numelOf(after.map((d) => t.shape[d]));
  const restOffset = (dims: readonly number[], i: number): number => {
    let offset = 0;
    for (let k = dims.length - 1; k >= 0; k--) {
      const size = t.shape[dims[k]];
      offset += (i % size) * strides[dims[k]];
      i = Math.floor(i / size);
    }
    return offset;
  };
  const tail = Float64Array.from({ length: inner }, (_, c) => restOffset(after, c));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    const head = restOffset(before, a);
    for (let b = 0; b < count; b++) {
      for (let c = 0; c < inner; c++) source[o++] = head + indexOffset[b] + tail[c];
    }
  }
  return { shape, source };
}

/** x[indices] for index tensors (IndexBackward0): a copy. */
function gather(x: Tensor, plan: Gather): Tensor {
  const data = rowMajorValues(x);
  const out = allocate(x.dtype, plan.source.length);
  for (let o = 0; o < out.length; o++) out[o] = data[plan.source[o]];
  return record(Tensor.fromStorage(out, plan.shape, x.dtype), {
    name: "IndexBackward0",
    inputs: [x],
    formula: (g) => [scatterAdd(g, x.shape, plan)],
  });
}

/** IndexBackward0's gradient: `g` added into zeros at the gathered positions (IndexPutImplBackward0). */
function scatterAdd(g: Tensor, shape: readonly number[], plan: Gather): Tensor {
  const out = allocate(g.dtype, numelOf(shape));
  const data = rowMajorValues(g);
  for (let o = 0; o < data.length; o++) out[plan.source[o]] += data[o];
  return record(Tensor.fromStorage(out, shape, g.dtype), {
    name: "IndexPutImplBackward0",
    inputs: [g],
    formula: (gg) => [gather(gg, plan)],
  });
}

/** `x[index]`; `single` when the subscript was not a tuple (PyTorch's fast paths for one index). */
export function index(x: Tensor, parts: readonly IndexPart[], single: boolean): Tensor {
  if (single && parts.length === 1) {
    const part = parts[0];
    if (part.kind === "int") return selectAt(x, 0, part.value, 0);
    if (part.kind === "slice") return sliceAt(x, 0, part, false);
    if (part.kind === "none") return unsqueeze(x, 0);
    if (part.kind === "ellipsis") return alias(x);
  }
  const { result, indices } = applySlicing(x, parts);
  if (indices.length === 0) return result === x ? alias(x) : result;
  return gather(result, gatherPlan(result, indices));
}

/** The value of `x[i] = v`: a tensor, or a Python scalar already cast to x's dtype. */
export type IndexValue = Tensor | number;

/** Refuses writes PyTorch refuses (check_inplace), for writes whose graph needs `source` too. */
export function checkWritable(t: Tensor, source: Tensor | null = null): void {
  checkInPlace(t, t.requiresGrad || (source !== null && source.requiresGrad));
}

/** Storage offsets of `t`'s elements at the given row-major positions (all of them when null). */
function storageOffsets(t: Tensor, logical: Float64Array | null): Float64Array {
  const count = logical === null ? t.numel : logical.length;
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let i = logical === null ? k : logical[k];
    let position = t.offset;
    for (let d = t.dim - 1; d >= 0; d--) {
      position += (i % t.shape[d]) * t.strides[d];
      i = Math.floor(i / t.shape[d]);
    }
    out[k] = position;
  }
  return out;
}

/** slicePrefix1sSize: a value's leading size-1 dimensions are dropped before broadcasting. */
function dropLeadingOnes(t: Tensor): Tensor {
  let k = 0;
  while (k < t.dim && t.shape[k] === 1) k++;
  return k === 0 ? t : t.view(t.shape.slice(k), t.strides.slice(k), t.offset);
}

/** `value` read as `shape` (broadcast) in `dtype`, copied out before anything is written. */
function valuesFor(value: IndexValue, shape: readonly number[], dtype: DType): Float64Array {
  const out = new Float64Array(numelOf(shape));
  if (typeof value === "number") return out.fill(value);
  const source = dropLeadingOnes(value);
  const view = source.view(shape, broadcastStrides(source, shape), source.offset);
  for (let i = 0; i < out.length; i++) out[i] = castScalar(view.at(i), dtype);
  return out;
}

function broadcastsTo(t: Tensor, shape: readonly number[]): boolean {
  const lead = shape.length - t.dim;
  return lead >= 0 && t.shape.every((s, d) => s === 1 || s === shape[lead + d]);
}

function writeAt(t: Tensor, positions: Float64Array, values: Float64Array): void {
  const data = t.storage.data;
  for (let k = 0; k < positions.length; k++) data[positions[k]] = values[k];
  t.bumpVersion();
}

/**
 * The graph after a write into `dst`: its root base takes CopySlices when the write went through a
 * view, else `direct` (CopyBackwards, FillBackward3, IndexPutBackward0). The base's gradient is
 * kept where nothing was written; `read(g)` picks the written elements of a root-shaped gradient.
 */
function recordWrite(
  dst: Tensor, value: IndexValue, direct: string, zeroWritten: (region: Tensor) => void, read: (g: Tensor) => Tensor,
  saved: readonly Tensor[] = [],
): void {
  const source = typeof value === "number" ? null : value;
  const origin = viewOrigin(dst);
  const root = origin?.root ?? dst;
  if (!anyRequiresGrad([root, source])) return;
  const region = (t: Tensor): Tensor => (origin ? origin.replay(t) : t);
  const keep = full(root.shape, 1, root.dtype);
  zeroWritten(region(keep));
  record(root, {
    name: origin ? "CopySlices" : direct,
    inputs: [root, source],
    saved: saved.map((t) => [t, "indices"] as const),
    formula: (g, _saved, needs) => {
      if (!needs[1]) return [mul(g, keep), null];
      const stripped = dropLeadingOnes(source!);
      const gradValue = castTo(sumToShape(read(region(g)), stripped.shape), source!.dtype);
      return [needs[0] ? mul(g, keep) : null, stripped === source ? gradValue : reshape(gradValue, source!.shape)];
    },
  });
}

/** copy_to: all of `dst` takes `value` (copy_, or fill_ for a single value). */
function copyTo(dst: Tensor, value: IndexValue): void {
  checkWritable(dst, typeof value === "number" ? null : value);
  // expand_inplace's checks and messages.
  if (typeof value !== "number") expand(detach(dropLeadingOnes(value)), dst.shape);
  writeAt(dst, storageOffsets(dst, null), valuesFor(value, dst.shape, dst.dtype));
  const valueDims = typeof value === "number" ? 0 : value.dim;
  const sameShape = valueDims === dst.dim && (typeof value === "number" || value.shape.every((s, d) => s === dst.shape[d]));
  recordWrite(dst, value, !sameShape && valueDims === 0 ? "FillBackward3" : "CopyBackwards",
    (region) => writeAt(region, storageOffsets(region, null), new Float64Array(region.numel)),
    (g) => g);
}

/** index_put_: the elements the index tensors pick take `value` (IndexPutBackward0). */
function indexPut(dst: Tensor, indices: readonly (Tensor | null)[], value: IndexValue): void {
  checkWritable(dst, typeof value === "number" ? null : value);
  const plan = gatherPlan(dst, indices);
  if (typeof value !== "number") {
    const stripped = dropLeadingOnes(value);
    if (!broadcastsTo(stripped, plan.shape)) {
      throw runtimeError(`shape mismatch: value tensor of shape [${stripped.shape.join(", ")}] cannot be broadcast to indexing result of shape [${plan.shape.join(", ")}]`);
    }
    // One bool mask and one value: PyTorch runs masked_fill_ with value.item(), converting its dtype.
    const given = indices.filter((i) => i !== null);
    const maskFill = given.length === 1 && given[0]!.dtype === "bool" && value.numel === 1;
    if (value.dtype !== dst.dtype && !maskFill) {
      throw runtimeError(`Index put requires the source and destination dtypes match, got ${scalarTypeName(dst.dtype)} for the destination and ${scalarTypeName(value.dtype)} for the source.`);
    }
  }
  writeAt(dst, storageOffsets(dst, plan.source), valuesFor(value, plan.shape, dst.dtype));
  recordWrite(dst, value, "IndexPutBackward0",
    (region) => writeAt(region, storageOffsets(region, plan.source), new Float64Array(plan.source.length)),
    (g) => gather(g, plan),
    // Saved only to be freed: a second backward fails like PyTorch's, whose formula reads them.
    indices.filter((i) => i !== null));
}

/** `x[index] = value`; `single` when the subscript was not a tuple. */
export function setIndex(x: Tensor, parts: readonly IndexPart[], single: boolean, value: IndexValue): void {
  if (single && parts.length === 1) {
    const part = parts[0];
    if (part.kind === "bool" && !part.value) return;
    if (part.kind === "ellipsis") copyTo(x, value);
    else if (part.kind === "none" || part.kind === "bool") copyTo(unsqueeze(x, 0), value);
    else if (part.kind === "int") copyTo(selectAt(x, 0, part.value, 0), value);
    else if (part.kind === "slice") copyTo(sliceAt(x, 0, part, true), value);
    else writeIndexed(x, parts, value);
  } else {
    writeIndexed(x, parts, value);
  }
}

function writeIndexed(x: Tensor, parts: readonly IndexPart[], value: IndexValue): void {
  const { result, indices } = applySlicing(x, parts);
  if (indices.length === 0) copyTo(result, value);
  else indexPut(result, indices, value);
}
