// The ndarray class: Python's protocols (repr, len, iteration, indexing, operators, conversions)
// and NumPy's methods and attributes, installed into ndarrayClass and np.float32's class.

import { Tensor } from "../../engine";
import { parseArgs } from "../args";
import { NOT_IMPLEMENTED, PyClass, PyProperty } from "../classes";
import { PyException, typeError, valueError } from "../errors";
import { binaryOp, BinaryOperator } from "../operators";
import { formatValue } from "../formatting";
import { truthy } from "../protocols";
import { str } from "../repr";
import { Kwargs, PyBuiltin, PyFloat, PyIterator, PyList, PyTuple, STOP, Value } from "../values";
import { copyAs, float32Class, isNumber, NdArray, ndarrayClass, scalarValue, sharing, wrap } from "./numpy_array";
import { dtypeFrom, dtypeObjects, isFloatDType, ITEMSIZE } from "./numpy_dtype";
import { getIndex, setIndex } from "./numpy_index";
import { arrayRepr, arrayStr, scalarRepr } from "./numpy_print";
import {
  accumulate, accumulatorDType, argExtremum, axesOf, extremum, mean, normalizeAxis, reduceAxes, sumCombine, variance,
} from "./numpy_reduce";
import { dot, flatValues, matmul, reshape, squeeze, transpose } from "./numpy_shape";
import { binaryTensor, binaryUfunc, shapeText, unaryUfunc } from "./numpy_ufunc";
import { doubleToInt, pyInt, toIndex } from "./numbers";

export type Method = (self: NdArray, args: Value[], kwargs: Kwargs) => Value;

/** The Python number a one-element array converts to (float(), int(), item()). */
function pythonNumber(t: Tensor, value: number): Value {
  if (t.dtype === "bool") return value !== 0;
  if (isFloatDType(t.dtype)) return new PyFloat(value);
  return Number.isSafeInteger(value) ? value : pyInt(BigInt(value));
}

function single(self: NdArray): number {
  if (self.t.numel !== 1) throw typeError("only size-1 arrays can be converted to Python scalars");
  return self.t.at(0);
}

export function toList(t: Tensor, offset = t.offset, axis = 0): Value {
  if (axis === t.dim) return pythonNumber(t, t.storage.data[offset]);
  const items: Value[] = [];
  for (let i = 0; i < t.shape[axis]; i++) items.push(toList(t, offset + i * t.strides[axis], axis + 1));
  return new PyList(items);
}

function shapeOf(t: Tensor): PyTuple {
  return new PyTuple([...t.shape]);
}

/** Sizes given as varargs (`reshape(2, 3)`) or as one sequence (`reshape((2, 3))`). */
export function sizesFrom(args: Value[]): number[] {
  const items = args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList) ? args[0].items : args;
  return items.map((v) => Number(toIndex(v)));
}

function keepdimsOf(kwargs: Kwargs, args: Value[], position: number): boolean {
  const v = kwargs?.get("keepdims") ?? args[position];
  return v !== undefined && truthy(v);
}

/** Reductions as methods: (axis=None, ..., keepdims=False). */
function reduction(name: string, compute: (t: Tensor, axes: number[], keepdims: boolean, kwargs: Kwargs) => Tensor): Method {
  return (self, args, kwargs) => {
    const [axis] = parseArgs(name, ["axis?", "dtype?", "out?", "keepdims?", "ddof?", "initial?", "where?"], args.slice(0, 1), kwargs);
    return wrap(compute(self.t, axesOf(axis, self.t.dim), keepdimsOf(kwargs, args, 3), kwargs));
  };
}

function ddofOf(kwargs: Kwargs): number {
  return Number(toIndex(kwargs?.get("ddof") ?? 0));
}

const reductions: Record<string, Method> = {
  sum: reduction("sum", (t, axes, keep) => reduceAxes(t, axes, keep, accumulatorDType(t.dtype), sumCombine(accumulatorDType(t.dtype)))),
  prod: reduction("prod", (t, axes, keep) => reduceAxes(t, axes, keep, accumulatorDType(t.dtype), (v) => v.reduce((a, b) => (t.dtype === "float32" ? Math.fround(a * b) : a * b), 1))),
  mean: reduction("mean", (t, axes, keep) => mean(t, axes, keep)),
  var: reduction("var", (t, axes, keep, extra) => variance(t, axes, keep, ddofOf(extra))),
  std: reduction("std", (t, axes, keep, extra) => {
    const v = variance(t, axes, keep, ddofOf(extra));
    const data = v.storage.data;
    for (let i = 0; i < data.length; i++) data[i] = Math.sqrt(data[i]);
    return v;
  }),
  max: reduction("max", (t, axes, keep) => reduceAxes(t, axes, keep, t.dtype, extremum("maximum", t.dtype))),
  min: reduction("min", (t, axes, keep) => reduceAxes(t, axes, keep, t.dtype, extremum("minimum", t.dtype))),
  all: reduction("all", (t, axes, keep) => reduceAxes(t, axes, keep, "bool", (v) => (v.every((x) => x !== 0) ? 1 : 0))),
  any: reduction("any", (t, axes, keep) => reduceAxes(t, axes, keep, "bool", (v) => (v.some((x) => x !== 0) ? 1 : 0))),
};

function argReduction(name: "argmax" | "argmin"): Method {
  return (self, args, kwargs) => {
    const [axis] = parseArgs(name, ["axis?", "out?", "keepdims?"], args, kwargs);
    const t = axis === undefined || axis === null ? flatValues(self.t) : self.t;
    const along = axis === undefined || axis === null ? 0 : normalizeAxis(Number(toIndex(axis)), t.dim);
    return wrap(reduceAxes(t, [along], keepdimsOf(kwargs, args, 2), "int64", argExtremum(name)));
  };
}

function cumulative(name: string, product: boolean): Method {
  return (self, args, kwargs) => {
    const [axis] = parseArgs(name, ["axis?", "dtype?", "out?"], args, kwargs);
    return accumulate(self.t, axis === undefined || axis === null ? null : normalizeAxis(Number(toIndex(axis)), self.t.dim), product);
  };
}

function roundTo(t: Tensor, decimals: number): Tensor {
  if (!isFloatDType(t.dtype)) return copyAs(t, t.dtype);
  const scale = 10 ** Math.abs(decimals);
  const out = copyAs(t, t.dtype);
  const data = out.storage.data;
  for (let i = 0; i < data.length; i++) {
    const y = decimals >= 0 ? data[i] * scale : data[i] / scale;
    const r = Math.round(y) - (Math.abs(y % 1) === 0.5 && Math.round(y) % 2 !== 0 ? 1 : 0);
    data[i] = decimals >= 0 ? r / scale : r * scale;
  }
  return out;
}

export function clip(a: Value, low: Value, high: Value): Value {
  const lowered = low === null ? a : binaryUfunc("maximum", a, low);
  return high === null ? lowered : binaryUfunc("minimum", lowered, high);
}

export const methods: Record<string, Method> = {
  ...reductions,
  argmax: argReduction("argmax"),
  argmin: argReduction("argmin"),
  cumsum: cumulative("cumsum", false),
  cumprod: cumulative("cumprod", true),
  reshape: (self, args) => new NdArray(reshape(self.t, sizesFrom(args))),
  transpose: (self, args) => new NdArray(transpose(self.t, args.length === 0 ? undefined : sizesFrom(args))),
  squeeze: (self, args, kwargs) => {
    const [axis] = parseArgs("squeeze", ["axis?"], args, kwargs);
    return wrap(squeeze(self.t, axis === undefined || axis === null ? undefined : axesOf(axis, self.t.dim)));
  },
  flatten: (self) => new NdArray(flatValues(self.t)),
  ravel: (self) => new NdArray(self.t.isContiguous() ? self.t.view([self.t.numel], [1], self.t.offset) : flatValues(self.t)),
  copy: (self) => new NdArray(copyAs(self.t, self.dtype), self.cls as PyClass),
  astype: (self, args, kwargs) => {
    const [dtype] = parseArgs("astype", ["dtype", "order?", "casting?", "subok?", "copy?"], args, kwargs);
    const t = copyAs(self.t, dtypeFrom(dtype!));
    return self.isScalar ? scalarValue(t.at(0), t.dtype) : new NdArray(t);
  },
  tolist: (self) => toList(self.t),
  item: (self, args) => {
    if (args.length === 0) return pythonNumber(self.t, single(self));
    const index = args.length === 1 ? Number(toIndex(args[0])) : null;
    if (index === null) throw new PyException("NotImplementedError", "item() with several indices is not supported by Autograd Lens's numpy");
    if (index < -self.t.numel || index >= self.t.numel) throw new PyException("IndexError", `index ${index} is out of bounds for size ${self.t.numel}`);
    return pythonNumber(self.t, self.t.at(index < 0 ? index + self.t.numel : index));
  },
  fill: (self, args) => {
    setIndex(self, new PyTuple([]), args[0]);
    return null;
  },
  dot: (self, args) => dot(self, args[0], (a, b) => binaryUfunc("multiply", a, b)),
  clip: (self, args, kwargs) => {
    const [low, high] = parseArgs("clip", ["min?", "max?", "out?"], args, kwargs);
    return clip(self, low ?? null, high ?? null);
  },
  round: (self, args, kwargs) => {
    const [decimals] = parseArgs("round", ["decimals?", "out?"], args, kwargs);
    return wrap(roundTo(self.t, decimals === undefined ? 0 : Number(toIndex(decimals))));
  },
  __repr__: (self) => (self.isScalar ? scalarRepr(self.t.at(0), self.dtype) : arrayRepr(self.t)),
  __str__: (self) => (self.isScalar ? scalarRepr(self.t.at(0), self.dtype) : arrayStr(self.t)),
  __len__: (self) => {
    if (self.t.dim === 0) throw typeError("len() of unsized object");
    return self.t.shape[0];
  },
  __iter__: (self) => {
    if (self.t.dim === 0) throw typeError("iteration over a 0-d array");
    let i = 0;
    return new PyIterator(() => (i < self.t.shape[0] ? getIndex(self, i++) : STOP));
  },
  __getitem__: (self, [index]) => getIndex(self, index),
  __setitem__: (self, [index, value]) => {
    setIndex(self, index, value);
    return null;
  },
  __bool__: (self) => {
    if (self.t.numel > 1) throw valueError("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()");
    return self.t.numel === 1 && self.t.at(0) !== 0;
  },
  __float__: (self) => new PyFloat(single(self)),
  __int__: (self) => doubleToInt(single(self)),
  __index__: (self) => {
    if (isFloatDType(self.dtype) || self.t.numel !== 1) throw typeError("only integer scalar arrays can be converted to a scalar index");
    return pythonNumber(self.t, self.t.at(0));
  },
  // Scalars format as the Python number they convert to (f"{np.float32(0.1)}" shows all its digits).
  __format__: (self, [spec]) => {
    if (spec === "" && !self.isScalar) return arrayStr(self.t);
    if (self.t.dim !== 0) throw typeError("unsupported format string passed to numpy.ndarray.__format__");
    return formatValue(pythonNumber(self.t, self.t.at(0)), str(spec));
  },
  __round__: (self, [digits]) => (digits === undefined || digits === null
    ? doubleToInt(roundTo(self.t, 0).at(0))
    : wrap(roundTo(self.t, Number(toIndex(digits))))),
  __neg__: (self) => unaryUfunc("negative", self),
  __pos__: (self) => unaryUfunc("positive", self),
  __abs__: (self) => unaryUfunc("absolute", self),
  __invert__: (self) => (self.dtype === "bool" ? unaryUfunc("logical_not", self) : binaryUfunc("subtract", -1, self)),
};

/** Each Python operator on arrays, as its ufunc (the reflected one with the operands swapped). */
const operators: [BinaryOperator, string, string][] = [
  ["+", "add", "__add__"], ["-", "subtract", "__sub__"], ["*", "multiply", "__mul__"], ["/", "divide", "__truediv__"],
  ["//", "floor_divide", "__floordiv__"], ["%", "remainder", "__mod__"], ["**", "power", "__pow__"],
  ["&", "bitwise_and", "__and__"], ["|", "bitwise_or", "__or__"], ["^", "bitwise_xor", "__xor__"],
];

const comparisons: [string, string][] = [
  ["__lt__", "less"], ["__le__", "less_equal"], ["__gt__", "greater"], ["__ge__", "greater_equal"], ["__eq__", "equal"], ["__ne__", "not_equal"],
];

/** What an operand of an array operator may be: arrays, Python numbers, lists of numbers. */
function acceptable(v: Value): boolean {
  return v instanceof NdArray || isNumber(v) || v instanceof PyList || v instanceof PyTuple;
}

/** A ufunc's result written into `target` (out=, `a += b`), which must hold its kind and shape. */
export function writeResult(ufunc: string, t: Tensor, target: NdArray): NdArray {
  if ((isFloatDType(t.dtype) && !isFloatDType(target.dtype)) || (t.dtype !== "bool" && target.dtype === "bool")) {
    throw new PyException("UFuncTypeError", `Cannot cast ufunc '${ufunc}' output from dtype('${t.dtype}') to dtype('${target.dtype}') with casting rule 'same_kind'`);
  }
  if (t.shape.join() !== target.t.shape.join()) {
    throw valueError(`non-broadcastable output operand with shape ${shapeText(target.t.shape, false)} doesn't match the broadcast shape ${shapeText(t.shape, false)}`);
  }
  setIndex(target, new PyTuple([]), new NdArray(t));
  return target;
}

function inPlace(ufunc: string): Method {
  return (self, [other]) => writeResult(ufunc, binaryTensor(ufunc, self, other), self);
}

function operatorMethods(): Record<string, Method> {
  const table: Record<string, Method> = {};
  for (const [symbol, ufunc, dunder] of operators) {
    const reflected = dunder.replace("__", "__r");
    // array op tensor: NumPy 1.24 declines (Tensor's __array_priority__), and so does Tensor.
    table[dunder] = (self, [other]) => (acceptable(other) ? binaryUfunc(ufunc, self, other) : NOT_IMPLEMENTED);
    // tensor op array: PyTorch converts the array, giving a tensor.
    table[reflected] = (self, [other]) => {
      if (other instanceof Tensor) return binaryOp(symbol, other, sharing(self.t));
      return acceptable(other) ? binaryUfunc(ufunc, other, self) : NOT_IMPLEMENTED;
    };
  }
  for (const [dunder, ufunc] of comparisons) {
    table[dunder] = (self, [other]) => (acceptable(other) ? binaryUfunc(ufunc, self, other) : ufunc === "equal" ? false : ufunc === "not_equal" ? true : NOT_IMPLEMENTED);
  }
  table.__matmul__ = (self, [other]) => (acceptable(other) ? matmul(self, other) : NOT_IMPLEMENTED);
  table.__rmatmul__ = (self, [other]) => (other instanceof Tensor ? binaryOp("@", other, sharing(self.t)) : matmul(other, self));
  table.__iadd__ = inPlace("add");
  table.__isub__ = inPlace("subtract");
  table.__imul__ = inPlace("multiply");
  table.__itruediv__ = inPlace("divide");
  return table;
}

const properties: Record<string, (self: NdArray) => Value> = {
  shape: (self) => shapeOf(self.t),
  dtype: (self) => dtypeObjects.get(self.dtype)!,
  ndim: (self) => self.t.dim,
  size: (self) => self.t.numel,
  itemsize: (self) => ITEMSIZE[self.dtype],
  nbytes: (self) => ITEMSIZE[self.dtype] * self.t.numel,
  T: (self) => new NdArray(transpose(self.t)),
};

function install(cls: PyClass, table: Record<string, Method>): void {
  for (const [name, f] of Object.entries(table)) {
    cls.dict.set(name, new PyBuiltin(name, (args, kwargs) => f(args[0] as NdArray, args.slice(1), kwargs)));
  }
  for (const [name, f] of Object.entries(properties)) {
    cls.dict.set(name, new PyProperty(new PyBuiltin(name, (args) => f(args[0] as NdArray))));
  }
}

/** Fills ndarray's and np.float32's class dictionaries (once: the classes are shared). */
export function installArrayClasses(): void {
  if (ndarrayClass.dict.size > 0) return;
  const all = { ...methods, ...operatorMethods() };
  install(ndarrayClass, all);
  const arrayOnly = ["__len__", "__iter__", "__getitem__", "__setitem__", "fill", "__iadd__", "__isub__", "__imul__", "__itruediv__"];
  install(float32Class, Object.fromEntries(Object.entries(all).filter(([name]) => !arrayOnly.includes(name))));
}
