// Argument parsing for native functions: positional-or-keyword parameters with defaults.

import { typeError } from "./errors";
import type { Kwargs, Value } from "./values";

/**
 * Binds `args`/`kwargs` to `names` (a name ending in `?` is optional) and returns the values in
 * order, `undefined` where an optional argument was not given.
 */
/** NumPy's names that PyTorch's argument parser accepts for its own (`axis=` for `dim=`). */
const numpyAliases: Record<string, string> = { axis: "dim", keepdims: "keepdim", x: "input", a: "input", x1: "input", x2: "other" };

export function parseArgs(fn: string, names: readonly string[], args: readonly Value[], kwargs: Kwargs): (Value | undefined)[] {
  const out: (Value | undefined)[] = new Array(names.length).fill(undefined);
  if (args.length > names.length) {
    throw typeError(`${fn}() takes ${names.length === 0 ? "no arguments" : `at most ${names.length} argument${names.length === 1 ? "" : "s"}`} (${args.length} given)`);
  }
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  if (kwargs !== null) {
    for (const [given, value] of kwargs) {
      const key = numpyAliases[given] !== undefined && names.some((n) => n.replace(/\?$/, "") === numpyAliases[given]) ? numpyAliases[given] : given;
      const index = names.findIndex((n) => n.replace(/\?$/, "") === key);
      if (index < 0) throw typeError(`${fn}() got an unexpected keyword argument '${key}'`);
      if (out[index] !== undefined) throw typeError(`${fn}() got multiple values for argument '${key}'`);
      out[index] = value;
    }
  }
  names.forEach((n, i) => {
    if (!n.endsWith("?") && out[i] === undefined) throw typeError(`${fn}() missing required argument '${n}' (pos ${i + 1})`);
  });
  return out;
}
