// layer_norm and batch_norm (NativeLayerNormBackward0, NativeBatchNormBackward0): normalise over
// some dimensions, then scale and shift by per-feature parameters. The forward loops round as the
// CPU kernels do (statistics accumulated in double, the affine terms in the tensor's dtype); the
// backward formulas are written with differentiable ops, recomputing the statistics from the
// input, so double backward works.

import { TorchError } from "../errors";
import { numelOf, Tensor } from "../tensor";
import { floatMath, scalarTypeName } from "./op_support";
import { addScalar, mul, sub } from "./arithmetic";
import { copyInto } from "./kernels";
import { record } from "./record";
import { mean, sum } from "./reduction";
import { rsqrt } from "./elementwise";
import { reshape } from "./view";

interface Normalisation {
  name: string;
  input: Tensor;
  weight: Tensor | null;
  bias: Tensor | null;
  /** The dimensions each statistic is taken over. */
  statDims: readonly number[];
  /** The other dimensions: the gradients of weight and bias sum over these. */
  featureSumDims: readonly number[];
  /** The shape weight and bias take to broadcast against the input. */
  paramShape: readonly number[];
  eps: number;
  /** Fixed statistics in the input's dtype (batch_norm in eval mode), or null to take them from the input. */
  fixed: { mean: Tensor; invstd: Tensor } | null;
}

const float = (value: number) => ({ value });

/** mean and 1/sqrt(var + eps) over `dims` (biased var), keeping the dimensions. */
function moments(x: Tensor, dims: readonly number[], eps: number): { mean: Tensor; invstd: Tensor } {
  const m = mean(x, dims, true);
  const centred = sub(x, m);
  return { mean: m, invstd: rsqrt(addScalar(mean(mul(centred, centred), dims, true), float(eps))) };
}

function backward(spec: Normalisation, g: Tensor, needs: readonly boolean[]): (Tensor | null)[] {
  const { input: x, weight, bias, statDims, featureSumDims } = spec;
  const stats = spec.fixed ?? moments(x, statDims, spec.eps);
  const xhat = mul(sub(x, stats.mean), stats.invstd);
  let gx: Tensor | null = null;
  if (needs[0]) {
    const scaled = weight === null ? g : mul(g, reshape(weight, spec.paramShape));
    gx = spec.fixed !== null
      ? mul(scaled, stats.invstd)
      : mul(stats.invstd, sub(sub(scaled, mean(scaled, statDims, true)), mul(xhat, mean(mul(scaled, xhat), statDims, true))));
  }
  const gw = needs[1] && weight !== null ? reshape(sum(mul(g, xhat), featureSumDims), weight.shape) : null;
  const gb = needs[2] && bias !== null ? reshape(sum(g, featureSumDims), bias.shape) : null;
  return [gx, gw, gb];
}

/** Records the normalisation `out` computed by a forward loop. */
function recordNormalisation(spec: Normalisation, out: Tensor): Tensor {
  return record(out, {
    name: spec.name,
    inputs: [spec.input, spec.weight, spec.bias],
    saved: [[spec.input, "input"], ...(spec.weight === null ? [] : [[spec.weight, "weight"] as const])],
    savedScalars: { eps: spec.eps },
    formula: (g, _saved, needs) => backward(spec, g, needs),
  });
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/** F.layer_norm: statistics over the trailing `normalizedShape` dimensions. */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null, bias: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const listed = `[${normalizedShape.join(", ")}]`;
  for (const [name, t] of [["weight", weight], ["bias", bias]] as const) {
    if (t !== null && !sameShape(t.shape, normalizedShape)) {
      throw new TorchError("RuntimeError",
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape [${t.shape.join(", ")}] and normalized_shape = ${listed}`);
    }
  }
  for (const t of [weight, bias]) {
    if (t !== null && t.dtype !== x.dtype) {
      throw new TorchError("RuntimeError", `expected scalar type ${scalarTypeName(x.dtype)} but found ${scalarTypeName(t.dtype)}`);
    }
  }
  if (k === 0) {
    throw new TorchError("RuntimeError", `Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${listed}`);
  }
  if (x.dim < k || !sameShape(x.shape.slice(x.dim - k), normalizedShape)) {
    const star = ["*", ...normalizedShape].join(", ");
    throw new TorchError("RuntimeError", `Given normalized_shape=${listed}, expected input with shape [${star}], but got input of size[${x.shape.join(", ")}]`);
  }
  const spec: Normalisation = {
    name: "NativeLayerNormBackward0", input: x, weight, bias, eps, fixed: null,
    statDims: range(x.dim - k, x.dim), featureSumDims: range(0, x.dim - k), paramShape: normalizedShape,
  };
  return recordNormalisation(spec, layerNormForward(x, x.numel === 0 ? 0 : numelOf(normalizedShape), weight, bias, eps));
}

/**
 * The CPU kernel per row: mean and rstd = 1 / sqrt(var + eps), then
 * y = (x * rstd + (-rstd * mean)) * gamma + beta, each step rounded to the dtype.
 */
function layerNormForward(x: Tensor, width: number, weight: Tensor | null, bias: Tensor | null, eps: number): Tensor {
  const { round: r } = floatMath(x.dtype);
  const out = Tensor.zeros(x.shape, x.dtype);
  const src = x.contiguousData();
  const dst = out.storage.data;
  const gamma = weight?.contiguousData() ?? null;
  const beta = bias?.contiguousData() ?? null;
  const eps32 = r(eps);
  for (let start = 0; start < src.length; start += width) {
    const [mean, variance] = rowMoments(src, start, width);
    const rstd = r(1 / r(Math.sqrt(r(Math.max(r(variance), 0) + eps32))));
    const shift = r(-rstd * r(mean));
    for (let j = 0; j < width; j++) {
      const y = r(r(src[start + j] * rstd) + shift);
      dst[start + j] = r(r(y * (gamma === null ? 1 : gamma[j])) + (beta === null ? 0 : beta[j]));
    }
  }
  return out;
}

/** Mean and biased variance of `count` consecutive values, in double. */
function rowMoments(data: ArrayLike<number>, start: number, count: number): [number, number] {
  let total = 0;
  for (let j = 0; j < count; j++) total += data[start + j];
  const mean = total / count;
  let squares = 0;
  for (let j = 0; j < count; j++) squares += (data[start + j] - mean) ** 2;
  return [mean, squares / count];
}

/**
 * F.batch_norm over dimension 1. Training: batch statistics, and running_mean / running_var (when
 * given) move by `momentum` towards the batch mean and the unbiased batch variance. Eval: the
 * running statistics.
 */
export function batchNorm(
  x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null,
  training: boolean, momentum: number, eps: number,
): Tensor {
  const channels = x.shape[1];
  const statDims = [0, ...range(2, x.dim)];
  const paramShape = [channels, ...x.shape.slice(2).map(() => 1)];
  for (const [name, t] of [["weight", weight], ["bias", bias], ["running_mean", runningMean], ["running_var", runningVar]] as const) {
    if (t !== null && t.numel !== channels) {
      throw new TorchError("RuntimeError", `${name} should contain ${channels} elements not ${t.numel}`);
    }
  }
  if ([weight, bias, runningMean, runningVar].some((t) => t !== null && t.dtype !== x.dtype)) {
    // The CPU kernel's mixed-dtype check, which only allows float32 parameters with a bfloat16 input.
    const expected = x.dtype === "float32" ? "parameter to have scalar type of Float" : "input to have scalar type of BFloat16";
    throw new TorchError("RuntimeError", `mixed dtype (CPU): expect ${expected}`);
  }
  if (!training && (runningMean === null || runningVar === null)) {
    throw new TorchError("RuntimeError", "running_mean and running_var must be defined in evaluation mode");
  }
  const { round: r } = floatMath(x.dtype);
  const src = x.contiguousData();
  const inner = channels === 0 ? 0 : x.numel / (x.shape[0] * channels);
  const means = new Float64Array(channels);
  const invstds = new Float64Array(channels);
  if (training) {
    const stats = channelMoments(src, x.shape[0], channels, inner);
    for (let c = 0; c < channels; c++) {
      means[c] = r(stats.mean[c]);
      invstds[c] = r(1 / Math.sqrt(stats.varSum[c] / stats.count + eps));
    }
    updateRunningStats(stats, runningMean, runningVar, momentum);
  } else {
    const rm = runningMean!.contiguousData();
    const rv = runningVar!.contiguousData();
    for (let c = 0; c < channels; c++) {
      means[c] = rm[c];
      invstds[c] = r(1 / r(Math.sqrt(r(rv[c] + r(eps)))));
    }
  }
  const fixed = training ? null : {
    mean: reshape(Tensor.fromStorage(castArray(means, x.dtype), [channels], x.dtype), paramShape),
    invstd: reshape(Tensor.fromStorage(castArray(invstds, x.dtype), [channels], x.dtype), paramShape),
  };
  const spec: Normalisation = { name: "NativeBatchNormBackward0", input: x, weight, bias, eps, fixed, statDims, featureSumDims: statDims, paramShape };
  return recordNormalisation(spec, batchNormForward(x, means, invstds, weight, bias, inner));
}

const castArray = (values: Float64Array, dtype: Tensor["dtype"]): Float64Array | Float32Array =>
  dtype === "float32" ? Float32Array.from(values) : values;

/** Per channel of an (N, C, inner) layout: the mean and the sum of squared deviations, in double. */
function channelMoments(data: ArrayLike<number>, batch: number, channels: number, inner: number) {
  const mean = new Float64Array(channels);
  const varSum = new Float64Array(channels);
  const count = batch * inner;
  for (let c = 0; c < channels; c++) {
    let total = 0;
    for (let n = 0; n < batch; n++) for (let i = (n * channels + c) * inner, end = i + inner; i < end; i++) total += data[i];
    const m = total / count;
    let squares = 0;
    for (let n = 0; n < batch; n++) for (let i = (n * channels + c) * inner, end = i + inner; i < end; i++) squares += (data[i] - m) ** 2;
    mean[c] = m;
    varSum[c] = squares;
  }
  return { mean, varSum, count };
}

/** The CPU kernel: alpha = invstd * weight and beta = bias - mean * alpha per channel, then y = x * alpha + beta. */
function batchNormForward(x: Tensor, means: Float64Array, invstds: Float64Array, weight: Tensor | null, bias: Tensor | null, inner: number): Tensor {
  const { round: r } = floatMath(x.dtype);
  const channels = means.length;
  const w = weight?.contiguousData() ?? null;
  const b = bias?.contiguousData() ?? null;
  const out = Tensor.zeros(x.shape, x.dtype);
  const src = x.contiguousData();
  const dst = out.storage.data;
  for (let c = 0; c < channels; c++) {
    const alpha = r(invstds[c] * (w === null ? 1 : w[c]));
    const beta = r((b === null ? 0 : b[c]) - r(means[c] * alpha));
    for (let n = 0; n < x.shape[0]; n++) {
      for (let i = (n * channels + c) * inner, end = i + inner; i < end; i++) dst[i] = r(r(src[i] * alpha) + beta);
    }
  }
  return out;
}

/** running = momentum * batch statistic + (1 - momentum) * running, in double (the variance unbiased). */
function updateRunningStats(
  stats: { mean: Float64Array; varSum: Float64Array; count: number }, runningMean: Tensor | null, runningVar: Tensor | null, momentum: number,
): void {
  const blend = (running: Tensor, batch: (c: number) => number) => {
    const current = running.contiguousData();
    const next = Tensor.zeros(running.shape, running.dtype);
    for (let c = 0; c < current.length; c++) next.storage.data[c] = momentum * batch(c) + (1 - momentum) * current[c];
    copyInto(running, next);
    running.bumpVersion();
  };
  if (runningMean !== null) blend(runningMean, (c) => stats.mean[c]);
  if (runningVar !== null) blend(runningVar, (c) => stats.varSum[c] / (stats.count - 1));
}
