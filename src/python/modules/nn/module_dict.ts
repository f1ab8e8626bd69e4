// nn.ModuleDict: children registered under string keys, in insertion order.

import { PyClass, PyInstance } from "../../classes";
import { PyException, typeError } from "../../errors";
import { length, toArray } from "../../protocols";
import { repr, typeName } from "../../repr";
import { PyDict, PyIterator, PyList, PyTuple, STOP, Value } from "../../values";
import { isModule, moduleClass, moduleState, torchTypename } from "./module";
import { addModule } from "./module_list";
import { method } from "./native_class";

const registry = (self: PyInstance): Map<string, PyInstance | null> => moduleState(self).modules;

function setItem(self: PyInstance, key: Value, module: Value): void {
  if ((module === null || isModule(module)) && typeof key !== "string") {
    throw typeError(`module name should be a string. Got ${torchTypename(key)}`);
  }
  addModule(self, key as string, module);
}

const isModuleDict = (v: Value): v is PyInstance => v instanceof PyInstance && v.cls.isSubclassOf(moduleDictClass);

/** ModuleDict.update: a mapping's items, or a sequence of (key, module) pairs. */
function update(self: PyInstance, modules: Value): void {
  if (modules instanceof PyDict) {
    for (const [key, module] of modules.entries.values()) setItem(self, key, module);
    return;
  }
  if (isModuleDict(modules)) {
    for (const [key, module] of registry(modules)) setItem(self, key, module);
    return;
  }
  let items: Value[];
  try {
    items = toArray(modules);
  } catch {
    throw typeError(`ModuleDict.update should be called with an iterable of key/value pairs, but got ${typeName(modules)}`);
  }
  items.forEach((pair, j) => {
    const entry = toArray(pair);
    if (length(pair) !== 2) throw new PyException("ValueError", `ModuleDict update sequence element #${j} has length ${length(pair)}; 2 is required`);
    setItem(self, entry[0], entry[1]);
  });
}

const viewItems = new WeakMap<PyInstance, Value[]>();

/** An OrderedDict view (odict_keys, odict_values, odict_items): a snapshot that iterates and prints like one. */
function viewClass(name: string): PyClass {
  const items = (self: PyInstance): Value[] => viewItems.get(self) ?? [];
  return new PyClass(name, [], new Map<string, Value>([
    method("__repr__", (self) => `${name}(${repr(new PyList(items(self)))})`),
    method("__iter__", (self) => {
      const values = items(self);
      let i = 0;
      return new PyIterator(() => (i < values.length ? values[i++] : STOP), "odict_iterator");
    }),
    method("__len__", (self) => items(self).length),
    method("__contains__", (self, [value]) => items(self).some((v) => v === value)),
  ]), "collections");
}

const views = {
  keys: [viewClass("odict_keys"), (key: string): Value => key],
  values: [viewClass("odict_values"), (_key: string, module: Value): Value => module],
  items: [viewClass("odict_items"), (key: string, module: Value): Value => new PyTuple([key, module])],
} as const;

const dictView = (name: keyof typeof views): [string, Value] => method(name, (self) => {
  const [cls, pick] = views[name];
  const view = new PyInstance(cls);
  viewItems.set(view, [...registry(self)].map(([key, module]) => pick(key, module)));
  return view;
});

export const moduleDictClass: PyClass = new PyClass("ModuleDict", [moduleClass], new Map<string, Value>([
  method("__init__", (self, [modules]) => {
    moduleState(self);
    if (modules !== undefined && modules !== null) update(self, modules);
    return null;
  }),
  method("__getitem__", (self, [key]) => {
    const found = typeof key === "string" ? registry(self).get(key) : undefined;
    if (found === undefined) throw new PyException("KeyError", repr(key));
    return found;
  }),
  method("__setitem__", (self, [key, module]) => {
    setItem(self, key, module);
    return null;
  }),
  method("__delitem__", (self, [key]) => {
    if (!registry(self).delete(key as string)) throw new PyException("KeyError", repr(key));
    return null;
  }),
  method("__len__", (self) => registry(self).size),
  method("__iter__", (self) => {
    const keys = [...registry(self).keys()];
    let i = 0;
    return new PyIterator(() => (i < keys.length ? keys[i++] : STOP), "odict_iterator");
  }),
  method("__contains__", (self, [key]) => typeof key === "string" && registry(self).has(key)),
  ...(["keys", "values", "items"] as const).map(dictView),
  method("update", (self, [modules]) => {
    update(self, modules);
    return null;
  }),
  method("pop", (self, [key]) => {
    const found = registry(self).get(key as string);
    if (found === undefined) throw new PyException("KeyError", repr(key));
    registry(self).delete(key as string);
    return found;
  }),
  method("clear", (self) => {
    registry(self).clear();
    return null;
  }),
]), "torch.nn.modules.container");
