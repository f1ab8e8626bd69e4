// Shape ops built on views and copies: flatten, repeat, cat, stack, split, chunk, unbind, flip,
// narrow, movedim, contiguous. Each records the grad_fn PyTorch 1.13 shows.

import { allocate } from "../dtype";
import { runtimeError, TorchError, warn } from "../errors";
import { contiguousStrides, numelOf, Tensor } from "../tensor";
import { castTo } from "./elementwise";
import { resultType } from "./operand";
import { record, recordMany } from "./record";
import { sum } from "./reduction";
import { stridedCopy } from "./strided_copy";
import { asView, clone, normalizeDim, permute, reshape, select, slice, view } from "./view";

/** flatten(start_dim, end_dim): a reshape; the tensor itself when there is nothing to merge. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const start = normalizeDim(startDim, x.dim);
  const end = normalizeDim(endDim, x.dim);
  if (start > end) throw runtimeError("flatten() has invalid args: start_dim cannot come after end_dim");
  if (x.dim === 0) return reshape(x, [1]);
  if (start === end) return x;
  const merged = x.shape.slice(start, end + 1).reduce((n, s) => n * s, 1);
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/** unflatten(dim, sizes): a view splitting one dimension. */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.dim);
  return view(x, [...x.shape.slice(0, d), ...sizes, ...x.shape.slice(d + 1)]);
}

/** The tensor itself when already contiguous, else a contiguous copy (CloneBackward0). */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : clone(x);
}

export function movedim(x: Tensor, source: readonly number[], destination: readonly number[]): Tensor {
  if (source.length !== destination.length) {
    throw runtimeError(`movedim: Invalid source or destination dims: source (${source.length} dims) should contain the same number of dims as destination (${destination.length} dims)`);
  }
  const src = source.map((d) => normalizeDim(d, x.dim));
  const dst = destination.map((d) => normalizeDim(d, x.dim));
  const order = new Array<number>(x.dim).fill(-1);
  dst.forEach((d, k) => { order[d] = src[k]; });
  const rest = x.shape.map((_, d) => d).filter((d) => !src.includes(d));
  for (let k = 0, r = 0; k < order.length; k++) if (order[k] === -1) order[k] = rest[r++];
  return permute(x, order);
}

/** Tiles the tensor `repeats` times along each dimension (RepeatBackward0 sums the tiles back). */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.dim) throw runtimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  const lead = repeats.length - x.dim;
  const shape = repeats.map((_, d) => (d < lead ? 1 : x.shape[d - lead]));
  const strides = repeats.map((_, d) => (d < lead ? 0 : x.strides[d - lead]));
  // Read x as (r0, s0, r1, s1, ...) with stride 0 across the repeats: its contiguous copy is the tiling.
  const tiled = x.view(
    repeats.flatMap((r, d) => [r, shape[d]]),
    repeats.flatMap((_, d) => [0, strides[d]]),
    x.offset,
  );
  const out = Tensor.zeros(tiled.shape, x.dtype);
  stridedCopy(out, tiled);
  const outShape = repeats.map((r, d) => r * shape[d]);
  return record(out.view(outShape, contiguousStrides(outShape), 0), {
    name: "RepeatBackward0",
    inputs: [x],
    formula: (g) => [repeatBackward(g, repeats, x.shape)],
  });
}

function repeatBackward(g: Tensor, repeats: readonly number[], inputShape: readonly number[]): Tensor {
  if (repeats.includes(0)) return Tensor.zeros(inputShape, g.dtype);
  let grad = g;
  const lead = g.dim - inputShape.length;
  for (let i = 0; i < lead; i++) grad = sum(grad, 0);
  const gradSize: number[] = [];
  const sumDims: number[] = [];
  inputShape.forEach((size, d) => {
    const r = repeats[d + lead];
    if (r !== 1) {
      gradSize.push(r);
      sumDims.push(gradSize.length - 1);
    }
    gradSize.push(size);
  });
  return sumDims.length === 0 ? grad : sum(reshape(grad, gradSize), sumDims);
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** torch.cat: joins along `dim`; 1-D empty tensors are skipped, as PyTorch still allows. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw runtimeError("torch.cat(): expected a non-empty list of Tensors");
  tensors.forEach((t, i) => {
    if (t.dim === 0) throw runtimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const parts = tensors.filter((t) => !(t.dim === 1 && t.numel === 0));
  const first = parts[0] ?? tensors[0];
  const d = normalizeDim(dim, first.dim);
  tensors.forEach((t, i) => {
    if (!parts.includes(t)) return;
    if (t.dim !== first.dim) throw runtimeError(`Tensors must have same number of dimensions: got ${first.dim} and ${t.dim}`);
    t.shape.forEach((s, k) => {
      if (k !== d && s !== first.shape[k]) {
        throw runtimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[k]} but got size ${s} for tensor number ${i} in the list.`);
      }
    });
  });
  const dtype = resultType(tensors);
  const shape = first.shape.map((s, k) => (k === d ? parts.reduce((n, t) => n + t.shape[d], 0) : s));
  const out = Tensor.fromStorage(allocate(dtype, numelOf(shape)), shape, dtype);
  // Where each input starts along `dim`; null for the skipped empty ones.
  const offsets: (number | null)[] = [];
  let offset = 0;
  for (const t of tensors) {
    if (!parts.includes(t)) {
      offsets.push(null);
      continue;
    }
    offsets.push(offset);
    stridedCopy(out.view(t.shape, out.strides, out.offset + offset * out.strides[d]), t);
    offset += t.shape[d];
  }
  return record(out, {
    name: "CatBackward0",
    inputs: tensors,
    savedScalars: { dim: d },
    formula: (g, _saved, needs) => tensors.map((t, i) => {
      const start = offsets[i];
      return needs[i] && start !== null ? castTo(slice(g, d, start, start + t.shape[d], 1), t.dtype) : null;
    }),
  });
}

/** torch.stack: a new dimension at `dim` (StackBackward0). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw runtimeError("stack expects a non-empty TensorList");
  const first = tensors[0];
  tensors.forEach((t, i) => {
    if (t.dim !== first.dim || t.shape.some((s, k) => s !== first.shape[k])) {
      throw runtimeError(`stack expects each tensor to be equal size, but got ${shapeText(first.shape)} at entry 0 and ${shapeText(t.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim(dim, first.dim + 1);
  const dtype = resultType(tensors);
  const shape = [...first.shape];
  shape.splice(d, 0, tensors.length);
  const out = Tensor.fromStorage(allocate(dtype, numelOf(shape)), shape, dtype);
  const place = out.strides.filter((_, k) => k !== d);
  tensors.forEach((t, i) => stridedCopy(out.view(t.shape, place, i * out.strides[d]), t));
  return record(out, {
    name: "StackBackward0",
    inputs: tensors,
    savedScalars: { dim: d },
    formula: (g, _saved, needs) => tensors.map((t, i) => (needs[i] ? castTo(select(g, d, i), t.dtype) : null)),
  });
}

/** Views of consecutive pieces along `dim`, recorded as one node with several outputs. */
function pieces(x: Tensor, d: number, sizes: readonly number[], name: string): Tensor[] {
  const starts: number[] = [];
  let start = 0;
  for (const size of sizes) {
    starts.push(start);
    start += size;
  }
  const outputs = sizes.map((size, i) => {
    const replay = (t: Tensor): Tensor => t.view(
      t.shape.map((s, k) => (k === d ? size : s)), t.strides, t.offset + starts[i] * t.strides[d]);
    return asView(x, replay(x), (t) => slice(t, d, starts[i], starts[i] + size, 1));
  });
  return recordMany(outputs, {
    name,
    inputs: [x],
    savedScalars: { dim: d },
    formula: (grads) => [cat(grads.map((g, i) => g ?? Tensor.zeros(outputs[i].shape, outputs[i].dtype)), d)],
  });
}

/** split(size): pieces of `size` along `dim`, the last one shorter (SplitBackward0). */
export function split(x: Tensor, splitSize: number, dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim);
  const length = x.shape[d];
  if (splitSize < 0) throw runtimeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
  if (splitSize === 0 && length !== 0) throw runtimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${length}`);
  const count = splitSize === 0 ? 1 : Math.max(Math.ceil(length / splitSize), 1);
  const sizes = Array.from({ length: count }, (_, i) => Math.min(splitSize, length - i * splitSize));
  return pieces(x, d, sizes, "SplitBackward0");
}

/** split([sizes]): pieces of the given sizes (SplitWithSizesBackward0). */
export function splitWithSizes(x: Tensor, sizes: readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim);
  const total = sizes.reduce((n, s) => n + s, 0);
  if (total !== x.shape[d]) {
    throw runtimeError(`split_with_sizes expects split_sizes to sum exactly to ${x.shape[d]} (input tensor's size at dimension ${d}), but got split_sizes=${shapeText(sizes)}`);
  }
  return pieces(x, d, sizes, "SplitWithSizesBackward0");
}

/** chunk(n): split into pieces of ceil(size / n). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (chunks <= 0) throw runtimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim(dim, x.dim);
  const size = Math.ceil(x.shape[d] / chunks);
  return size === 0 ? splitWithSizes(x, new Array<number>(chunks).fill(0), d) : split(x, size, d);
}

/** unbind: every index along `dim` as a view (UnbindBackward0 stacks the gradients back). */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.dim === 0) throw new TorchError("IndexError", "Dimension specified as 0 but tensor has no dimensions");
  const d = normalizeDim(dim, x.dim);
  const outputs = Array.from({ length: x.shape[d] }, (_, i) => asView(x, x.view(
    x.shape.filter((_, k) => k !== d), x.strides.filter((_, k) => k !== d), x.offset + i * x.strides[d],
  ), (t) => select(t, d, i)));
  return recordMany(outputs, {
    name: "UnbindBackward0",
    inputs: [x],
    savedScalars: { dim: d },
    formula: (grads) => [stack(grads.map((g, i) => g ?? Tensor.zeros(outputs[i].shape, outputs[i].dtype)), d)],
  });
}

/** Reverses the given dimensions (a copy, FlipBackward0). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const flipped = (typeof dims === "number" ? [dims] : dims).map((d) => normalizeDim(d, x.dim));
  flipped.forEach((d, i) => {
    if (flipped.indexOf(d) !== i) throw runtimeError(`dim ${d} appears multiple times in the list of dims`);
  });
  const reversed = x.view(x.shape, x.strides.map((s, d) => (flipped.includes(d) ? -s : s)),
    x.offset + flipped.reduce((o, d) => o + (x.shape[d] - 1) * x.strides[d], 0));
  const out = Tensor.zeros(x.shape, x.dtype);
  stridedCopy(out, reversed);
  return record(out, { name: "FlipBackward0", inputs: [x], formula: (g) => [flip(g, flipped)] });
}

/** narrow(dim, start, length): a slice (SliceBackward0). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.dim === 0) throw runtimeError("narrow() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, x.dim);
  const size = x.shape[d];
  if (start < -size || start > size) {
    throw new TorchError("IndexError", `Dimension out of range (expected to be in range of [${-size}, ${size - 1}], but got ${start})`);
  }
  const begin = start < 0 ? start + size : start;
  if (begin + length > size) throw runtimeError(`start (${begin}) + length (${length}) exceeds dimension size (${size}).`);
  return slice(x, d, begin, begin + length, 1);
}


/** `x.T`: all dimensions reversed (PermuteBackward0); PyTorch warns once for ranks other than 0 and 2. */
export function numpyT(x: Tensor): Tensor {
  if (x.dim !== 2 && x.dim !== 0) {
    warn("UserWarning", "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.", true);
  }
  return permute(x, x.shape.map((_, d) => x.dim - 1 - d));
}
