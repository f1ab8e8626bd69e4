// Views: tensors that share storage with their base (indexing, slicing, reshaping, expanding).

import { runtimeError, TorchError } from "../errors";
import { contiguousStrides, Tensor } from "../tensor";
import { copyInto } from "./kernels";
import { record } from "./record";
import { sumToShape } from "./reduction";

export function normalizeDim(dim: number, rank: number): number {
  const extent = Math.max(rank, 1);
  if (dim < -extent || dim >= extent) {
    throw new TorchError(
      "IndexError",
      `Dimension out of range (expected to be in range of [${-extent}, ${extent - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + extent : dim;
}

/** A zero-filled tensor of `shape` with `g` written into the view `place` selects (views' backward). */
function scatterInto(shape: readonly number[], g: Tensor, place: (base: Tensor) => Tensor): Tensor {
  const base = Tensor.zeros(shape, g.dtype);
  copyInto(place(base), g);
  return base;
}

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim === 0) throw new TorchError("IndexError", "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
  const d = normalizeDim(dim, x.dim);
  const size = x.shape[d];
  if (index < -size || index >= size) {
    throw new TorchError("IndexError", `index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  const place = (t: Tensor): Tensor => t.view(
    t.shape.filter((_, k) => k !== d), t.strides.filter((_, k) => k !== d), t.offset + i * t.strides[d]);
  return record(place(x), {
    name: "SelectBackward0",
    inputs: [x],
    formula: (g) => [scatterInto(x.shape, g, place)],
  });
}

/** x[start:stop:step] along `dim`, with Python's clamping of out-of-range bounds. */
export function slice(x: Tensor, dim: number, start: number | null, stop: number | null, step: number): Tensor {
  const d = normalizeDim(dim, x.dim);
  const size = x.shape[d];
  if (step <= 0) throw runtimeError("slice step must be positive");
  const clampBound = (v: number | null, fallback: number): number =>
    v === null ? fallback : Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const begin = clampBound(start, 0);
  const end = Math.max(clampBound(stop, size), begin);
  const length = Math.ceil((end - begin) / step);
  const place = (t: Tensor): Tensor => t.view(
    t.shape.map((s, k) => (k === d ? length : s)),
    t.strides.map((s, k) => (k === d ? s * step : s)),
    t.offset + begin * t.strides[d]);
  return record(place(x), {
    name: "SliceBackward0",
    inputs: [x],
    formula: (g) => [scatterInto(x.shape, g, place)],
  });
}

export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.dim;
  if (lead < 0) throw runtimeError(`expand: the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${x.dim})`);
  const outShape = shape.map((s, d) => (s === -1 ? x.shape[d - lead] : s));
  const strides = outShape.map((s, d) => {
    if (d < lead) return 0;
    const own = x.shape[d - lead];
    if (own === s) return x.strides[d - lead];
    if (own === 1) return 0;
    throw runtimeError(
      `The expanded size of the tensor (${s}) must match the existing size (${own}) at non-singleton dimension ${d}.  Target sizes: [${outShape.join(", ")}].  Tensor sizes: [${x.shape.join(", ")}]`,
    );
  });
  if (outShape.every((s, d) => s === x.shape[d]) && lead === 0) return x;
  return record(x.view(outShape, strides, x.offset), {
    name: "ExpandBackward0",
    inputs: [x],
    formula: (g) => [sumToShape(g, x.shape)],
  });
}

function inferShape(x: Tensor, shape: readonly number[]): number[] {
  const known = shape.reduce((n, s) => (s === -1 ? n : n * s), 1);
  const inferred = shape.map((s) => (s === -1 ? x.numel / known : s));
  if (inferred.reduce((n, s) => n * s, 1) !== x.numel || shape.filter((s) => s === -1).length > 1 || !inferred.every(Number.isInteger)) {
    throw runtimeError(`shape '[${shape.join(", ")}]' is invalid for input of size ${x.numel}`);
  }
  return inferred;
}

/** reshape: a view when the tensor is contiguous, otherwise a copy (as PyTorch decides). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(x, shape);
  const base = x.isContiguous() ? x : Tensor.fromStorage(x.contiguousData(), x.shape, x.dtype);
  return record(base.view(target, contiguousStrides(target), base.offset), {
    name: x.isContiguous() ? "ViewBackward0" : "UnsafeViewBackward0",
    inputs: [x],
    formula: (g) => [reshape(g, x.shape)],
  });
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.dim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.dim ? x.strides[d] * x.shape[d] : 1);
  return record(x.view(shape, strides, x.offset), {
    name: "UnsqueezeBackward0",
    inputs: [x],
    formula: (g) => [reshape(g, x.shape)],
  });
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim(dim0, x.dim);
  const b = normalizeDim(dim1, x.dim);
  const swap = <T>(list: readonly T[]): T[] => list.map((v, k) => (k === a ? list[b] : k === b ? list[a] : v));
  return record(x.view(swap(x.shape), swap(x.strides), x.offset), {
    name: "TransposeBackward0",
    inputs: [x],
    formula: (g) => [transpose(g, a, b)],
  });
}

/** A view with no history: what `detach()` and `.data` return. */
export function detach(x: Tensor): Tensor {
  return x.view(x.shape, x.strides, x.offset);
}
