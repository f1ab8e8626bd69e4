// Reductions (sum, mean, cumsum) and summing a broadcast gradient back to an input's shape.

import { allocate, DType, isFloating } from "../dtype";
import { TorchError } from "../errors";
import { Tensor } from "../tensor";
import { div } from "./elementwise";
import { record } from "./record";
import { expand, normalizeDim, reshape } from "./view";

function reductionDType(x: Tensor): DType {
  return isFloating(x.dtype) ? x.dtype : "int64";
}

/** Sums over `dims` (sorted, normalised); keeps them as size 1 when keepdim. */
function sumKernel(x: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType): Tensor {
  const keptShape = x.shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const outShape = keepdim ? keptShape : x.shape.filter((_, d) => !dims.includes(d));
  const numel = keptShape.reduce((n, s) => n * s, 1);
  const acc = new Float64Array(numel);
  const outStrides = new Array<number>(x.dim);
  for (let d = x.dim - 1, step = 1; d >= 0; d--) {
    outStrides[d] = dims.includes(d) ? 0 : step;
    step *= keptShape[d];
  }
  for (let i = 0; i < x.numel; i++) {
    let rest = i;
    let target = 0;
    for (let d = x.dim - 1; d >= 0; d--) {
      target += (rest % x.shape[d]) * outStrides[d];
      rest = Math.floor(rest / x.shape[d]);
    }
    acc[target] += x.at(i);
  }
  const out = allocate(dtype, numel);
  for (let i = 0; i < numel; i++) out[i] = acc[i];
  return Tensor.fromStorage(out, outShape, dtype);
}

export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  const dims = dim === undefined ? x.shape.map((_, d) => d) : normalizeDims(dim, x.dim);
  const result = sumKernel(x, dims, dim === undefined ? false : keepdim, reductionDType(x));
  return record(result, {
    name: dim === undefined ? "SumBackward0" : "SumBackward1",
    inputs: [x],
    formula: (g) => [expand(unsqueezeDims(g, dims, dim === undefined || keepdim), x.shape)],
  });
}

export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  if (!isFloating(x.dtype)) {
    throw new TorchError(
      "RuntimeError",
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype === "int64" ? "Long" : x.dtype === "int32" ? "Int" : "Bool"}`,
    );
  }
  const dims = dim === undefined ? x.shape.map((_, d) => d) : normalizeDims(dim, x.dim);
  const count = dims.reduce((n, d) => n * x.shape[d], 1);
  const summed = sumKernel(x, dims, dim === undefined ? false : keepdim, x.dtype);
  const out = summed.storage.data;
  for (let i = 0; i < out.length; i++) out[i] = out[i] / count;
  return record(summed, {
    name: dim === undefined ? "MeanBackward0" : "MeanBackward1",
    inputs: [x],
    formula: (g) => [div(expand(unsqueezeDims(g, dims, dim === undefined || keepdim), x.shape), count)],
  });
}

function normalizeDims(dim: number | readonly number[], rank: number): number[] {
  const list = typeof dim === "number" ? [dim] : dim;
  return list.map((d) => normalizeDim(d, rank)).sort((a, b) => a - b);
}

/** Puts back the reduced dimensions as size 1 so the gradient broadcasts over them. */
function unsqueezeDims(g: Tensor, dims: readonly number[], alreadyKept: boolean): Tensor {
  if (alreadyKept) return g;
  const shape = [...g.shape];
  for (const d of dims) shape.splice(d, 0, 1);
  return reshape(g, shape);
}

/** The gradient of a broadcast input: summed over the dimensions broadcasting added or stretched. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, d) => s === shape[d])) return g;
  const lead = g.dim - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < g.dim; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) dims.push(d);
  }
  const summed = sum(g, dims, true);
  return summed.dim === shape.length ? summed : reshape(summed, shape);
}

export function cumsum(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.dim);
  const dtype = reductionDType(x);
  const out = allocate(dtype, x.numel);
  const size = x.dim === 0 ? 1 : x.shape[d];
  const inner = x.shape.slice(d + 1).reduce((n, s) => n * s, 1);
  for (let i = 0; i < x.numel; i++) {
    const along = Math.floor(i / inner) % size;
    out[i] = along === 0 ? x.at(i) : out[i - inner] + x.at(i);
  }
  const result = Tensor.fromStorage(out, x.shape, dtype);
  return record(result, {
    name: "CumsumBackward0",
    inputs: [x],
    formula: (g) => [flip(cumsum(flip(g, d), d), d)],
  });
}

/** Reverses one dimension (the building block of cumsum's backward). */
export function flip(x: Tensor, dim: number): Tensor {
  const out = allocate(x.dtype, x.numel);
  const size = x.dim === 0 ? 1 : x.shape[dim];
  const inner = x.shape.slice(dim + 1).reduce((n, s) => n * s, 1);
  for (let i = 0; i < x.numel; i++) {
    const along = Math.floor(i / inner) % size;
    out[i + (size - 1 - 2 * along) * inner] = x.at(i);
  }
  return record(Tensor.fromStorage(out, x.shape, x.dtype), {
    name: "FlipBackward0", inputs: [x], formula: (g) => [flip(g, dim)],
  });
}
