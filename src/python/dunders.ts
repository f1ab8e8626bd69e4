// Operators and protocols on instances of user classes, through their dunder methods.

import { callDunder, NOT_IMPLEMENTED, PyInstance } from "./classes";
import type { Value } from "./values";

const binaryDunders: Record<string, [string, string]> = {
  "+": ["__add__", "__radd__"], "-": ["__sub__", "__rsub__"], "*": ["__mul__", "__rmul__"],
  "/": ["__truediv__", "__rtruediv__"], "//": ["__floordiv__", "__rfloordiv__"], "%": ["__mod__", "__rmod__"],
  "**": ["__pow__", "__rpow__"], "@": ["__matmul__", "__rmatmul__"],
  "&": ["__and__", "__rand__"], "|": ["__or__", "__ror__"], "^": ["__xor__", "__rxor__"],
  "<<": ["__lshift__", "__rlshift__"], ">>": ["__rshift__", "__rrshift__"],
};

const compareDunders: Record<string, [string, string]> = {
  "<": ["__lt__", "__gt__"], "<=": ["__le__", "__ge__"], ">": ["__gt__", "__lt__"], ">=": ["__ge__", "__le__"],
  "==": ["__eq__", "__eq__"], "!=": ["__ne__", "__ne__"],
};

const unaryDunders: Record<string, string> = { "-": "__neg__", "+": "__pos__", "~": "__invert__" };

function tryDunder(object: Value, name: string, args: Value[]): Value | undefined {
  const result = callDunder(object, name, args);
  return result === NOT_IMPLEMENTED ? undefined : result;
}

/** `a op b` via a.__op__(b), then b.__rop__(a); undefined when neither side handles it. */
export function instanceBinary(op: string, a: Value, b: Value): Value | undefined {
  const [forward, reflected] = binaryDunders[op];
  return tryDunder(a, forward, [b]) ?? tryDunder(b, reflected, [a]);
}

export function instanceCompare(op: string, a: Value, b: Value): Value | undefined {
  const [forward, reflected] = compareDunders[op];
  return tryDunder(a, forward, [b]) ?? tryDunder(b, reflected, [a]);
}

export function instanceUnary(op: string, v: Value): Value | undefined {
  return tryDunder(v, unaryDunders[op], []);
}

export function isInstance(v: Value): v is PyInstance {
  return v instanceof PyInstance;
}
