// collections.OrderedDict, as much of it as state_dict() needs: a dict that prints its type.

import { PyClass, PyInstance } from "../../classes";
import { builtinMethod } from "../../builtin_methods";
import { getItem, hashKey, iterate, setItem } from "../../protocols";
import { repr } from "../../repr";
import { PyDict, PyIterator, PyTuple, Value } from "../../values";
import { dictSet, method } from "./native_class";

const contents = new WeakMap<PyInstance, PyDict>();

const backing = (self: PyInstance): PyDict => contents.get(self) ?? new PyDict();

/** dict's own method of the same name, applied to the backing dict. */
const dictMethod = (name: string): [string, Value] =>
  method(name, (self, args, kwargs) => builtinMethod(backing(self), name)!(backing(self), args, kwargs));

const orderedDictClass = new PyClass("OrderedDict", [], new Map<string, Value>([
  method("__repr__", (self) => {
    const items = [...backing(self).entries.values()];
    return items.length === 0 ? "OrderedDict()" : `OrderedDict([${items.map(([k, v]) => repr(new PyTuple([k, v]))).join(", ")}])`;
  }),
  method("__getitem__", (self, [key]) => getItem(backing(self), key)),
  method("__setitem__", (self, [key, value]) => {
    setItem(backing(self), key, value);
    return null;
  }),
  method("__contains__", (self, [key]) => backing(self).entries.has(hashKey(key))),
  method("__len__", (self) => backing(self).entries.size),
  method("__iter__", (self) => new PyIterator(iterate(backing(self)), "odict_iterator")),
  ...["keys", "values", "items", "get", "pop", "update"].map(dictMethod),
]), "collections");

export function orderedDict(entries: Iterable<[Value, Value]>): PyInstance {
  const dict = new PyDict();
  for (const [k, v] of entries) dictSet(dict, k, v);
  const instance = new PyInstance(orderedDictClass);
  contents.set(instance, dict);
  return instance;
}
