// What the op families share: rounding per dtype (with the FMA and exp PyTorch's float32 kernels
// use), PyTorch's dtype names in error messages, and zeros_like for constant gradients.

import { DType } from "../dtype";
import { Tensor } from "../tensor";
import { expFloat32, fma32 } from "./special";

/** Rounds a value to what the result dtype holds; float32 kernels round between steps. */
export type Round = (v: number) => number;

const exact: Round = (v) => v;

export function roundingOf(dtype: DType): Round {
  return dtype === "float32" ? Math.fround : exact;
}

/** How a kernel of one dtype rounds, and its fused multiply-add (GCC contracts `a * b + c` in PyTorch's AVX2 kernels). */
export interface FloatMath {
  round: Round;
  fma: (a: number, b: number, c: number) => number;
  /** The vector kernels' exp (SLEEF's, for float32). */
  exp: (x: number) => number;
}

const float32Math: FloatMath = { round: Math.fround, fma: fma32, exp: expFloat32 };
const float64Math: FloatMath = { round: exact, fma: (a, b, c) => a * b + c, exp: Math.exp };

export function floatMath(dtype: DType): FloatMath {
  return dtype === "float32" ? float32Math : float64Math;
}

const typeNames: Record<DType, string> = { float32: "Float", float64: "Double", int64: "Long", int32: "Int", bool: "Bool" };

/** PyTorch's ScalarType name ("Float", "Long"), as its error messages spell dtypes. */
export function scalarTypeName(dtype: DType): string {
  return typeNames[dtype];
}

/** The error a CPU kernel dispatch raises for a dtype it was not built for. */
export function notImplementedFor(kernel: string, dtype: DType): string {
  return `"${kernel}" not implemented for '${scalarTypeName(dtype)}'`;
}

/** zeros_like(grad): the gradient of steps like floor, constant and untracked. */
export function zerosLike(t: Tensor): Tensor {
  return Tensor.zeros(t.shape, t.dtype);
}
