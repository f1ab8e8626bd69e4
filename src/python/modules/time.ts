// The `time` module. sleep() never blocks the evaluation worker: it returns at once and moves a
// virtual clock forward instead, which time(), monotonic() and perf_counter() include, so code
// that measures a sleep sees it pass.

import { PyException, typeError } from "../errors";
import { typeName } from "../repr";
import { NativeImpl, PyBuiltin, PyFloat, PyModule, Value } from "../values";
import { isPyInt, pyInt, toDouble } from "./numbers";

const NS_PER_S = 1_000_000_000;

/** Seconds (a float or an int, as time.sleep accepts them). */
function seconds(v: Value | undefined): number {
  if (v === undefined) throw typeError("time.sleep() takes exactly one argument (0 given)");
  if (!(v instanceof PyFloat) && !isPyInt(v)) throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  const s = toDouble(v);
  if (Number.isNaN(s)) throw new PyException("ValueError", "Invalid value NaN (not a number)");
  if (s < 0) throw new PyException("ValueError", "sleep length must be non-negative");
  return s;
}

export function createTimeModule(): PyModule {
  let slept = 0;
  const wall = () => Date.now() / 1000 + slept;
  const monotonic = () => performance.now() / 1000 + slept;
  const cpu = () => performance.now() / 1000;
  const clocks: Record<string, () => number> = { time: wall, perf_counter: monotonic, monotonic, process_time: cpu, thread_time: cpu };
  const functions: Record<string, NativeImpl> = {
    sleep: (args) => {
      slept += seconds(args[0]);
      return null;
    },
  };
  for (const [name, clock] of Object.entries(clocks)) {
    functions[name] = () => new PyFloat(clock());
    functions[`${name}_ns`] = () => pyInt(BigInt(Math.round(clock() * NS_PER_S)));
  }
  const attributes = new Map<string, Value>(Object.entries(functions).map(([n, impl]) => [n, new PyBuiltin(n, impl)]));
  return new PyModule("time", attributes);
}
