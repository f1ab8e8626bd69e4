// Activations (torch.nn.functional): forward kernels that round as PyTorch's float32 CPU kernels do,
// and their *_backward ops as nodes of their own, so create_graph=True graphs look like PyTorch's
// (TanhBackwardBackward0, ThresholdBackwardBackward0, ...).

import { castScalar, DType, isFloating, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { isGradEnabled } from "../grad_mode";
import {
  add, addScalar, compare, cosh, exp, FloatMath, floatMath, mul, mulScalar, neg, notImplementedFor, reciprocal,
  reduceGrad, sigmoid, sub, subScalar, tanh, zerosLike,
} from "./elementwise";
import { fma32 } from "./float32_math";
import { mapKernel, zipKernel } from "./kernels";
import { Scalar, scalarValue } from "./operand";
import { record, recordsGraph, sharedFormula } from "./record";
import type { BackwardFormula } from "../autograd/node";
import { erf, erfFloat32Vectorized } from "./special";
import { applyInPlace } from "./mutate";

/** A pointwise `*_backward(grad_output, saved)` op, recorded as its own node. */
interface GradOp {
  /** grad_fn name of the backward op itself, e.g. "TanhBackwardBackward0". */
  name: string;
  kernel: (grad: number, saved: number, m: FloatMath) => number;
  /**
   * The float32 scalar lambda where GCC contracted it differently from the vector one: PyTorch runs
   * it on the elements past the last full 16-element vector step.
   */
  scalarTail?: (grad: number, saved: number, m: FloatMath) => number;
  /** d/d(saved) given the incoming gradient; absent where PyTorch's formula is zeros_like(grad). */
  savedGrad?: (gg: Tensor, gradOutput: Tensor, saved: Tensor) => Tensor;
  /** `kernel` as one monomorphic loop over dense float32 operands of one shape (the training hot path). */
  dense32?: (grad: Float32Array, saved: Float32Array, out: Float32Array) => void;
}

const denseData = (t: Tensor): Storage | null =>
  t.offset === 0 && t.storage.data.length === t.numel && t.isContiguous() ? t.storage.data : null;

/** op.dense32 on the operands' storage when they are dense float32 of one shape, else null. */
function denseGradOp(op: GradOp, gradOutput: Tensor, saved: Tensor): Tensor | null {
  if (!op.dense32 || saved.dtype !== "float32" || gradOutput.dtype !== "float32") return null;
  const g = denseData(gradOutput);
  const s = denseData(saved);
  if (!(g instanceof Float32Array) || !(s instanceof Float32Array) || !sameShape(gradOutput.shape, saved.shape)) return null;
  const out = new Float32Array(g.length);
  op.dense32(g, s, out);
  return Tensor.fromStorage(out, saved.shape, "float32");
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, d) => size === b[d]);
}

/** Applies a backward op; its own derivative wrt grad_output is the same op on the new gradient. */
function applyGradOp(op: GradOp, gradOutput: Tensor, saved: Tensor): Tensor {
  const dtype = saved.dtype;
  const m = floatMath(dtype);
  const kernel = op.kernel;
  const result = denseGradOp(op, gradOutput, saved) ?? zipKernel(gradOutput, saved, dtype, dtype, (g, s) => kernel(g, s, m));
  const tail = op.scalarTail;
  if (tail && dtype === "float32" && gradOutput.numel === result.numel && saved.numel === result.numel) {
    const out = result.storage.data;
    for (let i = result.numel - (result.numel % 16); i < result.numel; i++) out[i] = tail(gradOutput.at(i), saved.at(i), m);
  }
  // Backward without create_graph: no node, so skip building the Recording and its closure.
  if (!(gradOutput.requiresGrad || saved.requiresGrad) || !recordsGraph(gradOutput, saved)) return result;
  return record(result, {
    name: op.name,
    inputs: [gradOutput, saved],
    saved: [[gradOutput, "grad_output"], [saved, "self"]],
    formula: (gg, [go, s], needs) => [
      needs[0] ? reduceGrad(applyGradOp(op, gg, s), gradOutput) : null,
      needs[1] ? reduceGrad(op.savedGrad ? op.savedGrad(gg, go, s) : zerosLike(gg), saved) : null,
    ],
  });
}

interface Activation {
  gradFn: string;
  /** The kernel name PyTorch's error cites for non-floating input, or false where integers are fine. */
  floatKernel: string | false;
  forward: (x: number, m: FloatMath) => number;
  backward: GradOp;
  saves: "self" | "result";
  savedScalars?: Record<string, number>;
}

function activate(x: Tensor, op: Activation): Tensor {
  if (op.floatKernel && !isFloating(x.dtype)) throw runtimeError(notImplementedFor(op.floatKernel, x.dtype));
  const m = floatMath(x.dtype);
  const forward = op.forward;
  const result = mapKernel(x, x.dtype, (v) => forward(v, m));
  if (!isFloating(x.dtype)) return result;
  const saved = op.saves === "self" ? x : result;
  return record(result, {
    name: op.gradFn,
    inputs: [x],
    saved: [[saved, op.saves]],
    savedScalars: op.savedScalars,
    formula: sharedFormula(op, activationFormula),
  });
}

const activationFormula = ({ backward }: Activation): BackwardFormula => (g, [s]) => [applyGradOp(backward, g, s)];

/** A Python scalar parameter as the kernel sees it (cast to the input's dtype, as `to<scalar_t>()` does). */
function param(value: Scalar | number, dtype: DType): number {
  return castScalar(typeof value === "number" ? value : scalarValue(value), dtype);
}

// --- tanh, sigmoid, relu: their forwards are unary table entries; these are their backward ops.

const tanhGrad: GradOp = {
  name: "TanhBackwardBackward0",
  kernel: (g, y, m) => g * m.fma(-y, y, 1),
  savedGrad: (gg, go, y) => mul(gg, mul(mulScalar(y, -2), go)),
  dense32: (g, y, out) => {
    for (let i = 0; i < out.length; i++) out[i] = g[i] * fma32(-y[i], y[i], 1);
  },
};

const sigmoidGrad: GradOp = {
  name: "SigmoidBackwardBackward0",
  kernel: (g, y, { round: r }) => r(g * r(1 - y)) * y,
  savedGrad: (gg, go, y) => mul(mul(gg, go), addScalar(mulScalar(y, -2), 1)),
  dense32: (g, y, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.fround(g[i] * Math.fround(1 - y[i])) * y[i];
  },
};

export const tanhBackward = (grad: Tensor, result: Tensor): Tensor => applyGradOp(tanhGrad, grad, result);
export const sigmoidBackward = (grad: Tensor, result: Tensor): Tensor => applyGradOp(sigmoidGrad, grad, result);

/** threshold_backward: the gradient where the saved value exceeds the threshold (relu's backward). */
export function thresholdBackward(grad: Tensor, saved: Tensor, threshold: number): Tensor {
  return applyGradOp({ name: "ThresholdBackwardBackward0", kernel: (g, s) => (s <= threshold ? 0 : g) }, grad, saved);
}

// --- Piecewise-linear activations.

export function hardtanh(x: Tensor, minVal: Scalar | number = -1, maxVal: Scalar | number = 1): Tensor {
  if (x.dtype === "bool") throw runtimeError("Bool inputs not supported for hardtanh");
  const lo = param(minVal, x.dtype);
  const hi = param(maxVal, x.dtype);
  return activate(x, {
    gradFn: "HardtanhBackward0",
    floatKernel: false,
    forward: (v) => Math.min(Math.max(v, lo), hi),
    backward: { name: "HardtanhBackwardBackward0", kernel: (g, s) => (s <= lo || s >= hi ? 0 : g) },
    saves: "self",
    savedScalars: { min_val: lo, max_val: hi },
  });
}

export function relu6(x: Tensor): Tensor {
  return hardtanh(x, 0, 6);
}

/** leaky_relu, or the computation leaky_relu_ writes into its input (LeakyReluBackward1 keeps the result, of the same sign). */
export function leakyRelu(x: Tensor, negativeSlope: Scalar | number = { value: 0.01 }, inPlace = false): Tensor {
  const slope = param(negativeSlope, x.dtype);
  return activate(x, {
    gradFn: inPlace ? "LeakyReluBackward1" : "LeakyReluBackward0",
    floatKernel: "leaky_relu_cpu",
    forward: (v) => (v > 0 ? v : v * slope),
    backward: { name: "LeakyReluBackwardBackward0", kernel: (g, s) => (s > 0 ? g : g * slope) },
    saves: inPlace ? "result" : "self",
    savedScalars: { negative_slope: slope },
  });
}

export const leakyRelu_ = (x: Tensor, negativeSlope: Scalar | number = { value: 0.01 }): Tensor =>
  applyInPlace(x, (original) => leakyRelu(original, negativeSlope, true));

// --- Exponential-family activations.

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * elu(x; alpha, scale, input_scale): selu is elu with fixed alpha and scale. In place (elu_, selu_)
 * PyTorch's EluBackward1 keeps the result instead of the input, and elu_backward's is_result form reads it.
 */
export function elu(x: Tensor, alpha: Scalar | number = 1, scale = 1, inputScale = 1, inPlace = false): Tensor {
  const dtype = x.dtype;
  const { round: r } = floatMath(dtype);
  const negcoef = r(param(alpha, dtype) * param(scale, dtype));
  const poscoef = param(scale, dtype);
  const negiptcoef = param(inputScale, dtype);
  const eluGrad: GradOp = {
    name: "EluBackwardBackward0",
    kernel: (g, s, m) => (s <= 0 ? r(r(g * negiptcoef) * negcoef) * m.exp(r(s * negiptcoef)) : g * poscoef),
    // elu_double_backward: elu_backward(grad * grad_output * input_scale, ...) where self < 0.
    savedGrad: (gg, go, s) => mul(
      applyGradOp(eluGrad, mulScalar(mul(gg, go), { value: inputScale }), s),
      compare("lt", s, 0)),
  };
  const eluResultGrad: GradOp = {
    name: "EluBackwardBackward0",
    kernel: (g, s) => (s <= 0 ? r(r(g * negiptcoef) * r(s + negcoef)) : g * poscoef),
    savedGrad: (gg, go, s) => mul(mulScalar(mul(gg, go), { value: inputScale }), compare("lt", s, 0)),
  };
  return activate(x, {
    gradFn: inPlace ? "EluBackward1" : "EluBackward0",
    floatKernel: "elu_cpu",
    forward: (v, m) => (v <= 0 ? r(m.exp(r(v * negiptcoef)) - 1) * negcoef : v * poscoef),
    backward: inPlace ? eluResultGrad : eluGrad,
    saves: inPlace ? "result" : "self",
    savedScalars: { alpha: param(alpha, "float64"), scale, input_scale: inputScale },
  });
}

export function selu(x: Tensor, inPlace = false): Tensor {
  return elu(x, { value: SELU_ALPHA }, SELU_SCALE, 1, inPlace);
}

export const elu_ = (x: Tensor, alpha: Scalar | number = 1): Tensor => applyInPlace(x, (original) => elu(original, alpha, 1, 1, true));

export const selu_ = (x: Tensor): Tensor => applyInPlace(x, (original) => selu(original, true));

const SQRT1_2 = Math.SQRT1_2;
const GELU_PDF = (2 / Math.sqrt(Math.PI)) * SQRT1_2 * 0.5;
const TANH_BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const TANH_KAPPA = 0.044715;

export type GeluApproximation = "none" | "tanh";

/** gelu: x·Φ(x) with erf, or PyTorch's tanh approximation. */
export function gelu(x: Tensor, approximate: GeluApproximation = "none"): Tensor {
  const { round: r } = floatMath(x.dtype);
  // PyTorch's float32 kernel runs vectorised, with its own erf, unless there is a single element.
  const erfOf = x.dtype === "float32" && x.numel > 1 ? erfFloat32Vectorized : erf;
  const alpha = r(SQRT1_2);
  const pdfScale = r(GELU_PDF);
  const beta = r(TANH_BETA);
  const kappa = r(TANH_KAPPA);
  const inner = (v: number, square: number, m: FloatMath): number => r(beta * m.fma(kappa, r(square * v), v));
  const exact: Activation = {
    gradFn: "GeluBackward0",
    floatKernel: "GeluKernelImpl",
    forward: (v) => r(v * 0.5) * r(1 + r(erfOf(r(v * alpha)))),
    backward: {
      name: "GeluBackwardBackward0",
      kernel: (g, v, m) => {
        const cdf = r(0.5 * r(1 + r(erfOf(r(v * alpha)))));
        const pdf = r(pdfScale * m.exp(r(r(v * v) * -0.5)));
        return g * r(cdf + r(v * pdf));
      },
      savedGrad: (gg, go, v) => mul(mul(gg, go), geluSecondDerivative(v, false)),
    },
    saves: "self",
  };
  // The vector lambda fuses both `1 − t²` and `1 + 3κx²`; the scalar one only the first.
  const approxGrad = (fusedInner: boolean) => (g: number, v: number, m: FloatMath): number => {
    const square = r(v * v);
    const t = r(Math.tanh(inner(v, square, m)));
    const leftDerivative = r(0.5 * r(1 + t));
    const innerDerivative = r(beta * (fusedInner ? m.fma(r(3 * kappa), square, 1) : r(1 + r(r(3 * kappa) * square))));
    const rightDerivative = r(r(r(0.5 * v) * m.fma(-t, t, 1)) * innerDerivative);
    return g * r(leftDerivative + rightDerivative);
  };
  const approx: Activation = {
    gradFn: "GeluBackward0",
    floatKernel: "GeluKernelImpl",
    forward: (v, m) => r(0.5 * v) * r(1 + r(Math.tanh(inner(v, r(v * v), m)))),
    backward: {
      name: "GeluBackwardBackward0",
      kernel: approxGrad(true),
      scalarTail: approxGrad(false),
      savedGrad: (gg, go, v) => mul(mul(gg, go), geluSecondDerivative(v, true)),
    },
    saves: "self",
  };
  return activate(x, approximate === "tanh" ? approx : exact);
}

/** gelu_double_backward's d²gelu/dx², in differentiable ops. */
function geluSecondDerivative(v: Tensor, tanhForm: boolean): Tensor {
  if (!tanhForm) {
    const square = mul(v, v);
    const pdf = mulScalar(exp(mulScalar(square, { value: -0.5 })), { value: GELU_PDF });
    return sub(mulScalar(pdf, 2), mul(square, pdf));
  }
  const inner = mulScalar(add(v, mulScalar(mul(mul(v, v), v), { value: TANH_KAPPA })), { value: TANH_BETA });
  const t = tanh(inner);
  const sech = reciprocal(cosh(inner));
  const f = mulScalar(v, { value: 0.5 });
  const g = sub(1, mul(t, t));
  const h = mulScalar(addScalar(mulScalar(mul(v, v), { value: 3 * TANH_KAPPA }), 1), { value: TANH_BETA });
  const fPrimeGH = mul(mulScalar(g, { value: 0.5 }), h);
  const gPrime = mul(mul(mulScalar(sech, 2), mul(neg(sech), t)), h);
  const hPrime = mulScalar(v, { value: 6 * TANH_KAPPA * TANH_BETA });
  return add(add(mulScalar(fPrimeGH, 2), mul(mul(f, h), gPrime)), mul(mul(f, g), hPrime));
}

/**
 * silu: x·sigmoid(x). Its gradient is PyTorch's infinitely differentiable composite under
 * create_graph, and the fused silu_backward kernel otherwise (which rounds differently).
 */
export function silu(x: Tensor): Tensor {
  if (!isFloating(x.dtype)) throw runtimeError(notImplementedFor("silu_cpu", x.dtype));
  const m = floatMath(x.dtype);
  const r = m.round;
  const sigmoidOf = (v: number): number => r(1 / r(1 + m.exp(-v)));
  const result = mapKernel(x, x.dtype, (v) => v / r(1 + m.exp(-v)));
  return record(result, {
    name: "SiluBackward0",
    inputs: [x],
    saved: [[x, "self"]],
    formula: (g, [self]) => {
      if (!isGradEnabled()) {
        return [zipKernel(g, self, x.dtype, x.dtype, (dy, v) => { const s = sigmoidOf(v); return r(dy * s) * m.fma(v, r(1 - s), 1); })];
      }
      const s = sigmoid(self);
      return [mul(mul(g, s), addScalar(mul(self, sub(1, s)), 1))];
    },
  });
}

/** softplus: log(1 + exp(βx))/β, or x itself where βx exceeds the threshold. */
export function softplus(x: Tensor, beta: Scalar | number = 1, threshold: Scalar | number = 20): Tensor {
  const b = param(beta, x.dtype);
  const t = param(threshold, x.dtype);
  const betaScalar = typeof beta === "number" ? beta : scalarValue(beta);
  const { round: r } = floatMath(x.dtype);
  return activate(x, {
    gradFn: "SoftplusBackward0",
    floatKernel: "softplus_cpu",
    forward: (v, m) => (r(v * b) > t ? v : r(Math.log1p(m.exp(r(v * b)))) / b),
    backward: {
      name: "SoftplusBackwardBackward0",
      kernel: (g, v, m) => {
        const z = m.exp(r(v * b));
        return r(v * b) > t ? g : r(g * z) / r(z + 1);
      },
      // softplus_double_backward: sigmoid_backward(grad, sigmoid(βx)) * (βx < threshold) * β.
      savedGrad: (gg, go, v) => {
        const scaled = mulScalar(v, { value: betaScalar });
        const s = sigmoid(scaled);
        return mulScalar(mul(sigmoidBackward(mul(gg, go), s), compare("lt", scaled, t)), { value: betaScalar });
      },
    },
    saves: "self",
    savedScalars: { beta: b, threshold: t },
  });
}

/** logsigmoid: min(x, 0) − log1p(exp(−|x|)), stable for large |x|. */
export function logSigmoid(x: Tensor): Tensor {
  const { round: r } = floatMath(x.dtype);
  return activate(x, {
    gradFn: "LogSigmoidBackward0",
    floatKernel: "log_sigmoid_cpu",
    forward: (v, m) => Math.min(v, 0) - r(Math.log1p(m.exp(-Math.abs(v)))),
    backward: {
      name: "LogSigmoidBackwardBackward0",
      kernel: (g, v, m) => {
        const z = m.exp(-Math.abs(v));
        const negative = v < 0;
        return r((negative ? 1 : 0) - r((negative ? 1 : -1) * r(z / r(1 + z)))) * g;
      },
      // log_sigmoid_double_backward: grad * (sigmoid(x) - 1) * sigmoid(x).
      savedGrad: (gg, go, v) => {
        const z = sigmoid(v);
        return mul(mul(mul(gg, go), subScalar(z, 1)), z);
      },
    },
    saves: "self",
  });
}
