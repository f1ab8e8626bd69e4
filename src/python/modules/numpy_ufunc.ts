// NumPy's element-wise functions (ufuncs): result dtype by NumPy's promotion, broadcasting with
// NumPy's error text, and the RuntimeWarnings NumPy's floating-point checks emit
// ("divide by zero encountered in divide", "invalid value encountered in sqrt", ...).

import { allocate, Tensor, warn } from "../../engine";
import { mapKernel, zipKernel } from "../../engine/ops/kernels";
import { typeError, valueError } from "../errors";
import { Value } from "../values";
import { copysign } from "./math_float";
import { caster, operandOf, wrap } from "./numpy_array";
import { cosFloat32, expFloat32, logFloat32, sinFloat32, tanhFloat32 } from "./numpy_simd";
import { isFloatDType, isIntDType, NpDType, resultType } from "./numpy_dtype";

export function shapeText(shape: readonly number[], spaced = true): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(spaced ? ", " : ",")})`;
}

export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw valueError(`operands could not be broadcast together with shapes ${shapeText(a, false)} ${shapeText(b, false)} `);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The floating-point exceptions an operation raised, reported as NumPy's errstate("warn") does. */
class FpErrors {
  divide = false;
  overflow = false;
  invalid = false;

  note(result: number, inputsFinite: boolean, inputsNumbers: boolean, divideByZero: boolean): void {
    if (Number.isNaN(result)) {
      if (inputsNumbers) this.invalid = true;
    } else if (!Number.isFinite(result) && inputsFinite) {
      if (divideByZero) this.divide = true;
      else this.overflow = true;
    }
  }

  report(name: string): void {
    if (this.divide) warn("RuntimeWarning", `divide by zero encountered in ${name}`);
    if (this.overflow) warn("RuntimeWarning", `overflow encountered in ${name}`);
    if (this.invalid) warn("RuntimeWarning", `invalid value encountered in ${name}`);
  }
}

type Binary = (x: number, y: number) => number;

/** npy_floor_divide for doubles: npy_divmod's quotient, snapped to the nearest integer. */
function floorDivide(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return copysign(0, a / b);
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

/** npy_remainder for doubles: the result takes the divisor's sign, as Python's % does. */
function floatRemainder(a: number, b: number): number {
  const mod = a % b;
  if (b === 0 || mod !== mod) return mod;
  if (mod === 0) return copysign(0, b);
  return b < 0 !== mod < 0 ? mod + b : mod;
}

function intPower(x: number, y: number): number {
  let result = 1;
  let base = x;
  for (let e = y; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result *= base;
    base *= base;
  }
  return result;
}

interface BinarySpec {
  float: Binary;
  int?: Binary;
  bool?: Binary;
  /** Always computes in floating point (true division). */
  toFloat?: boolean;
  /** Returns bool (comparisons). */
  toBool?: boolean;
  /** Division-like: an infinite result from finite inputs is "divide by zero". */
  divides?: boolean;
  /** Defined for bools and ints only. */
  integerOnly?: boolean;
}

/** Integer and bool ufuncs (&, |, ^): exact on int64 values beyond 32 bits through bigints. */
function bitwise(f: (x: bigint, y: bigint) => bigint): BinarySpec {
  const int: Binary = (x, y) => Number(f(BigInt(x), BigInt(y)));
  return { float: () => NaN, int, bool: int, integerOnly: true };
}

const compare = (f: (x: number, y: number) => boolean): BinarySpec => {
  const g: Binary = (x, y) => (f(x, y) ? 1 : 0);
  return { float: g, int: g, bool: g, toBool: true };
};

export const binarySpecs: Record<string, BinarySpec> = {
  add: { float: (x, y) => x + y, bool: (x, y) => (x || y ? 1 : 0) },
  subtract: { float: (x, y) => x - y },
  multiply: { float: (x, y) => x * y, bool: (x, y) => (x && y ? 1 : 0) },
  divide: { float: (x, y) => x / y, toFloat: true, divides: true },
  floor_divide: { float: floorDivide, int: (x, y) => (y === 0 ? 0 : Math.floor(x / y)), divides: true },
  remainder: {
    float: floatRemainder,
    int: (x, y) => {
      if (y === 0) return 0;
      const r = x % y;
      return r !== 0 && r < 0 !== y < 0 ? r + y : r;
    },
    divides: true,
  },
  power: { float: (x, y) => x ** y, int: intPower },
  maximum: { float: (x, y) => (x !== x || y !== y ? NaN : Math.max(x, y)), bool: Math.max },
  minimum: { float: (x, y) => (x !== x || y !== y ? NaN : Math.min(x, y)), bool: Math.min },
  arctan2: { float: Math.atan2, toFloat: true },
  hypot: { float: Math.hypot, toFloat: true },
  equal: compare((x, y) => x === y),
  not_equal: compare((x, y) => x !== y),
  less: compare((x, y) => x < y),
  less_equal: compare((x, y) => x <= y),
  greater: compare((x, y) => x > y),
  greater_equal: compare((x, y) => x >= y),
  logical_and: compare((x, y) => x !== 0 && y !== 0),
  logical_or: compare((x, y) => x !== 0 || y !== 0),
  bitwise_and: bitwise((x, y) => x & y),
  bitwise_or: bitwise((x, y) => x | y),
  bitwise_xor: bitwise((x, y) => x ^ y),
};

export function binaryUfunc(name: string, a: Value, b: Value): Value {
  return wrap(binaryTensor(name, a, b));
}

export function binaryTensor(name: string, a: Value, b: Value): Tensor {
  const spec = binarySpecs[name];
  const [x, xo] = operandOf(a);
  const [y, yo] = operandOf(b);
  broadcastShape(x.shape, y.shape);
  const common = resultType([xo, yo]);
  if (name === "subtract" && common === "bool") {
    throw typeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.");
  }
  const compute: NpDType = spec.toFloat && !isFloatDType(common) ? "float64" : common === "bool" && !spec.bool && !spec.toBool ? "int64" : common;
  const out: NpDType = spec.toBool ? "bool" : compute;
  if (spec.integerOnly && isFloatDType(compute)) {
    throw typeError(`ufunc '${name}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`);
  }
  if (name === "power" && isIntDType(compute) && hasNegative(y)) throw valueError("Integers to negative integer powers are not allowed.");
  const f = isFloatDType(compute) ? spec.float : compute === "bool" ? (spec.bool ?? spec.int ?? spec.float) : (spec.int ?? spec.float);
  const errors = new FpErrors();
  const cast = caster(out);
  let kernel: Binary;
  if (isFloatDType(compute)) {
    kernel = (p, q) => {
      const r = f(p, q);
      errors.note(r, Number.isFinite(p) && Number.isFinite(q), p === p && q === q, spec.divides === true && q === 0);
      return r;
    };
  } else {
    kernel = (p, q) => {
      if (spec.divides && q === 0) errors.divide = true;
      return cast(f(p, q));
    };
  }
  const result = zipKernel(x, y, compute, out, kernel);
  errors.report(name);
  return result;
}

function hasNegative(t: Tensor): boolean {
  for (let i = 0; i < t.numel; i++) if (t.at(i) < 0) return true;
  return false;
}

interface UnarySpec {
  f: (x: number) => number;
  /** NumPy's own float32 kernel, where it has one that is not correctly rounded. */
  f32?: (x: number) => number;
  /** "float": ints become float64; "same": keeps the dtype; "bool": returns bool. */
  result: "float" | "same" | "bool";
  /** The argument where the function has a pole (log's 0): infinity there is "divide by zero". */
  pole?: number;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const unarySpecs: Record<string, UnarySpec> = {
  exp: { f: Math.exp, f32: expFloat32, result: "float" }, exp2: { f: (x) => 2 ** x, result: "float" }, expm1: { f: Math.expm1, result: "float" },
  log: { f: Math.log, f32: logFloat32, result: "float", pole: 0 }, log2: { f: Math.log2, result: "float", pole: 0 },
  log10: { f: Math.log10, result: "float", pole: 0 }, log1p: { f: Math.log1p, result: "float", pole: -1 },
  sqrt: { f: Math.sqrt, result: "float" }, cbrt: { f: Math.cbrt, result: "float" },
  sin: { f: Math.sin, f32: sinFloat32, result: "float" }, cos: { f: Math.cos, f32: cosFloat32, result: "float" },
  tan: { f: Math.tan, result: "float" },
  arcsin: { f: Math.asin, result: "float" }, arccos: { f: Math.acos, result: "float" }, arctan: { f: Math.atan, result: "float" },
  sinh: { f: Math.sinh, result: "float" }, cosh: { f: Math.cosh, result: "float" }, tanh: { f: Math.tanh, f32: tanhFloat32, result: "float" },
  arcsinh: { f: Math.asinh, result: "float" }, arccosh: { f: Math.acosh, result: "float" }, arctanh: { f: Math.atanh, result: "float", pole: 1 },
  floor: { f: Math.floor, result: "float" }, ceil: { f: Math.ceil, result: "float" }, trunc: { f: Math.trunc, result: "float" },
  rint: { f: roundHalfEven, result: "float" },
  deg2rad: { f: (x) => x * (Math.PI / 180), result: "float" }, rad2deg: { f: (x) => x * (180 / Math.PI), result: "float" },
  absolute: { f: Math.abs, result: "same" }, negative: { f: (x) => -x, result: "same" }, positive: { f: (x) => x, result: "same" },
  square: { f: (x) => x * x, result: "same" }, sign: { f: (x) => (x !== x ? NaN : Math.sign(x)), result: "same" },
  isnan: { f: (x) => (x !== x ? 1 : 0), result: "bool" }, isinf: { f: (x) => (Math.abs(x) === Infinity ? 1 : 0), result: "bool" },
  isfinite: { f: (x) => (Number.isFinite(x) ? 1 : 0), result: "bool" }, logical_not: { f: (x) => (x === 0 ? 1 : 0), result: "bool" },
};

export function unaryUfunc(name: string, a: Value): Value {
  return wrap(unaryTensor(name, a));
}

export function unaryTensor(name: string, a: Value): Tensor {
  const spec = unarySpecs[name];
  const [x] = operandOf(a);
  if (name === "negative" && x.dtype === "bool") {
    throw typeError("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.");
  }
  const out: NpDType = spec.result === "bool" ? "bool" : spec.result === "float" && !isFloatDType(x.dtype) ? "float64" : x.dtype;
  const errors = new FpErrors();
  const cast = caster(out);
  const f = out === "float32" ? spec.f32 ?? spec.f : spec.f;
  const result = mapKernel(x, out, isFloatDType(out)
    ? (v) => {
      const r = f(v);
      errors.note(r, Number.isFinite(v), v === v, v === spec.pole);
      return r;
    }
    : (v) => cast(f(v)));
  errors.report(name);
  return result;
}

/** np.where(condition, x, y) with broadcasting of all three. */
export function where(condition: Value, a: Value, b: Value): Value {
  const [c] = operandOf(condition);
  const [x, xo] = operandOf(a);
  const [y, yo] = operandOf(b);
  const dtype = resultType([xo, yo]);
  const shape = broadcastShape(broadcastShape(c.shape, x.shape), y.shape);
  const [cb, xb, yb] = [c, x, y].map((t) => broadcastTo(t, shape));
  const out = allocate(dtype, cb.numel);
  const cast = caster(dtype);
  for (let i = 0; i < out.length; i++) out[i] = cast(cb.at(i) !== 0 ? xb.at(i) : yb.at(i));
  return wrap(Tensor.fromStorage(out, shape, dtype));
}

/** A view of `t` with `shape`, repeating along broadcast dimensions (stride 0). */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  const shift = shape.length - t.dim;
  const strides = shape.map((_, d) => (d < shift || t.shape[d - shift] === 1 ? 0 : t.strides[d - shift]));
  return t.view(shape, strides, t.offset);
}
