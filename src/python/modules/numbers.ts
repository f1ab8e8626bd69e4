// CPython's conversions of arguments to C numbers, shared by math, random, time and numpy:
// PyFloat_AsDouble (`must be real number, not str`) and PyNumber_Index (`... cannot be
// interpreted as an integer`), honouring __float__ and __index__ on user classes.

import { Tensor, isFloating } from "../../engine";
import { callDunder, PyInstance } from "../classes";
import { PyException, typeError } from "../errors";
import { typeName } from "../repr";
import { PyFloat, Value } from "../values";

/** A Python int as the number or bigint the interpreter keeps it as. */
export function pyInt(n: bigint): number | bigint {
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

/** float(int): correctly rounded, or OverflowError beyond the largest double. */
function intToDouble(n: number | bigint): number {
  if (typeof n === "number") return n;
  // Number() rounds a bigint to nearest-even as CPython does, overflowing to Infinity.
  const x = Number(n);
  if (!Number.isFinite(x)) throw new PyException("OverflowError", "int too large to convert to float");
  return x;
}

/** PyFloat_AsDouble: floats, ints, bools, one-element tensors and objects with __float__. */
export function toDouble(v: Value): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === "number" || typeof v === "boolean") return Number(v);
  if (typeof v === "bigint") return intToDouble(v);
  if (v instanceof Tensor) {
    if (v.numel !== 1) throw new PyException("ValueError", "only one element tensors can be converted to Python scalars");
    return v.item();
  }
  if (v instanceof PyInstance) {
    const f = callDunder(v, "__float__", []);
    if (f instanceof PyFloat) return f.value;
    const i = f === undefined ? callDunder(v, "__index__", []) : undefined;
    if (typeof i === "number" || typeof i === "bigint") return intToDouble(i);
  }
  throw typeError(`must be real number, not ${typeName(v)}`);
}

/** PyNumber_Index: ints, bools, integer one-element tensors and objects with __index__. */
export function toIndex(v: Value): bigint {
  if (typeof v === "number") return BigInt(v);
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (v instanceof Tensor && v.numel === 1 && !isFloating(v.dtype)) return BigInt(v.item());
  if (v instanceof PyInstance) {
    const i = callDunder(v, "__index__", []);
    if (typeof i === "number" || typeof i === "bigint" || typeof i === "boolean") return toIndex(i);
  }
  throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** True for Python ints (bool included), whatever their size. */
export function isPyInt(v: Value): v is number | bigint | boolean {
  return typeof v === "number" || typeof v === "bigint" || typeof v === "boolean";
}

/** int(x) of a finite double, exactly (a bigint beyond 2^53). */
export function doubleToInt(x: number): number | bigint {
  if (Number.isNaN(x)) throw new PyException("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : BigInt(t);
}

export function bitLength(n: bigint): number {
  const a = n < 0n ? -n : n;
  return a === 0n ? 0 : a.toString(2).length;
}
