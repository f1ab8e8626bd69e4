// Python scalars as op operands: an int is a JS number, a bool a JS boolean, a float `{ value }`.

import { castScalar, DType, ResultTypeState, ScalarKind } from "../dtype";
import { Tensor } from "../tensor";
import { scalarTensor } from "./kernels";

export interface FloatScalar {
  readonly value: number;
}

export type Scalar = number | boolean | FloatScalar;
export type Operand = Tensor | Scalar;

export function scalarKind(s: Scalar): ScalarKind {
  return typeof s === "number" ? "int" : typeof s === "boolean" ? "bool" : "float";
}

export function scalarValue(s: Scalar): number {
  return typeof s === "number" ? s : typeof s === "boolean" ? (s ? 1 : 0) : s.value;
}

export function resultType(operands: readonly Operand[]): DType {
  const state = new ResultTypeState();
  for (const o of operands) {
    if (o instanceof Tensor) state.addTensor(o.dtype, o.dim);
    else state.addScalar(scalarKind(o));
  }
  return state.result();
}

/** A Python scalar operand as the 0-dim tensor the kernel reads, already cast to `dtype`. */
export function asTensor(o: Operand, dtype: DType): Tensor {
  return o instanceof Tensor ? o : scalarTensor(castScalar(scalarValue(o), dtype), dtype);
}
