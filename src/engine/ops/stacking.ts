// Joining, splitting and gridding: atleast_nd, the *stack family, tensor_split/hsplit/vsplit/
// dsplit, broadcast_tensors, meshgrid, cartesian_prod, combinations, block_diag. Most are PyTorch
// composites of views, cat and stack; block_diag records its own node.

import { runtimeError } from "../errors";
import { contiguousStrides, Tensor } from "../tensor";
import { broadcastShapes } from "./kernels";
import { resultType } from "./operand";
import { record } from "./record";
import { maskedSelect } from "./selection";
import { cat, flatten, narrow, stack } from "./shape";
import { stridedCopy } from "./strided_copy";
import { expand, normalizeDim, reshape, slice, unsqueeze, view } from "./view";


export function atleast1d(x: Tensor): Tensor {
  return x.dim === 0 ? reshape(x, [1]) : x;
}

export function atleast2d(x: Tensor): Tensor {
  if (x.dim === 0) return reshape(x, [1, 1]);
  return x.dim === 1 ? unsqueeze(x, 0) : x;
}

export function atleast3d(x: Tensor): Tensor {
  if (x.dim === 0) return reshape(x, [1, 1, 1]);
  if (x.dim === 1) return unsqueeze(unsqueeze(x, 0), -1);
  return x.dim === 2 ? unsqueeze(x, -1) : x;
}

export function hstack(tensors: readonly Tensor[]): Tensor {
  const parts = tensors.map(atleast1d);
  return cat(parts, parts.length > 0 && parts[0].dim === 1 ? 0 : 1);
}

export const vstack = (tensors: readonly Tensor[]): Tensor => cat(tensors.map(atleast2d), 0);

export const dstack = (tensors: readonly Tensor[]): Tensor => cat(tensors.map(atleast3d), 2);

export function columnStack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map((t) => (t.dim <= 1 ? reshape(t, [t.numel, 1]) : t)), 1);
}

/** tensor_split into `sections` near-equal pieces, or at the given indices: slices of x. */
export function tensorSplit(x: Tensor, sectionsOrIndices: number | readonly number[], dim = 0): Tensor[] {
  if (x.dim === 0) throw runtimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  const d = normalizeDim(dim, x.dim);
  const size = x.shape[d];
  let bounds: number[];
  if (typeof sectionsOrIndices === "number") {
    const sections = sectionsOrIndices;
    if (sections <= 0) throw runtimeError(`number of sections must be larger than 0, got ${sections}`);
    const small = Math.floor(size / sections);
    const extra = size % sections;
    bounds = [];
    for (let i = 1, at = 0; i < sections; i++) bounds.push((at += small + (i <= extra ? 1 : 0)));
  } else {
    bounds = [...sectionsOrIndices];
  }
  const starts = [0, ...bounds];
  return starts.map((start, i) => slice(x, d, start, i < bounds.length ? Math.max(bounds[i], start) : size, 1));
}

/** hsplit / vsplit / dsplit: tensor_split along a fixed dimension, an int needing an exact division. */
export function directionalSplit(x: Tensor, kind: "hsplit" | "vsplit" | "dsplit", split: number | readonly number[]): Tensor[] {
  const needed = kind === "hsplit" ? 1 : kind === "vsplit" ? 2 : 3;
  if (x.dim < needed) {
    throw runtimeError(`torch.${kind} requires a tensor with at least ${needed} dimension, but got a tensor with ${x.dim} dimensions!`);
  }
  const d = kind === "hsplit" ? (x.dim === 1 ? 0 : 1) : kind === "vsplit" ? 0 : 2;
  if (typeof split === "number" && (split === 0 || x.shape[d] % split !== 0)) {
    throw runtimeError(`torch.${kind} attempted to split along dimension ${d}, but the size of the dimension ${x.shape[d]} is not divisible by the split_size ${split}!`);
  }
  return tensorSplit(x, split, d);
}

/** torch.broadcast_tensors: each input expanded to the common shape (an input already of it stays itself). */
export function broadcastTensors(tensors: readonly Tensor[]): Tensor[] {
  const shape = tensors.reduce<readonly number[]>((s, t) => broadcastShapes(s, t.shape), []);
  return tensors.map((t) => (t.dim === shape.length && t.shape.every((s, k) => s === shape[k]) ? t : expand(t, shape)));
}

/** torch.meshgrid: views of each 0-d or 1-d input expanded over the grid; "xy" swaps the first two axes. */
export function meshgrid(tensors: readonly Tensor[], indexing: "ij" | "xy"): Tensor[] {
  if (tensors.length === 0) throw runtimeError("meshgrid expects a non-empty TensorList");
  tensors.forEach((t) => {
    if (t.dim > 1) throw runtimeError(`torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t.dim}D`);
    if (t.dtype !== tensors[0].dtype) throw runtimeError("meshgrid expects all tensors to have the same dtype");
  });
  const swap = indexing === "xy" && tensors.length >= 2;
  const order = swap ? [tensors[1], tensors[0], ...tensors.slice(2)] : [...tensors];
  const shape = order.map((t) => t.numel);
  const grids = order.map((t, i) => expand(view(t, shape.map((_, k) => (k === i ? -1 : 1))), shape));
  return swap ? [grids[1], grids[0], ...grids.slice(2)] : grids;
}

/** torch.cartesian_prod: the rows of every combination, one column per input (StackBackward0). */
export function cartesianProd(tensors: readonly Tensor[]): Tensor {
  tensors.forEach((t) => {
    if (t.dim !== 1) throw runtimeError(`Expect a 1D vector, but got shape [${t.shape.join(", ")}]`);
  });
  if (tensors.length === 1) return tensors[0];
  return stack(meshgrid(tensors, "ij").map((g) => flatten(g)), 1);
}

/** torch.combinations: r-element combinations (with repetition when asked) as rows (StackBackward0). */
export function combinations(x: Tensor, r = 2, withReplacement = false): Tensor {
  if (x.dim !== 1) throw runtimeError(`Expect a 1D vector, but got shape [${x.shape.join(", ")}]`);
  if (r < 0) throw runtimeError(`Expect a non-negative number, but got ${r}`);
  if (r === 0) return Tensor.zeros([0], x.dtype);
  const n = x.numel;
  const grids = meshgrid(new Array<Tensor>(r).fill(x), "ij");
  // The upper-triangular mask of index tuples: i0 < i1 < ... (<= with replacement).
  const shape = new Array<number>(r).fill(n);
  const mask = Tensor.zeros(shape, "bool");
  const strides = contiguousStrides(shape);
  for (let p = 0; p < mask.numel; p++) {
    let ok = true;
    for (let k = 1; k < r && ok; k++) {
      const prev = Math.floor(p / strides[k - 1]) % n;
      const cur = Math.floor(p / strides[k]) % n;
      ok = withReplacement ? prev <= cur : prev < cur;
    }
    mask.storage.data[p] = ok ? 1 : 0;
  }
  return stack(grids.map((g) => maskedSelect(g, mask)), 1);
}

/** torch.block_diag: the inputs (as matrices) along the diagonal of zeros (BlockDiagBackward0). */
export function blockDiag(tensors: readonly Tensor[]): Tensor {
  const blocks = tensors.map((t, i) => {
    if (t.dim > 2) throw runtimeError(`torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ${i} has ${t.dim} dimensions`);
    return t.dim === 2 ? t : t.dim === 1 ? t.view([1, t.numel], [0, t.strides[0]], t.offset) : t.view([1, 1], [0, 0], t.offset);
  });
  const dtype = tensors.length === 0 ? "float32" : resultType(tensors);
  const rows = blocks.reduce((n, b) => n + b.shape[0], 0);
  const cols = blocks.reduce((n, b) => n + b.shape[1], 0);
  const out = Tensor.zeros([rows, cols], dtype);
  const corners: [number, number][] = [];
  let r = 0;
  let c = 0;
  for (const b of blocks) {
    corners.push([r, c]);
    stridedCopy(out.view(b.shape, out.strides, r * cols + c), b);
    r += b.shape[0];
    c += b.shape[1];
  }
  return record(out, {
    name: "BlockDiagBackward0",
    inputs: tensors,
    formula: (g, _saved, needs) => tensors.map((t, i) => {
      if (!needs[i]) return null;
      const [r0, c0] = corners[i];
      const block = narrow(narrow(g, 0, r0, blocks[i].shape[0]), 1, c0, blocks[i].shape[1]);
      return reshape(block, t.shape);
    }),
  });
}
