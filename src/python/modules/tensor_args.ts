// Python values as engine arguments: what every op binding converts its arguments with.

import * as E from "../../engine";
import { Tensor } from "../../engine";
import { typeError } from "../errors";
import { asScalar } from "../operators";
import { typeName } from "../repr";
import { PyFloat, type Value } from "../values";

export function operand(v: Value, fn: string): E.Operand {
  if (v instanceof Tensor) return v;
  const s = asScalar(v);
  if (s === null) throw typeError(`${fn}(): argument 'other' must be Tensor or Number, not ${typeName(v)}`);
  return s;
}

export function scalarArg(v: Value | undefined, fn: string): E.Scalar | null {
  if (v === undefined || v === null) return null;
  const s = asScalar(v);
  if (s === null) throw typeError(`${fn}(): argument must be a number, not ${typeName(v)}`);
  return s;
}


/** A required Tensor argument, with the argument parser's complaint when it is something else. */
export function tensorParam(v: Value | undefined, fn: string, param: string, position: number): Tensor {
  if (v instanceof Tensor) return v;
  throw typeError(`${fn}(): argument '${param}' (position ${position}) must be Tensor, not ${typeName(v ?? null)}`);
}

/** A tensor element as the Python value `item()` gives: float, int or bool by dtype. */
export function pythonScalar(value: number, dtype: E.DType): Value {
  if (E.isFloating(dtype)) return new PyFloat(value);
  return dtype === "bool" ? value !== 0 : value;
}
