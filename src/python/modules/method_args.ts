// Argument binding for natives that CPython implements in Python (random.Random's methods): the
// errors read as a Python method's do, `Random.randint() missing 1 required positional argument: 'b'`,
// with `self` counted among the positional arguments.

import { typeError } from "../errors";
import type { Kwargs, Value } from "../values";

/**
 * `names` lists the parameters after self; `?` marks an optional one, and the names after a "*"
 * entry are keyword-only. Returns the values in order, undefined where an optional one is absent.
 */
export function methodArgs(qualname: string, names: readonly string[], args: readonly Value[], kwargs: Kwargs): (Value | undefined)[] {
  const star = names.indexOf("*");
  const params = names.filter((n) => n !== "*").map((n) => n.replace(/\?$/, ""));
  const optional = names.filter((n) => n !== "*").map((n) => n.endsWith("?"));
  const positional = star < 0 ? params.length : star;
  if (args.length > positional) {
    const required = optional.slice(0, positional).filter((o) => !o).length + 1;
    const accepted = positional + 1;
    const range = required === accepted ? `${accepted}` : `from ${required} to ${accepted}`;
    throw typeError(`${qualname}() takes ${range} positional argument${accepted === 1 ? "" : "s"} but ${args.length + 1} were given`);
  }
  const out: (Value | undefined)[] = params.map((_, i) => (i < args.length ? args[i] : undefined));
  for (const [key, value] of kwargs ?? []) {
    const index = params.indexOf(key);
    if (index < 0) throw typeError(`${qualname}() got an unexpected keyword argument '${key}'`);
    if (index < args.length) throw typeError(`${qualname}() got multiple values for argument '${key}'`);
    out[index] = value;
  }
  const missing = params.filter((_, i) => !optional[i] && out[i] === undefined);
  if (missing.length > 0) {
    const keywordOnly = star >= 0 && missing.every((m) => params.indexOf(m) >= positional);
    const quoted = missing.map((m) => `'${m}'`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
    throw typeError(`${qualname}() missing ${missing.length} required ${keywordOnly ? "keyword-only" : "positional"} argument${missing.length === 1 ? "" : "s"}: ${list}`);
  }
  return out;
}
