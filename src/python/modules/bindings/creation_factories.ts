// torch.tensor, zeros/ones/full/empty and their *_like and Tensor.new_* forms, arange, linspace,
// eye: PyTorch's signatures, defaults and dtype inference.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { typeError, valueError } from "../../errors";
import { asScalar } from "../../operators";
import { typeName } from "../../repr";
import { Kwargs, NativeImpl, PyList, PyTuple, Value } from "../../values";
import type { TensorMethod } from "../binding";
import { invalidCombination } from "./factory_overloads";
import { dtypeArg, intArg, numberArg, parseFactory, sizeArg, tensorScalar, withRequiresGrad } from "./factory_args";
import { numpyArrayAsTensor } from "../numpy_torch";

/** A one-element tensor inside a list counts as the Python number it holds. */
function elementScalar(t: Tensor): E.Scalar {
  if (t.numel !== 1) throw valueError("only one element tensors can be converted to Python scalars");
  return tensorScalar(t);
}

function nestedData(v: Value): E.NestedData {
  if (v instanceof Tensor) return elementScalar(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(nestedData);
  const s = asScalar(v);
  if (s !== null) return s;
  if (typeof v === "string") throw typeError("new(): invalid data type 'str'");
  throw E.runtimeError(`Could not infer dtype of ${typeName(v)}`);
}

/** Python data as a new tensor; a tensor is copied (keeping its dtype unless one is given). */
export function tensorOf(data: Value, dtype: E.DType | undefined): Tensor {
  if (data instanceof Tensor) return E.tensorFromData(data, dtype ?? data.dtype);
  const array = numpyArrayAsTensor(data);
  if (array !== null) return dtype === undefined || dtype === array.dtype ? array : E.tensorFromData(array, dtype);
  return E.tensorFromData(nestedData(data), dtype);
}

const COPY_WARNING = (source: string) =>
  `To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than ${source}(sourceTensor).`;

function tensorFactory(args: Value[], kwargs: Kwargs): Value {
  const [[data], options] = parseFactory("tensor", ["data"], args, kwargs);
  if (data instanceof Tensor) E.warn("UserWarning", COPY_WARNING("torch.tensor"));
  return withRequiresGrad(tensorOf(data!, options.dtype), options.requiresGrad);
}

/** torch.as_tensor: a tensor of the asked dtype is returned as it is, not copied. */
function asTensor(args: Value[], kwargs: Kwargs): Value {
  const [data, dtypeValue] = parseArgs("as_tensor", ["data", "dtype?", "device?"], args, kwargs);
  const dtype = dtypeArg("as_tensor", dtypeValue);
  if (data instanceof Tensor && (dtype === undefined || dtype === data.dtype)) return data;
  return tensorOf(data!, dtype);
}

/** The dtype a fill value implies: bool, int64 or the default float32. */
function fillDType(value: E.Scalar): E.DType {
  return typeof value === "boolean" ? "bool" : typeof value === "number" ? "int64" : "float32";
}

function filled(fn: string, value: number): NativeImpl {
  return (args, kwargs) => {
    const [[size], options] = parseFactory(fn, ["size"], args, kwargs, { varargs: true });
    return withRequiresGrad(E.full(sizeArg(fn, size!, "SymInts"), value, options.dtype ?? "float32"), options.requiresGrad);
  };
}

function full(args: Value[], kwargs: Kwargs): Value {
  const [[size, fill], options] = parseFactory("full", ["size", "fill_value"], args, kwargs);
  const value = numberArg("full", "fill_value", 2, fill!);
  const t = E.full(sizeArg("full", size!, "SymInts", false), E.scalarValue(value), options.dtype ?? fillDType(value));
  return withRequiresGrad(t, options.requiresGrad);
}

export function tensorInput(fn: string, v: Value | undefined): Tensor {
  if (!(v instanceof Tensor)) throw typeError(`${fn}(): argument 'input' (position 1) must be Tensor, not ${typeName(v ?? null)}`);
  return v;
}

/** zeros_like and friends: the input's shape, and its dtype unless `dtype=` says otherwise. */
function filledLike(fn: string, value: number | null): NativeImpl {
  const params = value === null ? ["input", "fill_value", "memory_format?"] : ["input", "memory_format?"];
  return (args, kwargs) => {
    const [[input, fill], options] = parseFactory(fn, params, args, kwargs);
    const like = tensorInput(fn, input);
    const v = value ?? E.scalarValue(numberArg(fn, "fill_value", 2, fill!));
    return withRequiresGrad(E.full(like.shape, v, options.dtype ?? like.dtype), options.requiresGrad);
  };
}

/** torch.arange(end) or arange(start, end, step=1): int64 unless a bound or the step is a float. */
function arange(args: Value[], kwargs: Kwargs): Value {
  const [[first, second, third], options] = parseFactory("arange", ["start", "end?", "step?"], args, kwargs);
  const given = second === undefined ? [first!] : [first!, second, third ?? 1];
  const names = second === undefined ? ["end"] : ["start", "end", "step"];
  // With several arguments two overloads fit their count, so a bad one reports both.
  const number = (v: Value, i: number) => {
    try {
      return numberArg("arange", names[i], i + 1, v);
    } catch (error) {
      throw given.length > 1 ? invalidCombination("arange", args, kwargs) : error;
    }
  };
  const numbers = given.map(number);
  const [start, end, step] = numbers.length === 1 ? [0, numbers[0], 1] : numbers;
  const dtype = options.dtype ?? (numbers.some((n) => typeof n === "object") ? "float32" : "int64");
  const t = E.arange(E.scalarValue(start), E.scalarValue(end), E.scalarValue(step), dtype);
  return withRequiresGrad(t, options.requiresGrad);
}

function linspace(args: Value[], kwargs: Kwargs): Value {
  const [[start, end, steps], options] = parseFactory("linspace", ["start", "end", "steps"], args, kwargs);
  const t = E.linspace(
    E.scalarValue(numberArg("linspace", "start", 1, start!)), E.scalarValue(numberArg("linspace", "end", 2, end!)),
    intArg("linspace", "steps", 3, steps!), options.dtype ?? "float32");
  return withRequiresGrad(t, options.requiresGrad);
}

function eye(args: Value[], kwargs: Kwargs): Value {
  const [[n, m], options] = parseFactory("eye", ["n", "m?"], args, kwargs);
  const rows = intArg("eye", "n", 1, n!);
  const columns = m === undefined || m === null ? rows : intArg("eye", "m", 2, m);
  return withRequiresGrad(E.eye(rows, columns, options.dtype ?? "float32"), options.requiresGrad);
}

export const creationFunctions = new Map<string, NativeImpl>([
  ["tensor", tensorFactory],
  ["as_tensor", asTensor],
  ["zeros", filled("zeros", 0)],
  ["ones", filled("ones", 1)],
  // Fresh memory holds arbitrary bytes in PyTorch; zeros are one valid choice.
  ["empty", filled("empty", 0)],
  ["full", full],
  ["zeros_like", filledLike("zeros_like", 0)],
  ["ones_like", filledLike("ones_like", 1)],
  ["empty_like", filledLike("empty_like", 0)],
  ["full_like", filledLike("full_like", null)],
  ["arange", arange],
  ["linspace", linspace],
  ["eye", eye],
]);

/** Tensor.new_zeros and friends: like the torch factories, with `self`'s dtype as the default. */
function newFilled(fn: string, value: number | null): TensorMethod {
  const params = value === null ? ["size", "fill_value"] : ["size"];
  return (self, args, kwargs) => {
    const [[size, fill], options] = parseFactory(fn, params, args, kwargs, { varargs: value !== null });
    const v = value ?? E.scalarValue(numberArg(fn, "fill_value", 2, fill!));
    return withRequiresGrad(E.full(sizeArg(fn, size!, "SymInts", value !== null), v, options.dtype ?? self.dtype), options.requiresGrad);
  };
}

function newTensor(self: Tensor, args: Value[], kwargs: Kwargs): Value {
  const [[data], options] = parseFactory("new_tensor", ["data"], args, kwargs);
  if (data instanceof Tensor) E.warn("UserWarning", COPY_WARNING("tensor.new_tensor"));
  return withRequiresGrad(tensorOf(data!, options.dtype ?? self.dtype), options.requiresGrad);
}

export const creationMethods = new Map<string, TensorMethod>([
  ["new_zeros", newFilled("new_zeros", 0)],
  ["new_ones", newFilled("new_ones", 1)],
  ["new_empty", newFilled("new_empty", 0)],
  ["new_full", newFilled("new_full", null)],
  ["new_tensor", newTensor],
]);
