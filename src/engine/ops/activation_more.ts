// The activations beyond activation.ts: hardswish, hardsigmoid, hardshrink, softshrink, threshold,
// mish, celu, glu and prelu, each PyTorch's native op with its grad_fn; backward in differentiable ops.

import { isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { thresholdBackward, elu } from "./activation";
import { add, divScalar, mul, mulScalar, sub } from "./arithmetic";
import { compare } from "./comparison";
import { exp, sigmoid, tanh, unary } from "./elementwise";
import { mapKernel, scalarTensor, zipKernel } from "./kernels";
import { notImplementedFor, roundingOf } from "./op_support";
import { record } from "./record";
import { where } from "./select";
import { cat, narrow } from "./shape";
import { detach, normalizeDim, reshape } from "./view";
import { sum } from "./reduction";

type Round = (v: number) => number;

interface Pointwise {
  gradFn: string;
  kernel: string;
  forward: (r: Round) => (v: number) => number;
  backward: (grad: Tensor, self: Tensor) => Tensor;
  savedScalars?: Record<string, number>;
}

function pointwise(x: Tensor, op: Pointwise): Tensor {
  if (!isFloating(x.dtype)) throw runtimeError(notImplementedFor(op.kernel, x.dtype));
  const result = mapKernel(x, x.dtype, op.forward(roundingOf(x.dtype)));
  return record(result, {
    name: op.gradFn, inputs: [x], saved: [[x, "self"]], savedScalars: op.savedScalars,
    formula: (g, [self]) => [op.backward(g, self)],
  });
}

const zero = (t: Tensor): Tensor => scalarTensor(0, t.dtype);
const between = (x: Tensor, lo: number, hi: number, inclusive: boolean): Tensor =>
  mapKernel(x, "bool", inclusive ? (v) => (v >= lo && v <= hi ? 1 : 0) : (v) => (v > lo && v < hi ? 1 : 0));

export function hardswish(x: Tensor): Tensor {
  return pointwise(x, {
    gradFn: "HardswishBackward0", kernel: "hardswish_cpu",
    forward: (r) => (v) => r(v * Math.min(Math.max(r(v + 3), 0), 6)) / 6,
    backward: hardswishBackward,
  });
}

/** hardswish_backward: 0 below -3, grad·(x/3 + 1/2) up to 3, grad above; a node of its own. */
function hardswishBackward(grad: Tensor, self: Tensor): Tensor {
  const r = roundingOf(self.dtype);
  const result = zipKernel(grad, self, self.dtype, self.dtype, (g, v) => (v < -3 ? 0 : v <= 3 ? g * r(r(v / 3) + 0.5) : g));
  return record(result, {
    name: "HardswishBackwardBackward0", inputs: [grad, self], saved: [[grad, "grad_output"], [self, "self"]],
    formula: (gg, [go, s], needs) => [
      needs[0] ? hardswishBackward(gg, s) : null,
      needs[1] ? where(between(s, -3, 3, false), divScalar(mul(gg, go), 3), zero(gg)) : null,
    ],
  });
}

export function hardsigmoid(x: Tensor): Tensor {
  return pointwise(x, {
    gradFn: "HardsigmoidBackward0", kernel: "hardsigmoid_cpu",
    forward: () => (v) => Math.min(Math.max(v + 3, 0), 6) / 6,
    backward: (g, self) => where(between(self, -3, 3, false), mulScalar(g, { value: 1 / 6 }), zero(g)),
  });
}

export function hardshrink(x: Tensor, lambdValue: number): Tensor {
  const lambd = roundingOf(x.dtype)(lambdValue);
  return pointwise(x, {
    gradFn: "HardshrinkBackward0", kernel: "hardshrink_cpu", savedScalars: { lambd },
    forward: () => (v) => (v >= -lambd && v <= lambd ? 0 : v),
    backward: (g, self) => where(between(self, -lambd, lambd, true), zero(g), g),
  });
}

export function softshrink(x: Tensor, lambdValue: number): Tensor {
  if (lambdValue < 0) throw runtimeError(`lambda must be greater or equal to 0, but found to be ${lambdValue}.`);
  const lambd = roundingOf(x.dtype)(lambdValue);
  return pointwise(x, {
    gradFn: "SoftshrinkBackward0", kernel: "softshrink_cpu", savedScalars: { lambd },
    forward: () => (v) => (v > lambd ? v - lambd : v < -lambd ? v + lambd : 0),
    backward: (g, self) => where(between(self, -lambd, lambd, true), zero(g), g),
  });
}

export function threshold(x: Tensor, limit: number, value: number): Tensor {
  const r = roundingOf(x.dtype);
  const [t, v] = [r(limit), r(value)];
  const result = mapKernel(x, x.dtype, (e) => (e <= t ? v : e));
  if (!isFloating(x.dtype)) return result;
  return record(result, {
    name: "ThresholdBackward0", inputs: [x], saved: [[x, "self"]], savedScalars: { threshold: t },
    formula: (g, [self]) => [thresholdBackward(g, self, t)],
  });
}

/** mish: x·tanh(softplus(x)), the kernel's softplus being log1p(exp(x)) without a threshold. */
export function mish(x: Tensor): Tensor {
  return pointwise(x, {
    gradFn: "MishBackward0", kernel: "mish_cpu",
    forward: (r) => (v) => v * r(Math.tanh(r(Math.log1p(r(Math.exp(v)))))),
    // mish_backward: grad·(tanh(sp) + x·sigmoid(x)·(1 − tanh(sp)²)).
    backward: (g, self) => {
      const t = tanh(unary("log1p", exp(self)));
      return mul(g, add(t, mul(mul(self, sigmoid(self)), sub(scalarTensor(1, t.dtype), mul(t, t)))));
    },
  });
}

/** celu: elu with input scale 1/alpha, recorded as its own node. */
export function celu(x: Tensor, alpha: number): Tensor {
  if (alpha === 0) throw runtimeError("ZeroDivisionError");
  const result = withGradMode(false, () => elu(x, { value: alpha }, 1, 1 / alpha));
  return record(result, {
    name: "CeluBackward0", inputs: [x], saved: [[x, "self"]], savedScalars: { alpha },
    formula: (g, [self]) => [where(compare("lt", self, 0), mul(g, exp(mulScalar(self, { value: 1 / alpha }))), g)],
  });
}

/** glu: the first half of `dim` times the sigmoid of the second. */
export function glu(x: Tensor, dim: number): Tensor {
  if (x.dim === 0) throw runtimeError("glu does not support scalars because halving size must be even");
  const d = normalizeDim(dim, x.dim);
  const half = x.shape[d] / 2;
  if (x.shape[d] % 2 !== 0) throw runtimeError(`Halving dimension must be even, but dimension ${d} is size ${x.shape[d]}`);
  const result = withGradMode(false, () => mul(narrow(x, d, 0, half), sigmoid(narrow(x, d, half, half))));
  return record(result, {
    name: "GluBackward0", inputs: [x], saved: [[x, "self"]], savedScalars: { dim: d },
    formula: (g, [self]) => {
      const a = narrow(self, d, 0, half);
      const s = sigmoid(narrow(self, d, half, half));
      const ga = mul(g, s);
      return [cat([ga, mul(mul(ga, a), sub(scalarTensor(1, s.dtype), s))], d)];
    },
  });
}

/** prelu's weight laid along dim 1 of x (or a scalar when it has one element). */
function spreadWeight(weight: Tensor, x: Tensor): Tensor {
  return weight.numel === 1 ? reshape(weight, []) : reshape(weight, [weight.numel, ...x.shape.slice(2).map(() => 1)]);
}

/** prelu: x where positive, weight·x elsewhere; a weight of several elements runs along dim 1. */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  const channels = x.dim >= 2 ? x.shape[1] : 1;
  if (weight.numel !== 1 && weight.numel !== channels) {
    throw runtimeError(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${weight.numel} and channel size = ${channels}.`);
  }
  const result = zipKernel(x, detach(spreadWeight(weight, x)), x.dtype, x.dtype, (v, w) => (v > 0 ? v : w * v));
  return record(result, {
    name: "PreluBackward0", inputs: [x, weight], saved: [[x, "self"], [weight, "weight"]],
    formula: (g, [self, w], needs) => {
      const positive = compare("gt", self, 0);
      const perElement = where(positive, zero(g), mul(self, g));
      const dims = w.numel === 1 ? undefined : [0, ...self.shape.slice(2).map((_s, i) => i + 2)];
      return [
        needs[0] ? where(positive, g, mul(spreadWeight(w, self), g)) : null,
        needs[1] ? reshape(sum(perElement, dims), w.shape) : null,
      ];
    },
  });
}
