// Python bindings for the engine's reductions: sum, mean, prod, max/min (and their named tuples),
// amax/amin, argmax/argmin, var/std, norm, logsumexp, softmax, log_softmax, cumsum/cumprod, all/any.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { typeError } from "../../errors";
import { asIndex, truthy } from "../../protocols";
import { typeName } from "../../repr";
import { Kwargs, NativeImpl, PyFloat, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { minAndMax, valuesAndIndices } from "./return_types";
import { dimArg, dimsArg, flag, tensorArg, withDType } from "./shape_args";

function sumLike(name: string, op: (x: Tensor, dim: number | number[] | undefined, keepdim: boolean) => Tensor): TensorMethod {
  return (self, args, kwargs) => {
    const [dim, keepdim, dtype] = parseArgs(name, ["dim?", "keepdim?", "dtype?"], args, kwargs);
    return op(withDType(self, dtype), dimsArg(dim), flag(keepdim));
  };
}

/** max() / max(dim, keepdim) / max(other): one method, three overloads, as in PyTorch. */
function extremum(kind: E.Extremum): TensorMethod {
  return (self, args, kwargs) => {
    const [first, keepdim, otherKeyword] = parseArgs(kind, ["dim?", "keepdim?", "other?"], args, kwargs);
    const other = first instanceof Tensor ? first : otherKeyword;
    if (other instanceof Tensor) return E.elementwiseExtremum(self, other, kind);
    if (first === undefined || first === null) return E.extremum(self, kind);
    return valuesAndIndices(kind, E.extremumAlong(self, asIndex(first), flag(keepdim), kind));
  };
}

function valuesOnly(name: string, op: typeof E.amax): TensorMethod {
  return (self, args, kwargs) => {
    const [dim, keepdim] = parseArgs(name, ["dim?", "keepdim?"], args, kwargs);
    return op(self, dimsArg(dim), flag(keepdim));
  };
}

function argExtremum(kind: E.Extremum): TensorMethod {
  return (self, args, kwargs) => {
    const [dim, keepdim] = parseArgs(`arg${kind}`, ["dim?", "keepdim?"], args, kwargs);
    return E.argExtremum(self, dimArg(dim), flag(keepdim), kind);
  };
}

/** var/std: (unbiased), (dim, unbiased, keepdim) or (dim, *, correction, keepdim). */
function moment(name: string, op: typeof E.variance): TensorMethod {
  return (self, args, kwargs) => {
    const leadingFlag = args.length > 0 && typeof args[0] === "boolean";
    const rest = leadingFlag ? args.slice(1) : args;
    const [dim, unbiased, keepdim, correction] = parseArgs(name, ["dim?", "unbiased?", "keepdim?", "correction?"], rest, kwargs);
    const unbiasedFlag = leadingFlag ? args[0] : unbiased;
    const c = correction !== undefined && correction !== null ? asIndex(correction)
      : unbiasedFlag === undefined || unbiasedFlag === null || truthy(unbiasedFlag) ? 1 : 0;
    return op(self, dimsArg(dim), c, flag(keepdim));
  };
}

function normOrder(p: Value | undefined): E.NormOrder {
  if (p === undefined || p === null) return "fro";
  if (p === "fro") return "fro";
  if (typeof p === "string") throw typeError(`norm(): only 'fro' is supported as a string order, got '${p}'`);
  if (p instanceof PyFloat) return p.value;
  if (typeof p === "number" || typeof p === "boolean") return Number(p);
  throw typeError(`norm(): argument 'p' must be Number, not ${typeName(p)}`);
}

/** The argument parser's complaint when a required `dim` is missing from a method call. */
const DIM_OVERLOADS: Record<string, string> = {
  softmax: " * (int dim, torch.dtype dtype)\n * (name dim, *, torch.dtype dtype)\n",
  cumsum: " * (int dim, *, torch.dtype dtype)\n * (name dim, *, torch.dtype dtype)\n",
  logsumexp: " * (tuple of ints dim, bool keepdim)\n * (tuple of names dim, bool keepdim)\n",
};

function requiredDim(name: string, overloads: string, args: Value[], kwargs: Kwargs): Value {
  const dim = args[0] ?? kwargs?.get("dim") ?? kwargs?.get("axis");
  if (dim !== undefined) return dim;
  const got = [...args.map(typeName), ...[...(kwargs ?? [])].map(([k, v]) => `${k}=${typeName(v)}, `)].join(", ");
  throw typeError(`${name}() received an invalid combination of arguments - got (${got}), but expected one of:\n${overloads}`);
}

function softmaxLike(name: string, op: (x: Tensor, dim: number) => Tensor): TensorMethod {
  return (self, args, kwargs) => {
    requiredDim(name, DIM_OVERLOADS.softmax, args, kwargs);
    const [dim, dtype] = parseArgs(name, ["dim", "dtype?"], args, kwargs);
    return op(withDType(self, dtype), asIndex(dim!));
  };
}

/** F.softmax / F.log_softmax: dim may be left out, with PyTorch's deprecation warning and guess. */
function functionalSoftmax(name: string, op: (x: Tensor, dim: number) => Tensor): NativeImpl {
  return (args: Value[], kwargs: Kwargs) => {
    const [input, dim, , dtype] = parseArgs(name, ["input", "dim?", "_stacklevel?", "dtype?"], args, kwargs);
    const x = withDType(tensorArg(input, name, "input", 1), dtype);
    if (dim !== undefined && dim !== null) return op(x, asIndex(dim));
    E.warn("UserWarning", `Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
    return op(x, x.dim === 0 || x.dim === 1 || x.dim === 3 ? 0 : 1);
  };
}

function scan(name: string, op: (x: Tensor, dim: number) => Tensor): TensorMethod {
  return (self, args, kwargs) => {
    requiredDim(name, DIM_OVERLOADS.cumsum, args, kwargs);
    const [dim, dtype] = parseArgs(name, ["dim", "dtype?"], args, kwargs);
    return op(withDType(self, dtype), asIndex(dim!));
  };
}

function logical(name: string, op: (x: Tensor, dim?: number, keepdim?: boolean) => Tensor): TensorMethod {
  return (self, args, kwargs) => {
    const [dim, keepdim] = parseArgs(name, ["dim?", "keepdim?"], args, kwargs);
    return op(self, dimArg(dim), flag(keepdim));
  };
}

function binaryExtremum(name: string, kind: E.Extremum): TensorMethod {
  return (self, args, kwargs) => E.elementwiseExtremum(self, tensorArg(parseArgs(name, ["other"], args, kwargs)[0], name, "other", 2), kind);
}

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ["sum", sumLike("sum", E.sum)],
    ["mean", sumLike("mean", E.mean)],
    ["prod", (self, args, kwargs) => {
      const [dim, keepdim, dtype] = parseArgs("prod", ["dim?", "keepdim?", "dtype?"], args, kwargs);
      return E.prod(withDType(self, dtype), dimArg(dim), flag(keepdim));
    }],
    ["max", extremum("max")],
    ["min", extremum("min")],
    ["amax", valuesOnly("amax", E.amax)],
    ["aminmax", (self, args, kwargs) => {
      // dim and keepdim are keyword-only.
      if (args.length > 0) throw typeError(`aminmax() takes 0 positional arguments but ${args.length} ${args.length === 1 ? "was" : "were"} given`);
      const [dim, keepdim] = parseArgs("aminmax", ["dim?", "keepdim?"], [], kwargs);
      return minAndMax(E.aminmax(self, dim === undefined || dim === null ? undefined : asIndex(dim), flag(keepdim)));
    }],
    ["amin", valuesOnly("amin", E.amin)],
    ["argmax", argExtremum("max")],
    ["argmin", argExtremum("min")],
    ["maximum", binaryExtremum("maximum", "max")],
    ["minimum", binaryExtremum("minimum", "min")],
    ["var", moment("var", E.variance)],
    ["std", moment("std", E.std)],
    ["norm", (self, args, kwargs) => {
      const [p, dim, keepdim, dtype] = parseArgs("norm", ["p?", "dim?", "keepdim?", "dtype?"], args, kwargs);
      return E.norm(withDType(self, dtype), normOrder(p), dimsArg(dim), flag(keepdim));
    }],
    ["logsumexp", (self, args, kwargs) => {
      requiredDim("logsumexp", DIM_OVERLOADS.logsumexp, args, kwargs);
      const [dim, keepdim] = parseArgs("logsumexp", ["dim", "keepdim?"], args, kwargs);
      return E.logsumexp(self, dimsArg(dim)!, flag(keepdim));
    }],
    ["softmax", softmaxLike("softmax", E.softmax)],
    ["log_softmax", softmaxLike("log_softmax", E.logSoftmax)],
    ["cumsum", scan("cumsum", E.cumsum)],
    ["cumprod", scan("cumprod", E.cumprod)],
    ["all", logical("all", E.all)],
    ["any", logical("any", E.any)],
  ]),
  nnFunctional: new Map<string, NativeImpl>([
    ["softmax", functionalSoftmax("softmax", E.softmax)],
    ["log_softmax", functionalSoftmax("log_softmax", E.logSoftmax)],
  ]),
};
