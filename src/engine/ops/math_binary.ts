// Binary and ternary pointwise math beyond arithmetic.ts: logaddexp, hypot, xlogy, fmax, fmin,
// heaviside, addcmul and addcdiv, each with PyTorch's promotion, kernel rounding and grad_fn.

import { DType, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import type { BackwardFormula } from "../autograd/node";
import { addScalar, div, gradTarget, GradTarget, mul, mulScalar, reduceGrad, sub } from "./arithmetic";
import { exp, neg } from "./elementwise";
import { scalarTensor, zipKernel } from "./kernels";
import { notImplementedFor } from "./op_support";
import { asTensor, Operand, resultType, Scalar, scalarValue } from "./operand";
import { record } from "./record";
import { where } from "./select";
import { zip3Kernel } from "./ternary_kernel";

const f32 = Math.fround;
const exact = (v: number): number => v;

type Kernel = (a: number, b: number) => number;

interface BinaryMath {
  gradFn: string;
  /** The CPU kernel name PyTorch reports for dtypes it refuses. */
  kernel: string;
  /** Integer inputs: promoted to float32 (xlogy), kept (fmax) or refused. */
  ints: "float" | "keep" | "refuse";
  forward: (round: (v: number) => number) => Kernel;
  /** Gradients for self and other in differentiable ops; result is the op's output. */
  backward?: (g: Tensor, self: Tensor, other: Tensor, result: Tensor) => [Tensor, Tensor];
}

const zero = (g: Tensor): Tensor => scalarTensor(0, g.dtype);
const maskOf = (a: Tensor, b: Tensor, f: Kernel): Tensor => zipKernel(a, b, resultType([a, b]), "bool", f);

/** fmax/fmin: the gradient goes to self where it won (or other is NaN), otherwise to other. */
const selectorBackward = (wins: (a: number, b: number) => boolean) => (g: Tensor, self: Tensor, other: Tensor): [Tensor, Tensor] => {
  const selfWins = maskOf(self, other, (a, b) => (wins(a, b) || Number.isNaN(b) ? 1 : 0));
  return [where(selfWins, g, zero(g)), where(selfWins, zero(g), g)];
};

const binaryMath = {
  logaddexp: {
    gradFn: "LogaddexpBackward0", kernel: "logaddexp_cpu", ints: "refuse",
    forward: (r) => (a, b) => (a === b && !Number.isFinite(a) && !Number.isNaN(a)
      ? a : Math.max(a, b) + r(Math.log(r(1 + r(Math.exp(-r(Math.abs(a - b)))))))),
    backward: (g, self, other) => [div(g, addScalar(exp(sub(other, self)), 1)), div(g, addScalar(exp(sub(self, other)), 1))],
  },
  hypot: {
    gradFn: "HypotBackward0", kernel: "hypot_cpu", ints: "refuse",
    forward: () => Math.hypot,
    backward: (g, self, other, result) => [div(mul(g, self), result), div(mul(g, other), result)],
  },
  xlogy: {
    gradFn: "XlogyBackward0", kernel: "xlogy_cpu", ints: "float",
    forward: (r) => (x, y) => (Number.isNaN(y) ? NaN : x === 0 ? 0 : x * r(Math.log(y))),
    backward: (g, self, other) => [mul(g, xlogy(maskOf(self, self, (a) => (a !== 0 ? 1 : 0)), other)), div(mul(g, self), other)],
  },
  fmax: {
    gradFn: "FmaxBackward0", kernel: "fmax_cpu", ints: "keep",
    forward: () => (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b)),
    backward: selectorBackward((a, b) => a >= b),
  },
  fmin: {
    gradFn: "FminBackward0", kernel: "fmin_cpu", ints: "keep",
    forward: () => (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b)),
    backward: selectorBackward((a, b) => a <= b),
  },
  heaviside: {
    gradFn: "HeavisideBackward0", kernel: "heaviside_cpu", ints: "keep",
    forward: () => (x, v) => (Number.isNaN(x) ? x : x === 0 ? v : x > 0 ? 1 : 0),
  },
} satisfies Record<string, BinaryMath>;

export type BinaryMathName = keyof typeof binaryMath;

const tensorOrNull = (o: Operand): Tensor | null => (o instanceof Tensor ? o : null);

function targetOf(o: Operand): GradTarget | null {
  return o instanceof Tensor ? gradTarget(o) : null;
}

export function binaryMathOp(name: BinaryMathName, a: Operand, b: Operand): Tensor {
  const op: BinaryMath = binaryMath[name];
  const common = resultType([a, b]);
  if (!isFloating(common) && op.ints === "refuse") throw runtimeError(notImplementedFor(op.kernel, common));
  if (name === "heaviside" && a instanceof Tensor && b instanceof Tensor && a.dtype !== b.dtype) {
    throw runtimeError("heaviside is not yet implemented for tensors with different dtypes.");
  }
  const dtype: DType = !isFloating(common) && op.ints === "float" ? "float32" : common;
  const x = asTensor(a, dtype);
  const y = asTensor(b, dtype);
  const result = zipKernel(x, y, dtype, dtype, op.forward(dtype === "float32" ? f32 : exact));
  const { backward } = op;
  if (backward === undefined || !isFloating(dtype)) return result;
  const [ta, tb] = [targetOf(a), targetOf(b)];
  const formula: BackwardFormula = (g, [self, other, out], needs) => {
    const [gs, go] = backward(g, self, other, out);
    return [needs[0] && ta ? reduceGrad(gs, ta) : null, needs[1] && tb ? reduceGrad(go, tb) : null];
  };
  return record(result, {
    name: op.gradFn, inputs: [tensorOrNull(a), tensorOrNull(b)],
    saved: [[x, "self"], [y, "other"], [result, "result"]], formula,
  });
}

export const xlogy = (a: Operand, b: Operand): Tensor => binaryMathOp("xlogy", a, b);

/**
 * addcmul/addcdiv: self + value·t1·t2 (or ·t1/t2). The AVX2 kernels compute value·t1 first, then
 * GCC contracts the product-plus-self into one fused multiply-add.
 */
function pointwiseAddc(kind: "mul" | "div", self: Tensor, t1: Tensor, t2: Tensor, value: Scalar): Tensor {
  const dtype = resultType([self, t1, t2]);
  if (kind === "div" && !isFloating(t1.dtype) && !isFloating(t2.dtype)) {
    throw runtimeError("Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.");
  }
  const v = scalarValue(value);
  const round = dtype === "float32" ? f32 : exact;
  const scale = round(v);
  // In double, a float32 product is exact, so one rounding of the sum is the fused result.
  const kernel = kind === "mul"
    ? (a: number, b: number, c: number) => a + round(scale * b) * c
    : (a: number, b: number, c: number) => a + round(round(scale * b) / c);
  const result = zip3Kernel(asTensor(self, dtype), asTensor(t1, dtype), asTensor(t2, dtype), dtype, kernel);
  if (!isFloating(dtype)) return result;
  const targets = [gradTarget(self), gradTarget(t1), gradTarget(t2)];
  const scaled = (t: Tensor): Tensor => mulScalar(t, value);
  const formula: BackwardFormula = kind === "mul"
    ? (g, [s1, s2], needs) => [
      needs[0] ? reduceGrad(g, targets[0]) : null,
      needs[1] ? reduceGrad(scaled(mul(g, s2)), targets[1]) : null,
      needs[2] ? reduceGrad(scaled(mul(g, s1)), targets[2]) : null,
    ]
    : (g, [s1, s2], needs) => [
      needs[0] ? reduceGrad(g, targets[0]) : null,
      needs[1] ? reduceGrad(div(scaled(g), s2), targets[1]) : null,
      needs[2] ? reduceGrad(neg(div(mul(scaled(g), s1), mul(s2, s2))), targets[2]) : null,
    ];
  return record(result, {
    name: kind === "mul" ? "AddcmulBackward0" : "AddcdivBackward0", inputs: [self, t1, t2],
    saved: [[t1, "tensor1"], [t2, "tensor2"]], savedScalars: { value: v }, formula,
  });
}

export const addcmul = (self: Tensor, t1: Tensor, t2: Tensor, value: Scalar = 1): Tensor => pointwiseAddc("mul", self, t1, t2, value);
export const addcdiv = (self: Tensor, t1: Tensor, t2: Tensor, value: Scalar = 1): Tensor => pointwiseAddc("div", self, t1, t2, value);
