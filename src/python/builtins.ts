// The builtins namespace: print, len, range, the type constructors and friends.

import { CustomFunctionNode } from "../engine/autograd/custom_function";
import * as E from "../engine";
import { Tensor } from "../engine";
import { parameters } from "../engine/repr";
import { getAttribute, setAttribute } from "./attributes";
import {
  callDunder, NOT_IMPLEMENTED, PyClass, PyClassMethod, PyInstance, PyProperty, PyStaticMethod, PySuper,
} from "./classes";
import { parseArgs } from "./args";
import { callValue } from "./compile_expr";
import { PyException, typeError, valueError } from "./errors";
import { exceptionTypes } from "./exceptions";
import { formatValue } from "./formatting";
import { sandboxBuiltins } from "./modules/sandbox_builtins";
import { binaryOp, compareOp } from "./operators";
import { sortedItems } from "./sorting";
import { asIndex, hashKey, iterate, length, toArray, truthy } from "./protocols";
import { addressOf, repr, str, typeName } from "./repr";
import type { Runtime } from "./runtime";
import {
  ELLIPSIS, Kwargs, NativeImpl, PyBuiltin, PyCallable, PyDict, PyExceptionType, PyExceptionValue, PyFloat, PyNamespace, PyIterator, PyList, PyRange, PySet, PySlice, PyTuple, STOP, Value,
} from "./values";

function toFloat(v: Value): number {
  if (v instanceof PyFloat) return v.value;
  const custom = callDunder(v, "__float__", []);
  if (custom !== undefined) return toFloat(custom);
  if (typeof v === "number" || typeof v === "boolean") return Number(v);
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Tensor) return v.item();
  if (typeof v === "string") {
    const text = v.trim().toLowerCase().replace(/_/g, "");
    const parsed = /^[+-]?(inf(inity)?|nan)$/.test(text) ? Number(text.replace("infinity", "inf").replace("inf", "Infinity").replace("nan", "NaN")) : Number(text);
    if (text === "" || Number.isNaN(parsed) && !text.endsWith("nan")) throw valueError(`could not convert string to float: ${repr(v)}`);
    return parsed;
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function toInt(v: Value): number | bigint {
  if (typeof v === "number" || typeof v === "bigint") return v;
  const custom = callDunder(v, "__int__", []) ?? callDunder(v, "__index__", []);
  if (custom !== undefined) return toInt(custom);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof PyFloat) {
    if (!Number.isFinite(v.value)) throw new PyException(Number.isNaN(v.value) ? "ValueError" : "OverflowError", Number.isNaN(v.value) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
    const t = Math.trunc(v.value);
    return Number.isSafeInteger(t) ? t : BigInt(t);
  }
  if (v instanceof Tensor) return Math.trunc(v.item());
  if (typeof v === "string" && /^\s*[+-]?\d[\d_]*\s*$/.test(v)) {
    const b = BigInt(v.trim().replace(/_/g, ""));
    return Number.isSafeInteger(Number(b)) ? Number(b) : b;
  }
  throw valueError(`invalid literal for int() with base 10: ${repr(v)}`);
}

function extremum(name: "min" | "max", args: Value[], kwargs: Kwargs): Value {
  const items = args.length === 1 ? toArray(args[0]) : args;
  const key = kwargs?.get("key") ?? null;
  if (items.length === 0) {
    if (kwargs?.has("default")) return kwargs.get("default")!;
    throw valueError(`${name}() arg is an empty sequence`);
  }
  let best = items[0];
  let bestKey = key ? callValue(key, [best], null) : best;
  for (let i = 1; i < items.length; i++) {
    const k = key ? callValue(key, [items[i]], null) : items[i];
    if (truthy(compareOp(name === "min" ? "<" : ">", k, bestKey))) {
      best = items[i];
      bestKey = k;
    }
  }
  return best;
}

/** One item from each iterable per step, until the shortest runs out (zip's and map's rule). */
function lockstep(iterables: Value[]): () => Value[] | typeof STOP {
  const nexts = iterables.map(iterate);
  return () => {
    const items: Value[] = [];
    for (const next of nexts) {
      const v = next();
      if (v === STOP) return STOP;
      items.push(v);
    }
    return items;
  };
}

function iteratorOf(items: () => Value | typeof STOP, name: string): PyIterator {
  return new PyIterator(items, name);
}

export function createBuiltins(runtime: Runtime): Map<string, Value> {
  const table: Record<string, NativeImpl> = {
    print: (args, kwargs) => {
      const sep = kwargs?.get("sep");
      const end = kwargs?.get("end");
      runtime.write(args.map(str).join(sep == null ? " " : str(sep)) + (end == null ? "\n" : str(end)));
      return null;
    },
    len: (args) => length(args[0]),
    range: (args) => {
      const n = args.map((a) => asIndex(a, "range() arguments"));
      const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
      if (step === 0) throw valueError("range() arg 3 must not be zero");
      return new PyRange(start, stop, step);
    },
    enumerate: (args, kwargs) => {
      const [iterable, start] = parseArgs("enumerate", ["iterable", "start?"], args, kwargs);
      const next = iterate(iterable!);
      let i = start === undefined ? 0 : Number(start);
      return iteratorOf(() => {
        const v = next();
        return v === STOP ? STOP : new PyTuple([i++, v]);
      }, "enumerate");
    },
    zip: (args) => {
      const next = lockstep(args);
      return iteratorOf(() => {
        const items = next();
        return items === STOP ? STOP : new PyTuple(items);
      }, "zip");
    },
    map: (args) => {
      const [f, ...iterables] = args;
      const next = lockstep(iterables);
      return iteratorOf(() => {
        const items = next();
        return items === STOP ? STOP : callValue(f, items, null);
      }, "map");
    },
    filter: (args) => {
      const [f, iterable] = args;
      const next = iterate(iterable);
      return iteratorOf(() => {
        for (let v = next(); v !== STOP; v = next()) if (truthy(f === null ? v : callValue(f, [v], null))) return v;
        return STOP;
      }, "filter");
    },
    list: (args) => new PyList(args.length === 0 ? [] : toArray(args[0])),
    tuple: (args) => new PyTuple(args.length === 0 ? [] : toArray(args[0])),
    set: (args) => {
      const set = new PySet();
      for (const v of args.length === 0 ? [] : toArray(args[0])) set.entries.set(hashKey(v), v);
      return set;
    },
    dict: (args, kwargs) => {
      const dict = new PyDict();
      if (args.length > 0) {
        const source = args[0];
        const pairs = source instanceof PyDict ? [...source.entries.values()] : toArray(source).map((p) => toArray(p) as [Value, Value]);
        for (const [k, v] of pairs) dict.entries.set(hashKey(k), [k, v]);
      }
      for (const [k, v] of kwargs ?? []) dict.entries.set(hashKey(k), [k, v]);
      return dict;
    },
    str: (args) => (args.length === 0 ? "" : str(args[0])),
    repr: (args) => repr(args[0]),
    int: (args) => (args.length === 0 ? 0 : toInt(args[0])),
    float: (args) => new PyFloat(args.length === 0 ? 0 : toFloat(args[0])),
    bool: (args) => (args.length === 0 ? false : truthy(args[0])),
    abs: (args) => {
      const v = args[0];
      if (v instanceof Tensor) return E.unary("abs", v);
      const custom = callDunder(v, "__abs__", []);
      if (custom !== undefined) return custom;
      if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
      if (typeof v === "bigint") return v < 0n ? -v : v;
      if (typeof v === "number" || typeof v === "boolean") return Math.abs(Number(v));
      throw typeError(`bad operand type for abs(): '${typeName(v)}'`);
    },
    min: (args, kwargs) => extremum("min", args, kwargs),
    max: (args, kwargs) => extremum("max", args, kwargs),
    sum: (args, kwargs) => {
      const [iterable, start] = parseArgs("sum", ["iterable", "start?"], args, kwargs);
      let total: Value = start ?? 0;
      const next = iterate(iterable!);
      for (let v = next(); v !== STOP; v = next()) total = binaryOp("+", total, v);
      return total;
    },
    round: (args, kwargs) => {
      const [number, ndigits] = parseArgs("round", ["number", "ndigits?"], args, kwargs);
      const custom = callDunder(number!, "__round__", ndigits === undefined ? [] : [ndigits]);
      if (custom !== undefined) return custom;
      const x = toFloat(number!);
      if (ndigits === undefined || ndigits === null) {
        if (typeof number === "number") return number;
        return roundHalfEven(x);
      }
      const digits = Number(ndigits);
      if (typeof number === "number") return number;
      return new PyFloat(Number(formatValue(new PyFloat(x), `.${Math.max(digits, 0)}f`)));
    },
    sorted: (args, kwargs) => new PyList(sortedItems(toArray(args[0]), kwargs?.get("key") ?? null, truthy(kwargs?.get("reverse") ?? false))),
    reversed: (args) => {
      const items = toArray(args[0]).reverse();
      let i = 0;
      return iteratorOf(() => (i < items.length ? items[i++] : STOP), "list_reverseiterator");
    },
    any: (args) => toArray(args[0]).some(truthy),
    all: (args) => toArray(args[0]).every(truthy),
    iter: (args) => iteratorOf(iterate(args[0]), "iterator"),
    next: (args) => {
      const it = args[0];
      if (!(it instanceof PyIterator)) throw typeError(`'${typeName(it)}' object is not an iterator`);
      const v = it.next();
      if (v === STOP) {
        if (args.length > 1) return args[1];
        throw new PyException("StopIteration", "");
      }
      return v;
    },
    isinstance: (args) => isInstance(args[0], args[1]),
    issubclass: (args) => {
      const [sub, cls] = args;
      if (cls instanceof PyTuple) return cls.items.some((c) => truthy(table.issubclass([sub, c], null)));
      if (sub instanceof PyClass && cls instanceof PyClass) return sub.isSubclassOf(cls);
      if (sub instanceof PyExceptionType && cls instanceof PyExceptionType) return sub.isSubclassOf(cls);
      throw typeError("issubclass() arg 1 must be a class");
    },
    callable: (args) => args[0] instanceof PyCallable || (args[0] instanceof PyInstance && args[0].cls.lookup("__call__") !== undefined),
    property: (args, kwargs) => {
      const [fget, fset] = parseArgs("property", ["fget?", "fset?", "fdel?", "doc?"], args, kwargs);
      return new PyProperty(fget ?? null, fset ?? null);
    },
    staticmethod: (args) => new PyStaticMethod(args[0]),
    classmethod: (args) => new PyClassMethod(args[0]),
    super: (args) => {
      const [owner, self] = args;
      if (!(owner instanceof PyClass)) throw typeError("super() argument 1 must be a type");
      return new PySuper(owner, self ?? null);
    },
    id: (args) => {
      const v = args[0];
      return typeof v === "object" && v !== null ? Number.parseInt(addressOf(v), 16) : Number.parseInt(addressOf(new PyTuple([v])), 16);
    },
    hash: (args) => {
      const key = hashKey(args[0]);
      if (typeof key === "number") return Number.isInteger(key) ? key : hashString(String(key));
      return typeof key === "string" ? hashString(key) : Number.parseInt(addressOf(key as object), 16) >> 4;
    },
    vars: (args) => {
      const v = args[0];
      if (!(v instanceof PyInstance)) throw typeError("vars() argument must have __dict__ attribute");
      const dict = new PyDict();
      for (const [k, x] of v.dict) dict.entries.set(k, [k, x]);
      return dict;
    },
    setattr: (args) => {
      setAttribute(args[0], str(args[1]), args[2]);
      return null;
    },
    type: (args) => typeObject(args[0]),
    hasattr: (args) => {
      try {
        getAttribute(args[0], str(args[1]));
        return true;
      } catch {
        return false;
      }
    },
    getattr: (args) => {
      try {
        return getAttribute(args[0], str(args[1]));
      } catch (error) {
        if (args.length > 2) return args[2];
        throw error;
      }
    },
    format: (args) => formatValue(args[0], args.length > 1 ? str(args[1]) : ""),
    divmod: (args) => new PyTuple([binaryOp("//", args[0], args[1]), binaryOp("%", args[0], args[1])]),
    pow: (args) => binaryOp("**", args[0], args[1]),
    chr: (args) => String.fromCodePoint(Number(args[0])),
    ord: (args) => str(args[0]).codePointAt(0) ?? 0,
    slice: (args) => args.length === 1 ? new PySlice(null, args[0], null) : new PySlice(args[0], args[1], args[2] ?? null),
    ...sandboxBuiltins,
  };
  const builtins = new Map<string, Value>(Object.entries(table).map(([name, impl]) => [name, new PyBuiltin(name, impl)]));
  for (const [name, type] of exceptionTypes) builtins.set(name, type);
  builtins.set("__name__", "__main__");
  builtins.set("object", objectClass);
  builtins.set("NotImplemented", NOT_IMPLEMENTED);
  builtins.set("Ellipsis", ELLIPSIS);
  return builtins;
}

/** A stable hash for strings within a session (CPython randomises str hashes per process anyway). */
function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** `object`, the root every class derives from implicitly. */
const objectClass = new PyClass("object", [], new Map(), "builtins");

/** `type(x)`: one object per type name, printing as `<class 'int'>`. */
const typeObjects = new Map<string, PyNamespace>();

function typeObject(v: Value): Value {
  if (v instanceof PyInstance) return v.cls;
  if (v instanceof CustomFunctionNode) return (v.context as PyInstance).cls;
  if (v instanceof PyExceptionValue && v.type) return v.type;
  const name = v instanceof Tensor ? (parameters.has(v) ? "torch.nn.parameter.Parameter" : "torch.Tensor") : typeName(v);
  let type = typeObjects.get(name);
  if (!type) {
    type = new PyNamespace("type", new Map<string, Value>([["__name__", name.slice(name.lastIndexOf(".") + 1)]]), `<class '${name}'>`);
    typeObjects.set(name, type);
  }
  return type;
}

/** isinstance against the builtin constructors (int, float, ...), torch.Tensor, type(x) and exception classes. */
function isInstance(v: Value, cls: Value): boolean {
  if (cls instanceof PyTuple) return cls.items.some((c) => isInstance(v, c));
  if (cls instanceof PyClass) return v instanceof PyInstance && v.cls.isSubclassOf(cls);
  if (cls === objectClass) return true;
  if (cls instanceof PyExceptionType) {
    return v instanceof PyExceptionValue && ((v.type ?? exceptionTypes.get(v.typeName))?.isSubclassOf(cls) ?? false);
  }
  const name = cls instanceof PyBuiltin ? cls.name : cls instanceof PyNamespace && cls.typeName === "type" ? String(cls.attributes.get("__name__")) : null;
  if (name === null) throw typeError("isinstance() arg 2 must be a type, a tuple of types, or a union");
  if (name === "int") return typeof v === "number" || typeof v === "bigint" || typeof v === "boolean";
  if (name === "Tensor") return v instanceof Tensor;
  if (name === "Parameter") return v instanceof Tensor && parameters.has(v);
  return typeName(v) === name;
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
