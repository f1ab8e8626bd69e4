// The arguments tensor factories share, parsed as PyTorch's argument parser does: sizes given as
// varargs or one sequence, `dtype=`, `device=`, `requires_grad=` and `generator=`.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException, typeError } from "../../errors";
import { asScalar } from "../../operators";
import { truthy } from "../../protocols";
import { typeName } from "../../repr";
import { Kwargs, PyBuiltin, PyList, PyTuple, Value } from "../../values";
import { dtypeOf } from "../dtypes";
import { hasOverloads, invalidCombination } from "./factory_overloads";
import { generatorOf } from "./generator_object";

/** An int argument: Python ints and bools, and one-element integer tensors. */
function intValue(v: Value): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Tensor && v.numel === 1 && !E.isFloating(v.dtype)) return v.item();
  return null;
}

/** `fn(): argument 'name' (position n) must be int, not float`. */
export function intArg(fn: string, name: string, position: number, v: Value): number {
  const n = intValue(v);
  if (n === null) throw typeError(`${fn}(): argument '${name}' (position ${position}) must be int, not ${typeName(v)}`);
  return n;
}

/** A one-element tensor as the Python number `.item()` gives: float, bool or int. */
export function tensorScalar(t: Tensor): E.Scalar {
  const value = t.item();
  return E.isFloating(t.dtype) ? { value } : t.dtype === "bool" ? value !== 0 : value;
}

/** A Number argument (int, float or bool, or a one-element tensor) as an engine scalar. */
export function numberArg(fn: string, name: string, position: number, v: Value): E.Scalar {
  if (v instanceof Tensor && v.numel === 1) return tensorScalar(v);
  const s = asScalar(v);
  if (s === null) throw typeError(`${fn}(): argument '${name}' (position ${position}) must be Number, not ${typeName(v)}`);
  return s;
}

/**
 * A size: one sequence (`(2, 3)`, a list, a torch.Size, varargs packed by parseFactory) or, where the
 * signature allows varargs, one int. `kind` is how PyTorch names the element type in errors.
 */
export function sizeArg(fn: string, v: Value, kind: "ints" | "SymInts" = "ints", varargs = true): number[] {
  if (!(v instanceof PyTuple || v instanceof PyList)) {
    const n = varargs ? intValue(v) : null;
    if (n === null) throw typeError(`${fn}(): argument 'size' (position 1) must be tuple of ${kind}, not ${typeName(v)}`);
    return [n];
  }
  return v.items.map((item, i) => {
    const n = intValue(item);
    if (n === null) throw typeError(`${fn}(): argument 'size' must be tuple of ${kind}, but found element of type ${typeName(item)} at pos ${i + 1}`);
    return n;
  });
}

/** Python's own types stand for dtypes too: `dtype=float` is torch.float64. */
const PYTHON_TYPE_DTYPES: Record<string, E.DType> = { int: "int64", float: "float64", bool: "bool" };

export function dtypeArg(fn: string, v: Value | undefined): E.DType | undefined {
  if (v === undefined || v === null) return undefined;
  const d = dtypeOf(v) ?? (v instanceof PyBuiltin ? PYTHON_TYPE_DTYPES[v.name] : undefined);
  if (!d) throw typeError(`${fn}(): argument 'dtype' must be torch.dtype, not ${typeName(v)}`);
  return d;
}

function checkDevice(v: Value | undefined): void {
  if (typeof v === "string" && v.startsWith("cuda")) throw new PyException("AssertionError", "Torch not compiled with CUDA enabled");
}

export interface FactoryOptions {
  dtype: E.DType | undefined;
  requiresGrad: boolean;
  generator: E.Generator;
}

const OPTION_NAMES = ["dtype?", "layout?", "device?", "pin_memory?", "requires_grad?"];

function isSequence(v: Value): boolean {
  return v instanceof PyTuple || v instanceof PyList;
}

/**
 * Binds a factory's own parameters (`params`, positional or keyword) and the keyword options every
 * factory takes; `random` factories also take `generator=`, and `varargs` ones take their size as
 * separate ints (`zeros(2, 3)`). A call that fits no overload raises PyTorch's error for it.
 */
export function parseFactory(
  fn: string, params: readonly string[], args: readonly Value[], kwargs: Kwargs,
  { random = false, varargs = false } = {},
): [(Value | undefined)[], FactoryOptions] {
  const bound = varargs && args.length > 1 && !isSequence(args[0]) ? [new PyTuple(args)] : args;
  const invalid = (error: () => PyException): PyException => (hasOverloads(fn) ? invalidCombination(fn, args, kwargs) : error());
  if (bound.length > params.length) {
    throw invalid(() => typeError(`${fn}() takes ${params.length} positional argument${params.length === 1 ? "" : "s"} but ${args.length} were given`));
  }
  const names = [...params, ...OPTION_NAMES, ...(random ? ["generator?"] : [])];
  let values: (Value | undefined)[];
  try {
    values = parseArgs(fn, names, bound, kwargs);
  } catch (error) {
    throw invalid(() => error as PyException);
  }
  const [dtype, , device, , requiresGrad, generator] = values.slice(params.length);
  checkDevice(device);
  let options: FactoryOptions;
  try {
    options = {
      dtype: dtypeArg(fn, dtype),
      requiresGrad: requiresGrad !== undefined && requiresGrad !== null && truthy(requiresGrad),
      generator: generatorOf(fn, generator),
    };
  } catch (error) {
    throw invalid(() => error as PyException);
  }
  return [values.slice(0, params.length), options];
}

/**
 * Finishes a factory's new tensor: version 0 (PyTorch samples into it below the autograd layer, so
 * that in-place fill does not count), and a leaf that requires grad when asked, with PyTorch's dtype check.
 */
export function withRequiresGrad(t: Tensor, requiresGrad: boolean): Tensor {
  t.storage.version = 0;
  if (!requiresGrad) return t;
  if (!E.isFloating(t.dtype)) throw E.runtimeError("Only Tensors of floating point and complex dtype can require gradients");
  t.requiresGrad = true;
  return t;
}
