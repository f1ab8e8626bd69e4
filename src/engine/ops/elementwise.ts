// Unary elementwise ops, one table entry each: forward per element, backward formula, grad_fn name.
// The binary and comparison families live beside this file and are re-exported from here.

import { DType, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { sigmoidBackward, tanhBackward, thresholdBackward } from "./activation";
import { addScalar, div, mul, mulScalar, pow } from "./arithmetic";
import { applyTail, mapKernel, scalarTensor } from "./kernels";
import { record, recordOne, recordsGraph, sharedFormula } from "./record";
import type { BackwardFormula } from "../autograd/node";
import { notImplementedFor, roundingOf, zerosLike } from "./op_support";
import { cos32, sin32, tanh32 } from "./sleef32";
import { coshFloat32Scalar, erf as erfValue, expFloat32, roundHalfEven } from "./special";

export * from "./arithmetic";
export * from "./comparison";
export * from "./op_support";

const f32 = Math.fround;

/** sign as PyTorch computes it: NaN and ±0 give 0. */
function signOf(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

type Rejects = (dtype: DType) => string | null;
const rejectsBool = (message: string): Rejects => (d) => (d === "bool" ? message : null);
const boolKernel = (kernel: string): Rejects => (d) => (d === "bool" ? notImplementedFor(kernel, d) : null);
const floatKernel = (kernel: string): Rejects => (d) => (isFloating(d) ? null : notImplementedFor(kernel, d));

interface UnaryOp {
  gradFn: string;
  /** One element in double precision; the store rounds it to the result dtype. */
  forward: (x: number) => number;
  /** PyTorch's float32 kernel where it rounds between steps or has its own routine (SLEEF's exp). */
  float32?: (x: number) => number;
  /** Integer and bool inputs: computed as float32 (exp, sin) or kept in their dtype (abs, floor). */
  ints: "float" | "keep";
  /** PyTorch's error for the input dtypes it refuses. */
  rejects?: Rejects;
  saves: "self" | "result" | "none";
  /** The float32 scalar routine for the elements past PyTorch's last full 16-element vector step. */
  float32Tail?: (x: number) => number;
  /** d/dself written in differentiable ops; absent where PyTorch's formula is zeros_like(grad). */
  backward?: (grad: Tensor, saved: Tensor) => Tensor;
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const unaryOps = {
  neg: { gradFn: "NegBackward0", forward: (x) => -x, ints: "keep", saves: "none",
    rejects: rejectsBool("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."),
    backward: (g) => neg(g) },
  abs: { gradFn: "AbsBackward0", forward: Math.abs, ints: "keep", rejects: boolKernel("abs_cpu"), saves: "self",
    backward: (g, self) => mul(g, sgn(self)) },
  sgn: { gradFn: "SgnBackward0", forward: signOf, ints: "keep", saves: "none" },
  sign: { gradFn: "SignBackward0", forward: signOf, ints: "keep", saves: "none" },
  floor: { gradFn: "FloorBackward0", forward: Math.floor, ints: "keep", rejects: boolKernel("floor_vml_cpu"), saves: "none" },
  ceil: { gradFn: "CeilBackward0", forward: Math.ceil, ints: "keep", rejects: boolKernel("ceil_vml_cpu"), saves: "none" },
  round: { gradFn: "RoundBackward0", forward: roundHalfEven, ints: "keep", rejects: boolKernel("round_vml_cpu"), saves: "none" },
  trunc: { gradFn: "TruncBackward0", forward: Math.trunc, ints: "keep", rejects: boolKernel("trunc_vml_cpu"), saves: "none" },
  frac: { gradFn: "FracBackward0", forward: (x) => x - Math.trunc(x), ints: "keep", rejects: floatKernel("frac_cpu"),
    saves: "none", backward: (g) => g },
  exp: { gradFn: "ExpBackward0", forward: Math.exp, float32: expFloat32, ints: "float", saves: "result",
    backward: (g, result) => mul(g, result) },
  exp2: { gradFn: "Exp2Backward0", forward: (x) => Math.pow(2, x), ints: "float", saves: "result",
    backward: (g, result) => mulScalar(mul(g, result), { value: LN2 }) },
  expm1: { gradFn: "Expm1Backward0", forward: Math.expm1, ints: "float", saves: "result",
    backward: (g, result) => mul(g, addScalar(result, 1)) },
  log: { gradFn: "LogBackward0", forward: Math.log, ints: "float", saves: "self",
    backward: (g, self) => div(g, self) },
  log2: { gradFn: "Log2Backward0", forward: Math.log2, ints: "float", saves: "self",
    backward: (g, self) => div(g, mulScalar(self, { value: LN2 })) },
  log10: { gradFn: "Log10Backward0", forward: Math.log10, ints: "float", saves: "self",
    backward: (g, self) => div(g, mulScalar(self, { value: LN10 })) },
  log1p: { gradFn: "Log1PBackward0", forward: Math.log1p, ints: "float", saves: "self",
    backward: (g, self) => div(g, addScalar(self, 1)) },
  sqrt: { gradFn: "SqrtBackward0", forward: Math.sqrt, ints: "float", saves: "result",
    backward: (g, result) => div(g, mulScalar(result, 2)) },
  rsqrt: { gradFn: "RsqrtBackward0", forward: (x) => 1 / Math.sqrt(x), float32: (x) => 1 / f32(Math.sqrt(x)),
    ints: "float", saves: "result",
    backward: (g, result) => mul(mulScalar(g, { value: -0.5 }), pow(result, 3)) },
  reciprocal: { gradFn: "ReciprocalBackward0", forward: (x) => 1 / x, ints: "float", saves: "result",
    backward: (g, result) => mul(neg(g), mul(result, result)) },
  sin: { gradFn: "SinBackward0", forward: Math.sin, float32: sin32, ints: "float", saves: "self",
    backward: (g, self) => mul(g, cos(self)) },
  cos: { gradFn: "CosBackward0", forward: Math.cos, float32: cos32, ints: "float", saves: "self",
    backward: (g, self) => mul(g, neg(sin(self))) },
  tan: { gradFn: "TanBackward0", forward: Math.tan, ints: "float", saves: "result",
    backward: (g, result) => mul(g, addScalar(pow(result, 2), 1)) },
  asin: { gradFn: "AsinBackward0", forward: Math.asin, ints: "float", saves: "self",
    backward: (g, self) => mul(g, rsqrt(addScalar(mul(neg(self), self), 1))) },
  acos: { gradFn: "AcosBackward0", forward: Math.acos, ints: "float", saves: "self",
    backward: (g, self) => mul(g, neg(rsqrt(addScalar(mul(neg(self), self), 1)))) },
  atan: { gradFn: "AtanBackward0", forward: Math.atan, ints: "float", saves: "self",
    backward: (g, self) => div(g, addScalar(mul(self, self), 1)) },
  sinh: { gradFn: "SinhBackward0", forward: Math.sinh, ints: "float", saves: "self",
    backward: (g, self) => mul(g, cosh(self)) },
  cosh: { gradFn: "CoshBackward0", forward: Math.cosh, ints: "float", saves: "self", float32Tail: coshFloat32Scalar,
    backward: (g, self) => mul(g, sinh(self)) },
  tanh: { gradFn: "TanhBackward0", forward: Math.tanh, float32: tanh32, ints: "float", saves: "result",
    backward: (g, result) => tanhBackward(g, result) },
  // PyTorch's CPU kernel: 1 / (1 + exp(-x)), rounding after each step.
  sigmoid: { gradFn: "SigmoidBackward0", forward: (x) => 1 / (1 + Math.exp(-x)), float32: (x) => 1 / f32(1 + expFloat32(-x)),
    ints: "float", saves: "result", backward: (g, result) => sigmoidBackward(g, result) },
  relu: { gradFn: "ReluBackward0", forward: (x) => (x <= 0 ? 0 : x), ints: "keep", saves: "result",
    rejects: rejectsBool("Boolean inputs not supported for relu"),
    backward: (g, result) => thresholdBackward(g, result, 0) },
  erf: { gradFn: "ErfBackward0", forward: erfValue, ints: "float", saves: "self",
    backward: (g, self) => mul(mulScalar(exp(neg(pow(self, 2))), { value: TWO_OVER_SQRT_PI }), g) },
} satisfies Record<string, UnaryOp>;

export type UnaryOpName = keyof typeof unaryOps;

export function unary(name: UnaryOpName, x: Tensor): Tensor {
  const op: UnaryOp = unaryOps[name];
  if (x.shape.length === 0 && (x.dtype === "float32" || x.dtype === "float64")) return scalarUnary(op, x);
  const refusal = op.rejects?.(x.dtype);
  if (refusal) throw runtimeError(refusal);
  const outDtype: DType = op.ints === "float" && !isFloating(x.dtype) ? "float32" : x.dtype;
  const result = mapKernel(x, outDtype, (outDtype === "float32" && op.float32) || op.forward);
  if (outDtype === "float32" && op.float32Tail) applyTail(result, x, op.float32Tail);
  if (!isFloating(outDtype)) return result;
  const saved = op.saves === "self" ? x : op.saves === "result" ? result : null;
  return record(result, {
    name: op.gradFn,
    inputs: [x],
    saved: saved === null ? undefined : [[saved, op.saves]],
    formula: sharedFormula(op, unaryFormula),
  });
}

/**
 * A 0-dim floating input, the step of scalar autograd graphs, without the kernel and recording
 * machinery. Its one element is past PyTorch's last 16-wide vector step, so a float32 op with a
 * scalar tail routine computes it with that.
 */
function scalarUnary(op: UnaryOp, x: Tensor): Tensor {
  const dtype = x.dtype;
  const v = x.storage.data[x.offset];
  const result = scalarTensor(dtype === "float32" ? (op.float32Tail ?? op.float32 ?? op.forward)(v) : op.forward(v), dtype);
  // Without an input that requires grad there is nothing to record, nor a no_grad cut to log.
  if (!x.requiresGrad || !recordsGraph(x)) return result;
  const saved = op.saves === "self" ? x : op.saves === "result" ? result : null;
  return recordOne(result, op.gradFn, x, sharedFormula(op, unaryFormula), saved, op.saves);
}

const unaryFormula = ({ backward }: UnaryOp): BackwardFormula => (g, saved) => [backward ? backward(g, saved[0]) : zerosLike(g)];

export const neg = (x: Tensor): Tensor => unary("neg", x);
export const abs = (x: Tensor): Tensor => unary("abs", x);
export const sgn = (x: Tensor): Tensor => unary("sgn", x);
export const sign = (x: Tensor): Tensor => unary("sign", x);
export const exp = (x: Tensor): Tensor => unary("exp", x);
export const log = (x: Tensor): Tensor => unary("log", x);
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
export const rsqrt = (x: Tensor): Tensor => unary("rsqrt", x);
export const reciprocal = (x: Tensor): Tensor => unary("reciprocal", x);
export const sin = (x: Tensor): Tensor => unary("sin", x);
export const cos = (x: Tensor): Tensor => unary("cos", x);
export const sinh = (x: Tensor): Tensor => unary("sinh", x);
export const cosh = (x: Tensor): Tensor => unary("cosh", x);
export const tanh = (x: Tensor): Tensor => unary("tanh", x);
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);
export const relu = (x: Tensor): Tensor => unary("relu", x);

/** torch.round(x, decimals=d): rounds x·10^d half to even and scales back (RoundBackward1). */
export function roundDecimals(x: Tensor, decimals: number): Tensor {
  const refusal = unaryOps.round.rejects(x.dtype);
  if (refusal) throw runtimeError(refusal);
  const r = roundingOf(x.dtype);
  const scale = r(Math.pow(10, Math.abs(decimals)));
  const forward = decimals < 0 ? (v: number) => roundHalfEven(r(v / scale)) * scale : (v: number) => roundHalfEven(r(v * scale)) / scale;
  const result = mapKernel(x, x.dtype, isFloating(x.dtype) ? forward : (v) => v);
  if (!isFloating(x.dtype)) return result;
  return record(result, { name: "RoundBackward1", inputs: [x], savedScalars: { decimals }, formula: (g) => [zerosLike(g)] });
}

/** torch.square: self ** 2 (PowBackward0), integers stay integers. */
export function square(x: Tensor): Tensor {
  return pow(x, 2);
}

/** `+x`: the tensor itself, except that PyTorch refuses bool tensors. */
export function positive(x: Tensor): Tensor {
  if (x.dtype === "bool") throw runtimeError("The `+` operator, on a bool tensor is not supported.");
  return x;
}
