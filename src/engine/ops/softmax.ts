// softmax and log_softmax along one dim, with the max subtracted first, computed step for step as
// PyTorch's CPU kernels do (SoftMaxKernel.cpp), so float32 results agree to the last bit.

import { allocate, isFloating, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { notImplementedFor } from "./elementwise";
import { expFor, logFor } from "./float32_math";
import { record } from "./record";
import { forEachLine } from "./reduce_dims";
import { rounderFor, vectorLanes } from "./reduce_kernels";
import { logSoftmaxBackwardData, softmaxBackwardData } from "./softmax_backward";
import { inVector, vectorSum } from "./softmax_lanes";
import { normalizeDim } from "./view";

function checkDType(x: Tensor, kernel: string, lastDim: boolean): void {
  if (!isFloating(x.dtype)) throw runtimeError(notImplementedFor(`${kernel}${lastDim ? "_lastdim" : ""}_kernel_impl`, x.dtype));
}

/**
 * Writes softmax (or log_softmax) of every line of `x` along `dim` into the contiguous `out`.
 * Along the last dim: SLEEF exp and log, lane sums folded as a tree, softmax multiplied by 1/sum.
 * Along another dim, lines run eight inner positions at a time with SLEEF exp (the leftover
 * positions with libm), each line summed in order and divided; the log of the sums is SLEEF's for
 * every position (vec::map loads the leftover as a partial vector).
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
  const acc = new Float64Array(lanes);
  forEachLine(x, dim, (inBase, inStride, outBase, inner) => {
    const vectorised = lastDim || inVector(outBase, inner, lanes);
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
    if (lastDim) total = vectorSum(exps, size, acc, round, tree);
    if (logOutput) {
      const logSum = vectorLog(total);
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

export function softmax(x: Tensor, dim: number): Tensor {
  return softmaxOp(x, dim, false, softmaxBackwardData);
}

export function logSoftmax(x: Tensor, dim: number): Tensor {
  return softmaxOp(x, dim, true, logSoftmaxBackwardData);
}
