// Arithmetic between tensors and Python scalars (+ - * / // % **, atan2, maximum, lerp): one table
// entry per op with its element rule, grad_fn name and backward formula per input.

import { allocate, castScalar, DType, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { compare, logicalAnd } from "./comparison";
import { log, neg, reciprocal } from "./elementwise";
import { floatMath, notImplementedFor, roundingOf, zerosLike } from "./op_support";
import { applyTail, mapKernel, scalarTensor, zipKernel } from "./kernels";
import { denseBinary, DenseOp } from "./dense_kernels";
import { Operand, resultType, Scalar, scalarKind, scalarValue } from "./operand";
import { NO_SCALARS, record, recordBinary, recordsGraph } from "./record";
import type { BackwardFormula } from "../autograd/node";
import { pow32 } from "./sleef32";
import { sumToShape } from "./reduction";
import { where } from "./select";
import { zip3Kernel } from "./ternary_kernel";

type ElementFn = (x: number, y: number) => number;

/** How one element of a binary op is computed, per dtype, and the kernel name dtype errors cite. */
interface ElementRule {
  forward: ElementFn;
  /** Integer forward where it differs (floor division, remainder, powers). */
  integer?: ElementFn;
  /** Bool forward (add is `or`, mul is `and`); without one, bool operands are refused. */
  bool?: ElementFn;
  kernel: string;
  /** Integer operands still give a float32 result (true division, atan2). */
  floatResult?: boolean;
}

/** What a binary op's gradient formulas may read; operands may be Python scalars. */
interface BinarySaved {
  self: Operand;
  other: Operand;
  /** Present when the op saves it. */
  result?: Tensor;
}

type Formula = (grad: Tensor, s: BinarySaved) => Tensor;

interface BinaryOp extends ElementRule {
  gradFn: string;
  /** The tensors the formulas read, so nothing else is kept alive by the graph. */
  saves: readonly (keyof BinarySaved)[];
  /** Gradient wrt each input, as in derivatives.yaml (`self: grad * other`). */
  self: Formula;
  other: Formula;
}

function zeroDivision(): never {
  throw runtimeError("ZeroDivisionError");
}

/** Python's float floor division, as PyTorch's div_floor computes it (exact near integers). */
function floorDivideFloat(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let quotient = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) quotient -= 1;
  if (quotient === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  const floored = Math.floor(quotient);
  return quotient - floored > 0.5 ? floored + 1 : floored;
}

/** Python's modulo: the result takes the divisor's sign. */
function remainderFloat(a: number, b: number): number {
  const mod = a % b;
  return mod !== 0 && b < 0 !== mod < 0 ? mod + b : mod;
}

// Integer kernels raise on a zero divisor; `+ 0` turns JavaScript's -0 into the integer 0.
const intRemainder: ElementFn = (a, b) => (b === 0 ? zeroDivision() : remainderFloat(a, b) + 0);
const intFmod: ElementFn = (a, b) => (b === 0 ? zeroDivision() : (a % b) + 0);
const intFloorDivide: ElementFn = (a, b) => (b === 0 ? zeroDivision() : Math.floor(a / b) + 0);
const intTruncDivide: ElementFn = (a, b) => (b === 0 ? zeroDivision() : Math.trunc(a / b) + 0);

/** PyTorch's powi: negative exponents give 0 except for bases ±1. */
function integerPower(a: number, b: number): number {
  if (b >= 0) return Math.pow(a, b);
  if (a === 1) return 1;
  if (a === -1) return b % 2 !== 0 ? -1 : 1;
  return 0;
}

const atan2Denominator = (s: BinarySaved): Tensor => {
  const self = s.self as Tensor;
  const other = s.other as Tensor;
  return reciprocal(add(mul(self, self), mul(other, other)));
};

/** maximum/minimum: ties split the gradient; the losing side gets none. */
function extremumGrad(g: Tensor, s: BinarySaved, losing: "lt" | "gt"): Tensor {
  const shared = where(compare("eq", s.self, s.other), divScalar(g, 2), g);
  return where(compare(losing, s.self, s.other), 0, shared);
}

export const binaryOps = {
  add: { gradFn: "AddBackward0", forward: (x, y) => x + y, bool: (x, y) => x | y, kernel: "add_cpu", saves: [],
    self: (g) => g, other: (g) => g },
  sub: { gradFn: "SubBackward0", forward: (x, y) => x - y, kernel: "sub_cpu", saves: [],
    self: (g) => g, other: (g) => neg(g) },
  mul: { gradFn: "MulBackward0", forward: (x, y) => x * y, bool: (x, y) => x & y, kernel: "mul_cpu",
    saves: ["self", "other"], self: (g, s) => mul(g, s.other), other: (g, s) => mul(g, s.self) },
  div: { gradFn: "DivBackward0", forward: (x, y) => x / y, floatResult: true, kernel: "div_cpu", saves: ["self", "other"],
    self: (g, s) => div(g, s.other), other: (g, s) => mul(neg(g), div(div(s.self, s.other), s.other)) },
  pow: { gradFn: "PowBackward1", forward: Math.pow, integer: integerPower, kernel: "pow", saves: ["self", "other", "result"],
    self: (g, s) => powBackwardSelf(g, s.self as Tensor, s.other as Tensor),
    other: (g, s) => powBackwardExponent(g, s.self as Tensor, s.other as Tensor, s.result!) },
  atan2: { gradFn: "Atan2Backward0", forward: Math.atan2, floatResult: true, kernel: "atan2_cpu", saves: ["self", "other"],
    self: (g, s) => mul(mul(g, s.other), atan2Denominator(s)),
    other: (g, s) => mul(mul(g, neg(s.self as Tensor)), atan2Denominator(s)) },
  remainder: { gradFn: "RemainderBackward1", forward: remainderFloat, integer: intRemainder, kernel: "remainder_cpu",
    saves: ["self", "other"], self: (g) => g, other: (g, s) => mul(neg(g), divide(s.self, s.other, "floor")) },
  fmod: { gradFn: "FmodBackward1", forward: (x, y) => x % y, integer: intFmod, kernel: "fmod_cpu",
    saves: ["self", "other"], self: (g) => g, other: (g, s) => mul(neg(g), divide(s.self, s.other, "trunc")) },
  maximum: { gradFn: "MaximumBackward0", forward: Math.max, bool: Math.max, kernel: "maximum_cpu", saves: ["self", "other"],
    self: (g, s) => extremumGrad(g, s, "lt"), other: (g, s) => extremumGrad(g, s, "gt") },
  minimum: { gradFn: "MinimumBackward0", forward: Math.min, bool: Math.min, kernel: "minimum_cpu", saves: ["self", "other"],
    self: (g, s) => extremumGrad(g, s, "gt"), other: (g, s) => extremumGrad(g, s, "lt") },
} satisfies Record<string, BinaryOp>;

export type BinaryOpName = keyof typeof binaryOps;

const floorRule: ElementRule = { forward: floorDivideFloat, integer: intFloorDivide, kernel: "div_floor_cpu" };
const truncRule: ElementRule = { forward: (x, y) => Math.trunc(x / y), integer: intTruncDivide, kernel: "div_trunc_cpu" };

function operandDType(o: Operand): DType {
  if (o instanceof Tensor) return o.dtype;
  const kind = scalarKind(o);
  return kind === "bool" ? "bool" : kind === "int" ? "int64" : "float32";
}

function checkSubtraction(a: Operand, b: Operand): void {
  const aBool = operandDType(a) === "bool";
  const bBool = operandDType(b) === "bool";
  if (aBool && bBool) {
    throw runtimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  }
  if (aBool || bBool) {
    throw runtimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  }
}

function elementFunction(rule: ElementRule, dtype: DType, alpha: Scalar | undefined): ElementFn {
  let f: ElementFn;
  if (dtype === "bool") {
    if (!rule.bool) throw runtimeError(notImplementedFor(rule.kernel, dtype));
    f = rule.bool;
  } else {
    f = isFloating(dtype) ? rule.forward : rule.integer ?? rule.forward;
  }
  if (alpha === undefined) return f;
  if (!isFloating(dtype) && scalarKind(alpha) === "float") {
    throw runtimeError("For integral input tensors, argument alpha must not be a floating point number.");
  }
  if (dtype !== "bool" && scalarKind(alpha) === "bool") throw runtimeError("Boolean alpha only supported for Boolean results.");
  const k = castScalar(scalarValue(alpha), dtype);
  return k === 1 ? f : (x, y) => f(x, k * y);
}

/**
 * Runs the kernel; a Python-scalar operand is read as a constant instead of becoming a tensor. A
 * tensor computed in float32 is read as float32 first (an int64 above 2^24 rounds).
 */
function binaryKernel(a: Operand, b: Operand, dtype: DType, f: ElementFn): Tensor {
  if (a instanceof Tensor && b instanceof Tensor) return zipKernel(a, b, dtype, dtype, f);
  const narrows = (t: Tensor): boolean => dtype === "float32" && t.dtype !== "float32";
  if (a instanceof Tensor) {
    const y = castScalar(scalarValue(b as Scalar), dtype);
    return mapKernel(a, dtype, narrows(a) ? (x) => f(Math.fround(x), y) : (x) => f(x, y));
  }
  const x = castScalar(scalarValue(a), dtype);
  if (b instanceof Tensor) return mapKernel(b, dtype, narrows(b) ? (y) => f(x, Math.fround(y)) : (y) => f(x, y));
  return scalarTensor(castScalar(f(x, castScalar(scalarValue(b), dtype)), dtype), dtype);
}

/** The forward of any binary op: type promotion, dtype checks and the element loop. */
function computeBinary(rule: ElementRule, a: Operand, b: Operand, alpha?: Scalar): Tensor {
  let dtype = resultType([a, b]);
  if (rule.floatResult && !isFloating(dtype)) dtype = "float32";
  const f = elementFunction(rule, dtype, alpha);
  const dense = denseOpOf(rule);
  // The closure-free loops apply when no operand needs converting and no alpha or bool rule changes the op.
  if (dense !== null && f === rule.forward && (a instanceof Tensor || b instanceof Tensor)
    && readsAsStored(a, dtype) && readsAsStored(b, dtype)) {
    return denseBinary(dense, denseOperand(a, dtype), denseOperand(b, dtype), dtype);
  }
  return binaryKernel(a, b, dtype, f);
}

function denseOpOf(rule: ElementRule): DenseOp | null {
  if (rule === binaryOps.mul) return "mul";
  if (rule === binaryOps.add) return "add";
  if (rule === binaryOps.sub) return "sub";
  return rule === binaryOps.div ? "div" : null;
}

const readsAsStored = (o: Operand, dtype: DType): boolean => !(o instanceof Tensor) || o.dtype === dtype;

const denseOperand = (o: Operand, dtype: DType): Tensor | number =>
  (o instanceof Tensor ? o : castScalar(scalarValue(o), dtype));

/** What a gradient is reduced to: an input's shape and dtype (kept instead of the input, which could be freed). */
export interface GradTarget {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export const gradTarget = (t: Tensor): GradTarget => ({ shape: t.shape, dtype: t.dtype });

/** A floating gradient summed back to the input's shape and converted to its dtype, as PyTorch's engine does. */
export function reduceGrad(g: Tensor, input: GradTarget): Tensor {
  return castTo(sumToShape(g, input.shape), input.dtype);
}

const tensorOrNull = (o: Operand): Tensor | null => (o instanceof Tensor ? o : null);

/** `self op other` with PyTorch's promotion; Python scalars act as wrapped 0-dim tensors. */
export function binary(name: BinaryOpName, a: Operand, b: Operand, alpha?: Scalar): Tensor {
  if (alpha === undefined) {
    const result = scalarFastPath(name, a, b);
    if (result !== null) return result;
  }
  if (name === "sub") checkSubtraction(a, b);
  if (name === "remainder" && !(a instanceof Tensor)) return notDifferentiable("remainder", computeBinary(binaryOps.remainder, a, b), [b]);
  if ((name === "remainder" || name === "fmod") && !(b instanceof Tensor)) return scalarOverload(name, a as Tensor, b);
  const op: BinaryOp = binaryOps[name];
  const result = computeBinary(op, a, b, alpha);
  if (!isFloating(result.dtype)) return result;
  const ta = tensorOrNull(a);
  const tb = tensorOrNull(b);
  const plan = planFor(name, ta, tb, result.dtype);
  if (!(ta?.requiresGrad || tb?.requiresGrad)) return record(result, { name: op.gradFn, inputs: [ta, tb], formula: plan.formula });
  const targetA = ta && reductionTarget(ta, result);
  const targetB = tb && reductionTarget(tb, result);
  return record(result, {
    name: op.gradFn,
    inputs: [ta, tb],
    saved: plan.roles.length === 0 ? undefined : plan.roles.map((role) => [role === "result" ? result : role === "self" ? ta! : tb!, role] as const),
    savedScalars: name !== "add" && name !== "sub" ? undefined : alpha === undefined ? ALPHA_ONE : { alpha: scalarValue(alpha) },
    // Mostly the node keeps no more than its Python-scalar operand, if it has one.
    context: targetA === null && targetB === null && alpha === undefined ? (ta === null ? a : tb === null ? b : undefined)
      : new BinaryContext(ta ? 0 : a, tb ? 0 : b, targetA, targetB, alpha),
    formula: plan.formula,
    savesWrappedNumbers: plan.savesWrappedNumber,
  });
}

const ALPHA_ONE = Object.freeze({ alpha: 1 });

/**
 * `a op b` under + - * / for a 0-dim floating tensor and another of its dtype or a Python int or
 * float, the step of every scalar autograd graph: the result has the tensor's dtype and shape and
 * nothing is broadcast, cast back or reduced, so the value is computed and recorded directly (one
 * double op stored into the dtype's array rounds exactly as the dense kernels do). Null for any
 * other case, which takes the general path.
 */
function scalarFastPath(name: BinaryOpName, a: Operand, b: Operand): Tensor | null {
  const ta = a instanceof Tensor ? a : null;
  const tb = b instanceof Tensor ? b : null;
  const t = ta ?? tb;
  if (t === null || t.shape.length !== 0) return null;
  const dtype = t.dtype;
  if (dtype !== "float32" && dtype !== "float64") return null;
  const x = scalarOperand(a, dtype);
  const y = scalarOperand(b, dtype);
  if (x === null || y === null) return null;
  let value: number;
  switch (name) {
    case "add": value = x + y; break;
    case "sub": value = x - y; break;
    case "mul": value = x * y; break;
    case "div": value = x / y; break;
    default: return null;
  }
  const result = scalarTensor(value, dtype);
  // Without an input that requires grad there is nothing to record, nor a no_grad cut to log.
  if (!(ta !== null && ta.requiresGrad) && !(tb !== null && tb.requiresGrad)) return result;
  if (!recordsGraph(ta, tb)) return result;
  const plan = planFor(name, ta, tb, dtype);
  // As the general path: add and sub keep alpha, and the node keeps its Python-scalar operand, if it has one.
  return recordBinary(
    result, binaryOps[name].gradFn, ta, tb, plan.formula, plan.roles, name === "add" || name === "sub" ? ALPHA_ONE : NO_SCALARS,
    ta === null ? a : tb === null ? b : undefined, plan.savesWrappedNumber,
  );
}

/** A fast-path operand's value in `dtype`: a 0-dim tensor of that dtype, or a Python int or float; null otherwise (bools are refused by sub). */
function scalarOperand(o: Operand, dtype: DType): number | null {
  if (o instanceof Tensor) return o.shape.length === 0 && o.dtype === dtype ? o.storage.data[o.offset] : null;
  return typeof o === "boolean" ? null : castScalar(scalarValue(o), dtype);
}

/**
 * Inputs a saved role is read by, where not by both: PyTorch's generated code saves `self` for
 * mul only when `other` needs a gradient (`if (grad_fn->should_compute_output(1))`).
 */
const savedOnlyFor: Partial<Record<BinaryOpName, Partial<Record<keyof BinarySaved, 0 | 1>>>> = {
  mul: { self: 1, other: 0 },
  div: { self: 1 },
  remainder: { self: 1, other: 1 },
  fmod: { self: 1, other: 1 },
};

/** The tensors a binary op's node may save (`grad_fn._saved_self` is None where it did not need one). */
export function binarySavedRoles(gradFn: string): readonly string[] | undefined {
  return Object.values(binaryOps).find((op: BinaryOp) => op.gradFn === gradFn)?.saves;
}

/** What every node of one op with the same tensor operands, needs and result dtype saves, and their shared formula. */
interface SavingPlan {
  /** The tensors saved, in the formula's order. */
  roles: readonly (keyof BinarySaved)[];
  /** PyTorch also saves a needed Python-scalar operand (as a wrapped number); the formula keeps its value. */
  savesWrappedNumber: boolean;
  formula: BackwardFormula;
}

const plans = new Map<BinaryOpName, SavingPlan[]>();

function planFor(name: BinaryOpName, ta: Tensor | null, tb: Tensor | null, dtype: DType): SavingPlan {
  const needsA = ta !== null && ta.requiresGrad;
  const needsB = tb !== null && tb.requiresGrad;
  const key = (ta ? 1 : 0) | (tb ? 2 : 0) | (needsA ? 4 : 0) | (needsB ? 8 : 0) | (dtype === "float64" ? 16 : 0);
  let cached = plans.get(name);
  if (cached === undefined) plans.set(name, (cached = []));
  return (cached[key] ??= makePlan(binaryOps[name], savedOnlyFor[name], dtype, ta !== null, tb !== null, needsA, needsB));
}

function makePlan(
  op: BinaryOp, onlyFor: Partial<Record<keyof BinarySaved, 0 | 1>> | undefined, dtype: DType,
  selfIsTensor: boolean, otherIsTensor: boolean, needsA: boolean, needsB: boolean,
): SavingPlan {
  const needed = op.saves.filter((role) => {
    const reader = onlyFor?.[role];
    return reader === undefined || (reader === 0 ? needsA : needsB);
  });
  const roles = needed.filter((role) => (role === "self" ? selfIsTensor : role !== "other" || otherIsTensor));
  return {
    roles,
    savesWrappedNumber: roles.length < needed.length,
    formula: binaryFormula(op, roles, dtype, selfIsTensor, otherIsTensor),
  };
}

/** The input's shape and dtype when they differ from the result's (the gradient is then summed or cast back to them). */
function reductionTarget(input: Tensor, result: Tensor): GradTarget | null {
  if (input.dtype !== result.dtype || input.shape.length !== result.shape.length) return gradTarget(input);
  for (let d = 0; d < input.shape.length; d++) if (input.shape[d] !== result.shape[d]) return gradTarget(input);
  return null;
}

/** A node's own part where it is more than one Python-scalar operand: broadcast inputs, another dtype, alpha. */
class BinaryContext {
  constructor(
    readonly self: Operand, readonly other: Operand,
    readonly targetA: GradTarget | null, readonly targetB: GradTarget | null, readonly alpha: Scalar | undefined,
  ) {}
}

/** The formula every node of one plan shares; each node's context supplies its scalars and reductions. */
function binaryFormula(
  op: BinaryOp, roles: readonly (keyof BinarySaved)[], dtype: DType, selfIsTensor: boolean, otherIsTensor: boolean,
): BackwardFormula {
  return (g, saved, needs, node) => {
    const context = node.context;
    const own = context instanceof BinaryContext ? context : null;
    const scalar = context as Operand;
    const s: BinarySaved = own ? { self: own.self, other: own.other } : { self: selfIsTensor ? 0 : scalar, other: otherIsTensor ? 0 : scalar };
    for (let i = 0; i < roles.length; i++) s[roles[i]] = saved[i];
    let otherGrad = needs[1] ? op.other(g, s) : null;
    const selfGrad = needs[0] ? op.self(g, s) : null;
    const alpha = own?.alpha;
    if (otherGrad !== null && alpha !== undefined && scalarValue(alpha) !== 1) otherGrad = mulScalar(otherGrad, alpha);
    // An input shaped and typed as the result still takes its dtype: the incoming gradient may not have it.
    const targetA = own?.targetA;
    const targetB = own?.targetB;
    return [
      selfGrad && (targetA ? reduceGrad(selfGrad, targetA) : castTo(selfGrad, dtype)),
      otherGrad && (targetB ? reduceGrad(otherGrad, targetB) : castTo(otherGrad, dtype)),
    ];
  };
}

export const add = (a: Operand, b: Operand, alpha?: Scalar): Tensor => binary("add", a, b, alpha);
export const sub = (a: Operand, b: Operand, alpha?: Scalar): Tensor => binary("sub", a, b, alpha);
export const mul = (a: Operand, b: Operand): Tensor => binary("mul", a, b);
export const div = (a: Operand, b: Operand): Tensor => binary("div", a, b);

/** The Tensor-Scalar overloads C++ formulas call (`grad * 2` is MulBackward1, `x + 1` AddBackward1). */
const scalarOverloads = {
  add: { gradFn: "AddBackward1", self: (g: Tensor) => g },
  sub: { gradFn: "SubBackward1", self: (g: Tensor) => g },
  mul: { gradFn: "MulBackward1", self: (g: Tensor, s: Scalar) => mulScalar(g, s) },
  div: { gradFn: "DivBackward1", self: (g: Tensor, s: Scalar) => divScalar(g, s) },
  remainder: { gradFn: "RemainderBackward0", self: (g: Tensor) => g },
  fmod: { gradFn: "FmodBackward0", self: (g: Tensor) => g },
};

function scalarOverload(name: keyof typeof scalarOverloads, self: Tensor, other: Scalar): Tensor {
  if (name === "sub") checkSubtraction(self, other);
  const result = computeBinary(binaryOps[name], self, other);
  if (!isFloating(result.dtype)) return result;
  const op = scalarOverloads[name];
  const target = gradTarget(self);
  return record(result, {
    name: op.gradFn,
    inputs: [self],
    savedScalars: { other: scalarValue(other) },
    formula: (g) => [reduceGrad(op.self(g, other), target)],
  });
}

export const addScalar = (t: Tensor, s: Scalar): Tensor => scalarOverload("add", t, s);
export const subScalar = (t: Tensor, s: Scalar): Tensor => scalarOverload("sub", t, s);
export const mulScalar = (t: Tensor, s: Scalar): Tensor => scalarOverload("mul", t, s);
export const divScalar = (t: Tensor, s: Scalar): Tensor => scalarOverload("div", t, s);

/** An op autograd cannot differentiate (floor division): a NotImplemented node that raises on backward. */
function notDifferentiable(op: string, result: Tensor, operands: readonly Operand[]): Tensor {
  if (!isFloating(result.dtype)) return result;
  return record(result, {
    name: "NotImplemented",
    inputs: operands.filter((o): o is Tensor => o instanceof Tensor),
    formula: () => { throw runtimeError(`derivative for aten::${op} is not implemented`); },
  });
}

/** `//` and torch.floor_divide. */
export function floorDivide(a: Operand, b: Operand): Tensor {
  return notDifferentiable("floor_divide", computeBinary(floorRule, a, b), [a, b]);
}

export type RoundingMode = "trunc" | "floor";

/** torch.div: true division, or with rounding_mode a rounded quotient whose gradient is zero (DivBackward2). */
export function divide(a: Operand, b: Operand, mode?: RoundingMode | null): Tensor {
  if (!mode) return div(a, b);
  const result = computeBinary(mode === "floor" ? floorRule : truncRule, a, b);
  if (!isFloating(result.dtype)) return result;
  return record(result, {
    name: "DivBackward2",
    inputs: [tensorOrNull(a), tensorOrNull(b)],
    formula: (g, _saved, needs) => [
      needs[0] ? reduceGrad(zerosLike(g), a as Tensor) : null,
      needs[1] ? reduceGrad(zerosLike(g), b as Tensor) : null,
    ],
  });
}

/** `self ** exponent`: a Python-scalar exponent is its own op (PowBackward0), a scalar base PowBackward2. */
export function pow(self: Operand, exponent: Operand): Tensor {
  if (self instanceof Tensor && !(exponent instanceof Tensor)) return powScalarExponent(self, exponent);
  if (!(self instanceof Tensor) && exponent instanceof Tensor) return powScalarBase(self, exponent);
  return binary("pow", self, exponent);
}

/** Python's `base ** tensor`: the base becomes a 0-dim tensor first, so this is PowBackward1. */
export function rpow(self: Tensor, base: Scalar): Tensor {
  const dtype = resultType([base, self]);
  return binary("pow", scalarTensor(castScalar(scalarValue(base), dtype), dtype), self);
}

/** PyTorch's pow_tensor_scalar shortcuts, which round as their own kernels do. */
function powerFunction(e: number, dtype: DType): (v: number) => number {
  const r = roundingOf(dtype);
  // pow_out's own shortcuts: exponent 0 fills ones, exponent 1 copies.
  if (e === 0) return () => 1;
  if (e === 1) return (v) => v;
  if (e === 2) return (v) => v * v;
  if (e === 3) return (v) => r(v * v) * v;
  if (e === 0.5) return Math.sqrt;
  if (e === -0.5) return (v) => 1 / r(Math.sqrt(v));
  if (e === -1) return (v) => 1 / v;
  if (e === -2) return (v) => 1 / r(v * v);
  // float32: SLEEF's powf for the vectorised part (the exponent rounded to float), see powTail.
  const exponent = castScalar(e, dtype);
  return dtype === "float32" ? (v) => pow32(v, exponent) : (v) => Math.pow(v, exponent);
}

/** The exponents whose results are one multiplication or division (x·1, x·x, 1/x), or ones, run as closure-free loops. */
function powShortcut(self: Tensor, e: number, dtype: DType): Tensor | null {
  if (e === 0) return Tensor.fromStorage(allocate(dtype, self.numel).fill(1), self.shape, dtype);
  if (e === 1) return denseBinary("mul", self, 1, dtype);
  if (e === 2) return denseBinary("mul", self, self, dtype);
  if (e === -1) return denseBinary("div", 1, self, dtype);
  return null;
}

/** PyTorch's scalar loop for the elements past the last 16-wide vector: std::pow with a double exponent. */
function hasPowTail(e: number, dtype: DType): boolean {
  return dtype === "float32" && ![0, 1, 2, 3, 0.5, -0.5, -1, -2].includes(e);
}

function powScalarExponent(self: Tensor, exponent: Scalar): Tensor {
  const e = scalarValue(exponent);
  const dtype = resultType([self, exponent]);
  if (dtype === "bool") throw runtimeError(notImplementedFor("pow", dtype));
  if (!isFloating(dtype) && e < 0) throw runtimeError("Integers to negative integer powers are not allowed.");
  const result = (self.dtype === dtype && powShortcut(self, e, dtype))
    || mapKernel(self, dtype, isFloating(dtype) ? powerFunction(e, dtype) : (v) => integerPower(v, e));
  if (hasPowTail(e, dtype)) applyTail(result, self, (v) => Math.pow(v, e));
  if (!isFloating(dtype)) return result;
  return record(result, {
    name: "PowBackward0",
    inputs: [self],
    saved: [[self, "self"]],
    savedScalars: { exponent: e },
    formula: powScalarExponentBackward,
  });
}

/** pow_backward: grad * (exponent * self.pow(exponent - 1)), with the exponent as a double. */
const powScalarExponentBackward: BackwardFormula = (g, [s], _needs, node) => {
  const e = node.savedScalars.exponent;
  return [e === 0 ? zerosLike(s) : mul(g, mulScalar(pow(s, { value: e - 1 }), { value: e }))];
};

function powScalarBase(base: Scalar, exponent: Tensor): Tensor {
  const result = computeBinary(binaryOps.pow, base, exponent);
  if (!isFloating(result.dtype)) return result;
  const b = scalarValue(base);
  return record(result, {
    name: "PowBackward2",
    inputs: [exponent],
    saved: [[exponent, "exponent"], [result, "result"]],
    savedScalars: { self: b },
    formula: (g, [expo, res]) => {
      const term = mulScalar(res, { value: Math.log(b) });
      return [reduceGrad(mul(g, b === 0 ? where(compare("ge", expo, 0), 0, term) : term), exponent)];
    },
  });
}

/** pow_backward_self: grad * exponent * self^(exponent-1), zero where the exponent is 0. */
function powBackwardSelf(g: Tensor, self: Tensor, exponent: Tensor): Tensor {
  const term = mul(g, mul(exponent, pow(self, subScalar(exponent, 1))));
  return where(compare("eq", exponent, { value: 0 }), 0, term);
}

/** pow_backward_exponent: grad * result * log(self), zero where self is 0 and the exponent non-negative. */
function powBackwardExponent(g: Tensor, self: Tensor, exponent: Tensor, result: Tensor): Tensor {
  const zeroBase = logicalAnd(compare("eq", self, 0), compare("ge", exponent, 0));
  return mul(g, where(zeroBase, 0, mul(result, log(self))));
}

/** `scalar - self` (Python's `1 - x`): rsub, RsubBackward1; with a tensor `other`, RsubBackward0. */
export function rsub(self: Tensor, other: Operand): Tensor {
  checkSubtraction(self, other);
  const result = computeBinary(binaryOps.sub, other, self);
  if (!isFloating(result.dtype)) return result;
  if (!(other instanceof Tensor)) {
    return record(result, { name: "RsubBackward1", inputs: [self], formula: (g) => [reduceGrad(neg(g), self)] });
  }
  return record(result, {
    name: "RsubBackward0",
    inputs: [self, other],
    formula: (g, _saved, needs) => [needs[0] ? reduceGrad(neg(g), self) : null, needs[1] ? reduceGrad(g, other) : null],
  });
}

/** `scalar / self`: PyTorch computes `self.reciprocal() * scalar` (ReciprocalBackward0, MulBackward0). */
export function rdiv(self: Tensor, other: Scalar): Tensor {
  return mul(reciprocal(self), other);
}

/** Tensor.to(dtype) as autograd records it (ToCopyBackward0); the engine's gradient dtype fix-up. */
export function castTo(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const result = mapKernel(x, dtype, (v) => castScalar(v, dtype));
  if (!isFloating(dtype)) return result;
  return record(result, { name: "ToCopyBackward0", inputs: [x], formula: (g) => [castTo(g, x.dtype)] });
}

const lerpTypeNames: Record<DType, string> = { float32: "float", float64: "double", int64: "long int", int32: "int", bool: "bool" };

/**
 * torch.lerp: self + weight·(end − self) for weight < 0.5, else end + (weight − 1)·(end − self), one
 * FMA either way (PyTorch's lerp_vec, whose test has no abs()).
 */
export function lerp(self: Tensor, end: Tensor, weight: Tensor | Scalar): Tensor {
  const tensorWeight = weight instanceof Tensor ? weight : null;
  if (!isFloating(self.dtype)) throw runtimeError(notImplementedFor(tensorWeight ? "lerp_kernel_tensor" : "lerp_kernel_scalar", self.dtype));
  for (const [t, role] of [[end, "end"], [tensorWeight, "weight"]] as const) {
    if (t && t.dtype !== self.dtype) {
      throw runtimeError(`expected dtype ${lerpTypeNames[self.dtype]} for \`${role}\` but got dtype ${lerpTypeNames[t.dtype]}`);
    }
  }
  const { round: r, fma } = floatMath(self.dtype);
  const f = (a: number, e: number, w: number): number => (w < 0.5 ? fma(w, r(e - a), a) : fma(r(w - 1), r(e - a), e));
  if (tensorWeight) {
    return record(zip3Kernel(self, end, tensorWeight, self.dtype, f), {
      name: "LerpBackward1",
      inputs: [self, end, tensorWeight],
      saved: [[self, "self"], [end, "end"], [tensorWeight, "weight"]],
      formula: (g, [s, e, w], needs) => [
        needs[0] ? reduceGrad(mul(g, sub(1, w)), self) : null,
        needs[1] ? reduceGrad(mul(g, w), end) : null,
        needs[2] ? reduceGrad(mul(g, sub(e, s)), tensorWeight) : null,
      ],
    });
  }
  const w = castScalar(scalarValue(weight as Scalar), self.dtype);
  return record(zipKernel(self, end, self.dtype, self.dtype, (a, e) => f(a, e, w)), {
    name: "LerpBackward0",
    inputs: [self, end],
    savedScalars: { weight: w },
    formula: (g, _saved, needs) => [
      needs[0] ? reduceGrad(mulScalar(g, { value: 1 - w }), self) : null,
      needs[1] ? reduceGrad(mulScalar(g, { value: w }), end) : null,
    ],
  });
}
