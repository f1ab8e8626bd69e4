// Largest and smallest values: max/min (whole tensor or along a dim, with indices), amax/amin,
// argmax/argmin and the elementwise maximum/minimum. NaN wins every comparison, ties keep the
// first index, as on PyTorch's CPU.

import { allocate, isFloating } from "../dtype";
import { runtimeError, TorchError } from "../errors";
import { contiguousStrides, Tensor } from "../tensor";
import { compare, div, mul, notImplementedFor } from "./elementwise";
import { zipKernel } from "./kernels";
import { Operand, resultType } from "./operand";
import { record, recordMany } from "./record";
import { withGradMode } from "../grad_mode";
import { forEachLine, reduceInto, reductionDims, reducedShape, restoreDims } from "./reduce_dims";
import { vectorReduceLoop } from "./reduce_kernels";
import { sum, sumToShape } from "./reduction";
import { where } from "./select";
import { rowMajorValues } from "./strided_copy";
import { expand, normalizeDim } from "./view";

export type Extremum = "max" | "min";

/** Whether `a` beats `b`: NaN beats everything, then the larger (max) or smaller (min). */
function beats(kind: Extremum): (a: number, b: number) => boolean {
  return kind === "max"
    ? (a, b) => a > b || (a !== a && b === b)
    : (a, b) => a < b || (a !== a && b === b);
}

function pick(kind: Extremum): (a: number, b: number) => number {
  const better = beats(kind);
  return (a, b) => (better(b, a) ? b : a);
}

const Name = { max: "Max", min: "Min" } as const;

/** max() / min(): one value; the gradient is shared evenly among the elements that equal it (MaxBackward1). */
export function extremum(x: Tensor, kind: Extremum): Tensor {
  if (x.numel === 0) {
    throw runtimeError(`${kind}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const dims = reductionDims(x, undefined);
  const result = reduceInto(x, dims, false, x.dtype, x.at(0), (data, out) => vectorReduceLoop(data, out, pick(kind), 1));
  if (!isFloating(x.dtype)) return result;
  return record(result, {
    name: `${Name[kind]}Backward1`,
    inputs: [x],
    saved: [[x, "self"], [result, "result"]],
    formula: (g, [self, value]) => {
      const mask = Number.isNaN(value.item()) ? compare("ne", self, self) : compare("eq", self, value);
      return [where(mask, div(g, sum(mask)), 0)];
    },
  });
}

/** amax / amin over several dims; the gradient is shared among each reduced group's ties. */
export function amax(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extremeValues(x, dim, keepdim, "max");
}

export function amin(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extremeValues(x, dim, keepdim, "min");
}

/** torch.aminmax: amin and amax in one call. PyTorch 1.13 has no derivative for it: both outputs get a NotImplemented node. */
export function aminmax(x: Tensor, dim?: number, keepdim = false): [Tensor, Tensor] {
  if (dim === undefined ? x.numel === 0 : x.shape[normalizeDim(dim, x.dim)] === 0) {
    if (dim === undefined) throw runtimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.");
    throw new TorchError("IndexError", `aminmax: Expected reduction dim ${normalizeDim(dim, x.dim)} to have non-zero size.`);
  }
  const [min, max] = withGradMode(false, () => [amin(x, dim, keepdim), amax(x, dim, keepdim)]);
  recordMany([min, max], {
    name: "NotImplemented", inputs: [x],
    formula: () => {
      throw runtimeError("derivative for aten::aminmax is not implemented");
    },
  });
  return [min, max];
}

function extremeValues(x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean, kind: Extremum): Tensor {
  const dims = reductionDims(x, dim);
  for (const d of dims) {
    if (x.shape[d] === 0) throw new TorchError("IndexError", `a${kind}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const init = kind === "max" ? -Infinity : Infinity;
  const result = reduceInto(x, dims, keepdim, x.dtype, init, (data, out) => vectorReduceLoop(data, out, pick(kind), 1));
  if (!isFloating(x.dtype)) return result;
  return record(result, {
    name: `A${kind}Backward0`,
    inputs: [x],
    saved: [[x, "self"], [result, "result"]],
    formula: (g, [self, value]) => {
      const mask = compare("eq", restoreDims(value, dims, keepdim), self);
      return [mul(div(restoreDims(g, dims, keepdim), sum(mask, dims, true)), mask)];
    },
  });
}

/** The winner of each line along `dim`: its value and its index. */
function lineWinners(x: Tensor, dim: number, kind: Extremum, values: boolean): { values: Tensor | null; indices: Tensor } {
  const better = beats(kind);
  const data = x.storage.data;
  const shape = reducedShape(x, x.dim === 0 ? [] : [dim], true);
  const count = shape.reduce((n, s) => n * s, 1);
  const best = values ? allocate(x.dtype, count) : null;
  const positions = allocate("int64", count);
  let line = 0;
  forEachLine(x, dim, (inBase, inStride, _outBase, _inner, size) => {
    let winner = 0;
    let top = data[inBase];
    for (let i = 1; i < size; i++) {
      const v = data[inBase + i * inStride];
      if (better(v, top)) {
        top = v;
        winner = i;
      }
    }
    if (best) best[line] = top;
    positions[line++] = winner;
  });
  return {
    values: best ? Tensor.fromStorage(best, shape, x.dtype) : null,
    indices: Tensor.fromStorage(positions, shape, "int64"),
  };
}

/**
 * max(dim) / min(dim): values and indices. Only the values are differentiable; their gradient goes
 * to the chosen element of each line (MaxBackward0).
 */
export function extremumAlong(x: Tensor, dim: number, keepdim: boolean, kind: Extremum): [Tensor, Tensor] {
  const d = normalizeDim(dim, x.dim);
  if (x.dim > 0 && x.shape[d] === 0) throw new TorchError("IndexError", `${kind}(): Expected reduction dim ${d} to have non-zero size.`);
  const winners = lineWinners(x, d, kind, true);
  const shape = reducedShape(x, x.dim === 0 ? [] : [d], keepdim);
  const values = winners.values!.view(shape, contiguousStrides(shape), 0);
  const indices = winners.indices.view(shape, contiguousStrides(shape), 0);
  if (!isFloating(x.dtype)) return [values, indices];
  const chosen = selectedMask(x.shape, d, winners.indices);
  record(values, {
    name: `${Name[kind]}Backward0`,
    inputs: [x],
    saved: [[indices, "indices"]],
    savedScalars: { dim: d },
    formula: (g) => [where(chosen, expand(restoreDims(g, x.dim === 0 ? [] : [d], keepdim), x.shape), 0)],
  });
  return [values, indices];
}

/** A bool tensor of `shape` that is true where `indices` (keepdim-shaped) points along `dim`. */
function selectedMask(shape: readonly number[], dim: number, indices: Tensor): Tensor {
  const mask = allocate("bool", shape.reduce((n, s) => n * s, 1));
  const size = shape.length === 0 ? 1 : shape[dim];
  const inner = shape.slice(dim + 1).reduce((n, s) => n * s, 1);
  const index = indices.storage.data;
  for (let line = 0; line < index.length; line++) {
    const outer = Math.floor(line / inner);
    mask[outer * size * inner + index[line] * inner + (line % inner)] = 1;
  }
  return Tensor.fromStorage(mask, shape, "bool");
}

/** argmax / argmin: the flat index when no dim is given. */
export function argExtremum(x: Tensor, dim: number | undefined, keepdim: boolean, kind: Extremum): Tensor {
  if (x.dtype === "bool") throw runtimeError(notImplementedFor(`arg${kind}_cpu`, x.dtype));
  if (dim === undefined) {
    if (x.numel === 0) throw new TorchError("IndexError", `arg${kind}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = Tensor.fromStorage(rowMajorValues(x), [x.numel], x.dtype);
    const { indices } = lineWinners(flat, 0, kind, false);
    return keepdim ? indices.view(x.shape.map(() => 1), x.shape.map(() => 1), 0) : indices.view([], [], 0);
  }
  const d = normalizeDim(dim, x.dim);
  if (x.dim > 0 && x.shape[d] === 0) throw new TorchError("IndexError", `arg${kind}(): Expected reduction dim ${d} to have non-zero size.`);
  const { indices } = lineWinners(x, d, kind, false);
  const shape = reducedShape(x, x.dim === 0 ? [] : [d], keepdim);
  return indices.view(shape, contiguousStrides(shape), 0);
}

/** Elementwise maximum / minimum (torch.max(a, b)); ties split the gradient in half. */
export function elementwiseExtremum(a: Tensor, b: Tensor, kind: Extremum): Tensor {
  const dtype = resultType([a, b] as Operand[]);
  const choose = pick(kind);
  const result = zipKernel(a, b, dtype, dtype, (x, y) => (x !== x ? x : choose(x, y)));
  if (!isFloating(dtype)) return result;
  const loses = kind === "max" ? "lt" : "gt";
  const wins = kind === "max" ? "gt" : "lt";
  return record(result, {
    name: `${Name[kind]}imumBackward0`,
    inputs: [a, b],
    saved: [[a, "self"], [b, "other"]],
    formula: (g, [self, other], needs) => {
      const shared = where(compare("eq", self, other), div(g, 2), g);
      return [
        needs[0] ? sumToShape(where(compare(loses, self, other), 0, shared), a.shape) : null,
        needs[1] ? sumToShape(where(compare(wins, self, other), 0, shared), b.shape) : null,
      ];
    },
  });
}
