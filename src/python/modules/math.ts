// The `math` module, on Python floats.

import { parseArgs } from "../args";
import { PyException, typeError } from "../errors";
import { typeName } from "../repr";
import { NativeImpl, PyBuiltin, PyFloat, PyModule, Value } from "../values";
import { Tensor } from "../../engine";

function real(v: Value, fn: string): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === "number" || typeof v === "boolean") return Number(v);
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Tensor && v.numel === 1) return v.item();
  throw typeError(`must be real number, not ${typeName(v)}`.replace(/^/, fn ? "" : ""));
}

function floatFunction(f: (x: number) => number, domainCheck?: (x: number) => boolean): NativeImpl {
  return (args) => {
    const x = real(args[0], "");
    if (domainCheck && !domainCheck(x)) throw new PyException("ValueError", "math domain error");
    return new PyFloat(f(x));
  };
}

export function createMathModule(): PyModule {
  const functions: Record<string, NativeImpl> = {
    sin: floatFunction(Math.sin), cos: floatFunction(Math.cos), tan: floatFunction(Math.tan),
    asin: floatFunction(Math.asin, (x) => x >= -1 && x <= 1), acos: floatFunction(Math.acos, (x) => x >= -1 && x <= 1),
    atan: floatFunction(Math.atan), sinh: floatFunction(Math.sinh), cosh: floatFunction(Math.cosh), tanh: floatFunction(Math.tanh),
    exp: floatFunction(Math.exp), expm1: floatFunction(Math.expm1),
    log: (args) => {
      const x = real(args[0], "log");
      if (x <= 0) throw new PyException("ValueError", "math domain error");
      return new PyFloat(args.length > 1 ? Math.log(x) / Math.log(real(args[1], "log")) : Math.log(x));
    },
    log2: floatFunction(Math.log2, (x) => x > 0), log10: floatFunction(Math.log10, (x) => x > 0),
    log1p: floatFunction(Math.log1p, (x) => x > -1),
    sqrt: floatFunction(Math.sqrt, (x) => x >= 0),
    fabs: floatFunction(Math.abs),
    pow: (args) => new PyFloat(Math.pow(real(args[0], "pow"), real(args[1], "pow"))),
    atan2: (args) => new PyFloat(Math.atan2(real(args[0], "atan2"), real(args[1], "atan2"))),
    floor: (args) => Math.floor(real(args[0], "floor")),
    ceil: (args) => Math.ceil(real(args[0], "ceil")),
    trunc: (args) => Math.trunc(real(args[0], "trunc")),
    isnan: (args) => Number.isNaN(real(args[0], "isnan")),
    isinf: (args) => !Number.isFinite(real(args[0], "isinf")) && !Number.isNaN(real(args[0], "isinf")),
    isclose: (args, kwargs) => {
      const [a, b, relTol, absTol] = parseArgs("isclose", ["a", "b", "rel_tol?", "abs_tol?"], args, kwargs);
      const x = real(a!, "isclose");
      const y = real(b!, "isclose");
      const rel = relTol === undefined ? 1e-9 : real(relTol, "isclose");
      const abs = absTol === undefined ? 0 : real(absTol, "isclose");
      return x === y || Math.abs(x - y) <= Math.max(rel * Math.max(Math.abs(x), Math.abs(y)), abs);
    },
    degrees: floatFunction((x) => (x * 180) / Math.PI),
    radians: floatFunction((x) => (x * Math.PI) / 180),
  };
  const attributes = new Map<string, Value>(Object.entries(functions).map(([n, impl]) => [n, new PyBuiltin(n, impl)]));
  attributes.set("pi", new PyFloat(Math.PI));
  attributes.set("e", new PyFloat(Math.E));
  attributes.set("tau", new PyFloat(2 * Math.PI));
  attributes.set("inf", new PyFloat(Infinity));
  attributes.set("nan", new PyFloat(NaN));
  return new PyModule("math", attributes);
}
