// The `math` module with CPython 3.11's results and errors: libm wrappers raise ValueError("math
// domain error") for a NaN from a non-NaN argument and OverflowError("math range error") for an
// overflow; integer functions work on ints of any size.

import { callDunder, PyInstance } from "../classes";
import { PyException, typeError, valueError, zeroDivision } from "../errors";
import { binaryOp } from "../operators";
import { iterate, toArray } from "../protocols";
import { typeName } from "../repr";
import { Kwargs, NativeImpl, PyBuiltin, PyFloat, PyModule, PyTuple, STOP, Value } from "../values";
import { comb, factorial, gcd, isqrt, lcm, perm } from "./math_integer";
import { copysign, frexp, fsum, ldexp, modf, nextafter, remainder, ulp, vectorNorm } from "./math_float";
import { Errno, erf, erfc, lgamma, tgamma } from "./math_special";
import { bitLength, doubleToInt, isPyInt, pyInt, toDouble, toIndex } from "./numbers";

const domainError = (): PyException => valueError("math domain error");
const rangeError = (): PyException => new PyException("OverflowError", "math range error");

/** METH_O functions: exactly one positional argument. */
function one(name: string, f: (x: Value) => Value): NativeImpl {
  return (args, kwargs) => {
    noKeywords(name, kwargs);
    if (args.length !== 1) throw typeError(`math.${name}() takes exactly one argument (${args.length} given)`);
    return f(args[0]);
  };
}

/** Positional-only functions checked as _PyArg_CheckPositional does. */
function positional(name: string, min: number, max: number, f: (args: Value[]) => Value): NativeImpl {
  return (args, kwargs) => {
    noKeywords(name, kwargs);
    const n = args.length;
    if (n < min || n > max) {
      const bound = n < min ? min : max;
      const qualifier = min === max ? "" : n < min ? "at least " : "at most ";
      throw typeError(`${name} expected ${qualifier}${bound} argument${bound === 1 ? "" : "s"}, got ${n}`);
    }
    return f(args);
  };
}

function noKeywords(name: string, kwargs: Kwargs): void {
  if (kwargs !== null && kwargs.size > 0) throw typeError(`math.${name}() takes no keyword arguments`);
}

/** math_1: a libm function of one double. */
function libm(f: (x: number) => number, canOverflow = false): (v: Value) => Value {
  return (v) => {
    const x = toDouble(v);
    const r = f(x);
    if (Number.isNaN(r) && !Number.isNaN(x)) throw domainError();
    if (!Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(x)) throw canOverflow ? rangeError() : domainError();
    return new PyFloat(r);
  };
}

/** math_1a: a function that reports its own errno. */
function withErrno(f: (x: number) => [number, Errno]): (v: Value) => Value {
  return (v) => new PyFloat(checkErrno(...f(toDouble(v))));
}

function checkErrno(r: number, errno: Errno): number {
  if (errno === "EDOM") throw domainError();
  if (errno === "ERANGE" && Math.abs(r) >= 1.5) throw rangeError();
  return r;
}

/** math_2: a libm function of two doubles. */
function libm2(f: (x: number, y: number) => number): (args: Value[]) => Value {
  return ([a, b]) => {
    const x = toDouble(a);
    const y = toDouble(b);
    const r = f(x, y);
    if (Number.isNaN(r) && !Number.isNaN(x) && !Number.isNaN(y)) throw domainError();
    if (Math.abs(r) === Infinity && Number.isFinite(x) && Number.isFinite(y)) throw rangeError();
    return new PyFloat(r);
  };
}

/** loghelper: ints of any size directly (log(x) = log(m) + e*log(2)), other values through libm. */
function logOf(v: Value, f: (x: number) => number): number {
  if (!isPyInt(v)) return (libm(f)(v) as PyFloat).value;
  const n = toIndex(v);
  if (n <= 0n) throw domainError();
  const x = Number(n);
  if (Number.isFinite(x)) return f(x);
  const e = bitLength(n);
  return f(Number(n >> BigInt(e - 64)) / 2 ** 64) + f(2) * e;
}

/** floor/ceil: floats and ints directly, then __floor__/__ceil__, then float(x). */
function rounding(name: "floor" | "ceil", f: (x: number) => number): (v: Value) => Value {
  return (v) => {
    if (v instanceof PyFloat) return doubleToInt(f(v.value));
    if (isPyInt(v)) return typeof v === "boolean" ? Number(v) : v;
    const custom = callDunder(v, `__${name}__`, []);
    if (custom !== undefined) return custom;
    return doubleToInt(f(toDouble(v)));
  };
}

function trunc(v: Value): Value {
  if (v instanceof PyFloat) return doubleToInt(v.value);
  if (isPyInt(v)) return typeof v === "boolean" ? Number(v) : v;
  const custom = v instanceof PyInstance ? callDunder(v, "__trunc__", []) : undefined;
  if (custom === undefined) throw typeError(`type ${typeName(v)} doesn't define __trunc__ method`);
  return custom;
}

/** math_pow: C99 Annex F for the special values, libm for the rest. */
function pow(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (Number.isNaN(x)) return y === 0 ? 1 : x;
    if (Number.isNaN(y)) return x === 1 ? 1 : y;
    if (!Number.isFinite(x)) {
      const oddY = Number.isFinite(y) && Math.abs(y) % 2 === 1;
      if (y > 0) return oddY ? x : Math.abs(x);
      if (y === 0) return 1;
      return oddY ? copysign(0, x) : 0;
    }
    if (Math.abs(x) === 1) return 1;
    if (y > 0 && Math.abs(x) > 1) return y;
    if (y < 0 && Math.abs(x) < 1) return -y;
    return 0;
  }
  const r = x ** y;
  if (Number.isNaN(r) || (!Number.isFinite(r) && x === 0)) throw domainError();
  if (!Number.isFinite(r)) throw rangeError();
  return r;
}

function fmod(x: number, y: number): number {
  if (Math.abs(y) === Infinity && Number.isFinite(x)) return x;
  const r = x % y;
  if (Number.isNaN(r) && !Number.isNaN(x) && !Number.isNaN(y)) throw domainError();
  return r;
}

function isclose(args: Value[], kwargs: Kwargs): boolean {
  if (args.length > 2) throw typeError(`isclose() takes exactly 2 positional arguments (${args.length} given)`);
  const named = new Map(kwargs ?? []);
  const take = (key: string, position: number): Value | undefined => {
    const v = args[position] ?? named.get(key);
    named.delete(key);
    return v;
  };
  const a = take("a", 0);
  const b = take("b", 1);
  if (a === undefined) throw typeError("isclose() missing required argument 'a' (pos 1)");
  if (b === undefined) throw typeError("isclose() missing required argument 'b' (pos 2)");
  const relTol = toDouble(take("rel_tol", 2) ?? new PyFloat(1e-9));
  const absTol = toDouble(take("abs_tol", 3) ?? new PyFloat(0));
  for (const key of named.keys()) throw typeError(`isclose() got an unexpected keyword argument '${key}'`);
  const x = toDouble(a);
  const y = toDouble(b);
  if (relTol < 0 || absTol < 0) throw valueError("tolerances must be non-negative");
  if (x === y) return true;
  if (Math.abs(x) === Infinity || Math.abs(y) === Infinity) return false;
  const diff = Math.abs(y - x);
  return diff <= Math.abs(relTol * y) || diff <= Math.abs(relTol * x) || diff <= absTol;
}

function prod(args: Value[], kwargs: Kwargs): Value {
  if (args.length !== 1) throw typeError(`prod() takes exactly 1 positional argument (${args.length} given)`);
  for (const key of kwargs?.keys() ?? []) if (key !== "start") throw typeError(`prod() got an unexpected keyword argument '${key}'`);
  let result: Value = kwargs?.get("start") ?? 1;
  const next = iterate(args[0]);
  for (let v = next(); v !== STOP; v = next()) result = binaryOp("*", result, v);
  return result;
}

/** gcd/lcm over any number of ints. */
function fold(name: string, empty: bigint, f: (a: bigint, b: bigint) => bigint): NativeImpl {
  return (args, kwargs) => {
    noKeywords(name, kwargs);
    const values = args.map(toIndex);
    if (values.length === 0) return pyInt(empty);
    return pyInt(values.slice(1).reduce(f, values[0] < 0n ? -values[0] : values[0]));
  };
}

function doubles(v: Value): number[] {
  return toArray(v).map(toDouble);
}

function float(x: number): PyFloat {
  return new PyFloat(x);
}

export function createMathModule(): PyModule {
  const unary: Record<string, (v: Value) => Value> = {
    acos: libm(Math.acos), acosh: libm(Math.acosh), asin: libm(Math.asin), asinh: libm(Math.asinh),
    atan: libm(Math.atan), atanh: libm(Math.atanh), cbrt: libm(Math.cbrt), cos: libm(Math.cos),
    cosh: libm(Math.cosh, true), exp: libm(Math.exp, true), exp2: libm((x) => 2 ** x, true),
    expm1: libm(Math.expm1, true), fabs: libm(Math.abs), log1p: libm(Math.log1p), sin: libm(Math.sin),
    sinh: libm(Math.sinh, true), sqrt: libm(Math.sqrt), tan: libm(Math.tan), tanh: libm(Math.tanh),
    erf: (v) => float(erf(toDouble(v))), erfc: (v) => float(erfc(toDouble(v))),
    gamma: withErrno(tgamma), lgamma: withErrno(lgamma),
    log2: (v) => float(logOf(v, Math.log2)), log10: (v) => float(logOf(v, Math.log10)),
    floor: rounding("floor", Math.floor), ceil: rounding("ceil", Math.ceil), trunc,
    degrees: (v) => float(toDouble(v) * (180 / Math.PI)), radians: (v) => float(toDouble(v) * (Math.PI / 180)),
    isfinite: (v) => Number.isFinite(toDouble(v)), isnan: (v) => Number.isNaN(toDouble(v)),
    isinf: (v) => Math.abs(toDouble(v)) === Infinity,
    frexp: (v) => {
      const [m, e] = frexp(toDouble(v));
      return new PyTuple([float(m), e]);
    },
    modf: (v) => new PyTuple(modf(toDouble(v)).map(float)),
    ulp: (v) => float(ulp(toDouble(v))),
    factorial: (v) => pyInt(factorial(toIndex(v))),
    isqrt: (v) => pyInt(isqrt(toIndex(v))),
    fsum: (v) => {
      const values: number[] = [];
      const next = iterate(v);
      for (let item = next(); item !== STOP; item = next()) values.push(toDouble(item));
      return float(fsum(values));
    },
  };
  const binary: Record<string, [number, number, (args: Value[]) => Value]> = {
    atan2: [2, 2, libm2(Math.atan2)],
    copysign: [2, 2, libm2(copysign)],
    remainder: [2, 2, libm2(remainder)],
    nextafter: [2, 2, ([x, y]) => float(nextafter(toDouble(x), toDouble(y)))],
    fmod: [2, 2, ([x, y]) => float(fmod(toDouble(x), toDouble(y)))],
    pow: [2, 2, ([x, y]) => float(pow(toDouble(x), toDouble(y)))],
    ldexp: [2, 2, ([x, i]) => {
      const m = toDouble(x);
      if (!isPyInt(i)) throw typeError("Expected an int as second argument to ldexp.");
      const e = toIndex(i);
      const r = ldexp(m, Number(e > 100000n ? 100000n : e < -100000n ? -100000n : e));
      if (Math.abs(r) === Infinity && Number.isFinite(m)) throw rangeError();
      return float(r);
    }],
    dist: [2, 2, ([p, q]) => {
      const a = doubles(p);
      const b = doubles(q);
      if (a.length !== b.length) throw valueError("both points must have the same number of dimensions");
      return float(vectorNorm(a.map((x, i) => Math.abs(x - b[i]))));
    }],
    comb: [2, 2, ([n, k]) => pyInt(comb(toIndex(n), toIndex(k)))],
    perm: [1, 2, ([n, k]) => {
      const nn = toIndex(n);
      return pyInt(k === undefined || k === null ? factorial(nn) : perm(nn, toIndex(k)));
    }],
  };
  const functions: Record<string, NativeImpl> = {
    log: (args, kwargs) => {
      noKeywords("log", kwargs);
      if (args.length < 1 || args.length > 2) throw typeError("math.log requires 1 to 2 arguments");
      const num = logOf(args[0], Math.log);
      if (args.length === 1) return float(num);
      const den = logOf(args[1], Math.log);
      if (den === 0) throw zeroDivision("float division by zero");
      return float(num / den);
    },
    hypot: (args, kwargs) => {
      noKeywords("hypot", kwargs);
      return float(vectorNorm(args.map((v) => Math.abs(toDouble(v)))));
    },
    gcd: fold("gcd", 0n, gcd),
    lcm: fold("lcm", 1n, lcm),
    isclose,
    prod,
  };
  for (const [name, f] of Object.entries(unary)) functions[name] = one(name, f);
  for (const [name, [min, max, f]] of Object.entries(binary)) functions[name] = positional(name, min, max, f);
  const attributes = new Map<string, Value>(Object.entries(functions).map(([n, impl]) => [n, new PyBuiltin(n, impl)]));
  const constants: [string, number][] = [["pi", Math.PI], ["e", Math.E], ["tau", 2 * Math.PI], ["inf", Infinity], ["nan", NaN]];
  for (const [name, value] of constants) attributes.set(name, float(value));
  return new PyModule("math", attributes);
}
