// Comparisons, logical and bitwise ops (bool results, no gradient) and clamp.

import { castScalar, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { notImplementedFor, roundingOf } from "./op_support";
import { reduceGrad } from "./arithmetic";
import { mapKernel, zipKernel } from "./kernels";
import { asTensor, Operand, resultType, Scalar, scalarValue } from "./operand";
import { record } from "./record";
import { where } from "./select";
import { zip3Kernel } from "./ternary_kernel";

export type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

const comparisons: Record<Comparison, (x: number, y: number) => number> = {
  eq: (x, y) => +(x === y), ne: (x, y) => +(x !== y), lt: (x, y) => +(x < y),
  le: (x, y) => +(x <= y), gt: (x, y) => +(x > y), ge: (x, y) => +(x >= y),
};

/** `a op b` elementwise in the operands' common dtype, as a bool tensor. */
export function compare(op: Comparison, a: Operand, b: Operand): Tensor {
  const dtype = resultType([a, b]);
  return zipKernel(asTensor(a, dtype), asTensor(b, dtype), dtype, "bool", comparisons[op]);
}

export const gt = (a: Operand, b: Operand): Tensor => compare("gt", a, b);

export type Logical = "and" | "or" | "xor";

const logicals: Record<Logical, (x: number, y: number) => number> = {
  and: (x, y) => +(x !== 0 && y !== 0), or: (x, y) => +(x !== 0 || y !== 0), xor: (x, y) => +((x !== 0) !== (y !== 0)),
};

/** torch.logical_and/or/xor: any nonzero (NaN included) is true; values are read as stored (float64 reads do not round). */
export function logical(op: Logical, a: Tensor, b: Tensor): Tensor {
  return zipKernel(a, b, "float64", "bool", logicals[op]);
}

export const logicalAnd = (a: Tensor, b: Tensor): Tensor => logical("and", a, b);

export function logicalNot(x: Tensor): Tensor {
  return mapKernel(x, "bool", (v) => +(v === 0));
}

const bitwiseOps: Record<Logical, (x: number, y: number) => number> = {
  and: (x, y) => Number(BigInt(x) & BigInt(y)), or: (x, y) => Number(BigInt(x) | BigInt(y)),
  xor: (x, y) => Number(BigInt(x) ^ BigInt(y)),
};

/** `&`, `|`, `^` on integer and bool tensors (and Python ints or bools). */
export function bitwise(op: Logical, a: Operand, b: Operand): Tensor {
  const dtype = resultType([a, b]);
  if (isFloating(dtype)) throw runtimeError(notImplementedFor(`bitwise_${op}_cpu`, dtype));
  const f = dtype === "bool" ? logicals[op] : bitwiseOps[op];
  return zipKernel(asTensor(a, dtype), asTensor(b, dtype), dtype, dtype, f);
}

/** `~`: logical not on bool tensors, two's complement on integers. */
export function bitwiseNot(x: Tensor): Tensor {
  if (isFloating(x.dtype)) throw runtimeError(notImplementedFor("bitwise_not_cpu", x.dtype));
  return mapKernel(x, x.dtype, x.dtype === "bool" ? (v) => +(v === 0) : (v) => -v - 1);
}

const NO_BOUNDS = "torch.clamp: At least one of 'min' or 'max' must not be None";

/** The gradient clamp lets through: where self lies within [min, max] (bounds inclusive). */
function clampMask(self: Tensor, min: Operand | null, max: Operand | null): Tensor {
  const aboveMin = min === null ? null : compare("ge", self, min);
  const belowMax = max === null ? null : compare("le", self, max);
  if (aboveMin && belowMax) return logicalAnd(aboveMin, belowMax);
  return (aboveMin ?? belowMax)!;
}

/** torch.clamp with Python-scalar bounds (ClampBackward1); NaN in the input or a bound propagates. */
export function clamp(x: Tensor, min: Scalar | null, max: Scalar | null): Tensor {
  if (min === null && max === null) throw runtimeError(NO_BOUNDS);
  const dtype = resultType([x, ...(min === null ? [] : [min]), ...(max === null ? [] : [max])]);
  const lo = min === null ? -Infinity : castScalar(scalarValue(min), dtype);
  const hi = max === null ? Infinity : castScalar(scalarValue(max), dtype);
  const result = mapKernel(x, dtype, (v) => Math.min(Math.max(v, lo), hi));
  if (!isFloating(dtype)) return result;
  return record(result, {
    name: "ClampBackward1",
    inputs: [x],
    saved: [[x, "self"]],
    savedScalars: { ...(min === null ? {} : { min: scalarValue(min) }), ...(max === null ? {} : { max: scalarValue(max) }) },
    formula: (g, [self]) => [where(clampMask(self, min, max), g, 0)],
  });
}

/** torch.clamp with tensor bounds (ClampBackward0): bounds broadcast and take gradient where they bind. */
export function clampTensor(x: Tensor, min: Tensor | null, max: Tensor | null): Tensor {
  if (min === null && max === null) throw runtimeError(NO_BOUNDS);
  const dtype = resultType([x, ...(min ? [min] : []), ...(max ? [max] : [])]);
  const r = roundingOf(dtype);
  const lo = min ?? asTensor(-Infinity, dtype);
  const hi = max ?? asTensor(Infinity, dtype);
  const result = zip3Kernel(x, lo, hi, dtype, (v, l, h) => Math.min(Math.max(r(v), r(l)), r(h)));
  if (!isFloating(dtype)) return result;
  // clamp_backward_min_max: a bound takes the gradient where it binds; min loses it when min > max.
  const minBinds = (self: Tensor, l: Tensor, h: Tensor): Tensor =>
    max ? logicalAnd(compare("lt", self, l), compare("lt", l, h)) : compare("lt", self, l);
  const maxBinds = (self: Tensor, l: Tensor, h: Tensor): Tensor =>
    min ? logical("or", compare("gt", self, h), compare("lt", h, l)) : compare("gt", self, h);
  return record(result, {
    name: "ClampBackward0",
    inputs: [x, min, max],
    saved: [[x, "self"], [lo, "min"], [hi, "max"]],
    formula: (g, [self, l, h], needs) => [
      needs[0] ? reduceGrad(where(clampMask(self, min && l, max && h), g, 0), x) : null,
      needs[1] ? reduceGrad(where(minBinds(self, l, h), g, 0), min!) : null,
      needs[2] ? reduceGrad(where(maxBinds(self, l, h), g, 0), max!) : null,
    ],
  });
}
