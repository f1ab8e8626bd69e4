// Name resolution at run time: a function call's locals, chained to the scope it was defined in.

import { PyException } from "./errors";
import type { Value } from "./values";

export class Scope {
  vars = new Map<string, Value>();
  /** Set by `return`; read by the call that created this scope. */
  returnValue: Value = null;

  constructor(readonly parent: Scope | null, readonly globals: Map<string, Value>) {}

  /** The nearest enclosing function scope that binds `name` (for free variables and nonlocal). */
  lookupEnclosing(name: string): Scope | null {
    for (let s = this.parent; s !== null; s = s.parent) {
      if (s.vars.has(name)) return s;
    }
    return null;
  }
}

export const unboundLocal = (name: string): PyException =>
  new PyException("UnboundLocalError", `cannot access local variable '${name}' where it is not associated with a value`);
