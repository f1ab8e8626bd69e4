// Sums and products (sum, mean, prod, cumsum, cumprod, logsumexp, all, any), and summing a
// broadcast gradient back to an input's shape. Float results follow PyTorch's CPU kernels step by
// step (see reduce_kernels.ts), so even full-precision prints agree.

import { allocate, DType, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { isGradEnabled } from "../grad_mode";
import { Tensor } from "../tensor";
import { full } from "./creation";
import { div, mul, scalarTypeName, sub, unary } from "./elementwise";
import { amax } from "./extrema";
import { expFor, logFor } from "./float32_math";
import { record } from "./record";
import { castCopy, forEachLine, reduceInto, reductionDims, restoreDims } from "./reduce_dims";
import { cascadeSumLoop, rounderFor, vectorLanes, vectorReduceLoop } from "./reduce_kernels";
import { cat, flip, narrow } from "./shape";
import { rowMajorValues } from "./strided_copy";
import { detach, expand, normalizeDim, reshape, slice, view } from "./view";

type Dims = number | readonly number[] | undefined;

/** Integer and bool inputs sum and multiply as int64. */
function accumulateDType(x: Tensor): DType {
  return isFloating(x.dtype) ? x.dtype : "int64";
}

function sumKernel(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const dtype = accumulateDType(x);
  if (!isFloating(dtype)) return reduceInto(x, dims, keepdim, dtype, 0, (data, out) => vectorReduceLoop(data, out, (a, b) => a + b, 1));
  return reduceInto(x, dims, keepdim, dtype, 0, (data, out) => cascadeSumLoop(data, out, rounderFor(dtype), vectorLanes(dtype)));
}

/** sum(): SumBackward0; sum(dim): SumBackward1 (even for an empty dim list, which sums everything). */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = reductionDims(x, dim);
  const keep = dim !== undefined && keepdim;
  const result = sumKernel(x, dims, keep);
  // Gradients summed back to a shape (backward without create_graph) take no node: skip the Recording.
  if (!x.requiresGrad) return result;
  return record(result, {
    name: dim === undefined ? "SumBackward0" : "SumBackward1",
    inputs: [x],
    formula: (g) => [expand(restoreDims(g, dims, keep), x.shape)],
  });
}

/** PyTorch's CPU mean: the sum, then divided by the count. */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloating(x.dtype)) {
    throw runtimeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(x.dtype)}`);
  }
  const dims = reductionDims(x, dim);
  const keep = dim !== undefined && keepdim;
  const count = dims.reduce((n, d) => n * x.shape[d], 1);
  const result = sumKernel(x, dims, keep);
  const data = result.storage.data;
  for (let i = 0; i < data.length; i++) data[i] = data[i] / count;
  return record(result, {
    name: dim === undefined ? "MeanBackward0" : "MeanBackward1",
    inputs: [x],
    formula: (g) => [div(expand(restoreDims(g, dims, keep), x.shape), count)],
  });
}

function prodKernel(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const dtype = accumulateDType(x);
  const round = rounderFor(dtype);
  return reduceInto(x, dims, keepdim, dtype, 1, (data, out) => vectorReduceLoop(data, out, (a, b) => round(a * b), vectorLanes(dtype)));
}

/** prod(): ProdBackward0; prod(dim): ProdBackward1. */
export function prod(x: Tensor, dim?: number, keepdim = false): Tensor {
  const dims = reductionDims(x, dim);
  const keep = dim !== undefined && keepdim;
  const result = prodKernel(x, dims, keep);
  if (!isFloating(result.dtype)) return result;
  return record(result, {
    name: dim === undefined ? "ProdBackward0" : "ProdBackward1",
    inputs: [x],
    saved: [[x, "self"], [result, "result"]],
    formula: (g, [self, out]) => [prodBackward(g, self, out, dim === undefined ? null : dims[0], keep)],
  });
}

/** FunctionsManual's prod_backward: grad * result / input, or the zero-safe form when an input is 0. */
function prodBackward(g: Tensor, self: Tensor, result: Tensor, dim: number | null, keepdim: boolean): Tensor {
  if (self.dim === 0) return g;
  const grad = dim === null ? g : restoreDims(g, [dim], keepdim || self.dim === 1);
  const out = dim === null ? result : restoreDims(result, [dim], keepdim || self.dim === 1);
  const data = rowMajorValues(self);
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  if (zeros === 0) return mul(grad, div(out, self));
  // With two zeros every product leaves one in: PyTorch skips the work unless grad mode is on.
  if (dim === null && zeros > 1 && !isGradEnabled()) return Tensor.zeros(self.shape, g.dtype);
  if (dim === null) return reshape(prodSafeZerosBackward(grad, reshape(self, [-1]), 0), self.shape);
  return prodSafeZerosBackward(grad, self, dim);
}

/** grad times the product of every other element, from exclusive cumulative products both ways. */
function prodSafeZerosBackward(grad: Tensor, input: Tensor, dim: number): Tensor {
  const size = input.shape[dim];
  const ones = onesAlong(input, dim);
  const exclusiveNormal = cumprod(cat([ones, narrow(input, dim, 0, size - 1)], dim), dim);
  const exclusiveReverse = flip(cumprod(cat([ones, flip(narrow(input, dim, 1, size - 1), [dim])], dim), dim), [dim]);
  return mul(grad, mul(exclusiveNormal, exclusiveReverse));
}

/** Ones shaped like `input` with `dim` shrunk to 1: the empty product that starts a cumulative one. */
function onesAlong(input: Tensor, dim: number): Tensor {
  return full(input.shape.map((s, d) => (d === dim ? 1 : s)), 1, input.dtype);
}

/** Walks each line along `dim` keeping a running value in double (PyTorch's acc_type), storing each step. */
function scan(x: Tensor, dim: number, init: number, step: (acc: number, v: number) => number): Tensor {
  const dtype = accumulateDType(x);
  const out = allocate(dtype, x.numel);
  const data = x.storage.data;
  forEachLine(x, dim, (inBase, inStride, outBase, inner, size) => {
    let acc = init;
    for (let i = 0; i < size; i++) {
      acc = step(acc, data[inBase + i * inStride]);
      out[outBase + i * inner] = acc;
    }
  });
  return Tensor.fromStorage(out, x.shape, dtype);
}

export function cumsum(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.dim);
  return record(scan(x, d, 0, (acc, v) => acc + v), {
    name: "CumsumBackward0",
    inputs: [x],
    savedScalars: { dim: d },
    formula: (g) => [x.numel <= 1 || x.shape[d] === 1 ? g : flip(cumsum(flip(g, [d]), d), [d])],
  });
}

export function cumprod(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.dim);
  const result = scan(x, d, 1, (acc, v) => acc * v);
  return record(result, {
    name: "CumprodBackward0",
    inputs: [x],
    saved: [[x, "self"], [result, "result"]],
    savedScalars: { dim: d },
    formula: (g, [self, out]) => [cumprodBackward(g, self, out, d)],
  });
}

/** FunctionsManual's cumprod_backward: reversed cumsum of output*grad over the input, or O(n²) around zeros. */
function cumprodBackward(g: Tensor, input: Tensor, output: Tensor, dim: number): Tensor {
  if (input.numel <= 1 || input.shape[dim] === 1) return g;
  const w = mul(output, g);
  if (!rowMajorValues(input).some((v) => v === 0)) return div(flip(cumsum(flip(w, [dim]), dim), [dim]), input);
  const size = input.shape[dim];
  const slices: Tensor[] = [];
  for (let k = 0; k < size; k++) {
    // The product of every input but the k-th, for each output position j >= k.
    const after = k + 1 < size ? cumprod(slice(input, dim, k + 1, null, 1), dim) : null;
    const before = k > 0 ? prod(slice(input, dim, 0, k, 1), dim, true) : null;
    let omitted: Tensor;
    if (before === null) {
      omitted = cat([onesAlong(input, dim), after!], dim);
    } else if (after === null) {
      omitted = before;
    } else {
      omitted = cat([before, mul(expand(before, after.shape), after)], dim);
    }
    slices.push(sum(mul(slice(g, dim, k, null, 1), omitted), dim, true));
  }
  return cat(slices, dim);
}

/** logsumexp: the max is taken out before exponentiating, as PyTorch does (LogsumexpBackward0). */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  const input = isFloating(x.dtype) ? x : castCopy(x, "float32");
  const dims = reductionDims(input, dim);
  const round = rounderFor(input.dtype);
  const maxes = amax(detach(input), dims, true);
  const m = maxes.storage.data;
  for (let i = 0; i < m.length; i++) if (Math.abs(m[i]) === Infinity) m[i] = 0;
  const shifted = zipExp(input, maxes, round);
  const total = sumKernel(shifted, dims, true);
  const t = total.storage.data;
  const log = logFor(input.dtype);
  for (let i = 0; i < t.length; i++) t[i] = round(log(t[i]) + m[i]);
  const result = Tensor.fromStorage(t, keepdim ? total.shape : total.shape.filter((_, d) => !dims.includes(d)), input.dtype);
  return record(result, {
    name: "LogsumexpBackward0",
    inputs: [input],
    saved: [[input, "self"], [result, "result"]],
    formula: (g, [self, out]) => [mul(restoreDims(g, dims, keepdim), unary("exp", sub(self, restoreDims(out, dims, keepdim))))],
  });
}

/** exp(x - max) with the max broadcast along the reduced dimensions, rounded as float math rounds. */
function zipExp(x: Tensor, maxes: Tensor, round: (v: number) => number): Tensor {
  const out = allocate(x.dtype, x.numel);
  const broadcast = maxes.view(x.shape, x.shape.map((_, d) => (maxes.shape[d] === 1 ? 0 : maxes.strides[d])), 0);
  const exp = expFor(x.dtype);
  for (let i = 0; i < out.length; i++) out[i] = exp(round(x.at(i) - broadcast.at(i)));
  return Tensor.fromStorage(out, x.shape, x.dtype);
}

function logical(x: Tensor, dim: number | undefined, keepdim: boolean, all: boolean): Tensor {
  const dims = reductionDims(x, dim);
  const keep = dim !== undefined && keepdim;
  const op = all ? (a: number, b: number) => (a !== 0 && b !== 0 ? 1 : 0) : (a: number, b: number) => (a !== 0 || b !== 0 ? 1 : 0);
  return reduceInto(x, dims, keep, "bool", all ? 1 : 0, (data, out) => vectorReduceLoop(data, out, op, 1));
}

export function all(x: Tensor, dim?: number, keepdim = false): Tensor {
  return logical(x, dim, keepdim, true);
}

export function any(x: Tensor, dim?: number, keepdim = false): Tensor {
  return logical(x, dim, keepdim, false);
}

/** The gradient of a broadcast input: summed over the dimensions broadcasting added or stretched. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, d) => s === shape[d])) return g;
  const lead = g.dim - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < g.dim; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) dims.push(d);
  }
  const summed = dims.length === 0 ? g : sum(g, dims, true);
  return summed.dim === shape.length ? summed : view(summed, shape);
}
