// The `out=` keyword of torch functions, once for all of them: the function runs without it and
// its result is written into the given tensor, which the call returns.

import * as E from "../../engine";
import { Tensor } from "../../engine";
import { typeError } from "../errors";
import { typeName } from "../repr";
import { NativeImpl, PyList, PyTuple, Value } from "../values";

/** Factories, whose out= variants resize the out tensor with no deprecation warning. */
const factories = new Set(["zeros", "ones", "empty", "full", "arange", "linspace", "eye", "rand", "randn", "randint", "randperm"]);

/** Ops whose out= variant is another op's, whose name PyTorch's autograd error shows. */
const outVariantNames: Record<string, string> = { matmul: "mm" };

function requiresGrad(v: Value): boolean {
  if (v instanceof Tensor) return v.requiresGrad;
  return (v instanceof PyList || v instanceof PyTuple) && v.items.some(requiresGrad);
}

/**
 * torch.<name> with `out=`: refused while autograd would have to record it, then the result is
 * cast and written into the out tensor (resized when its shape differs).
 */
export function withOut(name: string, impl: NativeImpl): NativeImpl {
  return (args, kwargs) => {
    const out = kwargs?.get("out");
    if (out === undefined) return impl(args, kwargs);
    const rest = new Map(kwargs);
    rest.delete("out");
    if (out === null) return impl(args, rest);
    if (!(out instanceof Tensor)) throw typeError(`${name}(): argument 'out' must be Tensor, not ${typeName(out)}`);
    if (E.isGradEnabled() && [...args, ...rest.values(), out].some(requiresGrad)) {
      throw new E.TorchError("RuntimeError", `${outVariantNames[name] ?? name}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
    }
    const result = impl(args, rest);
    if (!(result instanceof Tensor)) throw typeError(`${name}() got an unexpected keyword argument 'out'`);
    return E.writeOut(out, result, !factories.has(name));
  };
}
