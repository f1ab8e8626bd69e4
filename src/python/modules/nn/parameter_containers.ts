// nn.ParameterList and nn.ParameterDict: tensors stored as registered Parameters (plain tensors are
// wrapped), so they show in parameters(), state_dict() and the optimizers.

import { Tensor } from "../../../engine";
import { parameters as parameterSet } from "../../../engine/repr";
import { getClassObjectAttribute, PyClass, PyInstance, setClassObjectAttribute } from "../../classes";
import { PyException, typeError } from "../../errors";
import { asIndex, sliceIndices, toArray } from "../../protocols";
import { typeName } from "../../repr";
import { PyDict, PyIterator, PySlice, PyTuple, STOP, Value } from "../../values";
import { moduleClass, moduleState, torchTypename } from "./module";
import { method } from "./native_class";
import { makeParameter } from "./parameter";

const asParameter = (value: Value): Value => (value instanceof Tensor && !parameterSet.has(value) ? makeParameter(value) : value);

/** One repr line: `Parameter containing: [<type> of size 2x3]`, or the type of another object. */
function entryLine(key: string, value: Value, tensorType: (t: Tensor) => string): string {
  if (!(value instanceof Tensor)) return `  (${key}): Object of type: ${typeName(value)}`;
  const kind = parameterSet.has(value) ? "Parameter" : "Tensor";
  return `  (${key}): ${kind} containing: [${tensorType(value)} of size ${value.shape.join("x")}]`;
}

const iterator = (items: readonly Value[], type: string): PyIterator => {
  let i = 0;
  return new PyIterator(() => (i < items.length ? items[i++] : STOP), type);
};

// --- ParameterList

const sizeOf = (self: PyInstance): number => (self.dict.get("_size") as number | undefined) ?? 0;

function listIndex(self: PyInstance, index: Value): string {
  const size = sizeOf(self);
  const i = asIndex(index);
  if (!(-size <= i && i < size)) throw new PyException("IndexError", `index ${i} is out of range`);
  return String(i < 0 ? i + size : i);
}

const listItems = (self: PyInstance): Value[] => Array.from({ length: sizeOf(self) }, (_, i) => getClassObjectAttribute(self, String(i)));

function append(self: PyInstance, value: Value): PyInstance {
  const index = sizeOf(self);
  self.dict.set("_size", index + 1);
  setClassObjectAttribute(self, String(index), asParameter(value));
  return self;
}

function extendList(self: PyInstance, values: Value): PyInstance {
  if (values instanceof Tensor) throw typeError(`ParameterList.extend should be called with an iterable, but got ${typeName(values)}`);
  for (const value of toArray(values)) append(self, value);
  return self;
}

export const parameterListClass: PyClass = new PyClass("ParameterList", [moduleClass], new Map<string, Value>([
  method("__init__", (self, [values]) => {
    moduleState(self);
    self.dict.set("_size", 0);
    if (values !== undefined && values !== null) extendList(self, values);
    return null;
  }),
  method("__getitem__", (self, [index]) => {
    if (!(index instanceof PySlice)) return getClassObjectAttribute(self, listIndex(self, index));
    const items = listItems(self);
    const [start, stop, step] = sliceIndices(index, items.length);
    const out = new PyInstance(self.cls);
    out.dict.set("_size", 0);
    moduleState(out);
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) append(out, items[i]);
    return out;
  }),
  method("__setitem__", (self, [index, value]) => {
    setClassObjectAttribute(self, listIndex(self, index), asParameter(value));
    return null;
  }),
  method("__len__", (self) => sizeOf(self)),
  method("__iter__", (self) => iterator(listItems(self), "generator")),
  method("__iadd__", (self, [values]) => extendList(self, values)),
  method("append", (self, [value]) => append(self, value)),
  method("extend", (self, [values]) => extendList(self, values)),
  method("extra_repr", (self) => listItems(self).map((v, i) => entryLine(String(i), v, (t) => `torch.${t.dtype}`)).join("\n")),
  method("__call__", () => {
    throw new PyException("RuntimeError", "ParameterList should not be called.");
  }),
]), "torch.nn.modules.container");

// --- ParameterDict

const keyLists = new WeakMap<PyInstance, string[]>();

const keysOf = (self: PyInstance): string[] => {
  let keys = keyLists.get(self);
  if (keys === undefined) keyLists.set(self, (keys = []));
  return keys;
};

function attributeKey(key: Value): string {
  if (typeof key === "string") return key;
  throw typeError(`Index given to ParameterDict cannot be used as a key as it is not a string (type is '${typeName(key)}'). Open an issue on github if you need non-string keys.`);
}

function setEntry(self: PyInstance, key: Value, value: Value): void {
  const keys = keysOf(self);
  const name = attributeKey(key);
  if (!keys.includes(name)) keys.push(name);
  setClassObjectAttribute(self, name, asParameter(value));
}

function getEntry(self: PyInstance, key: Value): Value {
  const name = attributeKey(key);
  if (!keysOf(self).includes(name)) throw new PyException("AttributeError", `'ParameterDict' object has no attribute '${name}'`);
  return getClassObjectAttribute(self, name);
}

function deleteEntry(self: PyInstance, key: Value): void {
  const name = attributeKey(key);
  const keys = keysOf(self);
  if (!keys.includes(name)) throw new PyException("KeyError", `'${name}'`);
  keys.splice(keys.indexOf(name), 1);
  if (!moduleState(self).parameters.delete(name)) self.dict.delete(name);
}

const isParameterDict = (v: Value): v is PyInstance => v instanceof PyInstance && v.cls.isSubclassOf(parameterDictClass);

/** ParameterDict.update: another ParameterDict in order, a plain dict sorted by key, or (key, value) pairs. */
function update(self: PyInstance, values: Value): void {
  if (isParameterDict(values)) {
    for (const key of keysOf(values)) setEntry(self, key, getEntry(values, key));
    return;
  }
  if (values instanceof PyDict) {
    const entries = [...values.entries.values()].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    for (const [key, value] of entries) setEntry(self, key, value);
    return;
  }
  toArray(values).forEach((pair, j) => {
    const entry = toArray(pair);
    if (entry.length !== 2) throw new PyException("ValueError", `ParameterDict update sequence element #${j} has length ${entry.length}; 2 is required`);
    setEntry(self, entry[0], entry[1]);
  });
}

const entries = (self: PyInstance): [string, Value][] => keysOf(self).map((k) => [k, getClassObjectAttribute(self, k)]);

export const parameterDictClass: PyClass = new PyClass("ParameterDict", [moduleClass], new Map<string, Value>([
  method("__init__", (self, [values]) => {
    moduleState(self);
    keysOf(self);
    if (values !== undefined && values !== null) update(self, values);
    return null;
  }),
  method("__getitem__", (self, [key]) => getEntry(self, key)),
  method("__setitem__", (self, [key, value]) => {
    setEntry(self, key, value);
    return null;
  }),
  method("__delitem__", (self, [key]) => {
    deleteEntry(self, key);
    return null;
  }),
  method("__len__", (self) => keysOf(self).length),
  method("__iter__", (self) => iterator([...keysOf(self)], "dict_keyiterator")),
  method("__contains__", (self, [key]) => typeof key === "string" && keysOf(self).includes(key)),
  method("keys", (self) => iterator([...keysOf(self)], "dict_keyiterator")),
  method("values", (self) => iterator(entries(self).map(([, v]) => v), "generator")),
  method("items", (self) => iterator(entries(self).map(([k, v]) => new PyTuple([k, v])), "generator")),
  method("get", (self, [key, fallback]) => (typeof key === "string" && keysOf(self).includes(key) ? getEntry(self, key) : fallback ?? null)),
  method("pop", (self, [key]) => {
    const value = getEntry(self, key);
    deleteEntry(self, key);
    return value;
  }),
  method("update", (self, [values]) => {
    update(self, values);
    return null;
  }),
  method("extra_repr", (self) => entries(self).map(([k, v]) => entryLine(k, v, (t) => torchTypename(t))).join("\n")),
  method("__call__", () => {
    throw new PyException("RuntimeError", "ParameterDict should not be called.");
  }),
]), "torch.nn.modules.container");
