// The backward of softmax and log_softmax: _softmax_backward_data and _log_softmax_backward_data
// as PyTorch's CPU kernels compute them (bit for bit in float32), each recorded as a node of its
// own (SoftmaxBackwardDataBackward0, LogSoftmaxBackwardDataBackward0) with derivatives.yaml's
// formulas, so second derivatives round as PyTorch's do.

import { allocate } from "../dtype";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { mul, neg, sub, unary } from "./elementwise";
import { expFor } from "./float32_math";
import { record } from "./record";
import { forEachLine } from "./reduce_dims";
import { rounderFor, vectorLanes } from "./reduce_kernels";
import { sum } from "./reduction";
import { contiguous } from "./shape";
import { fusedFor, inVector, vectorSum } from "./softmax_lanes";

/**
 * Per line along `dim`: softmax's y·(g − Σ g·y), or log_softmax's g − exp(y)·Σg. The AVX2 build
 * fuses Σ g·y's multiply-adds and log_softmax's multiply-subtract into FMAs. Along the last dim the
 * sums run in vector lanes; along another dim in order, with libm exp past the inner vectors.
 */
function backwardValue(grad: Tensor, y: Tensor, dim: number, logOutput: boolean): Tensor {
  const g = contiguous(grad);
  const yc = contiguous(y);
  const gData = g.storage.data;
  const yData = yc.storage.data;
  const dtype = y.dtype;
  const round = rounderFor(dtype);
  const fused = fusedFor(dtype);
  const lanes = vectorLanes(dtype);
  const lastDim = y.dim === 0 || dim === y.dim - 1;
  const vectorExp = expFor(dtype);
  const scalarExp = (v: number): number => round(Math.exp(v));
  const size = y.dim === 0 ? 1 : y.shape[dim];
  const gLine = new Float64Array(size);
  const yLine = new Float64Array(size);
  const acc = new Float64Array(lanes);
  const products = logOutput ? undefined : { weights: yLine, fused };
  const out = allocate(dtype, y.numel);
  forEachLine(yc, dim, (base, stride, outBase, inner) => {
    let total = 0;
    for (let i = 0; i < size; i++) {
      gLine[i] = gData[g.offset + outBase + i * inner];
      yLine[i] = yData[base + i * stride];
      if (!lastDim) total = logOutput ? round(total + gLine[i]) : fused(gLine[i], yLine[i], total);
    }
    if (lastDim) total = vectorSum(gLine, size, acc, round, dtype === "float32", products);
    if (logOutput) {
      const exp = lastDim || inVector(outBase, inner, lanes) ? vectorExp : scalarExp;
      for (let i = 0; i < size; i++) out[outBase + i * inner] = fused(-exp(yLine[i]), total, gLine[i]);
    } else {
      for (let i = 0; i < size; i++) out[outBase + i * inner] = round(yLine[i] * round(gLine[i] - total));
    }
  });
  return Tensor.fromStorage(out, y.shape, dtype);
}

type DataGradient = (gg: Tensor, go: Tensor, y: Tensor) => Tensor;

/** The kernel's value for (g, y), recorded as node `name` with the gradients for g and for y. */
function backwardData(
  name: string, g: Tensor, y: Tensor, dim: number, logOutput: boolean, dGrad: DataGradient, dOutput: DataGradient,
): Tensor {
  return record(withGradMode(false, () => backwardValue(g, y, dim, logOutput)), {
    name,
    inputs: [g, y],
    saved: [[g, "grad_output"], [y, "output"]],
    savedScalars: { dim },
    formula: (gg, [go, out], needs) => [needs[0] ? dGrad(gg, go, out) : null, needs[1] ? dOutput(gg, go, out) : null],
  });
}

/** _softmax_backward_data; for the output, softmax_double_backward. */
export function softmaxBackwardData(g: Tensor, y: Tensor, d: number): Tensor {
  return backwardData(
    "SoftmaxBackwardDataBackward0", g, y, d, false,
    (gg, _go, out) => softmaxBackwardData(gg, out, d),
    (gg, go, out) => sub(sub(mul(go, gg), mul(sum(mul(out, go), d, true), gg)), mul(go, sum(mul(out, gg), d, true))),
  );
}

/** _log_softmax_backward_data. */
export function logSoftmaxBackwardData(g: Tensor, y: Tensor, d: number): Tensor {
  return backwardData(
    "LogSoftmaxBackwardDataBackward0", g, y, d, true,
    (gg, _go, out) => sub(gg, sum(mul(gg, unary("exp", out)), d, true)),
    (gg, go, out) => mul(mul(neg(sum(go, d, true)), unary("exp", out)), gg),
  );
}
