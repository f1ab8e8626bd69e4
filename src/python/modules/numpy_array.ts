// The ndarray: an engine Tensor (typed-array storage, shape, strides, offset; never tracked by
// autograd) seen through NumPy's semantics. torch.from_numpy and Tensor.numpy share its storage.
// Float32 scalars are 0-d arrays of their own class; float64, int and bool scalars are the
// interpreter's Python floats, ints and bools, which NumPy's scalars behave like.

import { allocate, Tensor, TensorStorage } from "../../engine";
import { PyClass, PyInstance } from "../classes";
import { PyException, typeError, valueError } from "../errors";
import { typeName } from "../repr";
import { PyFloat, PyList, PyTuple, Value } from "../values";
import { NpDType, Operand, promote, pythonScalarDType, scalarTypes } from "./numpy_dtype";
import { isPyInt } from "./numbers";

/** The class of arrays; its methods are installed when the numpy module is created. */
export const ndarrayClass = new PyClass("ndarray", [], new Map(), "numpy");

/** np.float32: the one scalar type represented by an array object. */
export const float32Class = scalarTypes.get("float32")!;

export class NdArray extends PyInstance {
  constructor(readonly t: Tensor, cls: PyClass = ndarrayClass) {
    super(cls);
  }

  get dtype(): NpDType {
    return this.t.dtype;
  }

  get isScalar(): boolean {
    return this.cls !== ndarrayClass;
  }
}

/** A fresh contiguous tensor of `dtype` holding `t`'s values, cast as C casts them. */
export function copyAs(t: Tensor, dtype: NpDType): Tensor {
  const out = allocate(dtype, t.numel);
  const cast = caster(dtype);
  forEachPosition(t, (position, i) => {
    out[i] = cast(t.storage.data[position]);
  });
  return Tensor.fromStorage(out, t.shape, dtype);
}

/** The store conversion to `dtype` that a typed array does not do by itself. */
export function caster(dtype: NpDType): (x: number) => number {
  if (dtype === "int64") return (x) => (Number.isFinite(x) ? Math.trunc(x) : x !== x ? -(2 ** 63) : x > 0 ? 2 ** 63 : -(2 ** 63));
  if (dtype === "bool") return (x) => (x !== 0 ? 1 : 0);
  return identity;
}

function identity(x: number): number {
  return x;
}

/** Calls f(storagePosition, rowMajorIndex) for every element of `t`. */
export function forEachPosition(t: Tensor, f: (position: number, i: number) => void): void {
  const rank = t.dim;
  if (t.isContiguous()) {
    for (let i = 0; i < t.numel; i++) f(t.offset + i, i);
    return;
  }
  const index = new Array<number>(rank).fill(0);
  let position = t.offset;
  for (let i = 0; i < t.numel; i++) {
    f(position, i);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      position += t.strides[d];
      if (index[d] < t.shape[d]) break;
      position -= t.strides[d] * t.shape[d];
      index[d] = 0;
    }
  }
}

export function fromValues(values: ArrayLike<number>, shape: readonly number[], dtype: NpDType): Tensor {
  const data = allocate(dtype, values.length);
  const cast = caster(dtype);
  for (let i = 0; i < values.length; i++) data[i] = cast(values[i]);
  return Tensor.fromStorage(data, shape, dtype);
}

export function scalarTensor(value: number, dtype: NpDType): Tensor {
  return fromValues([value], [], dtype);
}

/** A NumPy scalar as the interpreter represents it. */
export function scalarValue(value: number, dtype: NpDType): Value {
  switch (dtype) {
    case "float64": return new PyFloat(value);
    case "float32": return new NdArray(scalarTensor(value, "float32"), float32Class);
    case "bool": return value !== 0;
    default: return value;
  }
}

/** The result of an operation: an array, or a scalar when NumPy returns one (0-d results). */
export function wrap(t: Tensor): Value {
  return t.dim === 0 ? scalarValue(t.storage.data[t.offset], t.dtype) : new NdArray(t);
}

interface Nested {
  shape: number[];
  values: number[];
  dtype: NpDType | null;
}

/** np.array's reading of nested lists, tuples, arrays, tensors and scalars. */
function readNested(v: Value): Nested {
  if (v instanceof NdArray) return { shape: [...v.t.shape], values: Array.from(copyAs(v.t, v.dtype).storage.data), dtype: v.dtype };
  if (v instanceof Tensor) {
    if (v.requiresGrad) throw new PyException("RuntimeError", "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    return { shape: [...v.shape], values: Array.from(copyAs(v, v.dtype).storage.data), dtype: v.dtype };
  }
  if (v instanceof PyList || v instanceof PyTuple) {
    const items = v.items.map(readNested);
    if (items.length === 0) return { shape: [0], values: [], dtype: null };
    const shape = items[0].shape;
    if (items.some((item) => item.shape.length !== shape.length || item.shape.some((n, i) => n !== shape[i]))) {
      const depth = commonDepth(items);
      throw valueError(`setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth + 1} dimensions. The detected shape was (${[items.length, ...shape.slice(0, depth)].join(", ")}${depth === 0 ? "," : ""}) + inhomogeneous part.`);
    }
    const dtypes = items.map((i) => i.dtype).filter((d): d is NpDType => d !== null);
    return { shape: [items.length, ...shape], values: items.flatMap((i) => i.values), dtype: dtypes.length === 0 ? null : dtypes.reduce(promote) };
  }
  const dtype = pythonScalarDType(v);
  if (dtype === null) throw typeError(`Autograd Lens's numpy holds numbers only, not ${typeName(v)}`);
  return { shape: [], values: [v instanceof PyFloat ? v.value : Number(v)], dtype };
}

function commonDepth(items: Nested[]): number {
  let depth = 0;
  const first = items[0].shape;
  while (depth < first.length && items.every((i) => i.shape.length > depth && i.shape[depth] === first[depth])) depth++;
  return depth;
}

/** np.array(v, dtype): always a new array. */
export function arrayFrom(v: Value, dtype?: NpDType): Tensor {
  const nested = readNested(v);
  return fromValues(nested.values, nested.shape, dtype ?? nested.dtype ?? "float64");
}

/** np.asarray(v): the array itself when it already is one of the dtype. */
export function asTensor(v: Value, dtype?: NpDType): Tensor {
  if (v instanceof NdArray && (dtype === undefined || dtype === v.dtype)) return v.t;
  return arrayFrom(v, dtype);
}

/** An operand as a ufunc sees it: its tensor and, for scalars and 0-d arrays, its value. */
export function operandOf(v: Value): [Tensor, Operand] {
  const t = asTensor(v);
  const scalar = t.dim === 0 ? t.storage.data[t.offset] : null;
  return [t, { dtype: t.dtype, scalar }];
}

/**
 * A new tensor sharing `t`'s memory (what torch.from_numpy and Tensor.numpy hand over), with a
 * version counter of its own: PyTorch never sees NumPy's writes as in-place operations.
 */
export function sharing(t: Tensor): Tensor {
  return new Tensor(new TensorStorage(t.storage.data), t.dtype, t.shape, t.strides, t.offset);
}

export function isNumber(v: Value): boolean {
  return isPyInt(v) || v instanceof PyFloat;
}
