// Helpers for classes written in TypeScript that Python code may subclass (nn.Module, optimizers).

import { PyInstance, PyProperty } from "../../classes";
import { hashKey } from "../../protocols";
import { Kwargs, PyBoundMethod, PyBuiltin, PyDict, PyFloat, Value } from "../../values";

export type MethodImpl = (self: PyInstance, args: Value[], kwargs: Kwargs) => Value;

/**
 * An ordinary method. Class attributes that are builtins are not bound on attribute access, so the
 * method is a property whose getter binds self: `obj.m`, `obj.m()` and `super().m()` all work.
 */
export function method(name: string, impl: MethodImpl): [string, Value] {
  return [name, new PyProperty(new PyBuiltin(name, (args) =>
    new PyBoundMethod(name, args[0], (self, callArgs, kwargs) => impl(self as PyInstance, callArgs, kwargs))))];
}

/** A dunder, which the interpreter always calls with self first. */
export function dunder(name: string, impl: MethodImpl): [string, Value] {
  return [name, new PyBuiltin(name, (args, kwargs) => impl(args[0] as PyInstance, args.slice(1), kwargs))];
}

export const numberOf = (v: Value): number => (v instanceof PyFloat ? v.value : Number(v));

export function dictGet(dict: PyDict, key: Value): Value | undefined {
  return dict.entries.get(hashKey(key))?.[1];
}

export function dictSet(dict: PyDict, key: Value, value: Value): void {
  dict.entries.set(hashKey(key), [key, value]);
}
