// The `numpy` module, as far as autograd tutorials use it beside tensors: arrays with NumPy 1.24's
// dtypes, promotion, broadcasting, printing and errors; ufuncs, reductions, shape functions,
// matmul/dot, and numpy.random's legacy generator.

import { Tensor } from "../../engine";
import { parseArgs } from "../args";
import { typeError, valueError, zeroDivision } from "../errors";
import { truthy } from "../protocols";
import { Kwargs, NativeImpl, PyBuiltin, PyFloat, PyList, PyModule, PyTuple, Value } from "../values";
import { arrayFrom, asTensor, copyAs, fromValues, NdArray, ndarrayClass, scalarValue, wrap } from "./numpy_array";
import { dtypeFrom, dtypeObjects, NpDType, pythonScalarDType, scalarTypes } from "./numpy_dtype";
import { clip, installArrayClasses, Method, methods, sizesFrom, writeResult } from "./numpy_methods";
import { createNumpyRandom } from "./numpy_random";
import { axesOf } from "./numpy_reduce";
import { concatenate, dot, expandDims, flatValues, matmul, stack } from "./numpy_shape";
import { binarySpecs, binaryTensor, binaryUfunc, unarySpecs, unaryTensor, unaryUfunc, where } from "./numpy_ufunc";
import { toDouble, toIndex } from "./numbers";

function dtypeArg(v: Value | undefined): NpDType | undefined {
  return v === undefined || v === null ? undefined : dtypeFrom(v);
}

function nd(v: Value): NdArray {
  return v instanceof NdArray ? v : new NdArray(asTensor(v));
}

/** zeros/ones/empty (value given) and full (value from fill_value). */
function filled(name: string, value: number | null): NativeImpl {
  const names = value === null ? ["shape", "fill_value", "dtype?", "order?"] : ["shape", "dtype?", "order?"];
  return (args, kwargs) => {
    const parsed = parseArgs(name, names, args, kwargs);
    const [shape, fill, dtype] = value === null ? parsed : [parsed[0], undefined, parsed[1]];
    const sizes = sizesFrom([shape!]);
    if (sizes.some((n) => n < 0)) throw valueError("negative dimensions are not allowed");
    const resolved = dtypeArg(dtype) ?? (value === null ? pythonScalarDType(fill!) ?? "float64" : "float64");
    return new NdArray(fromValues(new Array(sizes.reduce((a, b) => a * b, 1)).fill(value ?? toDouble(fill!)), sizes, resolved));
  };
}

/** zeros_like/ones_like/empty_like and full_like: the shape and dtype of another array. */
function like(name: string, value: number | null): NativeImpl {
  const names = value === null ? ["a", "fill_value", "dtype?"] : ["a", "dtype?"];
  return (args, kwargs) => {
    const parsed = parseArgs(name, names, args, kwargs);
    const [a, fill, dtype] = value === null ? parsed : [parsed[0], undefined, parsed[1]];
    const t = asTensor(a!);
    return new NdArray(fromValues(new Array(t.numel).fill(value ?? toDouble(fill!)), t.shape, dtypeArg(dtype) ?? t.dtype));
  };
}

function arange(args: Value[], kwargs: Kwargs): Value {
  const [a, b, s, dtype] = parseArgs("arange", ["start", "stop?", "step?", "dtype?"], args, kwargs);
  const [start, stop] = b === undefined || b === null ? [0, a!] : [a!, b];
  const step = s ?? 1;
  const inferred = [start, stop, step].map((v) => pythonScalarDType(v) ?? (v instanceof NdArray ? v.dtype : "float64"))
    .some((d) => d === "float64" || d === "float32") ? "float64" : "int64";
  const [x0, x1, dx] = [start, stop, step].map(toDouble);
  if (dx === 0) throw zeroDivision("division by zero");
  const n = Math.max(0, Math.ceil((x1 - x0) / dx));
  const delta = x0 + dx - x0;
  const values = Array.from({ length: n }, (_, i) => x0 + i * delta);
  return new NdArray(fromValues(values, [n], dtypeArg(dtype) ?? inferred));
}

function linspace(args: Value[], kwargs: Kwargs): Value {
  const [start, stop, num, endpoint, retstep, dtype] = parseArgs("linspace", ["start", "stop", "num?", "endpoint?", "retstep?", "dtype?", "axis?"], args, kwargs);
  const n = num === undefined ? 50 : Number(toIndex(num));
  if (n < 0) throw valueError(`Number of samples, ${n}, must be non-negative.`);
  const closed = endpoint === undefined || truthy(endpoint);
  const [x0, x1] = [toDouble(start!), toDouble(stop!)];
  const div = closed ? n - 1 : n;
  const delta = x1 - x0;
  const step = div > 0 ? delta / div : NaN;
  const values = Array.from({ length: n }, (_, i) => (div > 0 ? (step === 0 ? (i / div) * delta : i * step) : i * delta) + x0);
  if (closed && n > 1) values[n - 1] = x1;
  const array = new NdArray(fromValues(values, [n], dtypeArg(dtype) ?? "float64"));
  return retstep !== undefined && truthy(retstep) ? new PyTuple([array, new PyFloat(step)]) : array;
}

function eye(args: Value[], kwargs: Kwargs): Value {
  const [rows, cols, diagonal, dtype] = parseArgs("eye", ["N", "M?", "k?", "dtype?"], args, kwargs);
  const n = Number(toIndex(rows!));
  const m = cols === undefined || cols === null ? n : Number(toIndex(cols));
  const k = diagonal === undefined ? 0 : Number(toIndex(diagonal));
  const values = Array.from({ length: n * m }, (_, i) => (Math.floor(i / m) + k === i % m ? 1 : 0));
  return new NdArray(fromValues(values, [n, m], dtypeArg(dtype) ?? "float64"));
}

function closeness(args: Value[], kwargs: Kwargs, name: string): NdArray {
  const [a, b, rtol, atol, equalNan] = parseArgs(name, ["a", "b", "rtol?", "atol?", "equal_nan?"], args, kwargs);
  const r = rtol === undefined ? 1e-5 : toDouble(rtol);
  const t = atol === undefined ? 1e-8 : toDouble(atol);
  const nanEqual = equalNan !== undefined && truthy(equalNan);
  const diff = unaryUfunc("absolute", binaryUfunc("subtract", a!, b!));
  const bound = binaryUfunc("add", new PyFloat(t), binaryUfunc("multiply", new PyFloat(r), unaryUfunc("absolute", b!)));
  const close = nd(binaryUfunc("less_equal", diff, bound));
  const [x, y] = [copyAs(asTensor(a!), "float64"), copyAs(asTensor(b!), "float64")];
  const data = close.t.dim === 0 ? null : close.t.storage.data;
  const result = data ?? new Uint8Array([close.t.at(0)]);
  for (let i = 0; i < result.length; i++) {
    const xi = x.numel === 1 ? x.at(0) : x.at(i);
    const yi = y.numel === 1 ? y.at(0) : y.at(i);
    if (xi === yi) result[i] = 1;
    else if (Number.isNaN(xi) && Number.isNaN(yi)) result[i] = nanEqual ? 1 : 0;
  }
  return data === null ? new NdArray(fromValues(result, [], "bool")) : close;
}

function asMethod(name: string, method: Method, names: string[] = ["a"]): NativeImpl {
  return (args, kwargs) => {
    const rest = new Map(kwargs ?? []);
    const a = args[0] ?? rest.get(names[0]);
    rest.delete(names[0]);
    if (a === undefined) throw typeError(`${name}() missing required argument '${names[0]}' (pos 1)`);
    return method(nd(a), args.slice(1), rest.size === 0 ? null : rest);
  };
}

function sortValues(args: Value[], kwargs: Kwargs, indices: boolean): Value {
  const [a, axis] = parseArgs(indices ? "argsort" : "sort", ["a", "axis?", "kind?", "order?"], args, kwargs);
  const t = asTensor(a!);
  if (axis !== undefined && axis !== null && axesOf(axis, t.dim)[0] !== t.dim - 1) {
    throw valueError("Autograd Lens's numpy sorts along the last axis only");
  }
  const n = t.dim === 0 ? 1 : t.shape[t.dim - 1];
  const rows = t.numel / Math.max(n, 1);
  const out: number[] = [];
  for (let row = 0; row < rows; row++) {
    const items = Array.from({ length: n }, (_, i) => [t.at(row * n + i), i] as [number, number]);
    items.sort((p, q) => (p[0] !== p[0] ? 1 : q[0] !== q[0] ? -1 : p[0] - q[0] || p[1] - q[1]));
    out.push(...items.map(([v, i]) => (indices ? i : v)));
  }
  return new NdArray(fromValues(out, t.shape, indices ? "int64" : t.dtype));
}

function moduleFunctions(): Record<string, NativeImpl> {
  const table: Record<string, NativeImpl> = {
    array: (args, kwargs) => {
      const [object, dtype, , , , ndmin] = parseArgs("array", ["object", "dtype?", "copy?", "order?", "subok?", "ndmin?"], args, kwargs);
      let t = arrayFrom(object!, dtypeArg(dtype));
      const rank = ndmin === undefined ? 0 : Number(toIndex(ndmin));
      while (t.dim < rank) t = t.view([1, ...t.shape], [0, ...t.strides], t.offset);
      return new NdArray(t);
    },
    asarray: (args, kwargs) => {
      const [a, dtype] = parseArgs("asarray", ["a", "dtype?", "order?"], args, kwargs);
      return new NdArray(asTensor(a!, dtypeArg(dtype)));
    },
    copy: (args) => new NdArray(arrayFrom(args[0])),
    zeros: filled("zeros", 0),
    ones: filled("ones", 1),
    empty: filled("empty", 0),
    full: filled("full", null),
    zeros_like: like("zeros_like", 0),
    ones_like: like("ones_like", 1),
    empty_like: like("empty_like", 0),
    full_like: like("full_like", null),
    arange,
    linspace,
    eye,
    identity: (args, kwargs) => {
      const [n, dtype] = parseArgs("identity", ["n", "dtype?"], args, kwargs);
      return eye(dtype === undefined ? [n!] : [n!, null, 0, dtype], null);
    },
    concatenate: (args, kwargs) => {
      const [arrays, axis] = parseArgs("concatenate", ["arrays", "axis?"], args, kwargs);
      return concatenate(sequence(arrays!), axis === undefined ? 0 : Number(toIndex(axis!)));
    },
    stack: (args, kwargs) => {
      const [arrays, axis] = parseArgs("stack", ["arrays", "axis?"], args, kwargs);
      return stack(sequence(arrays!), axis === undefined ? 0 : Number(toIndex(axis!)));
    },
    vstack: (args) => concatenate(sequence(args[0]).map((a) => atLeast2d(a)), 0),
    hstack: (args) => {
      const arrays = sequence(args[0]);
      return concatenate(arrays, asTensor(arrays[0]).dim === 1 ? 0 : 1);
    },
    expand_dims: (args, kwargs) => {
      const [a, axis] = parseArgs("expand_dims", ["a", "axis"], args, kwargs);
      return new NdArray(expandDims(asTensor(a!), Number(toIndex(axis!))));
    },
    where: (args, kwargs) => {
      const [condition, x, y] = parseArgs("where", ["condition", "x?", "y?"], args, kwargs);
      if (x === undefined || y === undefined) throw valueError("Autograd Lens's numpy needs where(condition, x, y)");
      return where(condition!, x, y);
    },
    clip: (args, kwargs) => {
      const [a, low, high] = parseArgs("clip", ["a", "a_min", "a_max", "out?"], args, kwargs);
      return clip(a!, low!, high!);
    },
    dot: (args) => dot(args[0], args[1], (a, b) => binaryUfunc("multiply", a, b)),
    matmul: (args) => matmul(args[0], args[1]),
    outer: (args) => {
      const [a, b] = args.map((v) => flatValues(asTensor(v)));
      return binaryUfunc("multiply", new NdArray(a.view([a.numel, 1], [1, 0], 0)), new NdArray(b));
    },
    isclose: (args, kwargs) => wrap(closeness(args, kwargs, "isclose").t),
    allclose: (args, kwargs) => methods.all(closeness(args, kwargs, "allclose"), [], null),
    array_equal: (args) => {
      const [a, b] = args.map((v) => asTensor(v));
      if (a.shape.join() !== b.shape.join()) return false;
      for (let i = 0; i < a.numel; i++) if (a.at(i) !== b.at(i)) return false;
      return true;
    },
    sort: (args, kwargs) => sortValues(args, kwargs, false),
    argsort: (args, kwargs) => sortValues(args, kwargs, true),
    shape: (args) => new PyTuple([...asTensor(args[0]).shape]),
    size: (args) => asTensor(args[0]).numel,
    ndim: (args) => asTensor(args[0]).dim,
    count_nonzero: (args) => {
      const t = asTensor(args[0]);
      let count = 0;
      for (let i = 0; i < t.numel; i++) if (t.at(i) !== 0) count++;
      return count;
    },
    around: (args, kwargs) => asMethod("around", methods.round)(args, kwargs),
    round: (args, kwargs) => asMethod("round", methods.round)(args, kwargs),
    dtype: (args) => dtypeObjects.get(dtypeFrom(args[0]))!,
  };
  for (const name of ["sum", "prod", "mean", "std", "var", "max", "min", "argmax", "argmin", "cumsum", "cumprod", "all", "any", "transpose", "squeeze", "ravel"]) {
    table[name] = asMethod(name, methods[name]);
  }
  table.amax = table.max;
  table.amin = table.min;
  table.reshape = (args, kwargs) => {
    const [a, shape] = parseArgs("reshape", ["a", "newshape", "order?"], args, kwargs);
    return methods.reshape(nd(a!), [shape!], null);
  };
  for (const name of Object.keys(unarySpecs)) table[name] = (args, kwargs) => ufuncResult(name, unaryTensor(name, args[0]), kwargs);
  for (const name of Object.keys(binarySpecs)) table[name] = (args, kwargs) => ufuncResult(name, binaryTensor(name, args[0], args[1]), kwargs);
  table.abs = table.absolute;
  table.fabs = table.absolute;
  table.true_divide = table.divide;
  table.mod = table.remainder;
  return table;
}

/** A ufunc's result, or with out= that array, holding the result. */
function ufuncResult(name: string, t: Tensor, kwargs: Kwargs): Value {
  const out = kwargs?.get("out");
  if (out === undefined || out === null) return wrap(t);
  const target = out instanceof PyTuple ? out.items[0] : out;
  if (!(target instanceof NdArray)) throw typeError("return arrays must be of ArrayType");
  return writeResult(name, t, target);
}

function sequence(v: Value): Value[] {
  if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
  if (v instanceof NdArray) return Array.from({ length: v.t.shape[0] }, (_, i) => wrap(v.t.view(v.t.shape.slice(1), v.t.strides.slice(1), v.t.offset + i * v.t.strides[0])));
  throw typeError("arrays to stack must be passed as a \"sequence\" type such as list or tuple.");
}

function atLeast2d(v: Value): Value {
  const t = asTensor(v);
  return t.dim >= 2 ? v : new NdArray(t.view([1, ...t.shape], [0, ...t.strides], t.offset));
}

/** Calling np.float32(x) and friends: a scalar from a number, an array from a sequence. */
function scalarConstructor(dtype: NpDType): NativeImpl {
  return (args) => {
    const v = args[0] ?? 0;
    const t = arrayFrom(v, dtype);
    return t.dim === 0 ? scalarValue(t.at(0), dtype) : new NdArray(t);
  };
}

export function createNumpyModule(): PyModule {
  installArrayClasses();
  const attributes = new Map<string, Value>();
  for (const [name, impl] of Object.entries(moduleFunctions())) attributes.set(name, new PyBuiltin(name, impl));
  for (const [dtype, type] of scalarTypes) {
    type.construct = scalarConstructor(dtype);
    attributes.set(type.name, type);
  }
  const aliases: [string, NpDType][] = [["float_", "float64"], ["double", "float64"], ["single", "float32"], ["int_", "int64"], ["intc", "int32"]];
  for (const [alias, dtype] of aliases) attributes.set(alias, scalarTypes.get(dtype)!);
  const constants: [string, Value][] = [
    ["pi", new PyFloat(Math.PI)], ["e", new PyFloat(Math.E)], ["inf", new PyFloat(Infinity)], ["Inf", new PyFloat(Infinity)],
    ["nan", new PyFloat(NaN)], ["NaN", new PyFloat(NaN)], ["newaxis", null], ["euler_gamma", new PyFloat(0.5772156649015329)],
    ["ndarray", ndarrayClass], ["random", createNumpyRandom()], ["__version__", "1.24.2"],
  ];
  for (const [name, value] of constants) attributes.set(name, value);
  return new PyModule("numpy", attributes);
}
