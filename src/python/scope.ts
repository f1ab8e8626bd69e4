// Name resolution at run time: a function call's locals, chained to the scope it was defined in.

import { PyException } from "./errors";
import type { PyFunction } from "./functions";
import type { Value } from "./values";

export class Scope {
  vars = new Map<string, Value>();
  /** Set by `return`; read by the call that created this scope. */
  returnValue: Value = null;
  /** The function whose call created this scope (what zero-argument super() looks at). */
  function: PyFunction | null = null;

  constructor(
    readonly parent: Scope | null,
    readonly globals: Map<string, Value>,
    /** A class body's names are not visible to the functions defined in it, as in Python. */
    readonly isClassBody = false,
  ) {}

  /** The nearest enclosing function scope that binds `name` (for free variables and nonlocal). */
  lookupEnclosing(name: string): Scope | null {
    for (let s = this.parent; s !== null; s = s.parent) {
      if (!s.isClassBody && s.vars.has(name)) return s;
    }
    return null;
  }
}

export const unboundLocal = (name: string): PyException =>
  new PyException("UnboundLocalError", `cannot access local variable '${name}' where it is not associated with a value`);
