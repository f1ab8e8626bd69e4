// Argument conversions the reduction and shape bindings share: dims, sizes, flags, tensor lists.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { typeError } from "../../errors";
import { asIndex, toArray, truthy } from "../../protocols";
import { typeName } from "../../repr";
import { PyList, PyTuple, Value } from "../../values";
import { dtypeOf } from "../dtypes";

/** An optional `dim`: an int, a tuple or list of ints, or None. */
export function dimsArg(v: Value | undefined): number | number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof PyTuple || v instanceof PyList) return toArray(v).map((d) => asIndex(d));
  return asIndex(v);
}

/** An optional single `dim`. */
export function dimArg(v: Value | undefined): number | undefined {
  return v === undefined || v === null ? undefined : asIndex(v);
}

export function flag(v: Value | undefined): boolean {
  return v !== undefined && v !== null && truthy(v);
}

/** Sizes given as separate ints (`view(2, 3)`) or as one sequence (`view((2, 3))`, `view(x.shape)`). */
export function sizesArg(args: readonly Value[]): number[] {
  const flat = args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList) ? toArray(args[0]) : args;
  return flat.map((v) => asIndex(v));
}

export { tensorParam as tensorArg } from "../tensor_args";

/** A sequence of tensors (torch.cat / torch.stack's first argument). */
export function tensorsArg(v: Value | undefined, fn: string): Tensor[] {
  if (!(v instanceof PyTuple || v instanceof PyList)) {
    throw typeError(`${fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(v ?? null)}`);
  }
  return v.items.map((t, i) => {
    if (!(t instanceof Tensor)) throw typeError(`expected Tensor as element ${i} in argument 0, but got ${typeName(t)}`);
    return t;
  });
}

/** The `dtype=` keyword of reductions: the input is converted first (ToCopyBackward0). */
export function withDType(x: Tensor, v: Value | undefined): Tensor {
  if (v === undefined || v === null) return x;
  const dtype = dtypeOf(v);
  if (dtype === null) throw typeError(`dtype must be torch.dtype, not ${typeName(v)}`);
  return dtype === x.dtype ? x : E.castTo(x, dtype);
}
