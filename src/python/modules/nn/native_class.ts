// Helpers for classes written in TypeScript that Python code may subclass (nn.Module, optimizers).

import { PyInstance, PyNativeMethod } from "../../classes";
import { hashKey } from "../../protocols";
import { Kwargs, PyDict, PyFloat, Value } from "../../values";

export type MethodImpl = (self: PyInstance, args: Value[], kwargs: Kwargs) => Value;

/** A method of the class (dunders included): bound to the instance on access, so `obj.m()` and `super().m()` pass self. */
export function method(name: string, impl: MethodImpl): [string, Value] {
  return [name, new PyNativeMethod(name, (args, kwargs) => impl(args[0] as PyInstance, args.slice(1), kwargs))];
}

export const numberOf = (v: Value): number => (v instanceof PyFloat ? v.value : Number(v));

export function dictGet(dict: PyDict, key: Value): Value | undefined {
  return dict.entries.get(hashKey(key))?.[1];
}

export function dictSet(dict: PyDict, key: Value, value: Value): void {
  dict.entries.set(hashKey(key), [key, value]);
}
