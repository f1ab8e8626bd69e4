// Elementwise ops, one table entry each: forward per element, backward formula, grad_fn name.

import { DType, isFloating } from "../dtype";
import { TorchError } from "../errors";
import { Tensor } from "../tensor";
import { mapKernel, zipKernel } from "./kernels";
import { asTensor, Operand, resultType, Scalar, scalarValue } from "./operand";
import { castScalar } from "../dtype";
import { record } from "./record";
import { sumToShape } from "./reduction";
import { where } from "./select";

interface UnaryOp {
  gradFn: string;
  forward: (x: number) => number;
  /** Integer inputs give float32 results (sin, exp, ...) rather than keeping their dtype (neg, abs). */
  floatResult: boolean;
  /** The gradient wrt `self`, written in differentiable ops so create_graph works. */
  backward: (grad: Tensor, self: Tensor, result: Tensor) => Tensor;
  saves: "self" | "result";
}

export const unaryOps = {
  neg: { gradFn: "NegBackward0", forward: (x) => -x, floatResult: false, saves: "self",
    backward: (g) => neg(g) },
  abs: { gradFn: "AbsBackward0", forward: Math.abs, floatResult: false, saves: "self",
    backward: (g, self) => mul(g, sign(self)) },
  sin: { gradFn: "SinBackward0", forward: Math.sin, floatResult: true, saves: "self",
    backward: (g, self) => mul(g, cos(self)) },
  cos: { gradFn: "CosBackward0", forward: Math.cos, floatResult: true, saves: "self",
    backward: (g, self) => mul(g, neg(sin(self))) },
  tan: { gradFn: "TanBackward0", forward: Math.tan, floatResult: true, saves: "result",
    backward: (g, _self, result) => mul(g, add(mul(result, result), 1)) },
  exp: { gradFn: "ExpBackward0", forward: Math.exp, floatResult: true, saves: "result",
    backward: (g, _self, result) => mul(g, result) },
  log: { gradFn: "LogBackward0", forward: Math.log, floatResult: true, saves: "self",
    backward: (g, self) => div(g, self) },
  sqrt: { gradFn: "SqrtBackward0", forward: Math.sqrt, floatResult: true, saves: "result",
    backward: (g, _self, result) => div(g, mul(result, 2)) },
  tanh: { gradFn: "TanhBackward0", forward: Math.tanh, floatResult: true, saves: "result",
    backward: (g, _self, result) => mul(g, rsub(mul(result, result), 1)) },
  sigmoid: { gradFn: "SigmoidBackward0", forward: (x) => 1 / (1 + Math.exp(-x)), floatResult: true,
    saves: "result", backward: (g, _self, result) => mul(mul(g, rsub(result, 1)), result) },
  relu: { gradFn: "ReluBackward0", forward: (x) => (x > 0 ? x : 0), floatResult: false, saves: "result",
    backward: (g, _self, result) => where(gt(result, 0), g, 0) },
} satisfies Record<string, UnaryOp>;

export type UnaryOpName = keyof typeof unaryOps;

/** float32 sigmoid is computed as PyTorch's CPU kernel does, rounding after each step. */
const float32Forward: Partial<Record<UnaryOpName, (x: number) => number>> = {
  sigmoid: (x) => Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-x)))),
};

export function unary(name: UnaryOpName, x: Tensor): Tensor {
  const op: UnaryOp = unaryOps[name];
  const outDtype: DType = op.floatResult && !isFloating(x.dtype) ? "float32" : x.dtype;
  const forward = (outDtype === "float32" && float32Forward[name]) || op.forward;
  const result = mapKernel(x, outDtype, forward);
  if (!isFloating(outDtype)) return result;
  return record(result, {
    name: op.gradFn,
    inputs: [x],
    saved: [op.saves === "self" ? [x, "self"] : [result, "result"]],
    formula: (g, [saved]) => [op.backward(g, saved, saved)],
  });
}

export const neg = (x: Tensor): Tensor => unary("neg", x);
export const sin = (x: Tensor): Tensor => unary("sin", x);
export const cos = (x: Tensor): Tensor => unary("cos", x);

export function sign(x: Tensor): Tensor {
  return mapKernel(x, x.dtype, Math.sign);
}

/** What a binary op's gradient formulas may read: operands may be Python scalars. */
interface BinarySaved {
  self: Operand;
  other: Operand;
  result: Tensor;
}

interface BinaryOp {
  gradFn: string;
  forward: (x: number, y: number) => number;
  /** Integer operands still give a floating result (true division). */
  floatResult?: boolean;
  /** The tensors the formulas read, so nothing else is kept alive by the graph. */
  saves: readonly ("self" | "other" | "result")[];
  /** Gradient wrt each input, as in derivatives.yaml (`self: grad * other`). */
  self: (grad: Tensor, s: BinarySaved) => Tensor;
  other: (grad: Tensor, s: BinarySaved) => Tensor;
}

export const binaryOps = {
  add: { gradFn: "AddBackward0", forward: (x, y) => x + y, saves: [],
    self: (g) => g, other: (g) => g },
  sub: { gradFn: "SubBackward0", forward: (x, y) => x - y, saves: [],
    self: (g) => g, other: (g) => neg(g) },
  mul: { gradFn: "MulBackward0", forward: (x, y) => x * y, saves: ["self", "other"],
    self: (g, s) => mul(g, s.other), other: (g, s) => mul(g, s.self) },
  div: { gradFn: "DivBackward0", forward: (x, y) => x / y, floatResult: true, saves: ["self", "other"],
    self: (g, s) => div(g, s.other), other: (g, s) => mul(neg(g), div(div(s.self, s.other), s.other)) },
  pow: { gradFn: "PowBackward1", forward: Math.pow, saves: ["self", "other", "result"],
    self: (g, s) => mul(g, mul(s.other, pow(s.self, sub(s.other, 1)))),
    other: (g, s) => mul(g, mul(s.result, unary("log", s.self as Tensor))) },
} satisfies Record<string, BinaryOp>;

export type BinaryOpName = keyof typeof binaryOps;

function integerForward(name: BinaryOpName, x: number, y: number): number {
  if (name === "pow") return Math.trunc(Math.pow(x, y));
  return binaryOps[name].forward(x, y);
}

function binaryForward(name: BinaryOpName, dtype: DType): (x: number, y: number) => number {
  if (dtype === "bool") return name === "mul" ? (x, y) => x & y : (x, y) => x | y;
  return isFloating(dtype) ? binaryOps[name].forward : (x, y) => integerForward(name, x, y);
}

/** Runs the kernel; a Python-scalar operand is read as a constant instead of becoming a tensor. */
function binaryKernel(a: Operand, b: Operand, dtype: DType, f: (x: number, y: number) => number): Tensor {
  if (a instanceof Tensor && b instanceof Tensor) return zipKernel(a, b, dtype, dtype, f);
  if (a instanceof Tensor) {
    const y = castScalar(scalarValue(b as Scalar), dtype);
    return mapKernel(a, dtype, dtype === "float32" && a.dtype !== "float32" ? (x) => f(Math.fround(x), y) : (x) => f(x, y));
  }
  if (b instanceof Tensor) {
    const x = castScalar(scalarValue(a), dtype);
    return mapKernel(b, dtype, dtype === "float32" && b.dtype !== "float32" ? (y) => f(x, Math.fround(y)) : (y) => f(x, y));
  }
  return zipKernel(asTensor(a, dtype), asTensor(b, dtype), dtype, dtype, f);
}

export function binary(name: BinaryOpName, a: Operand, b: Operand): Tensor {
  const op: BinaryOp = binaryOps[name];
  let dtype = resultType([a, b]);
  if (op.floatResult && !isFloating(dtype)) dtype = "float32";
  if (dtype === "bool" && name !== "mul" && name !== "add") {
    throw new TorchError("RuntimeError", boolArithmeticMessage(name));
  }
  const result = binaryKernel(a, b, dtype, binaryForward(name, dtype));
  if (!isFloating(dtype)) return result;
  const ta = a instanceof Tensor ? a : null;
  const tb = b instanceof Tensor ? b : null;
  const operands = { self: a, other: b, result } as const;
  const savedRoles = op.saves.filter((role) => operands[role] instanceof Tensor);
  return record(result, {
    name: op.gradFn,
    inputs: [ta, tb],
    saved: savedRoles.map((role) => [operands[role] as Tensor, role] as const),
    formula: (g, saved, needs) => {
      const s: BinarySaved = { self: a, other: b, result };
      savedRoles.forEach((role, i) => { s[role] = saved[i]; });
      return [
        needs[0] ? sumToShape(op.self(g, s), ta!.shape) : null,
        needs[1] ? sumToShape(op.other(g, s), tb!.shape) : null,
      ];
    },
  });
}

function boolArithmeticMessage(name: BinaryOpName): string {
  return name === "sub"
    ? "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."
    : `"${name}_cpu" not implemented for 'Bool'`;
}

export const add = (a: Operand, b: Operand): Tensor => binary("add", a, b);
export const sub = (a: Operand, b: Operand): Tensor => binary("sub", a, b);
export const mul = (a: Operand, b: Operand): Tensor => binary("mul", a, b);
export const div = (a: Operand, b: Operand): Tensor => binary("div", a, b);

/** `self ** exponent`: a Python-scalar exponent is its own op (PowBackward0), as in PyTorch. */
export function pow(self: Operand, exponent: Operand): Tensor {
  if (self instanceof Tensor && !(exponent instanceof Tensor)) return powScalar(self, exponent);
  return binary("pow", self, exponent);
}

function powScalar(self: Tensor, exponent: Scalar): Tensor {
  const e = scalarValue(exponent);
  const dtype = resultType([self, exponent]);
  const x = asTensor(self, dtype);
  const forward = e === 2 ? (v: number) => v * v : isFloating(dtype) ? (v: number) => Math.pow(v, e)
    : (v: number) => Math.trunc(Math.pow(v, e));
  const result = mapKernel(x, dtype, dtype === "float32" ? (v) => forward(Math.fround(v)) : forward);
  if (!isFloating(dtype)) return result;
  return record(result, {
    name: "PowBackward0",
    inputs: [self],
    saved: [[self, "self"]],
    savedScalars: { exponent: e },
    formula: (g, [s]) => [e === 0 ? mul(g, 0) : mul(g, mul(pow(s, subScalar(exponent, 1)), exponent))],
  });
}

function subScalar(s: Scalar, k: number): Scalar {
  return typeof s === "number" ? s - k : { value: scalarValue(s) - k };
}

/** `scalar - self` (Python's `1 - x`): PyTorch's rsub, RsubBackward1. */
export function rsub(self: Tensor, other: Scalar): Tensor {
  const dtype = resultType([self, other]);
  const result = binaryKernel(self, other, dtype, (x, y) => y - x);
  if (!isFloating(dtype)) return result;
  return record(result, { name: "RsubBackward1", inputs: [self], formula: (g) => [neg(g)] });
}

/** `scalar / self`: PyTorch computes `self.reciprocal() * scalar` (ReciprocalBackward0, MulBackward0). */
export function rdiv(self: Tensor, other: Scalar): Tensor {
  return mul(reciprocal(self), other);
}

export function reciprocal(x: Tensor): Tensor {
  const dtype: DType = isFloating(x.dtype) ? x.dtype : "float32";
  const result = mapKernel(x, dtype, (v) => 1 / v);
  return record(result, {
    name: "ReciprocalBackward0",
    inputs: [x],
    saved: [[result, "result"]],
    formula: (g, [r]) => [mul(neg(g), mul(r, r))],
  });
}

type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";
const comparisons: Record<Comparison, (x: number, y: number) => number> = {
  eq: (x, y) => +(x === y), ne: (x, y) => +(x !== y), lt: (x, y) => +(x < y),
  le: (x, y) => +(x <= y), gt: (x, y) => +(x > y), ge: (x, y) => +(x >= y),
};

export function compare(op: Comparison, a: Operand, b: Operand): Tensor {
  const dtype = resultType([a, b]);
  return zipKernel(asTensor(a, dtype), asTensor(b, dtype), dtype, "bool", comparisons[op]);
}

export const gt = (a: Operand, b: Operand): Tensor => compare("gt", a, b);

/** torch.clamp with Python-scalar bounds (ClampBackward1). */
export function clamp(x: Tensor, min: Scalar | null, max: Scalar | null): Tensor {
  const lo = min === null ? -Infinity : scalarValue(min);
  const hi = max === null ? Infinity : scalarValue(max);
  const dtype = x.dtype;
  const cast = dtype === "float32" ? Math.fround : (v: number) => v;
  const l = cast(lo);
  const h = cast(hi);
  const result = mapKernel(x, dtype, (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, l), h)));
  if (!isFloating(dtype)) return result;
  return record(result, {
    name: "ClampBackward1",
    inputs: [x],
    saved: [[x, "self"]],
    savedScalars: { ...(min === null ? {} : { min: lo }), ...(max === null ? {} : { max: hi }) },
    formula: (g, [self]) => [where(
      zipKernel(compare("ge", self, { value: lo }), compare("le", self, { value: hi }), "bool", "bool", (p, q) => p & q),
      g, 0)],
  });
}
