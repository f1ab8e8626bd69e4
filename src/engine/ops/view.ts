// Views: tensors that share storage with their base (indexing, slicing, reshaping, expanding).
// Every view remembers its root base and how to re-create it, so an in-place write through a view
// can be recorded on the base (PyTorch's CopySlices).

import { asView, viewOrigin } from "../autograd/view_rebase";
import { TorchError, runtimeError } from "../errors";
import { contiguousStrides, Tensor } from "../tensor";
import { scalarTypeName } from "./elementwise";
import { record } from "./record";
import { sumToShape } from "./reduction";
import { stridedCopy } from "./strided_copy";

export { asView, viewOrigin };

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

/**
 * A view's backward: `g` written into zeros shaped like the base. It is itself differentiable:
 * its gradient re-applies the view (`forward`), so double backward works.
 */
function embed(g: Tensor, shape: readonly number[], name: string, place: (t: Tensor) => Tensor, forward: (t: Tensor) => Tensor): Tensor {
  const base = Tensor.zeros(shape, g.dtype);
  stridedCopy(place(base), g);
  return record(base, { name, inputs: [g], formula: (gg) => [forward(gg)] });
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
  const forward = (t: Tensor): Tensor => select(t, d, i);
  return asView(x, record(place(x), {
    name: "SelectBackward0",
    inputs: [x],
    savedScalars: { dim: d, index: i },
    formula: (g) => [embed(g, x.shape, "SelectBackwardBackward0", place, forward)],
  }), forward);
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
  const forward = (t: Tensor): Tensor => slice(t, d, begin, end, step);
  return asView(x, record(place(x), {
    name: "SliceBackward0",
    inputs: [x],
    savedScalars: { dim: d, start: begin, end, step },
    formula: (g) => [embed(g, x.shape, "SliceBackwardBackward0", place, forward)],
  }), forward);
}

export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.dim;
  if (lead < 0) {
    throw runtimeError(`expand(torch.${scalarTypeName(x.dtype)}Tensor{[${x.shape.join(", ")}]}, size=[${shape.join(", ")}]): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${x.dim})`);
  }
  const outShape = shape.map((s, d) => {
    if (s !== -1) return s;
    if (d < lead) throw runtimeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${d}`);
    return x.shape[d - lead];
  });
  // infer_expand_geometry checks from the last dimension backwards.
  const strides = new Array<number>(outShape.length).fill(0);
  for (let d = outShape.length - 1; d >= lead; d--) {
    const own = x.shape[d - lead];
    if (own === outShape[d]) {
      strides[d] = x.strides[d - lead];
    } else if (own !== 1) {
      throw runtimeError(
        `The expanded size of the tensor (${outShape[d]}) must match the existing size (${own}) at non-singleton dimension ${d}.  Target sizes: [${shape.join(", ")}].  Tensor sizes: [${x.shape.join(", ")}]`,
      );
    }
  }
  return asView(x, record(x.view(outShape, strides, x.offset), {
    name: "ExpandBackward0",
    inputs: [x],
    formula: (g) => [sumToShape(g, x.shape)],
  }), (t) => expand(t, outShape));
}

/** infer_size: the one -1 in `shape` becomes whatever makes the sizes multiply to `numel`. */
function inferShape(numel: number, shape: readonly number[]): number[] {
  let inferred = -1;
  let known = 1;
  shape.forEach((s, d) => {
    if (s === -1) {
      if (inferred >= 0) throw runtimeError("only one dimension can be inferred");
      inferred = d;
    } else if (s < 0) {
      throw runtimeError(`invalid shape dimension ${s}`);
    } else {
      known *= s;
    }
  });
  const out = [...shape];
  if (inferred >= 0 && known !== 0 && numel % known === 0) out[inferred] = numel / known;
  else if (known !== numel || inferred >= 0) throw runtimeError(`shape '[${shape.join(", ")}]' is invalid for input of size ${numel}`);
  return out;
}

/** at::detail::computeStride: strides that read `x` as `shape` without copying, or null. */
function computeStride(x: Tensor, shape: readonly number[]): number[] | null {
  const oldShape = x.shape;
  const oldStride = x.strides;
  if (oldShape.length === 0) return shape.map(() => 1);
  if (x.numel === 0) return contiguousStrides(shape);
  const newStride = new Array<number>(shape.length);
  let viewD = shape.length - 1;
  let chunkBaseStride = oldStride[oldStride.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= oldShape[tensorD];
    if (tensorD === 0 || (oldShape[tensorD - 1] !== 1 && oldStride[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        newStride[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= shape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = oldStride[tensorD - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStride : null;
}

/** A shape-only view whose backward reshapes the gradient back (view, _reshape_alias, _unsafe_view). */
function reshapedView(x: Tensor, shape: readonly number[], strides: readonly number[], name: string, replay: (t: Tensor) => Tensor): Tensor {
  return asView(x, record(x.view(shape, strides, x.offset), {
    name,
    inputs: [x],
    formula: (g) => [reshape(g, x.shape)],
  }), replay);
}

/** Tensor.view: never copies; PyTorch's error when the strides do not allow it. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(x.numel, shape);
  const strides = computeStride(x, target);
  if (strides === null) {
    throw runtimeError("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  }
  return reshapedView(x, target, strides, "ViewBackward0", (t) => view(t, target));
}

/** reshape: a view (ReshapeAliasBackward0) when the strides allow one, else a copy (UnsafeViewBackward0). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(x.numel, shape);
  const strides = computeStride(x, target);
  if (strides !== null) return reshapedView(x, target, strides, "ReshapeAliasBackward0", (t) => reshape(t, target));
  const copy = clone(x);
  return record(copy.view(target, contiguousStrides(target), 0), {
    name: "UnsafeViewBackward0",
    inputs: [copy],
    formula: (g) => [reshape(g, copy.shape)],
  });
}

/** A contiguous copy (CloneBackward0). */
export function clone(x: Tensor): Tensor {
  const copy = Tensor.zeros(x.shape, x.dtype);
  stridedCopy(copy, x);
  return record(copy, { name: "CloneBackward0", inputs: [x], formula: (g) => [g] });
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.dim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.dim ? x.strides[d] * x.shape[d] : 1);
  return asView(x, record(x.view(shape, strides, x.offset), {
    name: "UnsqueezeBackward0",
    inputs: [x],
    savedScalars: { dim: d },
    formula: (g) => [squeeze(g, d)],
  }), (t) => unsqueeze(t, d));
}

/** squeeze(): every size-1 dimension (SqueezeBackward0); squeeze(dim): that one if it has size 1 (SqueezeBackward1). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  const d = dim === undefined ? -1 : normalizeDim(dim, x.dim);
  const drop = (k: number): boolean => x.shape[k] === 1 && (dim === undefined || k === d);
  const keep = x.shape.map((_, k) => !drop(k));
  const out = x.view(x.shape.filter((_, k) => keep[k]), x.strides.filter((_, k) => keep[k]), x.offset);
  return asView(x, record(out, {
    name: dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1",
    inputs: [x],
    formula: (g) => [unsqueezeTo(g, x.shape, keep)],
  }), (t) => squeeze(t, dim === undefined ? undefined : d));
}

/** unsqueeze_to: puts back the size-1 dimensions squeeze removed. */
function unsqueezeTo(g: Tensor, shape: readonly number[], kept: readonly boolean[]): Tensor {
  let out = g;
  shape.forEach((_, k) => {
    if (!kept[k]) out = unsqueeze(out, k);
  });
  return out;
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim(dim0, x.dim);
  const b = normalizeDim(dim1, x.dim);
  const swap = <T>(list: readonly T[]): T[] => list.map((v, k) => (k === a ? list[b] : k === b ? list[a] : v));
  return asView(x, record(x.view(swap(x.shape), swap(x.strides), x.offset), {
    name: "TransposeBackward0",
    inputs: [x],
    savedScalars: { dim0: a, dim1: b },
    formula: (g) => [transpose(g, a, b)],
  }), (t) => transpose(t, a, b));
}

/** Tensor.t(): transposes a matrix, returns vectors and scalars as they are (TBackward0 either way). */
export function t(x: Tensor): Tensor {
  if (x.dim > 2) throw runtimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim}D`);
  const swap = <T>(list: readonly T[]): T[] => [...list].reverse();
  return asView(x, record(x.view(swap(x.shape), swap(x.strides), x.offset), {
    name: "TBackward0",
    inputs: [x],
    formula: (g) => [t(g)],
  }), t);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.dim) {
    throw runtimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim} is not equal to len(dims) = ${dims.length}`);
  }
  const order = dims.map((d) => normalizeDim(d, x.dim));
  if (new Set(order).size !== order.length) throw runtimeError("permute(): duplicate dims are not allowed.");
  const inverse = new Array<number>(order.length);
  order.forEach((d, k) => { inverse[d] = k; });
  return asView(x, record(x.view(order.map((d) => x.shape[d]), order.map((d) => x.strides[d]), x.offset), {
    name: "PermuteBackward0",
    inputs: [x],
    formula: (g) => [permute(g, inverse)],
  }), (t) => permute(t, order));
}

/** A view of the whole tensor under a new autograd identity (`x[...]`). */
export function alias(x: Tensor): Tensor {
  return asView(x, record(x.view(x.shape, x.strides, x.offset), {
    name: "AliasBackward0", inputs: [x], formula: (g) => [g],
  }), alias);
}

/** A view with no history: what `detach()` and `.data` return. */
export function detach(x: Tensor): Tensor {
  return x.view(x.shape, x.strides, x.offset);
}
