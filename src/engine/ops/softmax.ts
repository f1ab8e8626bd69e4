// softmax and log_softmax along one dim, with the max subtracted first, computed step for step as
// PyTorch's CPU kernels do (SoftMaxKernel.cpp), so float32 results agree to the last bit.

import { allocate, isFloating, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { mul, notImplementedFor, sub, unary } from "./elementwise";
import { expFor, logFor } from "./float32_math";
import { record } from "./record";
import { forEachLine } from "./reduce_dims";
import { rounderFor, vectorLanes } from "./reduce_kernels";
import { sum } from "./reduction";
import { normalizeDim } from "./view";

type Rounder = (v: number) => number;

/** vec_reduce_all for addition: AVX2 float folds its 8 lanes as a tree, other types left to right. */
function foldLanes(acc: Float64Array, count: number, round: Rounder, tree: boolean): number {
  if (tree && count === 8) {
    const pair = (a: number, b: number): number => round(round(acc[a] + acc[a + 4]) + round(acc[b] + acc[b + 4]));
    return round(pair(0, 2) + pair(1, 3));
  }
  let total = acc[0];
  for (let l = 1; l < count; l++) total = round(total + acc[l]);
  return total;
}

/** vec::map_reduce_all with `+`: lane-wise sums of f(x) over the row, then the lanes folded. */
function vectorSum(values: Float64Array, size: number, lanes: number, round: Rounder, tree: boolean): number {
  const acc = new Float64Array(lanes);
  if (size < lanes) {
    for (let l = 0; l < size; l++) acc[l] = values[l];
    return foldLanes(acc, size, round, false);
  }
  for (let l = 0; l < lanes; l++) acc[l] = values[l];
  for (let d = lanes; d < size; d += lanes) {
    for (let l = 0; l < lanes && d + l < size; l++) acc[l] = round(acc[l] + values[d + l]);
  }
  return foldLanes(acc, lanes, round, tree);
}

function checkDType(x: Tensor, kernel: string, lastDim: boolean): void {
  if (!isFloating(x.dtype)) throw runtimeError(notImplementedFor(`${kernel}${lastDim ? "_lastdim" : ""}_kernel_impl`, x.dtype));
}

/**
 * Writes softmax (or log_softmax) of every line of `x` along `dim` into the contiguous `out`.
 * Along the last dim: SLEEF exp and log, lane sums folded as a tree, softmax multiplied by 1/sum.
 * Along another dim, lines run eight inner positions at a time with SLEEF (the leftover positions
 * with libm), each line summed in order and divided.
 */
function writeSoftmax(x: Tensor, dim: number, out: Storage, logOutput: boolean): void {
  const round = rounderFor(x.dtype);
  const lanes = vectorLanes(x.dtype);
  const tree = x.dtype === "float32";
  const lastDim = x.dim === 0 || dim === x.dim - 1;
  const vectorExp = expFor(x.dtype);
  const vectorLog = logFor(x.dtype);
  const scalarExp = (v: number): number => round(Math.exp(v));
  const data = x.storage.data;
  const size = x.dim === 0 ? 1 : x.shape[dim];
  const exps = new Float64Array(size);
  forEachLine(x, dim, (inBase, inStride, outBase, inner) => {
    const innerIndex = outBase % inner;
    const vectorised = lastDim || innerIndex < inner - (inner % lanes);
    const exp = vectorised ? vectorExp : scalarExp;
    let max = data[inBase];
    for (let i = 1; i < size; i++) {
      const v = data[inBase + i * inStride];
      if (v > max || v !== v) max = v;
    }
    let total = 0;
    for (let i = 0; i < size; i++) {
      exps[i] = exp(round(data[inBase + i * inStride] - max));
      if (!lastDim) total = round(total + exps[i]);
    }
    if (lastDim) total = vectorSum(exps, size, lanes, round, tree);
    if (logOutput) {
      const logSum = vectorised ? vectorLog(total) : round(Math.log(total));
      for (let i = 0; i < size; i++) out[outBase + i * inner] = round(round(data[inBase + i * inStride] - max) - logSum);
    } else if (lastDim) {
      const scale = round(1 / total);
      for (let i = 0; i < size; i++) out[outBase + i * inner] = round(exps[i] * scale);
    } else {
      for (let i = 0; i < size; i++) out[outBase + i * inner] = round(exps[i] / total);
    }
  });
}

/** softmax or log_softmax as one recorded op; `backward` reads the saved output `y`. */
function softmaxOp(x: Tensor, dim: number, logOutput: boolean, backward: (g: Tensor, y: Tensor, dim: number) => Tensor): Tensor {
  const d = normalizeDim(dim, x.dim);
  checkDType(x, logOutput ? "log_softmax" : "softmax", x.dim === 0 || d === x.dim - 1);
  const out = allocate(x.dtype, x.numel);
  writeSoftmax(x, d, out, logOutput);
  const result = Tensor.fromStorage(out, x.shape, x.dtype);
  return record(result, {
    name: logOutput ? "LogSoftmaxBackward0" : "SoftmaxBackward0",
    inputs: [x],
    saved: [[result, "result"]],
    savedScalars: { dim: d },
    formula: (g, [y]) => [backward(g, y, d)],
  });
}

/** _softmax_backward_data: y * (g - sum(g * y)). */
export function softmax(x: Tensor, dim: number): Tensor {
  return softmaxOp(x, dim, false, (g, y, d) => mul(y, sub(g, sum(mul(g, y), d, true))));
}

/** _log_softmax_backward_data: g - exp(y) * sum(g). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return softmaxOp(x, dim, true, (g, y, d) => sub(g, mul(unary("exp", y), sum(g, d, true))));
}
