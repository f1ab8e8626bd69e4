// User-defined functions and lambdas: parameters, defaults, *args/**kwargs, closures.

import { PyException, typeError } from "./errors";
import type { Runtime } from "./runtime";
import { Scope } from "./scope";
import { Kwargs, PyCallable, PyDict, PyIterator, PyTuple, STOP, Value } from "./values";
import type { PyClass } from "./classes";
import { hashKey } from "./protocols";

export interface Parameters {
  /** Positional-or-keyword names, then keyword-only names after `kwOnlyStart`. */
  names: readonly string[];
  kwOnlyStart: number;
  varArgs: string | null;
  varKwargs: string | null;
}

/** The compiled body: runs in a fresh scope, returns true when a `return` ended it. */
export type Body = (scope: Scope) => number;

export const RETURN = 1;

/**
 * A generator function's body as an ordinary Body: calling the function binds the arguments and
 * returns a generator object; the Python frame runs only as the generator is iterated.
 */
export function generatorFunctionBody(body: (s: Scope) => Generator<Value, number, Value>, name: string): Body {
  return (scope) => {
    const frames = body(scope);
    scope.returnValue = new PyIterator(() => {
      const step = frames.next();
      return step.done ? STOP : step.value;
    }, "generator", name);
    return RETURN;
  };
}

export class PyFunction extends PyCallable {
  readonly typeName = "function";
  /** The class whose body defined this function, for zero-argument super(). */
  ownerClass: PyClass | null = null;

  constructor(
    readonly name: string,
    readonly params: Parameters,
    /** Default values by parameter name, evaluated once at definition time. */
    readonly defaults: ReadonlyMap<string, Value>,
    private readonly body: Body,
    private readonly closure: Scope,
    private readonly runtime: Runtime,
    /** Lambdas, and generator functions (whose body returns the generator), return scope.returnValue. */
    private readonly isExpressionBody = false,
  ) {
    super();
  }

  call(args: Value[], kwargs: Kwargs): Value {
    const scope = new Scope(this.closure, this.closure.globals);
    scope.function = this;
    bindArguments(this, args, kwargs, scope.vars);
    const runtime = this.runtime;
    runtime.enterCall();
    try {
      const completion = this.body(scope);
      return completion === RETURN || this.isExpressionBody ? scope.returnValue : null;
    } finally {
      runtime.depth--;
    }
  }
}

function bindArguments(f: PyFunction, args: Value[], kwargs: Kwargs, vars: Map<string, Value>): void {
  const { names, kwOnlyStart, varArgs, varKwargs } = f.params;
  const positional = Math.min(args.length, kwOnlyStart);
  for (let i = 0; i < positional; i++) vars.set(names[i], args[i]);
  if (args.length > kwOnlyStart) {
    if (varArgs === null) {
      const given = args.length;
      const accepted = kwOnlyStart;
      throw typeError(`${f.name}() takes ${accepted} positional argument${accepted === 1 ? "" : "s"} but ${given} ${given === 1 ? "was" : "were"} given`);
    }
    vars.set(varArgs, new PyTuple(args.slice(kwOnlyStart)));
  } else if (varArgs !== null) {
    vars.set(varArgs, new PyTuple([]));
  }
  const extra = varKwargs === null ? null : new PyDict();
  if (kwargs !== null) {
    for (const [key, value] of kwargs) {
      const index = names.indexOf(key);
      if (index >= 0) {
        if (index < positional) throw typeError(`${f.name}() got multiple values for argument '${key}'`);
        vars.set(key, value);
      } else if (extra !== null) {
        extra.entries.set(hashKey(key), [key, value]);
      } else {
        throw typeError(`${f.name}() got an unexpected keyword argument '${key}'`);
      }
    }
  }
  if (extra !== null && varKwargs !== null) vars.set(varKwargs, extra);
  const missing: string[] = [];
  for (const name of names) {
    if (vars.has(name)) continue;
    const fallback = f.defaults.get(name);
    if (fallback !== undefined) vars.set(name, fallback);
    else missing.push(name);
  }
  if (missing.length > 0) throw missingArguments(f, missing);
}

function missingArguments(f: PyFunction, missing: string[]): PyException {
  const keywordOnly = missing.every((m) => f.params.names.indexOf(m) >= f.params.kwOnlyStart);
  const quoted = missing.map((m) => `'${m}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
  const kind = keywordOnly ? "keyword-only" : "positional";
  return typeError(`${f.name}() missing ${missing.length} required ${kind} argument${missing.length === 1 ? "" : "s"}: ${list}`);
}
