// One op signature gives both its Tensor method (`x.add(y)`) and its torch function
// (`torch.add(x, y)`), parsed the same way; in-place variants write their result into self.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import type { NativeImpl, Value } from "../../values";
import type { TensorMethod } from "../binding";
import { tensorParam } from "../tensor_args";
export { tensorParam };

export type OpCall = (self: Tensor, values: (Value | undefined)[]) => Value;

export interface Signature {
  name: string;
  /** Parameters after self; a trailing `?` marks an optional one. */
  params: readonly string[];
  call: OpCall;
}

export const signature = (name: string, params: readonly string[], call: OpCall): Signature => ({ name, params, call });


/** A method without parameters is a METH_NOARGS method, which CPython names by its class in errors. */
export function asMethod(sig: Signature): TensorMethod {
  const qualname = sig.params.length === 0 ? `_TensorBase.${sig.name}` : sig.name;
  return (self, args, kwargs) => sig.call(self, parseArgs(qualname, sig.params, args, kwargs));
}

export function asFunction(sig: Signature): NativeImpl {
  return (args, kwargs) => {
    const [input, ...values] = parseArgs(sig.name, ["input", ...sig.params], args, kwargs);
    return sig.call(tensorParam(input, sig.name, "input", 1), values);
  };
}

/** `x.op_(...)`: the out-of-place method run on x, its result written into x. */
export function inPlace(method: TensorMethod): TensorMethod {
  return (self, args, kwargs) => E.applyInPlace(self, (original) => method(original, args, kwargs) as Tensor);
}

/** Methods and functions for a list of signatures. */
export function methodEntries(sigs: readonly Signature[]): [string, TensorMethod][] {
  return sigs.map((s) => [s.name, asMethod(s)]);
}

export function functionEntries(sigs: readonly Signature[]): [string, NativeImpl][] {
  return sigs.map((s) => [s.name, asFunction(s)]);
}
