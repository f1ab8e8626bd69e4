// The object protocols the compiled code relies on: truthiness, iteration, len, indexing.

import * as E from "../engine";
import { Tensor } from "../engine";
import { callDunder, PyInstance } from "./classes";
import { indexError, keyError, PyException, typeError } from "./errors";
import { asScalar, equals } from "./operators";
import { repr, typeName } from "./repr";
import { PyDict, PyFloat, PyIterator, PyList, PyRange, PySet, PySlice, PyTuple, STOP, Value } from "./values";

export function truthy(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case "boolean": return v;
    case "number": return v !== 0;
    case "bigint": return v !== 0n;
    case "string": return v.length > 0;
  }
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof Tensor) {
    if (v.numel !== 1) {
      throw new PyException("RuntimeError", `Boolean value of Tensor with ${v.numel === 0 ? "no values" : "more than one value"} is ambiguous`);
    }
    return v.item() !== 0;
  }
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.entries.size > 0;
  if (v instanceof PyRange) return v.length > 0;
  if (v instanceof PyInstance) {
    const custom = callDunder(v, "__bool__", []) ?? callDunder(v, "__len__", []);
    return custom === undefined ? true : truthy(custom);
  }
  return true;
}

export type Next = () => Value | typeof STOP;

export function iterate(v: Value): Next {
  if (v instanceof PyRange) {
    let current = v.start;
    const { stop, step } = v;
    return step > 0
      ? () => (current < stop ? (current += step) - step : STOP)
      : () => (current > stop ? (current += step) - step : STOP);
  }
  if (v instanceof PyList || v instanceof PyTuple) {
    let i = 0;
    return () => (i < v.items.length ? v.items[i++] : STOP);
  }
  if (v instanceof PyIterator) return v.next;
  if (typeof v === "string") {
    const chars = [...v];
    let i = 0;
    return () => (i < chars.length ? chars[i++] : STOP);
  }
  if (v instanceof PyDict) {
    const keys = [...v.entries.values()].map(([k]) => k);
    let i = 0;
    return () => (i < keys.length ? keys[i++] : STOP);
  }
  if (v instanceof PySet) {
    const items = [...v.entries.values()];
    let i = 0;
    return () => (i < items.length ? items[i++] : STOP);
  }
  if (v instanceof Tensor) {
    if (v.dim === 0) throw typeError("iteration over a 0-d tensor");
    // PyTorch iterates a tensor through unbind(0): one UnbindBackward0 node for all the rows.
    const rows = E.unbind(v, 0);
    let i = 0;
    return () => (i < rows.length ? rows[i++] : STOP);
  }
  if (v instanceof PyInstance) return instanceIterator(v);
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

/** iter() on an instance: __iter__, then __next__ until StopIteration (or __getitem__ until IndexError). */
function instanceIterator(v: PyInstance): Next {
  const iterator = callDunder(v, "__iter__", []);
  if (iterator === undefined) {
    if (v.cls.lookup("__getitem__") === undefined) throw typeError(`'${typeName(v)}' object is not iterable`);
    let i = 0;
    return () => stopOn("IndexError", () => callDunder(v, "__getitem__", [i++])!);
  }
  if (!(iterator instanceof PyInstance)) return iterate(iterator);
  return () => stopOn("StopIteration", () => {
    const next = callDunder(iterator, "__next__", []);
    if (next === undefined) throw typeError(`iter() returned non-iterator of type '${typeName(iterator)}'`);
    return next;
  });
}

function stopOn(pyType: string, next: () => Value): Value | typeof STOP {
  try {
    return next();
  } catch (error) {
    if (error instanceof PyException && error.pyType === pyType) return STOP;
    throw error;
  }
}

export function toArray(v: Value): Value[] {
  if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
  const next = iterate(v);
  const out: Value[] = [];
  for (let item = next(); item !== STOP; item = next()) out.push(item);
  return out;
}

export function length(v: Value): number {
  if (typeof v === "string") return [...v].length;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict || v instanceof PySet) return v.entries.size;
  if (v instanceof PyRange) return v.length;
  if (v instanceof Tensor) {
    if (v.dim === 0) throw typeError("len() of a 0-d tensor");
    return v.shape[0];
  }
  const custom = callDunder(v, "__len__", []);
  if (typeof custom === "number") return custom;
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

/** A hashable value's identity as a Map key: 1, 1.0 and True are the same key, as in Python. */
export function hashKey(v: Value): unknown {
  if (v === null || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return `big:${v}`;
  if (v instanceof PyFloat) return Number.isInteger(v.value) ? v.value : `float:${v.value}`;
  if (v instanceof PyTuple) return `tuple:(${v.items.map((x) => String(hashKey(x))).join(",")})`;
  if (v instanceof PyList || v instanceof PyDict || v instanceof PySet) throw typeError(`unhashable type: '${typeName(v)}'`);
  return v;
}

export function asIndex(v: Value, what = "indices"): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Tensor && v.numel === 1 && !E.isFloating(v.dtype)) return v.item();
  throw typeError(`${what} must be integers or slices, not ${typeName(v)}`);
}

/** start, stop, step of a slice over a sequence of `size` items, as slice.indices() gives. */
export function sliceIndices(s: PySlice, size: number): [number, number, number] {
  const step = s.step === null ? 1 : asIndex(s.step, "slice indices");
  if (step === 0) throw new PyException("ValueError", "slice step cannot be zero");
  const bound = (v: Value, fallback: number): number => {
    if (v === null) return fallback;
    let i = asIndex(v, "slice indices");
    if (i < 0) i += size;
    return step > 0 ? Math.min(Math.max(i, 0), size) : Math.min(Math.max(i, -1), size - 1);
  };
  return [bound(s.start, step > 0 ? 0 : size - 1), bound(s.stop, step > 0 ? size : -1), step];
}

function sliceItems<T>(items: readonly T[], s: PySlice): T[] {
  const [start, stop, step] = sliceIndices(s, items.length);
  const out: T[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(items[i]);
  return out;
}

function sequenceIndex(index: Value, size: number, kind: string): number {
  let i = asIndex(index, `${kind} indices`);
  if (i < 0) i += size;
  if (i < 0 || i >= size) throw indexError(`${kind} index out of range`);
  return i;
}

export function getItem(target: Value, index: Value): Value {
  if (target instanceof Tensor) return indexTensor(target, index);
  if (target instanceof PyList || target instanceof PyTuple) {
    const kind = target instanceof PyList ? "list" : "tuple";
    if (index instanceof PySlice) {
      const items = sliceItems(target.items, index);
      return target instanceof PyList ? new PyList(items) : new PyTuple(items);
    }
    return target.items[sequenceIndex(index, target.items.length, kind)];
  }
  if (typeof target === "string") {
    const chars = [...target];
    if (index instanceof PySlice) return sliceItems(chars, index).join("");
    return chars[sequenceIndex(index, chars.length, "string")];
  }
  if (target instanceof PyDict) {
    const entry = target.entries.get(hashKey(index));
    if (!entry) throw keyError(repr(index));
    return entry[1];
  }
  if (target instanceof PyRange) {
    const i = sequenceIndex(index, target.length, "range object");
    return target.start + i * target.step;
  }
  const custom = callDunder(target, "__getitem__", [index]);
  if (custom !== undefined) return custom;
  throw typeError(`'${typeName(target)}' object is not subscriptable`);
}

export function setItem(target: Value, index: Value, value: Value): void {
  if (target instanceof Tensor) {
    setTensorItem(target, index, value);
    return;
  }
  if (target instanceof PyList) {
    if (index instanceof PySlice) {
      const [start, stop] = sliceIndices(index, target.items.length);
      target.items.splice(start, Math.max(0, stop - start), ...toArray(value));
      return;
    }
    target.items[sequenceIndex(index, target.items.length, "list assignment")] = value;
    return;
  }
  if (target instanceof PyDict) {
    target.entries.set(hashKey(index), [index, value]);
    return;
  }
  if (callDunder(target, "__setitem__", [index, value]) !== undefined) return;
  throw typeError(`'${typeName(target)}' object does not support item assignment`);
}

/** A subscript entry as the engine's IndexPart (lists become index tensors). */
function indexPart(v: Value): E.IndexPart {
  if (typeof v === "number" || typeof v === "bigint") return { kind: "int", value: Number(v) };
  if (typeof v === "boolean") return { kind: "bool", value: v };
  if (v === null) return { kind: "none" };
  if (v instanceof Tensor) return { kind: "tensor", value: v };
  if (v instanceof PySlice) {
    const bound = (b: Value): number | null => (b === null ? null : asIndex(b, "slice indices"));
    return { kind: "slice", start: bound(v.start), stop: bound(v.stop), step: bound(v.step) };
  }
  if (v instanceof PyList || v instanceof PyTuple) return { kind: "tensor", value: indexTensorFromList(v), fromList: true };
  // A range indexes like the list of its ints (PyTorch converts any sequence).
  if (v instanceof PyRange) return { kind: "tensor", value: indexTensorFromList(new PyList(toArray(v))), fromList: true };
  if (typeName(v) === "ellipsis") return { kind: "ellipsis" };
  if (typeof v === "string") throw typeError("new(): invalid data type 'str'");
  throw indexError(`only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${typeName(v)})`);
}

/** A list used as an index: an int64 (or bool) tensor, even when empty. */
function indexTensorFromList(v: PyList | PyTuple): Tensor {
  const nested = (x: Value): E.NestedData => {
    if (x instanceof Tensor) return x;
    if (x instanceof PyList || x instanceof PyTuple) return x.items.map(nested);
    const scalar = asScalar(x);
    if (scalar === null) throw indexError(`only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${typeName(x)})`);
    return scalar;
  };
  return v.items.length === 0 ? E.tensorFromData([], "int64") : E.tensorFromData(nested(v));
}

/** NumPy's rule, which PyTorch follows: a short list holding slices, lists, tensors or None is a tuple of indices. */
function subscriptParts(index: Value): { parts: E.IndexPart[]; single: boolean } {
  const asTuple = index instanceof PyTuple || (index instanceof PyList && index.items.length < 32
    && index.items.some((x) => x instanceof Tensor || x instanceof PyList || x instanceof PyTuple || x instanceof PySlice || x === null || typeName(x) === "ellipsis"));
  const items = asTuple ? (index as PyList | PyTuple).items : [index];
  return { parts: items.map(indexPart), single: !asTuple };
}

function indexTensor(t: Tensor, index: Value): Tensor {
  const { parts, single } = subscriptParts(index);
  return E.index(t, parts, single);
}

function setTensorItem(t: Tensor, index: Value, value: Value): void {
  let source: E.IndexValue;
  if (value instanceof Tensor) {
    source = value;
  } else {
    const scalar = asScalar(value);
    if (scalar === null) throw typeError(`can't assign a ${typeName(value)} to a torch.${E.scalarTypeName(t.dtype)}Tensor`);
    source = E.castScalar(E.scalarValue(scalar), t.dtype);
  }
  const { parts, single } = subscriptParts(index);
  E.setIndex(t, parts, single, source);
}

export { equals };
